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
