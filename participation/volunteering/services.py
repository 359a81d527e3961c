"""The rules of volunteering: projects and their coordinators, tasks and shifts, signing up, cancelling, the
waitlist, reminders and confirmed hours. Services take the session and the acting user and only flush.

A sign-up takes a slot with one conditional update (`taken < slots`), so two residents can never take the last
slot twice, on PostgreSQL (row lock) and on SQLite (writes take turns). Who finds the shift full joins its
waitlist with the next number of the shift's counter, handed out by an update of the same row: the waitlist is
in arrival order. A cancellation frees the slot and gives it to the first person waiting, who is told by mail.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from participation.accounts.models import Role, User
from participation.audit.services import record
from participation.calendars import CALENDAR_CONTENT_TYPE, calendar_host
from participation.i18n import _
from participation.ideas.models import Idea
from participation.mail import public_url_for
from participation.measures.models import Measure
from participation.municipality.models import District
from participation.notifications.services import queue_personal_mail
from participation.refusals import NotAllowed, Refused
from participation.volunteering import permissions, queries
from participation.volunteering.calendar import shift_calendar
from participation.volunteering.models import (
    CalendarToken,
    PartnerMember,
    PartnerOrganisation,
    Project,
    ProjectCoordinator,
    ProjectDistrict,
    ProjectStatus,
    Shift,
    SignUp,
    SignUpState,
    Task,
)
from participation.volunteering.queries import ShiftContext

__all__ = ["NotAllowed", "Refused"]

MAX_SHIFT_LENGTH = timedelta(hours=24)
MAX_HOURS_PER_SHIFT = 24


# --- projects --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectDraft:
    title: str
    description: str
    status: ProjectStatus
    district_ids: list[int]
    partner_id: int | None = None
    measure_id: int | None = None


def _check_project_draft(session: Session, actor: User, draft: ProjectDraft, project: Project | None) -> None:
    if not draft.district_ids:
        raise Refused("districts", _("Please choose at least one district."))
    found = session.exec(select(District.id).where(col(District.id).in_(draft.district_ids))).all()
    if len(set(found)) != len(set(draft.district_ids)):
        raise Refused("districts", _("Please choose districts from the list."))
    if draft.partner_id is not None and draft.partner_id != (project.partner_id if project else None):
        if session.get(PartnerOrganisation, draft.partner_id) is None:
            raise Refused("partner", _("Please choose a partner organisation from the list."))
        # On behalf of an organisation only for its members; the administration may name any.
        if not actor.has_role(Role.STAFF, Role.ADMIN) and session.get(
                PartnerMember, (draft.partner_id, actor.id)) is None:
            raise Refused("partner", _("You can only run projects for organisations you belong to."))
    if draft.measure_id is not None and session.get(Measure, draft.measure_id) is None:
        raise Refused("measure", _("Please choose a measure from the list."))


def _apply_project(session: Session, project: Project, draft: ProjectDraft, image: tuple[str, str] | None,
                   now: datetime) -> None:
    project.title, project.description, project.status = draft.title.strip(), draft.description, draft.status.value
    project.partner_id, project.measure_id, project.updated_at = draft.partner_id, draft.measure_id, now
    if image:
        project.image_name, project.image_content_type = image
    session.add(project)
    session.flush()
    session.execute(delete(ProjectDistrict).where(col(ProjectDistrict.project_id) == project.id))
    for district_id in sorted(set(draft.district_ids)):
        session.add(ProjectDistrict(project_id=project.id, district_id=district_id))
    session.flush()


def _project_label(project: Project) -> str:
    return project.title


def create_project(session: Session, actor: User, draft: ProjectDraft, now: datetime,
                   image: tuple[str, str] | None = None, idea: Idea | None = None) -> Project:
    """A new project, coordinated by whoever starts it; an idea may grow into one (it is linked)."""
    if not permissions.may_start_projects(actor) or (
            idea is not None and not permissions.may_grow_into_project(actor, idea)):
        raise NotAllowed
    _check_project_draft(session, actor, draft, None)
    project = Project(title=draft.title, idea_id=idea.id if idea else None, created_by_id=actor.id,
                      created_at=now)
    _apply_project(session, project, draft, image, now)
    session.add(ProjectCoordinator(project_id=project.id, user_id=actor.id))
    session.flush()
    record(session, actor, "project.created", object_type="project", object_id=project.id,
           object_label=_project_label(project), after={"status": project.status, "idea_id": project.idea_id})
    return project


def edit_project(session: Session, actor: User, project: Project, draft: ProjectDraft, now: datetime,
                 image: tuple[str, str] | None = None) -> None:
    if not permissions.may_coordinate(actor, queries.coordinator_ids(session, project.id)):
        raise NotAllowed
    _check_project_draft(session, actor, draft, project)
    before = project.status
    _apply_project(session, project, draft, image, now)
    if before != project.status:
        record(session, actor, "project.status_changed", object_type="project", object_id=project.id,
               object_label=_project_label(project), before={"status": before}, after={"status": project.status})


def add_coordinator(session: Session, actor: User, project: Project, user: User | None) -> None:
    current = queries.coordinator_ids(session, project.id)
    if not permissions.may_coordinate(actor, current):
        raise NotAllowed
    if user is None or not permissions.may_become_coordinator(user):
        raise Refused("user", _("Please choose a coordinator from the list."))
    if user.id in current:
        raise Refused("user", _("%(name)s already coordinates this project.", name=user.display_name))
    session.add(ProjectCoordinator(project_id=project.id, user_id=user.id))
    session.flush()
    record(session, actor, "project.coordinator_added", object_type="project", object_id=project.id,
           object_label=_project_label(project), after={"user_id": user.id})


def remove_coordinator(session: Session, actor: User, project: Project, user_id: int) -> None:
    current = queries.coordinator_ids(session, project.id)
    if not permissions.may_coordinate(actor, current):
        raise NotAllowed
    if user_id not in current:
        raise Refused("user", _("This person does not coordinate the project."))
    if current == {user_id}:
        raise Refused("user", _("A project needs at least one coordinator. Add another one first."))
    session.execute(delete(ProjectCoordinator).where(col(ProjectCoordinator.project_id) == project.id,
                                                     col(ProjectCoordinator.user_id) == user_id))
    session.flush()
    record(session, actor, "project.coordinator_removed", object_type="project", object_id=project.id,
           object_label=_project_label(project), before={"user_id": user_id})


# --- tasks and shifts ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TaskDraft:
    title: str
    description: str = ""
    place: str = ""
    skills: str = ""


def _normalised_skills(skills: str) -> str:
    return ", ".join(dict.fromkeys(skill.strip() for skill in skills.split(",") if skill.strip()))


def _check_coordinator(session: Session, actor: User, project: Project) -> None:
    if not permissions.may_coordinate(actor, queries.coordinator_ids(session, project.id)):
        raise NotAllowed


def add_task(session: Session, actor: User, project: Project, draft: TaskDraft) -> Task:
    _check_coordinator(session, actor, project)
    if project.status == ProjectStatus.FINISHED.value:
        raise Refused("title", _("The project has finished; it takes no new tasks."))
    task = Task(project_id=project.id, title=draft.title.strip(), description=draft.description.strip(),
                place=draft.place.strip(), skills=_normalised_skills(draft.skills))
    session.add(task)
    session.flush()
    return task


def edit_task(session: Session, actor: User, project: Project, task: Task, draft: TaskDraft) -> None:
    _check_coordinator(session, actor, project)
    task.title, task.description = draft.title.strip(), draft.description.strip()
    task.place, task.skills = draft.place.strip(), _normalised_skills(draft.skills)
    session.add(task)
    session.flush()


@dataclass(frozen=True)
class ShiftDraft:
    starts_at: datetime
    ends_at: datetime
    slots: int
    cancel_cutoff_hours: int = 24
    is_public: bool = True


def _check_shift_draft(draft: ShiftDraft, now: datetime, shift: Shift | None) -> None:
    if draft.ends_at <= draft.starts_at:
        raise Refused("end_time", _("The shift must end after it starts."))
    if draft.ends_at - draft.starts_at > MAX_SHIFT_LENGTH:
        raise Refused("end_time", _("A shift lasts at most 24 hours. Please split longer work into several shifts."))
    moved = shift is None or draft.starts_at != shift.starts_at
    if moved and draft.starts_at <= now:
        raise Refused("date", _("The shift must start in the future."))
    if draft.slots < 1:
        raise Refused("slots", _("A shift needs at least one place."))
    if shift is not None and draft.slots < shift.taken:
        raise Refused("slots", _("%(count)d people have already signed up; a shift cannot have fewer places. "
                                 "Ask volunteers to cancel first, or cancel the shift.", count=shift.taken))


def add_shift(session: Session, actor: User, project: Project, task: Task, draft: ShiftDraft,
              now: datetime) -> Shift:
    _check_coordinator(session, actor, project)
    if project.status == ProjectStatus.FINISHED.value:
        raise Refused("date", _("The project has finished; it takes no new shifts."))
    _check_shift_draft(draft, now, None)
    shift = Shift(task_id=task.id, starts_at=draft.starts_at, ends_at=draft.ends_at, slots=draft.slots,
                  cancel_cutoff_hours=draft.cancel_cutoff_hours, is_public=draft.is_public, created_at=now,
                  updated_at=now)
    session.add(shift)
    session.flush()
    return shift


def edit_shift(session: Session, actor: User, context: ShiftContext, draft: ShiftDraft, now: datetime) -> None:
    """Change a shift. More places go to those waiting; a new time is mailed to everyone signed up or waiting."""
    shift = context.shift
    _check_coordinator(session, actor, context.project)
    if shift.cancelled_at is not None:
        raise Refused("date", _("This shift has been cancelled."))
    _check_shift_draft(draft, now, shift)
    moved = (draft.starts_at, draft.ends_at) != (shift.starts_at, shift.ends_at)
    # The conditional update keeps the check honest if someone signs up meanwhile.
    if session.execute(update(Shift).where(Shift.id == shift.id, Shift.taken <= draft.slots).values(
            starts_at=draft.starts_at, ends_at=draft.ends_at, slots=draft.slots,
            cancel_cutoff_hours=draft.cancel_cutoff_hours, is_public=draft.is_public,
            reminded_at=None if moved else shift.reminded_at, updated_at=now)).rowcount != 1:
        raise Refused("slots", _("More people have signed up meanwhile; please check the number of places."))
    session.refresh(shift)
    promoted = _fill_from_waitlist(session, shift)
    for entry in promoted:
        _mail_about_shift(session, entry.user_id, context, now, "moved_up")
    if moved:
        promoted_ids = {entry.user_id for entry in promoted}
        for user in queries.people_of_shift(session, shift.id):
            if user.id not in promoted_ids:
                _mail_about_shift(session, user, context, now, "changed")


def cancel_shift(session: Session, actor: User, context: ShiftContext, reason: str, now: datetime) -> int:
    """Call a shift off; everyone signed up or waiting is told by mail. Returns how many were told."""
    shift = context.shift
    _check_coordinator(session, actor, context.project)
    if shift.cancelled_at is not None:
        raise Refused("reason", _("This shift has already been cancelled."))
    if shift.starts_at <= now:
        raise Refused("reason", _("This shift has already begun."))
    shift.cancelled_at, shift.updated_at = now, now
    session.add(shift)
    session.flush()
    people = queries.people_of_shift(session, shift.id)
    for user in people:
        _mail_about_shift(session, user, context, now, "cancelled", reason=reason.strip())
    record(session, actor, "shift.cancelled", object_type="shift", object_id=shift.id,
           object_label=f"{context.project.title}: {context.task.title}", reason=reason.strip(),
           after={"people_told": len(people)})
    return len(people)


# --- signing up ------------------------------------------------------------------------------------------------

def sign_up(session: Session, user: User, shift: Shift, now: datetime) -> SignUp:
    """Take a slot, or a place on the waitlist when the shift is full."""
    if not permissions.may_volunteer(user):
        raise NotAllowed
    if shift.cancelled_at is not None:
        raise Refused("shift", _("This shift has been cancelled."))
    if shift.starts_at <= now:
        raise Refused("shift", _("This shift has already begun."))
    existing = queries.own_entry(session, shift.id, user.id)
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
    """Give the place back until the shift's cut-off; returns whoever moved up (see release_place)."""
    if entry.user_id != user.id or entry.shift_id != shift.id:
        raise NotAllowed
    if entry.state == SignUpState.CANCELLED.value:
        raise Refused("shift", _("You have already cancelled."))
    if now > shift.starts_at - timedelta(hours=shift.cancel_cutoff_hours):
        raise Refused("shift", _("It is too late to cancel this shift; please tell its coordinator."))
    return release_place(session, entry, shift, now)


