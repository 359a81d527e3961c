"""Retention: what the portal stops keeping once it has served its purpose. `flask purge` runs this daily.

Mailed links (verification, password reset, address change) are signed tokens that are never stored, so the
only expiring credentials in the database are login sessions (remember cookies included).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete, exists, func, select

from participation.accounts.models import Role, RoleGrant, User
from participation.auth.models import LoginSession
from participation.notifications.models import OutboxMail, OutboxStatus

FINISHED_MAIL_STATUSES = (OutboxStatus.SENT.value, OutboxStatus.FAILED.value)


@dataclass(frozen=True)
class PurgeReport:
    unverified_accounts: int
    outbox_mails: int
    login_sessions: int
    # Unsent mails older than the retention: kept (see purge), counted so the operator hears of them.
    old_unsent_mails: int


def purge(session: Session, now: datetime, settings: Mapping[str, Any]) -> PurgeReport:
    """Delete, in bulk, what is past its retention; the caller commits."""
    # `<=` as at sign-in, where a session expiring now is no longer valid.
    login_sessions = session.execute(delete(LoginSession).where(col(LoginSession.expires_at) <= now)).rowcount

    # Unverified accounts cannot sign in, so they never did anything visible. The row itself is deleted, so the
    # database's ON DELETE CASCADE / SET NULL clear whatever refers to it. An account an administrator gave a
    # role to is kept: someone expects that person, and a measure may name them as responsible (RESTRICT would
    # make every later purge fail).
    account_cutoff = now - timedelta(days=settings["UNVERIFIED_ACCOUNT_RETENTION_DAYS"])
    granted_role = exists().where(col(RoleGrant.user_id) == User.id, col(RoleGrant.role) != Role.RESIDENT.value)
    unverified_accounts = session.execute(
        delete(User).where(col(User.email_verified_at).is_(None), col(User.created_at) < account_cutoff,
                           ~granted_role)).rowcount

    # Counted from when the mail was queued; sending follows within minutes, retries within a day.
    mail_cutoff = now - timedelta(days=settings["OUTBOX_RETENTION_DAYS"])
    old = col(OutboxMail.created_at) < mail_cutoff
    finished = col(OutboxMail.status).in_(FINISHED_MAIL_STATUSES)
    outbox_mails = session.execute(delete(OutboxMail).where(old, finished)).rowcount
    # Queued and claimed ("sending") mails stay however old: they are still owed to someone, and `send-mail`
    # sends them or gives up (failed), after which the next purge removes them. Old ones only exist when
    # `send-mail` has not run for months or a run crashed mid-send, which the operator must look into rather
    # than have purge hide.
    old_unsent_mails = session.scalar(select(func.count()).select_from(OutboxMail).where(old, ~finished))

    return PurgeReport(unverified_accounts=unverified_accounts, outbox_mails=outbox_mails,
                       login_sessions=login_sessions, old_unsent_mails=old_unsent_mails)
