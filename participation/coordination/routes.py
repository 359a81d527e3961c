"""The coordination space of a volunteer project, below the project's page: message board, shared documents,
task list, members, and messages to the project's volunteers.

Only members see it. Everyone else — visitors, residents, volunteers of other projects, admins — gets 404 on
every address here, as if the space did not exist; a member without a right (e.g. writing to the volunteers)
gets 403.
"""

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from participation.accounts.models import User
from participation.coordination import permissions, queries, services
from participation.coordination.forms import (
    DocumentForm,
    MemberForm,
    MessageForm,
    ReplyForm,
    TaskForm,
    ThreadForm,
    VersionForm,
)
from participation.coordination.models import SpaceDocument, SpaceDocumentVersion, SpaceTask, SpaceThread
from participation.db import get_session
from participation.errors import render_error
from participation.extensions import limiter
from participation.files import SHOWN_INLINE, file_path
from participation.forms import ConfirmForm, as_choices
from participation.i18n import _, ngettext
from participation.refusals import NotAllowed, Refused
from participation.templating import format_moment
from participation.views import INVALID_FORM, form_page
from participation.volunteering.models import Project

blueprint = Blueprint("coordination", __name__, url_prefix="/volunteer/projects/<int:project_id>/space")



@blueprint.errorhandler(NotAllowed)
def not_allowed(_error):
    """A service refused: members learn they lack the right (403), nobody else learns the space exists (404)."""
    standing = g.get("space_standing", permissions.NO_STANDING)
    return render_error(403 if permissions.is_member(current_user, standing) else 404)


def _load_space(project_id: int) -> tuple[Project, permissions.Standing]:
    """The project and the user's standing in its space; 404 for anyone who is not a member."""
    if not current_user.is_authenticated:
        abort(404)
    db = get_session()
    project = db.get(Project, project_id)
    if project is None:
        abort(404)
    standing = queries.standing(db, project.id, current_user.id)
    if not permissions.is_member(current_user, standing):
        abort(404)
    g.space_standing = standing
    return project, standing


def _in_space(model, object_id: int, project: Project):
    found = get_session().get(model, object_id)
    if found is None or found.project_id != project.id:
        abort(404)
    return found


def _upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def _max_bytes() -> int:
    return current_app.config["PAPER_FILE_MAX_BYTES"]


def _upload(form) -> services.FileUpload:
    return services.FileUpload(name=form.file.data.filename or "", data=form.file.data.read(_max_bytes() + 1))


def _render(template: str, project: Project, standing: permissions.Standing, status: int = 200, **context):
    return render_template(template, project=project, standing=standing,
                           is_coordinator=permissions.is_coordinator(current_user, standing), **context), status


def _form_page(form, project: Project, standing: permissions.Standing, template: str, save, done, **context):
    """A form page of the space (see participation.views.form_page), with what every space page shows."""
    return form_page(form, template, save, done, project=project, standing=standing,
                     is_coordinator=permissions.is_coordinator(current_user, standing), **context)


@blueprint.app_template_global()
def coordination_space_url(project_id: int) -> str | None:
    """For the project's page: the address of its coordination space if the user is a member, else None."""
    if not current_user.is_authenticated:
        return None
    known = g.setdefault("coordination_space_urls", {})
    if project_id not in known:
        standing = queries.standing(get_session(), project_id, current_user.id)
        known[project_id] = url_for("coordination.overview", project_id=project_id) \
            if permissions.is_member(current_user, standing) else None
    return known[project_id]


# --- overview ----------------------------------------------------------------------------------------------


@blueprint.route("")
def overview(project_id: int):
    project, standing = _load_space(project_id)
    db = get_session()
    return _render("coordination/overview.html", project, standing, members=queries.members(db, project),
                   threads=queries.threads(db, project.id), documents=queries.documents(db, project.id),
                   tasks=queries.tasks(db, project.id))


# --- message board -----------------------------------------------------------------------------------------


@blueprint.route("/threads/new", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_COMMENT"], methods=["POST"])
def new_thread(project_id: int):
    project, standing = _load_space(project_id)
    form = ThreadForm()
    return _form_page(
        form, project, standing, "coordination/thread_form.html",
        lambda db: services.start_thread(db, current_user, project, form.title.data, form.body.data),
        lambda thread: (_("Your discussion has been started; the other members have been notified."),
                        url_for(".thread", project_id=project.id, thread_id=thread.id)))


def _thread_page(project: Project, standing: permissions.Standing, thread: SpaceThread, form: ReplyForm,
                 status: int = 200):
    return _render("coordination/thread.html", project, standing, status, thread=thread, form=form,
                   posts=queries.posts(get_session(), thread.id))


@blueprint.route("/threads/<int:thread_id>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RATELIMIT_COMMENT"], methods=["POST"])
def thread(project_id: int, thread_id: int):
    """The discussion; its reply form posts here."""
    project, standing = _load_space(project_id)
    current = _in_space(SpaceThread, thread_id, project)
    form = ReplyForm()
    if not form.validate_on_submit():
        return _thread_page(project, standing, current, form, INVALID_FORM if form.is_submitted() else 200)
    db = get_session()
    post = services.reply(db, current_user, project, current, form.body.data)
    db.commit()
    flash(_("Your reply has been posted; the other members have been notified."), "success")
    return redirect(url_for(".thread", project_id=project.id, thread_id=current.id, _anchor=f"post-{post.id}"))