def release_place(session: Session, entry: SignUp, shift: Shift, now: datetime) -> SignUp | None:
    """Cancel the entry whatever the cut-off (an account being deleted must let go of its places too); a freed
    slot goes to the first person waiting, who is told by mail and returned."""
    held_slot = entry.state == SignUpState.SIGNED_UP.value
    entry.state, entry.waitlist_number = SignUpState.CANCELLED.value, None
    session.add(entry)
    session.flush()
    if not held_slot:
        return None
    session.execute(update(Shift).where(Shift.id == shift.id).values(taken=Shift.taken - 1))
    session.refresh(shift)
    promoted = _fill_from_waitlist(session, shift)
    if not promoted:
        return None
    context = queries.shift_context(session, shift.id)
    _mail_about_shift(session, promoted[0].user_id, context, now, "moved_up")
    return promoted[0]


def _fill_from_waitlist(session: Session, shift: Shift) -> list[SignUp]:
    """Free slots go to those waiting, first come first served; each slot by the same conditional update as a
    sign-up, so a sign-up arriving meanwhile cannot overbook the shift."""
    promoted = []
    while True:
        first = session.exec(select(SignUp).where(SignUp.shift_id == shift.id,
                                                  SignUp.state == SignUpState.WAITING.value)
                             .order_by(col(SignUp.waitlist_number)).with_for_update()).first()
        if first is None or session.execute(update(Shift).where(Shift.id == shift.id, Shift.taken < Shift.slots)
                                            .values(taken=Shift.taken + 1)).rowcount != 1:
            break
        first.state, first.waitlist_number = SignUpState.SIGNED_UP.value, None
        session.add(first)
        session.flush()
        promoted.append(first)
    session.refresh(shift)
    return promoted


