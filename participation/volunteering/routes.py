"""Volunteering in the districts: the projects and their shifts for everyone, signing up and cancelling for
residents, "my shifts" with calendar feeds for volunteers, and the coordinators' pages for projects, tasks,
shifts and attendance."""

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from participation.accounts.models import User
from participation.calendars import calendar_response
from participation.db import get_session, utcnow
from participation.documents.queries import documents_of_project
from participation.extensions import limiter
from participation.forms import ConfirmForm, as_choices
from participation.i18n import _, ngettext
from participation.ideas.images import ImageRejected, image_response, store_image
from participation.ideas.models import Idea
from participation.ideas.permissions import is_public as idea_is_public
from participation.measures.models import Measure
from participation.measures.permissions import may_view_measure
from participation.measures.queries import MeasureFilter, all_measures
from participation.municipality.queries import list_districts
from participation.text import render_markdown
from participation.views import INVALID_FORM, form_page, page_number, show_refusal
from participation.volunteering import permissions, queries, services
from participation.volunteering.forms import (
    AttendanceForm,
    CancelShiftForm,
    CoordinatorForm,
    ProjectFilterForm,
    ProjectForm,
    ShiftForm,
    TaskForm,
)
from participation.volunteering.models import PROJECT_STATUS_LABELS, Project, ProjectStatus, Task
from participation.volunteering.queries import ProjectFilter, ShiftContext

blueprint = Blueprint("volunteering", __name__, url_prefix="/volunteer")

PROJECTS_PER_PAGE = 12
CALENDAR_HISTORY = timedelta(days=365)


@blueprint.app_template_global()
def project_status_label(value: str) -> str:
    return ProjectStatus(value).label


@blueprint.app_template_global()
def volunteer_projects_from_idea(idea_id: int) -> list[Project]:
    """For the idea's page: the volunteer projects it grew into (the ideas area does not know projects)."""
    return queries.projects_from_idea(get_session(), idea_id)


@blueprint.app_template_global()
def may_grow_into_project(idea: Idea) -> bool:
    return permissions.may_grow_into_project(current_user, idea)


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _local_midnight(day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=_zone())


# --- the public list and page ---------------------------------------------------------------------------------

def _filter_from(form: ProjectFilterForm, districts, skills) -> ProjectFilter:
    """Unknown values are ignored: a stale or edited link shows the whole list rather than an error."""
    form.district.choices = as_choices([("", _("All districts"))] + [(str(d.id), d.name) for d in districts])
    form.skill.choices = as_choices([("", _("Any skill"))] + [(skill, skill) for skill in skills])
    form.status.choices = as_choices([("", _("Planned and active"))] + [
        (status.value, label) for status, label in PROJECT_STATUS_LABELS.items()])
    form.validate()
    valid = {name: not field.errors for name, field in form._fields.items()}
    district_id = int(form.district.data) if valid["district"] and form.district.data else None
    starts_from = _local_midnight(form.date_from.data) if valid["date_from"] and form.date_from.data else None
    until = (_local_midnight(form.date_until.data) + timedelta(days=1)
             if valid["date_until"] and form.date_until.data else None)
    return ProjectFilter(
        district_id=district_id, shifts_from=starts_from, shifts_until=until,
        skill=form.skill.data if valid["skill"] and form.skill.data else "",
        free_slots=bool(form.free_slots.data),
        status=ProjectStatus(form.status.data) if valid["status"] and form.status.data else None)


@blueprint.route("/")
def index():
    db = get_session()
    form = ProjectFilterForm(request.args)
    districts = list_districts(db)
    criteria = _filter_from(form, districts, queries.skills_offered(db))
    page = queries.browse_projects(db, criteria, utcnow(), page_number(), PROJECTS_PER_PAGE)
    district = next((d for d in districts if d.id == criteria.district_id), None)
    return render_template("volunteering/index.html", form=form, page=page, criteria=criteria,
                           may_start=permissions.may_start_projects(current_user), district=district,
                           volunteer_years=queries.district_hours_by_year(db, district.id) if district else [])


def _load_project(project_id: int) -> Project:
    project = get_session().get(Project, project_id)
    if project is None:
        abort(404)
    return project