# --- documents ---------------------------------------------------------------------------------------------


def _documents_page(project: Project, standing: permissions.Standing, form: DocumentForm, status: int = 200):
    return _render("coordination/documents.html", project, standing, status, form=form,
                   documents=queries.documents(get_session(), project.id))


@blueprint.route("/documents", methods=["GET", "POST"])
def documents(project_id: int):
    """The shared documents; the upload form posts here."""
    project, standing = _load_space(project_id)
    form = DocumentForm().describe_limits(_max_bytes())
    if not form.validate_on_submit():
        return _documents_page(project, standing, form, INVALID_FORM if form.is_submitted() else 200)
    db = get_session()
    try:
        version = services.add_document(db, current_user, project, form.title.data or "", _upload(form),
                                        _upload_dir(), _max_bytes())
    except Refused as refusal:
        db.rollback()
        form.file.errors = [*form.file.errors, refusal.message]
        return _documents_page(project, standing, form, INVALID_FORM)
    db.commit()
    flash(_("%(name)s has been shared with the members.", name=version.name), "success")
    return redirect(url_for(".document", project_id=project.id, document_id=version.document_id))


def _document_page(project: Project, standing: permissions.Standing, document: SpaceDocument, form: VersionForm,
                   status: int = 200):
    return _render("coordination/document.html", project, standing, status, document=document, form=form,
                   versions=queries.versions(get_session(), document.id))


@blueprint.route("/documents/<int:document_id>", methods=["GET", "POST"])
def document(project_id: int, document_id: int):
    """A document's version history; the form for a new version posts here."""
    project, standing = _load_space(project_id)
    shared = _in_space(SpaceDocument, document_id, project)
    form = VersionForm().describe_limits(_max_bytes())
    if not form.validate_on_submit():
        return _document_page(project, standing, shared, form, INVALID_FORM if form.is_submitted() else 200)
    db = get_session()
    try:
        version = services.add_version(db, current_user, project, shared, _upload(form), _upload_dir(),
                                       _max_bytes())
    except Refused as refusal:
        db.rollback()
        form.file.errors = [*form.file.errors, refusal.message]
        return _document_page(project, standing, shared, form, INVALID_FORM)
    db.commit()
    flash(_("Version %(number)d of “%(title)s” has been uploaded.", number=version.number, title=shared.title),
          "success")
    return redirect(url_for(".document", project_id=project.id, document_id=shared.id))


@blueprint.route("/documents/<int:document_id>/versions/<int:version_id>/<path:name>")
def download(project_id: int, document_id: int, version_id: int, name: str):
    """One version's file: PDFs and images open in the browser, everything else is downloaded."""
    project, _standing = _load_space(project_id)
    shared = _in_space(SpaceDocument, document_id, project)
    version = get_session().get(SpaceDocumentVersion, version_id)
    if version is None or version.document_id != shared.id:
        abort(404)
    path = file_path(services.document_upload_dir(_upload_dir()), version.stored_name)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=version.content_type, download_name=version.name,
                         as_attachment=version.content_type not in SHOWN_INLINE, max_age=0)
    response.headers["Cache-Control"] = "no-store"  # internal, unlike a paper's public files: no cache keeps it
    return response


# --- tasks -------------------------------------------------------------------------------------------------


def _task_form(db, project: Project) -> TaskForm:
    form = TaskForm()
    form.assignee.choices = as_choices([(0, _("Nobody yet"))]
                                       + [(row.user_id, row.name) for row in queries.members(db, project)])
    return form


@blueprint.route("/tasks", methods=["GET", "POST"])
def tasks(project_id: int):
    """The task list; the form for a new task posts here."""
    project, standing = _load_space(project_id)
    db = get_session()
    form = _task_form(db, project)
    return _form_page(
        form, project, standing, "coordination/tasks.html",
        lambda db: services.create_task(db, current_user, project, form.title.data, form.assignee.data or None),
        lambda task: (_("The task “%(title)s” has been added.", title=task.title),
                      url_for(".tasks", project_id=project.id, _anchor=f"task-{task.id}")),
        tasks=queries.tasks(db, project.id), confirm_form=ConfirmForm())