# --- after the shift -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attendance:
    sign_up_id: int
    attended: bool
    hours: float | None


def confirm_attendance(session: Session, actor: User, context: ShiftContext, confirmations: list[Attendance],
                       now: datetime) -> None:
    """The coordinator says who came and for how long; hours count only for those who came."""
    shift = context.shift
    _check_coordinator(session, actor, context.project)
    if shift.starts_at > now:
        raise Refused("attendance", _("Attendance can be confirmed once the shift has begun."))
    entries = {entry.id: entry for entry in session.exec(
        select(SignUp).where(SignUp.shift_id == shift.id, SignUp.state == SignUpState.SIGNED_UP.value))}
    for confirmation in confirmations:
        entry = entries.get(confirmation.sign_up_id)
        if entry is None:
            raise Refused("attendance", _("Please confirm only people who signed up for this shift."))
        hours = confirmation.hours if confirmation.attended else None
        if hours is not None and not 0 < hours <= MAX_HOURS_PER_SHIFT:
            raise Refused("attendance", _("Hours must be more than 0 and at most 24."))
        if confirmation.attended and hours is None:
            hours = round((shift.ends_at - shift.starts_at).total_seconds() / 3600, 2)
        entry.attended, entry.hours = confirmation.attended, hours
        entry.confirmed_at, entry.confirmed_by_id = now, actor.id
        session.add(entry)
    session.flush()
    record(session, actor, "shift.attendance_confirmed", object_type="shift", object_id=shift.id,
           object_label=f"{context.project.title}: {context.task.title}",
           after={"attended": sum(item.attended for item in confirmations),
                  "hours": sum(entries[item.sign_up_id].hours or 0 for item in confirmations)})


