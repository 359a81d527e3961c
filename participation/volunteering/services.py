"""Signing up for shifts. Work in progress (issue 7): the rules that must hold under concurrent sign-ups.

A sign-up takes a slot with one conditional update (`taken < slots`), so two residents can never take the last
slot twice, on PostgreSQL (row lock) and on SQLite (writes take turns). Who finds the shift full joins its
waitlist with the next number of the shift's counter, handed out by an update of the same row: the waitlist is
in arrival order. A cancellation frees the slot and gives it to the first person waiting.
"""

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.accounts.permissions import may_take_part
from participation.i18n import _
from participation.refusals import NotAllowed, Refused  # noqa: F401 - the area's refusals
from participation.volunteering.models import Shift, SignUp, SignUpState


def sign_up(session: Session, user: User, shift: Shift, now: datetime) -> SignUp:
    """Take a slot, or a place on the waitlist when the shift is full."""
    if not may_take_part(user):
        raise NotAllowed
    if shift.cancelled_at is not None:
        raise Refused("shift", _("This shift has been cancelled."))
    if shift.starts_at <= now:
        raise Refused("shift", _("This shift has already begun."))
    existing = session.exec(select(SignUp).where(SignUp.shift_id == shift.id, SignUp.user_id == user.id)).first()
    if existing is not None and existing.state != SignUpState.CANCELLED.value:
        raise Refused("shift", _("You have already signed up for this shift."))
    took_slot = session.execute(update(Shift).where(Shift.id == shift.id, Shift.taken < Shift.slots)
                                .values(taken=Shift.taken + 1)).rowcount == 1
    waitlist_number = None
    if not took_slot:
        session.execute(update(Shift).where(Shift.id == shift.id).values(waitlist_seq=Shift.waitlist_seq + 1))
        waitlist_number = session.exec(select(Shift.waitlist_seq).where(Shift.id == shift.id)).one()
    state = SignUpState.SIGNED_UP if took_slot else SignUpState.WAITING
    if existing is None:
        entry = SignUp(shift_id=shift.id, user_id=user.id, state=state.value, waitlist_number=waitlist_number,
                       created_at=now)
    else:  # signing up again after cancelling: a new place, at the end of the line
        entry = existing
        entry.state, entry.waitlist_number, entry.created_at = state.value, waitlist_number, now
    session.add(entry)
    try:
        session.flush()
    except IntegrityError as duplicate:  # the same person twice at the same moment
        raise Refused("shift", _("You have already signed up for this shift.")) from duplicate
    return entry


def cancel(session: Session, user: User, entry: SignUp, shift: Shift, now: datetime) -> SignUp | None:
    """Give the place back until the shift's cut-off; a freed slot goes to the first person waiting, who is
    returned (the caller tells them)."""
    if entry.user_id != user.id or entry.shift_id != shift.id:
        raise NotAllowed
    if entry.state == SignUpState.CANCELLED.value:
        raise Refused("shift", _("You have already cancelled."))
    if now > shift.starts_at - timedelta(hours=shift.cancel_cutoff_hours):
        raise Refused("shift", _("It is too late to cancel this shift; please tell its coordinator."))
    held_slot = entry.state == SignUpState.SIGNED_UP.value
    entry.state, entry.waitlist_number = SignUpState.CANCELLED.value, None
    session.add(entry)
    session.flush()
    if not held_slot:
        return None
    # The slot passes straight to the first in line; only without anyone waiting does it become free.
    first = session.exec(select(SignUp).where(SignUp.shift_id == shift.id,
                                              SignUp.state == SignUpState.WAITING.value)
                         .order_by(col(SignUp.waitlist_number)).with_for_update()).first()
    if first is None:
        session.execute(update(Shift).where(Shift.id == shift.id).values(taken=Shift.taken - 1))
        return None
    first.state, first.waitlist_number = SignUpState.SIGNED_UP.value, None
    session.add(first)
    session.flush()
    return first
