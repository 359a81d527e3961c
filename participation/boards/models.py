"""Advisory boards: the Projektbeirat and thematic boards, their memberships and meetings."""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class BoardKind(str, enum.Enum):
    ADVISORY = "advisory"  # Projektbeirat
    THEMATIC = "thematic"  # Themenbeirat

    @property
    def label(self) -> str:
        return str(BOARD_KIND_LABELS[self])


BOARD_KIND_LABELS = {BoardKind.ADVISORY: _l("Advisory board"), BoardKind.THEMATIC: _l("Thematic board")}


class MemberRole(str, enum.Enum):
    CHAIR = "chair"
    DEPUTY_CHAIR = "deputy_chair"
    MEMBER = "member"
    GUEST = "guest"
    ADMINISTRATION = "administration"

    @property
    def label(self) -> str:
        return str(MEMBER_ROLE_LABELS[self])


MEMBER_ROLE_LABELS = {
    MemberRole.CHAIR: _l("Chair"),
    MemberRole.DEPUTY_CHAIR: _l("Deputy chair"),
    MemberRole.MEMBER: _l("Member"),
    MemberRole.GUEST: _l("Guest"),
    MemberRole.ADMINISTRATION: _l("Municipal administration"),
}


class MeetingState(str, enum.Enum):
    PLANNED = "planned"
    INVITED = "invited"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(MEETING_STATE_LABELS[self])


MEETING_STATE_LABELS = {
    MeetingState.PLANNED: _l("Planned"),
    MeetingState.INVITED: _l("Invited"),
    MeetingState.HELD: _l("Held"),
    MeetingState.CANCELLED: _l("Cancelled"),
}


