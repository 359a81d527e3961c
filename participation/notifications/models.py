"""Notifications: what happened that a user follows, shown in the portal and sent by mail from an outbox."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow


class EmailMode(str, enum.Enum):
    IMMEDIATE = "immediate"  # one mail per event
    DIGEST = "digest"  # one mail a week with everything new
    OFF = "off"  # in the portal only


class NotificationSetting(SQLModel, table=True):
    """A user's choice of notification mails; no row means the default (immediate)."""

    __tablename__ = "notification_setting"

    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", primary_key=True)
    email_mode: str = Field(default=EmailMode.IMMEDIATE.value, max_length=20)
    last_digest_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Notification(SQLModel, table=True):
    """One event for one user. `kind` and `params` are turned into text in the reader's language."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE")
    kind: str = Field(max_length=60)
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    link: str = Field(max_length=500)  # a path on this site, e.g. /ideas/7#comment-12
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Set once the event went out by mail, alone or in a digest; None for users who get none.
    mailed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OutboxStatus(str, enum.Enum):
    QUEUED = "queued"
    SENDING = "sending"  # claimed by one `send-mail` run; never picked up again (no mail twice)
    SENT = "sent"
    FAILED = "failed"


class OutboxMail(SQLModel, table=True):
    """A mail waiting to be sent by `flask send-mail`, which retries with backoff."""

    __tablename__ = "outbox_mail"
    __table_args__ = (Index("ix_outbox_mail_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(max_length=254)
    subject: str = Field(max_length=300)
    body: str
    unsubscribe_url: str | None = Field(default=None, max_length=500)
    # One optional text attachment, e.g. a meeting's .ics ("text/calendar; method=PUBLISH").
    attachment_name: str | None = Field(default=None, max_length=200)
    attachment_type: str | None = Field(default=None, max_length=100)
    attachment: str | None = Field(default=None)
    status: str = Field(default=OutboxStatus.QUEUED.value, max_length=20)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_error: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
