"""Writing to the audit log. Callers pass the acting user (or None for the system, e.g. the CLI)."""

from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session

from participation.audit.models import AuditEntry, DeletedRecord
from participation.i18n import _l

SYSTEM_ACTOR_NAME = "system"
# Stands for a person who deleted their account where their name had been copied into history.
DELETED_ACCOUNT_NAME = "deleted account"
# The stored markers as readers see them, in their language.
ACTOR_MARKER_LABELS = {SYSTEM_ACTOR_NAME: _l("system"), DELETED_ACCOUNT_NAME: _l("deleted account")}


def actor_label(actor_name: str) -> str:
    """The name an entry was written with, or the reader's word for the system or a deleted account."""
    marker = ACTOR_MARKER_LABELS.get(actor_name)
    return str(marker) if marker is not None else actor_name


class Actor(Protocol):
    id: int | None
    display_name: str


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    object_type: str,
    object_id: Any,
    object_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Add one entry to the log; it is written with the caller's transaction, or not at all."""
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor_name=actor.display_name if actor else SYSTEM_ACTOR_NAME,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:300],
        before=before,
        after=after,
        reason=reason.strip(),
    )
    session.add(entry)
    session.flush()
    return entry


def record_deletion(session: Session, kind: str, record_id: int, created_at: datetime, owner_key: str = "") -> None:
    """Keep a trace of a deleted public object for the registers that report deletions."""
    session.add(DeletedRecord(kind=kind, record_id=record_id, created_at=created_at, owner_key=owner_key))
    session.flush()
