"""The audit log: who changed what, when and why. Every later area records its changes here."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    # The actor's name is kept as written then, so the entry stays readable after the account is deleted.
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    actor_name: str = Field(max_length=120)
    action: str = Field(max_length=80, index=True)
    object_type: str = Field(max_length=80, index=True)
    object_id: str = Field(max_length=80)
    object_label: str = Field(default="", max_length=300)
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    reason: str = Field(default="", max_length=2000)


class DeletedRecord(SQLModel, table=True):
    """A public object that was deleted: open-data clients that synchronise by modification date (OParl) must
    learn of the deletion, so its kind, id and lifetime outlive the row."""

    __tablename__ = "deleted_record"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    record_id: int
    # The object the deleted one belonged to, where a reader needs it (a seat's person: "user-3", "seat-12").
    owner_key: str = Field(default="", max_length=40)
    created_at: datetime = Field(sa_type=UTCDateTime)  # when the deleted object was created
    deleted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