# --- reminders and calendars -----------------------------------------------------------------------------------

def queue_reminders(session: Session, starts_from: datetime, starts_before: datetime, now: datetime) -> int:
    """Remind everyone signed up for the shifts in the window (the day before), once per shift. Returns the
    number of mails queued."""
    queued = 0
    for context in queries.shifts_to_remind(session, starts_from, starts_before):
        for user in queries.people_of_shift(session, context.shift.id, (SignUpState.SIGNED_UP.value,)):
            queued += _mail_about_shift(session, user, context, now, "reminder") is not None
        context.shift.reminded_at = now
        session.add(context.shift)
    session.flush()
    return queued


def shift_ics(contexts: list[ShiftContext], calendar_name: str) -> bytes:
    return shift_calendar(contexts, host=calendar_host(), timezone_name=current_app.config["BABEL_DEFAULT_TIMEZONE"],
                          calendar_name=calendar_name,
                          project_url=lambda project_id: public_url_for("volunteering.project", project_id=project_id))


_MAIL_SUBJECTS = {
    "moved_up": lambda title: _("A place has become free for you: %(shift)s", shift=title),
    "reminder": lambda title: _("Reminder: your shift tomorrow – %(shift)s", shift=title),
    "changed": lambda title: _("The time of your shift has changed: %(shift)s", shift=title),
    "cancelled": lambda title: _("Shift cancelled: %(shift)s", shift=title),
}


