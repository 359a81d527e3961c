"""Recording consents and their withdrawal. Low in the dependency order (models and accounts only), so that the
areas which collect a consent — registration, board seats — can call it."""

from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.boards.models import Board, Membership
from participation.db import utcnow
from participation.privacy.models import ConsentRecord, ConsentSubject
from participation.site.models import SitePageText

PRIVACY_NOTICE_SLUG = "privacy"
DEFAULT_VERSION = "default"  # the shipped privacy notice, never edited by the municipality


def privacy_notice_version(session: Session) -> str:
    """The privacy notice's version: the day of its last edit in any language, or "default" for the shipped text."""
    updated = session.exec(select(SitePageText.updated_at).where(SitePageText.slug == PRIVACY_NOTICE_SLUG)
                           .order_by(col(SitePageText.updated_at).desc())).first()
    return updated.date().isoformat() if updated else DEFAULT_VERSION


def active_consent(session: Session, subject: ConsentSubject, *, user: User | None = None,
                   membership: Membership | None = None) -> ConsentRecord | None:
    """The consent in force: a seat's consent is the seat's (whoever holds it), else the account's own."""
    query = select(ConsentRecord).where(ConsentRecord.subject == subject.value,
                                        col(ConsentRecord.withdrawn_at).is_(None))
    if membership is not None:
        query = query.where(ConsentRecord.membership_id == membership.id)
    else:
        query = query.where(ConsentRecord.user_id == user.id, col(ConsentRecord.membership_id).is_(None))
    return session.exec(query.order_by(col(ConsentRecord.given_at).desc())).first()


def give_consent(session: Session, *, subject: ConsentSubject, version: str, user: User | None = None,
                 membership: Membership | None = None, recorded_by: User | None = None,
                 now: datetime | None = None) -> ConsentRecord:
    """Record a consent; one already in force is returned as it is, so a repeated click records nothing twice."""
    active = active_consent(session, subject, user=user, membership=membership)
    if active is not None:
        return active
    consent = ConsentRecord(user_id=user.id if user else None, membership_id=membership.id if membership else None,
                            subject=subject.value, version=version, given_at=now or utcnow(),
                            recorded_by_id=recorded_by.id if recorded_by else None)
    session.add(consent)
    session.flush()
    return consent


def withdraw_consent(session: Session, record: ConsentRecord, now: datetime) -> bool:
    """Withdraw the consent, keeping the record; False if it was withdrawn already."""
    if not record.is_active:
        return False
    record.withdrawn_at = now
    session.add(record)
    session.flush()
    return True


def record_privacy_consent(session: Session, user: User) -> ConsentRecord:
    """The privacy notice accepted when the account was created, in the notice's current version."""
    return give_consent(session, subject=ConsentSubject.PRIVACY_NOTICE, version=privacy_notice_version(session),
                        user=user, now=user.privacy_consent_at)


def sync_listing_consent(session: Session, membership: Membership, actor: User, now: datetime) -> None:
    """Bring the seat's consent to being named in public in line with `listed_publicly`. Staff record a consent
    given on paper (recorded_by); a consent belongs to the person, so a seat handed to another account needs theirs.
    Its version is the privacy notice's, which describes what the public pages and OParl show of board members."""
    active = active_consent(session, ConsentSubject.BOARD_LISTING, membership=membership)
    if active is not None and (not membership.listed_publicly or active.user_id != membership.user_id):
        withdraw_consent(session, active, now)
        active = None
    if membership.listed_publicly and active is None:
        holder = session.get(User, membership.user_id) if membership.user_id else None
        give_consent(session, subject=ConsentSubject.BOARD_LISTING, version=privacy_notice_version(session),
                     user=holder, membership=membership,
                     recorded_by=None if holder is not None and holder.id == actor.id else actor, now=now)


def seats_of(session: Session, user: User) -> list[tuple[Membership, Board]]:
    """The user's board seats, past ones too (they stay in the public record), by board and start."""
    return list(session.exec(select(Membership, Board).join(Board, Board.id == Membership.board_id)
                             .where(Membership.user_id == user.id)
                             .order_by(Board.name, Membership.start_date, Membership.id)))


def consents_of(session: Session, user: User) -> list[ConsentRecord]:
    """The consents the user gave, and those recorded for their seats; the newest first."""
    seat_ids = select(Membership.id).where(Membership.user_id == user.id)
    return list(session.exec(select(ConsentRecord).where(or_(ConsentRecord.user_id == user.id,
                                                             col(ConsentRecord.membership_id).in_(seat_ids)))
                             .order_by(col(ConsentRecord.given_at).desc(), col(ConsentRecord.id).desc())))
