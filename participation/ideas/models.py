"""Ideas of residents, their supports, followers, edit history and public status timeline.

Their comments live in participation.comments.
"""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class IdeaStatus(str, enum.Enum):
    """The pipeline of design §3."""

    SUBMITTED = "submitted"
    PUBLISHED = "published"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    MERGED = "merged"
    IN_REVIEW = "in_review"
    ROUTED_TO_BACKLOG = "routed_to_backlog"
    ON_AGENDA = "on_agenda"
    ANSWERED = "answered"
    IMPLEMENTED = "implemented"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    IdeaStatus.SUBMITTED: _l("Waiting for review"),
    IdeaStatus.PUBLISHED: _l("Published"),
    IdeaStatus.CHANGES_REQUESTED: _l("Changes requested"),
    IdeaStatus.REJECTED: _l("Rejected"),
    IdeaStatus.MERGED: _l("Merged"),
    IdeaStatus.IN_REVIEW: _l("In review"),
    IdeaStatus.ROUTED_TO_BACKLOG: _l("Taken into the measure backlog"),
    IdeaStatus.ON_AGENDA: _l("On the board's agenda"),
    IdeaStatus.ANSWERED: _l("Answered"),
    IdeaStatus.IMPLEMENTED: _l("Implemented"),
    IdeaStatus.DECLINED: _l("Declined"),
}

# Everyone may see ideas in these states (unless hidden); the others only their author and moderators.
PUBLIC_STATUSES = frozenset({
    IdeaStatus.PUBLISHED, IdeaStatus.MERGED, IdeaStatus.IN_REVIEW, IdeaStatus.ROUTED_TO_BACKLOG,
    IdeaStatus.ON_AGENDA, IdeaStatus.ANSWERED, IdeaStatus.IMPLEMENTED, IdeaStatus.DECLINED,
})
# Published ideas still open: they can be taken into the measure planning or put on a board's agenda.
ROUTABLE_STATUSES = frozenset({IdeaStatus.PUBLISHED, IdeaStatus.IN_REVIEW, IdeaStatus.ANSWERED})
# Ideas something was already done with: a further measure or agenda item may still take them up.
TAKEN_UP_STATUSES = frozenset({IdeaStatus.ROUTED_TO_BACKLOG, IdeaStatus.ON_AGENDA})
# Support is closed once an idea is rejected or merged into another.
SUPPORT_CLOSED_STATUSES = frozenset({IdeaStatus.REJECTED, IdeaStatus.MERGED})


class Idea(SQLModel, table=True):
    __table_args__ = (
        Index("ix_idea_status_created", "status", "created_at"),
        CheckConstraint("support_count >= 0", name="ck_idea_support_count_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=150)
    body: str = Field(max_length=10000)  # Markdown, rendered through participation.text
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    district_id: int | None = Field(default=None, foreign_key="district.id", ondelete="SET NULL", index=True)
    status: str = Field(default=IdeaStatus.SUBMITTED.value, max_length=30)
    is_hidden: bool = Field(default=False)
    # Hidden by the moderators for breaking a rule: the author is told which and may appeal once.
    hidden_reason: str = Field(default="", max_length=2000)
    appeal: str = Field(default="", max_length=2000)
    appealed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    moderated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # personal data edited out
    merged_into_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="SET NULL")
    official_answer: str = Field(default="", max_length=10000)  # the current one; earlier ones in OfficialAnswer
    # The staff member or moderator who looks after the idea ("assigned to me" in the moderation queue).
    assigned_to_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    # Counts moderation decisions: a decision made on an older state of the idea is refused, not half-applied.
    version: int = Field(default=0)
    place: str = Field(default="", max_length=300)
    latitude: float | None = Field(default=None)
    longitude: float | None = Field(default=None)
    image_name: str | None = Field(default=None, max_length=80)  # file in the upload folder
    image_content_type: str | None = Field(default=None, max_length=40)
    support_count: int = Field(default=0)
    comment_count: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_activity_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

    @property
    def status_enum(self) -> IdeaStatus:
        return IdeaStatus(self.status)


class IdeaActionArea(SQLModel, table=True):
    __tablename__ = "idea_action_area"

    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE", primary_key=True)
    action_area_id: int = Field(foreign_key="action_area.id", ondelete="RESTRICT", primary_key=True, index=True)


class IdeaVersion(SQLModel, table=True):
    """The text of an idea before an edit after publication: who changed it and when."""

    __tablename__ = "idea_version"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE", index=True)
    editor_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    edited_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    title: str = Field(max_length=150)
    body: str = Field(max_length=10000)


class IdeaStatusChange(SQLModel, table=True):
    """One entry of the idea's public timeline: who decided, when, and why."""

    __tablename__ = "idea_status_change"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE", index=True)
    from_status: str | None = Field(default=None, max_length=30)
    to_status: str = Field(max_length=30)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    actor_name: str = Field(max_length=120)
    reason: str = Field(default="", max_length=10000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Support(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("idea_id", "user_id", name="uq_support_idea_user"),)

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE")
    # None once the supporter deleted their account: the support stays counted, linked to nobody.
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class IdeaFollow(SQLModel, table=True):
    """Whether a user follows an idea. A row with `following` false remembers that they stopped."""

    __tablename__ = "idea_follow"

    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE", primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True, index=True)
    following: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OfficialAnswer(SQLModel, table=True):
    """The municipality's statement on an idea, attributed to the office; each revision is kept."""

    __tablename__ = "official_answer"

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE", index=True)
    text: str = Field(max_length=10000)  # Markdown
    office: str = Field(max_length=200)  # who answers, e.g. "Stadt Beispielstadt, Fachbereich Bauen"
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    author_name: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class IdeaFlag(SQLModel, table=True):
    """A resident's report of an idea, for the moderation queue."""

    __tablename__ = "idea_flag"
    __table_args__ = (UniqueConstraint("idea_id", "user_id", name="uq_idea_flag_idea_user"),)

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    reason: str = Field(max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
