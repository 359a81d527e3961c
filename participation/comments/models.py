"""Comments of residents on an idea, a measure or a news post (exactly one of them), and their reports to
moderators."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class Stance(str, enum.Enum):
    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"

    @property
    def label(self) -> str:
        return str(STANCE_LABELS[self])


STANCE_LABELS = {Stance.FOR: _l("For"), Stance.AGAINST: _l("Against"), Stance.NEUTRAL: _l("Neutral")}


ONE_SUBJECT = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)"
                        for column in ("idea_id", "measure_id", "news_post_id")) + " = 1"


class Comment(SQLModel, table=True):
    """A comment on an idea, a measure or a news post (exactly one of them)."""

    __table_args__ = (
        Index("ix_comment_idea_created", "idea_id", "created_at"),
        Index("ix_comment_measure_created", "measure_id", "created_at"),
        Index("ix_comment_news_post_created", "news_post_id", "created_at"),
        CheckConstraint(ONE_SUBJECT, name="ck_comment_one_subject"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int | None = Field(default=None, foreign_key="idea.id", ondelete="CASCADE")
    measure_id: int | None = Field(default=None, foreign_key="measure.id", ondelete="CASCADE")
    news_post_id: int | None = Field(default=None, foreign_key="news_post.id", ondelete="CASCADE")
    parent_id: int | None = Field(default=None, foreign_key="comment.id", ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    body: str = Field(max_length=5000)  # Markdown
    stance: str = Field(default=Stance.NEUTRAL.value, max_length=10)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Moderation: hidden for breaking a rule (the author is told which and may appeal once), or a personal-data
    # leak edited out (the comment then says so).
    hidden_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    hidden_reason: str = Field(default="", max_length=2000)
    appeal: str = Field(default="", max_length=2000)
    appealed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    moderated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CommentFlag(SQLModel, table=True):
    """A resident's report of a comment, for the moderation queue."""

    __tablename__ = "comment_flag"
    __table_args__ = (UniqueConstraint("comment_id", "user_id", name="uq_comment_flag_comment_user"),)

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="comment.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    reason: str = Field(max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
