"""Signed-in browsers."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow


class LoginSession(SQLModel, table=True):
    """One signed-in browser. Deleting the row signs that browser out, remember cookie included."""

    __tablename__ = "login_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    # Only a hash is stored: a copy of the database does not let anyone sign in.
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    remember: bool = Field(default=False)
