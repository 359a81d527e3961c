"""Papers (Vorlagen): the administration's proposals to a board, each with its mandatory contribution."""

import enum
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class PaperType(str, enum.Enum):
    DECISION = "decision"  # Beschlussvorlage
    INFORMATION = "information"  # Informationsvorlage
    REPORT = "report"  # Bericht

    @property
    def label(self) -> str:
        return str(PAPER_TYPE_LABELS[self])


PAPER_TYPE_LABELS = {
    PaperType.DECISION: _l("Proposal for a decision"),
    PaperType.INFORMATION: _l("Information paper"),
    PaperType.REPORT: _l("Progress report"),
}


class PaperStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"

    @property
    def label(self) -> str:
        return str(PAPER_STATUS_LABELS[self])


PAPER_STATUS_LABELS = {PaperStatus.DRAFT: _l("Draft"), PaperStatus.SUBMITTED: _l("Submitted")}


class Paper(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("year", "number", name="uq_paper_year_number"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    number: int
    reference: str = Field(max_length=20, unique=True)  # "V-2026-014"
    title: str = Field(max_length=200)
    paper_type: str = Field(max_length=20)
    text: str = Field(default="", max_length=20000)  # Markdown
    contribution: str = Field(default="", max_length=5000)  # mandatory before submission
    status: str = Field(default=PaperStatus.DRAFT.value, max_length=20, index=True)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    submitted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def status_enum(self) -> PaperStatus:
        return PaperStatus(self.status)


class PaperActionArea(SQLModel, table=True):
    __tablename__ = "paper_action_area"

    paper_id: int = Field(foreign_key="paper.id", ondelete="CASCADE", primary_key=True)
    action_area_id: int = Field(foreign_key="action_area.id", ondelete="RESTRICT", primary_key=True, index=True)


class PaperMeasure(SQLModel, table=True):
    __tablename__ = "paper_measure"

    paper_id: int = Field(foreign_key="paper.id", ondelete="CASCADE", primary_key=True)
    measure_id: int = Field(foreign_key="measure.id", ondelete="CASCADE", primary_key=True, index=True)

