from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func
from sqlmodel import Session, select

from participation.audit.models import AuditEntry
from participation.pagination import Page, paginate


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


def search_audit_log(session: Session, criteria: AuditFilter, page: int, per_page: int) -> Page[AuditEntry]:
    """Entries matching every given criterion, newest first."""
    query = select(AuditEntry)
    if criteria.actor:
        query = query.where(func.lower(AuditEntry.actor_name).contains(criteria.actor.lower()))
    if criteria.action:
        query = query.where(AuditEntry.action == criteria.action)
    if criteria.object_type:
        query = query.where(AuditEntry.object_type == criteria.object_type)
    if criteria.object_id:
        query = query.where(AuditEntry.object_id == criteria.object_id)
    if criteria.since:
        query = query.where(AuditEntry.created_at >= datetime.combine(criteria.since, time.min, timezone.utc))
    if criteria.until:
        end = datetime.combine(criteria.until + timedelta(days=1), time.min, timezone.utc)
        query = query.where(AuditEntry.created_at < end)
    query = query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return paginate(session, query, page, per_page)


def distinct_actions(session: Session) -> list[str]:
    return list(session.exec(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def distinct_object_types(session: Session) -> list[str]:
    return list(session.exec(select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)))
