"""User accounts, their roles, and their login sessions."""

import enum
from datetime import datetime

from flask_login import UserMixin
from pydantic import PrivateAttr
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class Role(str, enum.Enum):
    """The roles of design §1; a user may hold several."""

    RESIDENT = "resident"
    MODERATOR = "moderator"
    STAFF = "staff"
    BOARD_MEMBER = "board_member"
    PARTNER_COORDINATOR = "partner_coordinator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.RESIDENT: _l("Resident"),
    Role.MODERATOR: _l("Moderator"),
    Role.STAFF: _l("Administration staff"),
    Role.BOARD_MEMBER: _l("Board member"),
    Role.PARTNER_COORDINATOR: _l("Partner coordinator"),
    Role.ADMIN: _l("Administrator"),
}


class User(UserMixin, SQLModel, table=True):
    __tablename__ = "user_account"
    # SQLite would otherwise hand a deleted account's id to the next registration, and with it what still names
    # that id (audit entries about the account, unsubscribe links).
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-cased, so uniqueness ignores case.
    email: str = Field(max_length=254, unique=True)
    display_name: str = Field(max_length=80)
    password_hash: str = Field(max_length=256)
    district_id: int | None = Field(default=None, foreign_key="district.id", ondelete="SET NULL")
    locale: str = Field(default="de", max_length=8)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    email_verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    privacy_consent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    is_blocked: bool = Field(default=False)

    role_grants: list["RoleGrant"] = Relationship(
        back_populates="user", sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"}
    )

    # Set by the login machinery to the session this request runs in; Flask-Login stores it.
    _login_session_token: str | None = PrivateAttr(default=None)

    @property
    def roles(self) -> set[Role]:
        return {Role(grant.role) for grant in self.role_grants}

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_active(self) -> bool:
        return not self.is_blocked

    def get_id(self) -> str | None:
        return self._login_session_token


class RoleGrant(SQLModel, table=True):
    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    role: str = Field(max_length=40)
    granted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    user: User = Relationship(back_populates="role_grants")
