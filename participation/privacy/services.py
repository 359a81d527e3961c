"""Deleting an account. The person's own data goes: name, e-mail address, password, sessions, tokens, follows,
notifications and their settings, future shifts. What they gave the public stays, by nobody: ideas and comments
(their author becomes None), supports (still counted), past shifts and their hours, ended board seats ("N. N.").

Every table that refers to an account says what happens on deletion (ON DELETE CASCADE or SET NULL), so deleting
is: refuse while others rely on the person, prepare what the database cannot (slots, seats, names copied into
history), then delete the account's row."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, func, select

from participation.accounts.models import Role, RoleGrant, User
from participation.accounts.services import password_matches
from participation.audit.models import AuditEntry
from participation.audit.services import DELETED_ACCOUNT_NAME, record
from participation.boards.models import Board, Membership
from participation.boards.services import release_seat
from participation.i18n import _
from participation.ideas.models import IdeaStatusChange
from participation.measures.models import Measure
from participation.notifications.models import OutboxMail, OutboxStatus
from participation.refusals import Refused
from participation.volunteering.models import Shift, SignUp, SignUpState
from participation.volunteering.services import release_place


@dataclass(frozen=True)
class DeletedAccount:
    """What the confirmation mail needs once the account is gone."""

    email: str
    locale: str
    display_name: str


@dataclass(frozen=True)
class _Unnamed:
    """The audit log's actor of a deletion: the person themselves, not named."""

    id: int | None = None
    display_name: str = DELETED_ACCOUNT_NAME


def delete_account(session: Session, user: User, password: str, now: datetime) -> DeletedAccount:
    """Delete `user`'s account, who confirmed with their password. `now` is aware, in the municipality's time zone
    (its date decides which board seats are current).

    Raises Refused for a wrong password, and while the person is responsible for a measure, holds a current board
    seat or is the last administrator: someone must take these over first. Nothing is written then."""
    if not password_matches(user, password):
        raise Refused("password", _("The current password is wrong."))
    _check_nothing_to_hand_over(session, user, now)
    for seat in session.exec(select(Membership).where(Membership.user_id == user.id)).all():
        release_seat(session, seat, now)  # all ended: current seats were refused above
    _withdraw_from_future_shifts(session, user, now)
    session.execute(delete(OutboxMail).where(OutboxMail.recipient == user.email,
                                             OutboxMail.status == OutboxStatus.QUEUED.value))
    # A resident's own acts lose their name. Acts in an office (staff, moderation, administration, boards,
    # partners) keep it: who took an official decision must stay accountable.
    if user.roles == {Role.RESIDENT}:
        session.execute(update(AuditEntry).where(AuditEntry.actor_id == user.id)
                        .values(actor_name=DELETED_ACCOUNT_NAME))
        session.execute(update(IdeaStatusChange).where(IdeaStatusChange.actor_id == user.id)
                        .values(actor_name=DELETED_ACCOUNT_NAME))
    record(session, _Unnamed(), "user.deleted", object_type="user", object_id=user.id, object_label=f"#{user.id}")
    deleted = DeletedAccount(email=user.email, locale=user.locale, display_name=user.display_name)
    session.delete(user)
    session.flush()
    return deleted


def _check_nothing_to_hand_over(session: Session, user: User, now: datetime) -> None:
    problems = []
    measures = session.exec(select(Measure.title).where(Measure.responsible_id == user.id)
                            .order_by(Measure.title)).all()
    if measures:
        problems.append(_("You are responsible for these measures: %(titles)s. Please ask the administration to "
                          "hand them over to a colleague.", titles=", ".join(measures)))
    boards = session.exec(select(Board.name).join(Membership, Membership.board_id == Board.id)
                          .where(Membership.user_id == user.id,
                                 or_(col(Membership.end_date).is_(None), col(Membership.end_date) >= now.date()))
                          .distinct().order_by(Board.name)).all()
    if boards:
        problems.append(_("You hold a seat on these boards: %(boards)s. Please ask the administration to end "
                          "your seat.", boards=", ".join(boards)))
    if Role.ADMIN in user.roles and session.exec(select(func.count()).select_from(RoleGrant)
                                                 .where(RoleGrant.role == Role.ADMIN.value)).one() == 1:
        problems.append(_("You are the only administrator. Please give another account the administrator role."))
    if problems:
        raise Refused("account", " ".join([*problems, _("Then you can delete your account.")]))


def _withdraw_from_future_shifts(session: Session, user: User, now: datetime) -> None:
    """Give back the places on shifts to come, so others can move up, and remove the entries."""
    entries = session.exec(
        select(SignUp, Shift).join(Shift, Shift.id == SignUp.shift_id)
        .where(SignUp.user_id == user.id, Shift.starts_at > now, col(Shift.cancelled_at).is_(None),
               col(SignUp.state).in_([SignUpState.SIGNED_UP.value, SignUpState.WAITING.value]))).all()
    for entry, shift in entries:
        release_place(session, entry, shift, now)
        session.delete(entry)