def _show_project(project_id: int, coordinator_form: CoordinatorForm | None = None, status: int = 200):
    db = get_session()
    now = utcnow()
    viewer_id = current_user.id if current_user.is_authenticated else None
    page = queries.project_page(db, project_id, viewer_id, now)
    if page is None:
        abort(404)
    project = page.project
    coordinating = permissions.may_coordinate(current_user, page.coordinator_ids)
    if coordinating and coordinator_form is None:
        coordinator_form = _coordinator_form(db, page.coordinator_ids)
    idea = db.get(Idea, project.idea_id) if project.idea_id else None
    measure = db.get(Measure, project.measure_id) if project.measure_id else None
    return render_template(
        "volunteering/project.html", page=page, project=project, now=now, coordinating=coordinating,
        description=render_markdown(project.description), idea=idea if idea and idea_is_public(idea) else None,
        measure=measure if measure and may_view_measure(current_user, measure) else None,
        confirm_form=ConfirmForm(), coordinator_form=coordinator_form,
        may_volunteer=permissions.may_volunteer(current_user), cancel_deadline=_cancel_deadline,
        related_documents=documents_of_project(db, current_user, project.id, now.astimezone(_zone()).date())), status


def _cancel_deadline(shift) -> datetime:
    return shift.starts_at - timedelta(hours=shift.cancel_cutoff_hours)


@blueprint.route("/projects/<int:project_id>")
def project(project_id: int):
    return _show_project(project_id)


@blueprint.route("/projects/<int:project_id>/image")
def project_image(project_id: int):
    project = _load_project(project_id)
    return image_response(Path(current_app.config["UPLOAD_DIR"]), project.image_name, project.image_content_type,
                          f"project-{project.id}")


# --- projects: starting and editing ---------------------------------------------------------------------------

def _prepare_project_form(form: ProjectForm, db) -> None:
    form.districts.choices = as_choices([(district.id, district.name) for district in list_districts(db)])
    form.partner.choices = as_choices([(0, _("No partner organisation"))] + [
        (partner.id, partner.name) for partner in queries.partner_organisations(db)])
    form.measure.choices = as_choices([(0, _("No measure"))] + [
        (row.measure.id, row.measure.title) for row in all_measures(db, MeasureFilter(sort="title"))])


def _project_draft(form: ProjectForm) -> services.ProjectDraft:
    return services.ProjectDraft(
        title=form.title.data, description=form.description.data, status=ProjectStatus(form.status.data),
        district_ids=list(form.districts.data or []), partner_id=form.partner.data or None,
        measure_id=form.measure.data or None)


def _take_image(form: ProjectForm) -> tuple[str, str] | None:
    upload = form.image.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        stored = store_image(upload.read(current_app.config["IDEA_IMAGE_MAX_BYTES"] + 1),
                             Path(current_app.config["UPLOAD_DIR"]), current_app.config["IDEA_IMAGE_MAX_BYTES"])
    except ImageRejected as rejection:
        form.image.errors = [rejection.message]
        return None
    return stored.name, stored.content_type


def _project_form_page(form: ProjectForm, save, done, **context):
    """Like form_page, with the image checked first: a bad image is an error at its field like any other."""
    image = None
    if form.is_submitted() and form.validate():
        image = _take_image(form)
        if form.image.errors:
            return render_template("volunteering/project_form.html", form=form, **context), INVALID_FORM
    return form_page(form, "volunteering/project_form.html", lambda db: save(db, image), done, **context)


@blueprint.route("/projects/new", methods=["GET", "POST"])
@login_required
def new_project():
    if not permissions.may_start_projects(current_user):
        abort(403)
    db = get_session()
    idea = None
    idea_id = request.args.get("idea", type=int)
    if idea_id is not None:
        idea = db.get(Idea, idea_id)
        if idea is None or not idea_is_public(idea):
            abort(404)
        if not permissions.may_grow_into_project(current_user, idea):
            abort(403)
    form = ProjectForm()
    _prepare_project_form(form, db)
    if idea is not None and not form.is_submitted():
        form.title.data = idea.title
        form.description.data = idea.body
        if idea.district_id:
            form.districts.data = [idea.district_id]
    return _project_form_page(
        form,
        lambda db, image: services.create_project(db, current_user, _project_draft(form), utcnow(), image, idea),
        lambda project: (_("The project has been created. Now add its tasks and shifts."),
                         url_for(".project", project_id=project.id)),
        project=None, idea=idea)


