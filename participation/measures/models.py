"""The administration's measure backlog: measures, their work plan, quarterly reviews and public timeline."""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class MeasureStatus(str, enum.Enum):
    DRAFT = "draft"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    COMPLETED = "completed"
    DISCARDED = "discarded"

    @property
    def label(self) -> str:
        return str(MEASURE_STATUS_LABELS[self])


MEASURE_STATUS_LABELS = {
    MeasureStatus.DRAFT: _l("Draft"),
    MeasureStatus.PLANNED: _l("Planned"),
    MeasureStatus.IN_PROGRESS: _l("In progress"),
    MeasureStatus.PAUSED: _l("Paused"),
    MeasureStatus.COMPLETED: _l("Completed"),
    MeasureStatus.DISCARDED: _l("Discarded"),
}

# Drafts are the administration's own; everything else is public.
PUBLIC_MEASURE_STATUSES = frozenset(set(MeasureStatus) - {MeasureStatus.DRAFT})
# Measures still being worked on: they owe a quarterly review.
ACTIVE_MEASURE_STATUSES = frozenset({MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS, MeasureStatus.PAUSED})


class TrafficLight(str, enum.Enum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def label(self) -> str:
        return str(TRAFFIC_LIGHT_LABELS[self])


TRAFFIC_LIGHT_LABELS = {
    TrafficLight.ON_TRACK: _l("On track"),
    TrafficLight.AT_RISK: _l("At risk"),
    TrafficLight.OFF_TRACK: _l("Off track"),
}


class Measure(SQLModel, table=True):
    __table_args__ = (
        Index("ix_measure_status_updated", "status", "updated_at"),
        CheckConstraint("comment_count >= 0", name="ck_measure_comment_count_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    description: str = Field(max_length=20000)  # Markdown, rendered through participation.text
    contribution: str = Field(max_length=5000)  # Beitrag zum Stadtentwicklungsprojekt (mandatory)
    status: str = Field(default=MeasureStatus.DRAFT.value, max_length=20)
    unit_id: int = Field(foreign_key="org_unit.id", ondelete="RESTRICT", index=True)
    responsible_id: int = Field(foreign_key="user_account.id", ondelete="RESTRICT", index=True)
    deputy_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    is_core: bool = Field(default=False)
    planned_start: date | None = Field(default=None)
    planned_end: date | None = Field(default=None, index=True)
    estimated_cost: int | None = Field(default=None)  # whole euros
    funding_source: str = Field(default="", max_length=300)
    partner_organisations: str = Field(default="", max_length=500)
    # The latest quarterly review, kept here so lists sort and show progress without a query per row.
    latest_review_period: str | None = Field(default=None, max_length=7, index=True)  # "2026-Q4"
    latest_progress: int | None = Field(default=None)
    latest_traffic_light: str | None = Field(default=None, max_length=10)
    comment_count: int = Field(default=0)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def status_enum(self) -> MeasureStatus:
        return MeasureStatus(self.status)


class MeasureActionArea(SQLModel, table=True):
    __tablename__ = "measure_action_area"

    measure_id: int = Field(foreign_key="measure.id", ondelete="CASCADE", primary_key=True)
    action_area_id: int = Field(foreign_key="action_area.id", ondelete="RESTRICT", primary_key=True, index=True)


class MeasureDistrict(SQLModel, table=True):
    __tablename__ = "measure_district"

    measure_id: int = Field(foreign_key="measure.id", ondelete="CASCADE", primary_key=True)
    district_id: int = Field(foreign_key="district.id", ondelete="CASCADE", primary_key=True, index=True)


class MeasureIdea(SQLModel, table=True):
    """An idea the measure came from (or took up); both pages show the link."""

    __tablename__ = "measure_idea"

    measure_id: int = Field(foreign_key="measure.id", ondelete="CASCADE", primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", ondelete="CASCADE", primary_key=True, index=True)
    linked_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    linked_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MeasureEvent(SQLModel, table=True):
    """One entry of the measure's public timeline: a status change, an edit, a review, a milestone done."""

    __tablename__ = "measure_event"

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", ondelete="CASCADE", index=True)
    kind: str = Field(max_length=30)  # MeasureEventKind
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str | None = Field(default=None, max_length=20)
    summary: str = Field(default="", max_length=300)  # e.g. the milestone's title or the review's quarter
    reason: str = Field(default="", max_length=5000)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    actor_name: str = Field(max_length=120)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MeasureEventKind(str, enum.Enum):
    CREATED = "created"
    STATUS_CHANGED = "status_changed"
    MILESTONE_DONE = "milestone_done"
    REVIEW_RECORDED = "review_recorded"
    IDEA_LINKED = "idea_linked"
    BOARD_DECISION = "board_decision"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS[self])


EVENT_LABELS = {
    MeasureEventKind.CREATED: _l("Measure created"),
    MeasureEventKind.STATUS_CHANGED: _l("Status changed"),
    MeasureEventKind.MILESTONE_DONE: _l("Milestone reached"),
    MeasureEventKind.REVIEW_RECORDED: _l("Quarterly review recorded"),
    MeasureEventKind.IDEA_LINKED: _l("Idea taken up"),
    MeasureEventKind.BOARD_DECISION: _l("Board decision"),
}


class Milestone(SQLModel, table=True):
    """A step of the measure's work plan (Arbeits- und Zeitplan)."""

    __table_args__ = (Index("ix_milestone_open_due", "done_on", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)
    due_on: date
    owner_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    done_on: date | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class QuarterlyReview(SQLModel, table=True):
    """The progress report for one calendar quarter; at most one per measure and quarter."""

    __tablename__ = "quarterly_review"
    __table_args__ = (
        UniqueConstraint("measure_id", "year", "quarter", name="uq_quarterly_review_measure_quarter"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="ck_quarterly_review_progress_percent"),
        CheckConstraint("quarter >= 1 AND quarter <= 4", name="ck_quarterly_review_quarter"),
        Index("ix_quarterly_review_period", "year", "quarter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", ondelete="CASCADE")
    year: int
    quarter: int
    progress: int  # percent
    traffic_light: str = Field(max_length=10)
    done: str = Field(max_length=5000)
    next_steps: str = Field(default="", max_length=5000)
    deviations: str = Field(default="", max_length=5000)
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def period(self) -> str:
        return f"{self.year}-Q{self.quarter}"


class ReviewReminder(SQLModel, table=True):
    """That the responsible person was reminded of a quarter's review, so they are reminded once."""

    __tablename__ = "review_reminder"

    measure_id: int = Field(foreign_key="measure.id", ondelete="CASCADE", primary_key=True)
    year: int = Field(primary_key=True)
    quarter: int = Field(primary_key=True)
    sent_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MeasureFollow(SQLModel, table=True):
    """Whether a user follows a measure. A row with `following` false remembers that they stopped."""

    __tablename__ = "measure_follow"

    measure_id: int = Field(foreign_key="measure.id", ondelete="CASCADE", primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True, index=True)
    following: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