def _mark_task(project_id: int, task_id: int, done: bool):
    project, _standing = _load_space(project_id)
    task = _in_space(SpaceTask, task_id, project)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    changed = services.set_task_done(db, current_user, project, task, done)
    db.commit()
    if changed:
        flash(_("“%(title)s” is done.", title=task.title) if done else
              _("“%(title)s” is open again.", title=task.title), "success")
    return redirect(url_for(".tasks", project_id=project.id, _anchor=f"task-{task.id}"))


@blueprint.route("/tasks/<int:task_id>/done", methods=["POST"])
def task_done(project_id: int, task_id: int):
    return _mark_task(project_id, task_id, True)


@blueprint.route("/tasks/<int:task_id>/reopen", methods=["POST"])
def task_reopen(project_id: int, task_id: int):
    return _mark_task(project_id, task_id, False)


# --- members -----------------------------------------------------------------------------------------------


def _candidate_label(candidate: queries.Candidate) -> str:
    return _("%(name)s (%(tasks)s)", name=candidate.name, tasks=", ".join(candidate.task_titles))


@blueprint.route("/members", methods=["GET", "POST"])
def members(project_id: int):
    """Who belongs to the space; coordinators add volunteers of the project here and remove them again."""
    project, standing = _load_space(project_id)
    db = get_session()
    manage = permissions.may_manage_members(current_user, standing)
    if request.method == "POST" and not manage:
        abort(403)
    candidates = queries.candidates(db, project) if manage else []
    form = MemberForm()
    form.user.choices = as_choices((candidate.user_id, _candidate_label(candidate)) for candidate in candidates)
    return _form_page(
        form, project, standing, "coordination/members.html",
        lambda db: services.add_member(db, current_user, project, form.user.data),
        lambda member: (_("%(name)s is now a member of the coordination space.",
                          name=db.get(User, member.user_id).display_name),
                        url_for(".members", project_id=project.id)),
        members=queries.members(db, project), candidates=candidates, may_manage=manage,
        is_removable=permissions.is_removable, confirm_form=ConfirmForm())


@blueprint.route("/members/<int:user_id>/remove", methods=["POST"])
def remove_member(project_id: int, user_id: int):
    project, standing = _load_space(project_id)
    if not permissions.may_manage_members(current_user, standing):
        abort(403)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        person = services.remove_member(db, current_user, project, user_id)
    except Refused as refusal:
        db.rollback()
        flash(refusal.message, "error")
        return redirect(url_for(".members", project_id=project.id))
    db.commit()
    flash(_("%(name)s is no longer a member of the coordination space.", name=person.display_name), "success")
    return redirect(url_for(".members", project_id=project.id))


# --- messages to the volunteers ----------------------------------------------------------------------------


def _mail_renderer(project: Project):
    project_link = current_app.config["PUBLIC_URL"].rstrip("/") + f"/volunteer/projects/{project.id}"

    def render(person: User, subject: str, body: str) -> tuple[str, str]:
        """Runs in the reader's language (see notifications.services.queue_personal_mail)."""
        text = render_template("coordination/message_mail.txt", name=person.display_name, project=project,
                               sender=current_user.display_name, body=body, project_link=project_link)
        return f"{project.title}: {subject}", text

    return render


def _shift_label(choice: queries.ShiftChoice) -> str:
    return _("Shift “%(task)s” on %(moment)s", task=choice.task_title, moment=format_moment(choice.shift.starts_at))


@blueprint.route("/message", methods=["GET", "POST"])
def message(project_id: int):
    """The coordinator writes to every volunteer of the project or of one shift: one mail each, through the
    outbox; the page says how many got it, never who."""
    project, standing = _load_space(project_id)
    if not permissions.may_message_volunteers(current_user, standing):
        abort(403)
    db = get_session()
    form = MessageForm()
    form.audience.choices = as_choices([(0, _("All volunteers of the project"))]
                                       + [(choice.shift.id, _shift_label(choice))
                                          for choice in queries.project_shifts(db, project.id)])

    def done(result: services.MessageSent):
        text = ngettext("Your message has been sent to %(num)d volunteer.",
                        "Your message has been sent to %(num)d volunteers.", result.sent)
        if result.unreachable:
            text = " ".join((text, ngettext(
                "%(num)d could not be reached: they have not confirmed their e-mail address.",
                "%(num)d could not be reached: they have not confirmed their e-mail addresses.", result.unreachable)))
        return text, url_for(".overview", project_id=project.id)

    return _form_page(
        form, project, standing, "coordination/message.html",
        lambda db: services.message_volunteers(db, current_user, project, form.audience.data or None,
                                               form.include_waiting.data, form.subject.data, form.body.data,
                                               _mail_renderer(project)),
        done)