def _mail_about_shift(session: Session, user: User | int, context: ShiftContext, now: datetime, occasion: str,
                      reason: str = ""):
    if isinstance(user, int):
        user = session.get(User, user)
    title = f"{context.project.title}: {context.task.title}"

    def render():
        body = render_template(
            "mail/volunteering/shift.txt", user=user, occasion=occasion, context=context, reason=reason,
            project_link=public_url_for("volunteering.project", project_id=context.project.id),
            my_shifts_link=public_url_for("volunteering.my_shifts"))
        return _MAIL_SUBJECTS[occasion](title), body

    attachment = None if occasion == "cancelled" else (
        f"shift-{context.shift.id}.ics", CALENDAR_CONTENT_TYPE, shift_ics([context], context.project.title).decode())
    return queue_personal_mail(session, user, now, render, attachment)


def new_calendar_token(session: Session, user: User) -> str:
    """A new secret address for the volunteer's personal feed; the old one stops working. Only a hash is kept,
    so the token is shown once, when it is made."""
    if not permissions.may_volunteer(user):
        raise NotAllowed
    revoke_calendar_tokens(session, user)
    token = secrets.token_urlsafe(32)
    session.add(CalendarToken(token_hash=_token_hash(token), user_id=user.id))
    session.flush()
    return token


def revoke_calendar_tokens(session: Session, user: User) -> None:
    session.execute(delete(CalendarToken).where(col(CalendarToken.user_id) == user.id))
    session.flush()


def calendar_owner(session: Session, token: str) -> User | None:
    return queries.user_for_calendar_token(session, _token_hash(token))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
