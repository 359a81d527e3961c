"""Consents a person gave, and withdrew: what, in which version, when."""

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from participation.db import UTCDateTime, utcnow
from participation.i18n import _l


class ConsentSubject(str, enum.Enum):
    PRIVACY_NOTICE = "privacy_notice"  # accepted at registration; the account rests on it
    BOARD_LISTING = "board_listing"  # being named as a board member on the public pages and in OParl

    @property
    def label(self) -> str:
        return str(CONSENT_LABELS[self])


CONSENT_LABELS = {
    ConsentSubject.PRIVACY_NOTICE: _l("Privacy notice accepted"),
    ConsentSubject.BOARD_LISTING: _l("Named in public as a board member"),
}


class ConsentRecord(SQLModel, table=True):
    """One consent. Withdrawing sets `withdrawn_at`; a new consent is a new row, so the history stays."""

    __tablename__ = "consent_record"
    __table_args__ = (
        CheckConstraint("user_id IS NOT NULL OR membership_id IS NOT NULL", name="ck_consent_record_has_person"),
        Index("ix_consent_record_user_subject", "user_id", "subject"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="CASCADE")
    # A board seat the consent is for: people without an account consent on paper, recorded by staff.
    membership_id: int | None = Field(default=None, foreign_key="membership.id", ondelete="CASCADE", index=True)
    subject: str = Field(max_length=40)
    version: str = Field(max_length=40)  # of the text consented to, e.g. the privacy notice's date
    given_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Who recorded it when it was not the person themselves (a consent form handed to the office).
    recorded_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")

    @property
    def subject_enum(self) -> ConsentSubject:
        return ConsentSubject(self.subject)

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
