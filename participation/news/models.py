"""News posts (Aktuelles): written by staff, published at a date or kept as a draft, optionally linked to the
idea, measure, meeting or volunteer project they report on."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow


class NewsPost(SQLModel, table=True):
    """A post is public once it is not a draft and its publish date has come."""

    __tablename__ = "news_post"
    __table_args__ = (Index("ix_news_post_published", "is_draft", "published_at"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    teaser: str = Field(default="", max_length=500)
    body: str = Field(default="", max_length=20000)  # Markdown
    image_name: str | None = Field(default=None, max_length=100)  # stored image, see ideas.images
    image_content_type: str | None = Field(default=None, max_length=50)
    image_alt: str = Field(default="", max_length=300)
    idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="SET NULL", index=True)
    measure_id: int | None = Field(default=None, foreign_key="measure.id", ondelete="SET NULL", index=True)
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL", index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", ondelete="SET NULL", index=True)
    is_draft: bool = Field(default=True)
    published_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    comments_allowed: bool = Field(default=False)
    comment_count: int = Field(default=0)  # comments not removed, kept by the comment service
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
