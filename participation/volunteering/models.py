"""Volunteering in the districts: projects, their tasks and shifts, sign-ups with a waitlist, partner
organisations."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class ProjectStatus(str, enum.Enum):
    PLANNING = "planning"
    ACTIVE = "active"
    FINISHED = "finished"

    @property
    def label(self) -> str:
        return str(PROJECT_STATUS_LABELS[self])


PROJECT_STATUS_LABELS = {ProjectStatus.PLANNING: _l("In planning"), ProjectStatus.ACTIVE: _l("Active"),
                         ProjectStatus.FINISHED: _l("Finished")}


class PartnerOrganisation(SQLModel, table=True):
    __tablename__ = "partner_organisation"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    kind: str = Field(default="", max_length=100)  # e.g. "Umweltverband", "Trägerverbund"
    description: str = Field(default="", max_length=10000)  # Markdown
    contact: str = Field(default="", max_length=300)
    website: str = Field(default="", max_length=300)
    logo_name: str | None = Field(default=None, max_length=100)  # stored image, see ideas.images
    logo_content_type: str | None = Field(default=None, max_length=50)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PartnerMember(SQLModel, table=True):
    __tablename__ = "partner_member"

    partner_id: int = Field(foreign_key="partner_organisation.id", ondelete="CASCADE", primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True, index=True)


class Project(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=20000)  # Markdown
    status: str = Field(default=ProjectStatus.PLANNING.value, max_length=20, index=True)
    partner_id: int | None = Field(default=None, foreign_key="partner_organisation.id", ondelete="SET NULL")
    measure_id: int | None = Field(default=None, foreign_key="measure.id", ondelete="SET NULL", index=True)
    idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="SET NULL", index=True)
    image_name: str | None = Field(default=None, max_length=100)  # stored image, see ideas.images
    image_content_type: str | None = Field(default=None, max_length=50)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ProjectDistrict(SQLModel, table=True):
    __tablename__ = "project_district"

    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", primary_key=True)
    district_id: int = Field(foreign_key="district.id", ondelete="RESTRICT", primary_key=True, index=True)


class ProjectCoordinator(SQLModel, table=True):
    __tablename__ = "project_coordinator"

    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True, index=True)


class Task(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=5000)
    place: str = Field(default="", max_length=300)
    skills: str = Field(default="", max_length=300)  # comma-separated, for the "skill" filter


class Shift(SQLModel, table=True):
    """A time slot of a task. `taken` and `waiting` are kept in the row, so a sign-up is one conditional update:
    slots are never overbooked, whatever arrives at once."""

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ck_shift_ends_after_start"),
        CheckConstraint("slots >= 1", name="ck_shift_has_slots"),
        CheckConstraint("taken >= 0 AND taken <= slots", name="ck_shift_never_overbooked"),
        Index("ix_shift_starts", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    slots: int
    taken: int = Field(default=0)
    waitlist_seq: int = Field(default=0)  # the last waitlist number handed out
    cancel_cutoff_hours: int = Field(default=24)  # volunteers cancel until this long before the start
    is_public: bool = Field(default=True)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the day-before reminder was queued
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SignUpState(str, enum.Enum):
    SIGNED_UP = "signed_up"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class SignUp(SQLModel, table=True):
    __tablename__ = "sign_up"
    __table_args__ = (UniqueConstraint("shift_id", "user_id", name="uq_sign_up_shift_user"),)

    id: int | None = Field(default=None, primary_key=True)
    shift_id: int = Field(foreign_key="shift.id", ondelete="CASCADE", index=True)
    # None once the volunteer deleted their account: past shifts and hours stay in the project's figures.
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    state: str = Field(max_length=20)
    waitlist_number: int | None = Field(default=None)  # arrival order on the waitlist
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    attended: bool | None = Field(default=None)  # confirmed by the coordinator after the shift
    hours: float | None = Field(default=None)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    confirmed_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")


class CalendarToken(SQLModel, table=True):
    """A volunteer's personal calendar feed URL; revoking deletes it, so the old URL answers 404."""

    __tablename__ = "calendar_token"

    token_hash: str = Field(max_length=64, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