@blueprint.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def edit_project(project_id: int):
    project = _load_project(project_id)
    db = get_session()
    if not permissions.may_coordinate(current_user, queries.coordinator_ids(db, project.id)):
        abort(403)
    form = ProjectForm(obj=None if request.method == "POST" else project)
    _prepare_project_form(form, db)
    if not form.is_submitted():
        form.districts.data = queries.district_ids(db, project.id)
        form.partner.data, form.measure.data = project.partner_id or 0, project.measure_id or 0
    return _project_form_page(
        form,
        lambda db, image: services.edit_project(db, current_user, project, _project_draft(form), utcnow(),
                                                     image),
        lambda _result: (_("The project has been saved."), url_for(".project", project_id=project.id)),
        project=project, idea=None)


def _coordinator_form(db, current_ids: set[int]) -> CoordinatorForm:
    form = CoordinatorForm()
    form.user.choices = as_choices([(user.id, user.display_name) for user in queries.possible_coordinators(db)
                                    if user.id not in current_ids])
    return form


@blueprint.route("/projects/<int:project_id>/coordinators", methods=["POST"])
@login_required
def add_coordinator(project_id: int):
    project = _load_project(project_id)
    db = get_session()
    current_ids = queries.coordinator_ids(db, project.id)
    if not permissions.may_coordinate(current_user, current_ids):
        abort(403)
    form = _coordinator_form(db, current_ids)
    if form.validate_on_submit():
        try:
            services.add_coordinator(db, current_user, project, db.get(User, form.user.data))
        except services.Refused as refusal:
            db.rollback()
            show_refusal(form, refusal)
        else:
            db.commit()
            flash(_("The coordinator has been added."), "success")
            return redirect(url_for(".project", project_id=project.id, _anchor="coordinators"))
    return _show_project(project.id, coordinator_form=form, status=INVALID_FORM)