class Board(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    short_name: str = Field(default="", max_length=50)
    kind: str = Field(default=BoardKind.ADVISORY.value, max_length=20)
    purpose: str = Field(default="", max_length=10000)  # Markdown
    parent_id: int | None = Field(default=None, foreign_key="board.id", ondelete="RESTRICT", index=True)
    default_location: str = Field(default="", max_length=300)  # offered when meetings are planned
    position: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Archived, never deleted: its meetings and decisions stay on record.
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def kind_enum(self) -> BoardKind:
        return BoardKind(self.kind)


class BoardActionArea(SQLModel, table=True):
    """A thematic board works on one or more action areas."""

    __tablename__ = "board_action_area"

    board_id: int = Field(foreign_key="board.id", ondelete="CASCADE", primary_key=True)
    action_area_id: int = Field(foreign_key="action_area.id", ondelete="RESTRICT", primary_key=True, index=True)


class Membership(SQLModel, table=True):
    """A seat on a board: a user account, or an external person known only by name, organisation and contact."""

    __table_args__ = (
        CheckConstraint("user_id IS NOT NULL OR person_name <> ''", name="ck_membership_has_person"),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                        name="ck_membership_dates_in_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", ondelete="CASCADE", index=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    person_name: str = Field(default="", max_length=200)  # people without an account; else the account's name
    organisation: str = Field(default="", max_length=200)
    contact: str = Field(default="", max_length=300)  # never public
    role: str = Field(default=MemberRole.MEMBER.value, max_length=20)
    is_secretary: bool = Field(default=False)  # keeps the minutes; may run the board's meetings with the chair
    is_external: bool = Field(default=False)
    has_vote: bool = Field(default=True)
    district_id: int | None = Field(default=None, foreign_key="district.id", ondelete="SET NULL", index=True)
    start_date: date | None = Field(default=None)
    end_date: date | None = Field(default=None)
    listed_publicly: bool = Field(default=False)  # the person consented to being named on the public page
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def role_enum(self) -> MemberRole:
        return MemberRole(self.role)

    def is_active_on(self, day: date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or day <= self.end_date)


class Meeting(SQLModel, table=True):
    __table_args__ = (
        Index("ix_meeting_board_starts", "board_id", "starts_at"),
        CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ck_meeting_ends_after_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", ondelete="RESTRICT")
    name: str = Field(max_length=200)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    location: str = Field(default="", max_length=300)
    online_url: str = Field(default="", max_length=500)
    is_public: bool = Field(default=True)
    state: str = Field(default=MeetingState.PLANNED.value, max_length=20)
    cancel_reason: str = Field(default="", max_length=2000)
    minutes_published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def state_enum(self) -> MeetingState:
        return MeetingState(self.state)


class AgendaSource(str, enum.Enum):
    """Where an agenda item comes from (design §2): residents' ideas, the backlog, papers, the quarterly reviews."""

    FREE = "free"
    IDEA = "idea"
    MEASURE = "measure"
    PAPER = "paper"
    REVIEW_SUMMARY = "review_summary"

    @property
    def label(self) -> str:
        return str(AGENDA_SOURCE_LABELS[self])


AGENDA_SOURCE_LABELS = {
    AgendaSource.FREE: _l("Free text"),
    AgendaSource.IDEA: _l("Idea"),
    AgendaSource.MEASURE: _l("Measure"),
    AgendaSource.PAPER: _l("Paper"),
    AgendaSource.REVIEW_SUMMARY: _l("Quarterly reviews"),
}


class DecisionKind(str, enum.Enum):
    RECOMMENDATION = "recommendation"
    DECISION = "decision"
    NOTED = "noted"
    POSTPONED = "postponed"

    @property
    def label(self) -> str:
        return str(DECISION_KIND_LABELS[self])


DECISION_KIND_LABELS = {
    DecisionKind.RECOMMENDATION: _l("Recommendation"),
    DecisionKind.DECISION: _l("Decision"),
    DecisionKind.NOTED: _l("Noted"),
    DecisionKind.POSTPONED: _l("Postponed"),
}


class AgendaItem(SQLModel, table=True):
    """A Tagesordnungspunkt; numbered by its position. Minutes and decision are written after the meeting and
    become public with the meeting's minutes (non-public items never)."""

    __tablename__ = "agenda_item"
    __table_args__ = (Index("ix_agenda_item_meeting_position", "meeting_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    position: int
    title: str = Field(max_length=200)
    text: str = Field(default="", max_length=10000)  # Markdown
    is_public: bool = Field(default=True)
    source: str = Field(default=AgendaSource.FREE.value, max_length=20)
    idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="SET NULL", index=True)
    measure_id: int | None = Field(default=None, foreign_key="measure.id", ondelete="SET NULL", index=True)
    paper_id: int | None = Field(default=None, foreign_key="paper.id", ondelete="SET NULL", index=True)
    review_period: str | None = Field(default=None, max_length=7)  # "2026-Q3" for the quarterly-review summary
    minutes: str = Field(default="", max_length=20000)  # Markdown
    decision_kind: str | None = Field(default=None, max_length=20)
    decision_text: str = Field(default="", max_length=10000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def source_enum(self) -> AgendaSource:
        return AgendaSource(self.source)

    @property
    def decision_enum(self) -> DecisionKind | None:
        return DecisionKind(self.decision_kind) if self.decision_kind else None


class Attendance(SQLModel, table=True):
    """Who of the board's seats attended a meeting (recorded with the minutes)."""

    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", primary_key=True)
    membership_id: int = Field(foreign_key="membership.id", ondelete="CASCADE", primary_key=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class InvitationResponse(str, enum.Enum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(INVITATION_RESPONSE_LABELS[self])


INVITATION_RESPONSE_LABELS = {
    InvitationResponse.PENDING: _l("No answer yet"),
    InvitationResponse.ACCEPTED: _l("Will attend"),
    InvitationResponse.DECLINED: _l("Cannot attend"),
}


class Invitation(SQLModel, table=True):
    """A seat invited to a meeting, and the member's answer whether they will attend."""

    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE", primary_key=True)
    membership_id: int = Field(foreign_key="membership.id", ondelete="CASCADE", primary_key=True, index=True)
    response: str = Field(default=InvitationResponse.PENDING.value, max_length=20)
    invited_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def response_enum(self) -> InvitationResponse:
        return InvitationResponse(self.response)
