"""Texts of the legal pages (imprint, privacy notice, accessibility statement), as edited by an admin."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow


class SitePageText(SQLModel, table=True):
    __tablename__ = "site_page_text"

    slug: str = Field(primary_key=True, max_length=40)
    locale: str = Field(primary_key=True, max_length=8)
    body: str = Field(max_length=50000)  # Markdown
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")


class AccessibilityFeedback(SQLModel, table=True):
    """A barrier someone reports through the accessibility statement's feedback form (§12b BGG); admins answer."""

    __tablename__ = "accessibility_feedback"

    id: int | None = Field(default=None, primary_key=True)
    page_url: str = Field(default="", max_length=500)  # the page the reader came from, a path on this site
    message: str = Field(max_length=5000)
    name: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=254)  # only for the answer; optional
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    handled_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    answer_note: str = Field(default="", max_length=5000)  # what was done, for the other admins