@blueprint.route("/projects/<int:project_id>/coordinators/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_coordinator(project_id: int, user_id: int):
    project = _load_project(project_id)
    return _button_action(lambda db: services.remove_coordinator(db, current_user, project, user_id),
                          _("The coordinator has been removed."),
                          url_for(".project", project_id=project.id, _anchor="coordinators"))


def _button_action(act, message: str, target: str):
    """A one-button form: check its token, run `act(db)` (one service call), commit and go back to `target`; a
    refusal is shown there as an error."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        act(db)
    except services.Refused as refusal:
        db.rollback()
        flash(refusal.message, "error")
    else:
        db.commit()
        flash(message, "success")
    return redirect(target)


# --- tasks and shifts -----------------------------------------------------------------------------------------

def _coordinated_project(project_id: int) -> Project:
    project = _load_project(project_id)
    if not permissions.may_coordinate(current_user, queries.coordinator_ids(get_session(), project.id)):
        abort(403)
    return project


def _load_task(task_id: int) -> tuple[Task, Project]:
    found = queries.task_with_project(get_session(), task_id)
    if found is None:
        abort(404)
    task, project = found
    if not permissions.may_coordinate(current_user, queries.coordinator_ids(get_session(), project.id)):
        abort(403)
    return task, project


def _task_draft(form: TaskForm) -> services.TaskDraft:
    return services.TaskDraft(title=form.title.data, description=form.description.data or "",
                              place=form.place.data or "", skills=form.skills.data or "")


@blueprint.route("/projects/<int:project_id>/tasks/new", methods=["GET", "POST"])
@login_required
def new_task(project_id: int):
    project = _coordinated_project(project_id)
    form = TaskForm()
    return form_page(form, "volunteering/task_form.html",
                     lambda db: services.add_task(db, current_user, project, _task_draft(form)),
                     lambda task: (_("The task has been added. Now add its shifts."),
                                   url_for(".new_shift", task_id=task.id)),
                     project=project, task=None)


@blueprint.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@login_required
def edit_task(task_id: int):
    task, project = _load_task(task_id)
    form = TaskForm(obj=None if request.method == "POST" else task)
    return form_page(form, "volunteering/task_form.html",
                     lambda db: services.edit_task(db, current_user, project, task, _task_draft(form)),
                     lambda _result: (_("The task has been saved."),
                                      url_for(".project", project_id=project.id, _anchor=f"task-{task.id}")),
                     project=project, task=task)


def _shift_draft(form: ShiftForm) -> services.ShiftDraft:
    zone = _zone()
    return services.ShiftDraft(
        starts_at=datetime.combine(form.date.data, form.start_time.data, tzinfo=zone),
        ends_at=datetime.combine(form.date.data, form.end_time.data, tzinfo=zone),
        slots=form.slots.data, cancel_cutoff_hours=form.cancel_cutoff_hours.data or 0,
        is_public=bool(form.is_public.data))


@blueprint.route("/tasks/<int:task_id>/shifts/new", methods=["GET", "POST"])
@login_required
def new_shift(task_id: int):
    task, project = _load_task(task_id)
    form = ShiftForm()
    return form_page(form, "volunteering/shift_form.html",
                     lambda db: services.add_shift(db, current_user, project, task, _shift_draft(form), utcnow()),
                     lambda shift: (_("The shift has been added."),
                                    url_for(".project", project_id=project.id, _anchor=f"shift-{shift.id}")),
                     project=project, task=task, shift=None)


def _load_shift(shift_id: int) -> ShiftContext:
    context = queries.shift_context(get_session(), shift_id)
    if context is None:
        abort(404)
    return context


def _coordinated_shift(shift_id: int) -> ShiftContext:
    context = _load_shift(shift_id)
    if not permissions.may_coordinate(current_user, queries.coordinator_ids(get_session(), context.project.id)):
        abort(403)
    return context


@blueprint.route("/shifts/<int:shift_id>/edit", methods=["GET", "POST"])
@login_required
def edit_shift(shift_id: int):
    context = _coordinated_shift(shift_id)
    shift = context.shift
    form = ShiftForm()
    if not form.is_submitted():
        local_start, local_end = shift.starts_at.astimezone(_zone()), shift.ends_at.astimezone(_zone())
        form.date.data, form.start_time.data, form.end_time.data = local_start.date(), local_start.time(), \
            local_end.time()
        form.slots.data, form.cancel_cutoff_hours.data = shift.slots, shift.cancel_cutoff_hours
        form.is_public.data = shift.is_public
    return form_page(form, "volunteering/shift_form.html",
                     lambda db: services.edit_shift(db, current_user, context, _shift_draft(form), utcnow()),
                     lambda _result: (_("The shift has been saved."),
                                      url_for(".project", project_id=context.project.id, _anchor=f"shift-{shift.id}")),
                     project=context.project, task=context.task, shift=shift)


@blueprint.route("/shifts/<int:shift_id>/call-off", methods=["GET", "POST"])
@login_required
def cancel_shift(shift_id: int):
    context = _coordinated_shift(shift_id)
    form = CancelShiftForm()
    return form_page(form, "volunteering/cancel_shift.html",
                     lambda db: services.cancel_shift(db, current_user, context, form.reason.data, utcnow()),
                     lambda told: (ngettext("The shift has been cancelled; %(num)d person has been told by e-mail.",
                                            "The shift has been cancelled; %(num)d people have been told by e-mail.",
                                            told), url_for(".project", project_id=context.project.id)),
                     context=context)


@blueprint.route("/shifts/<int:shift_id>/people", methods=["GET", "POST"])
@login_required
def shift_people(shift_id: int):
    """Who signed up and who waits; after the shift has begun, the coordinator confirms who came and for how
    long."""
    context = _coordinated_shift(shift_id)
    db = get_session()
    roster = queries.roster(db, context.shift.id)
    signed_up = [row for row in roster if row.entry.state == "signed_up"]
    form = AttendanceForm()
    if not form.is_submitted():
        for row in signed_up:
            form.entries.append_entry({"sign_up_id": row.entry.id, "attended": bool(row.entry.attended),
                                       "hours": row.entry.hours})
    may_confirm = context.shift.starts_at <= utcnow()
    labels = {row.entry.id: row.user.display_name for row in signed_up}

    def save(db):
        confirmations = []
        for entry in form.entries:
            try:
                sign_up_id = int(entry.sign_up_id.data)
            except (TypeError, ValueError):
                raise services.Refused("attendance", _("Please confirm only people who signed up for this shift."))
            confirmations.append(services.Attendance(sign_up_id=sign_up_id, attended=bool(entry.attended.data),
                                                     hours=entry.hours.data))
        return services.confirm_attendance(db, current_user, context, confirmations, utcnow())

    return form_page(form, "volunteering/shift_people.html", save,
                     lambda _result: (_("Attendance and hours have been saved."),
                                      url_for(".shift_people", shift_id=context.shift.id)),
                     context=context, roster=roster, may_confirm=may_confirm, labels=labels)


# --- signing up -----------------------------------------------------------------------------------------------

def _back_to_shift(context: ShiftContext) -> str:
    target = request.form.get("next", "")
    if target == "my-shifts":
        return url_for(".my_shifts")
    return url_for(".project", project_id=context.project.id, _anchor=f"shift-{context.shift.id}")


def _shift_button(context: ShiftContext, act, message) -> Response:
    """A volunteer's one-button form on a shift: run `act(db)` (one service call), commit, and go back with
    `message(result)`; a refusal is shown there as an error."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        result = act(db)
    except services.Refused as refusal:
        db.rollback()
        flash(refusal.message, "error")
    else:
        db.commit()
        flash(message(result), "success")
    return redirect(_back_to_shift(context), 303)


def _signed_up_message(entry) -> str:
    if entry.state == "signed_up":
        return _("Thank you! You have signed up for this shift. It is listed under “My shifts”.")
    return _("The shift is full. You are number %(number)d on the waitlist; if a place becomes free, you get it and "
             "we tell you by e-mail.", number=entry.waitlist_number)


@blueprint.route("/shifts/<int:shift_id>/sign-up", methods=["POST"])
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_SUPPORT"])
def sign_up(shift_id: int):
    context = _load_shift(shift_id)
    return _shift_button(context, lambda db: services.sign_up(db, current_user, context.shift, utcnow()),
                         _signed_up_message)


@blueprint.route("/shifts/<int:shift_id>/withdraw", methods=["POST"])
@login_required
def withdraw(shift_id: int):
    context = _load_shift(shift_id)
    entry = queries.own_entry(get_session(), context.shift.id, current_user.id)
    if entry is None:
        abort(404)
    return _shift_button(context, lambda db: services.cancel(db, current_user, entry, context.shift, utcnow()),
                         lambda _moved_up: _("You have cancelled. Thank you for letting us know in time."))


@blueprint.route("/shifts/<int:shift_id>.ics")
def shift_ics(shift_id: int):
    context = _load_shift(shift_id)
    return calendar_response(services.shift_ics([context], context.project.title), f"shift-{shift_id}.ics")


# --- my shifts and my calendar --------------------------------------------------------------------------------

def _my_shifts_page(feed_url: str | None = None):
    db = get_session()
    shifts = queries.my_shifts(db, current_user.id)
    now = utcnow()
    return render_template(
        "volunteering/my_shifts.html", coming=[row for row in shifts if row.shift.ends_at > now],
        past=[row for row in reversed(shifts) if row.shift.ends_at <= now and row.entry.state == "signed_up"],
        now=now,
        total_hours=queries.total_hours(db, current_user.id), confirm_form=ConfirmForm(),
        has_feed=queries.has_calendar_token(db, current_user.id), feed_url=feed_url,
        cancel_deadline=_cancel_deadline)


@blueprint.route("/my-shifts")
@login_required
def my_shifts():
    return _my_shifts_page()


@blueprint.route("/my-shifts/calendar", methods=["POST"])
@login_required
def new_calendar_feed():
    """The secret address is shown once, on this answer; afterwards only a new one can be made."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    token = services.new_calendar_token(db, current_user)
    db.commit()
    response = Response(_my_shifts_page(url_for(".calendar_feed", token=token, _external=True)))
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/my-shifts/calendar/revoke", methods=["POST"])
@login_required
def revoke_calendar_feed():
    return _button_action(lambda db: services.revoke_calendar_tokens(db, current_user),
                          _("Your calendar address has been switched off. Calendar apps that use it no longer "
                            "receive your shifts."), url_for(".my_shifts", _anchor="calendar"))


@blueprint.route("/calendar/<token>.ics")
def calendar_feed(token: str):
    """A volunteer's shifts for their calendar app; the token is the only key, so an unknown one is a 404."""
    db = get_session()
    owner = services.calendar_owner(db, token)
    if owner is None:
        abort(404)
    contexts = [ShiftContext(shift=row.shift, task=row.task, project=row.project)
                for row in queries.my_shifts(db, owner.id) if row.entry.state == "signed_up"]
    response = calendar_response(services.shift_ics(contexts, _("My shifts – %(site)s",
                                                                 site=current_app.config["SITE_NAME"])),
                                  "my-shifts.ics")
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
