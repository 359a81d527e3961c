"""The document library (Unterlagen): every document of the project in one place, categorised and versioned.

A document's file is its newest version; older versions stay available in its history. The text of PDFs is
extracted on upload so that search finds words inside them.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class DocumentCategory(str, enum.Enum):
    MINUTES = "minutes"
    CONCEPT = "concept"
    PAPER = "paper"
    REPORT = "report"
    PRESENTATION = "presentation"
    PLAN = "plan"
    FORM = "form"
    DATA = "data"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(CATEGORY_LABELS[self])


CATEGORY_LABELS = {
    DocumentCategory.MINUTES: _l("Minutes"),
    DocumentCategory.CONCEPT: _l("Concept"),
    DocumentCategory.PAPER: _l("Paper"),
    DocumentCategory.REPORT: _l("Report or study"),
    DocumentCategory.PRESENTATION: _l("Presentation"),
    DocumentCategory.PLAN: _l("Plan or map"),
    DocumentCategory.FORM: _l("Form"),
    DocumentCategory.DATA: _l("Data"),
    DocumentCategory.OTHER: _l("Other"),
}


class DocumentAudience(str, enum.Enum):
    """Who may see a document: everyone, the members of its board (and staff), or the administration's staff."""

    PUBLIC = "public"
    BOARD = "board"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return str(AUDIENCE_LABELS[self])


AUDIENCE_LABELS = {
    DocumentAudience.PUBLIC: _l("Public"),
    DocumentAudience.BOARD: _l("Members of the board"),
    DocumentAudience.STAFF: _l("Administration staff"),
}


class Document(SQLModel, table=True):
    __table_args__ = (Index("ix_document_audience_date", "audience", "document_date"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=5000)
    category: str = Field(default=DocumentCategory.OTHER.value, max_length=20, index=True)
    audience: str = Field(default=DocumentAudience.PUBLIC.value, max_length=20)
    # What the document belongs to; each optional. A board-audience document needs its board.
    board_id: int | None = Field(default=None, foreign_key="board.id", ondelete="RESTRICT", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", ondelete="SET NULL", index=True)
    action_area_id: int | None = Field(default=None, foreign_key="action_area.id", ondelete="SET NULL",
                                       index=True)
    district_id: int | None = Field(default=None, foreign_key="district.id", ondelete="SET NULL", index=True)
    # Set for a paper's attachment: it changes only on the paper (the papers area files, publishes and removes it).
    paper_id: int | None = Field(default=None, foreign_key="paper.id", ondelete="CASCADE", index=True)
    document_date: date = Field(default_factory=lambda: utcnow().date())  # the date the document bears
    # How many versions the document has. Not the current version's number: deleting a version leaves a gap.
    version_count: int = Field(default=0)
    created_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DocumentVersion(SQLModel, table=True):
    """One uploaded file of a document; number 1 is the first upload, the highest number is current. Deleting a
    version does not renumber the others (the history shows the gap)."""

    __tablename__ = "document_version"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_document_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", index=True)
    number: int
    name: str = Field(max_length=200)  # shown and offered for download
    stored_name: str = Field(max_length=80, unique=True)
    content_type: str = Field(max_length=100)
    size: int
    sha512: str = Field(max_length=128)
    extracted_text: str = Field(default="", sa_type=Text)  # PDFs only; what search reads
    note: str = Field(default="", max_length=500)  # what changed in this version
    uploaded_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    uploaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
