"""Papers (Vorlagen): the public list and page of submitted papers; staff draft, correct and submit them."""

from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from participation.db import get_session, utcnow
from participation.documents import queries as document_queries
from participation.documents import services as document_services
from participation.documents.queries import DocumentRow
from participation.files import SHOWN_INLINE, FileUpload, file_path
from participation.forms import ConfirmForm, as_choices
from participation.i18n import _
from participation.measures.rules import contribution_problems
from participation.municipality.models import ActionArea
from participation.municipality.queries import strategies_with_action_areas
from participation.papers import permissions, queries, services
from participation.papers.forms import PaperFileForm, PaperFilterForm, PaperForm
from participation.papers.models import Paper, PaperStatus, PaperType
from participation.text import render_markdown
from participation.views import page_number, permission_required

blueprint = Blueprint("papers", __name__, url_prefix="/papers")

INVALID_FORM = 422


staff_required = permission_required(permissions.may_write_papers)


def _load_paper(paper_id: int) -> Paper:
    """The paper, or 404 for papers that do not exist or that this user may not see (others' drafts)."""
    paper = get_session().get(Paper, paper_id)
    if paper is None or not permissions.may_view_paper(current_user, paper):
        abort(404)
    return paper


def _today():
    """The date in the municipality's time zone: a paper created on New Year's night counts there."""
    return utcnow().astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _current_year() -> int:
    return _today().year


def _area_label(area: ActionArea) -> str:
    return area.title if area.archived_at is None else _("%(title)s (archived)", title=area.title)


@blueprint.route("/")
def index():
    db = get_session()
    staff = permissions.may_write_papers(current_user)
    form = PaperFilterForm(request.args)
    # Archived areas too: older papers keep them and can still be found by them.
    form.action_area.choices = as_choices(
        [("", _("All action areas"))]
        + [(str(area.id), _area_label(area))
           for _strategy, areas in strategies_with_action_areas(db, include_archived=True) for area in areas])
    form.paper_type.choices = as_choices([("", _("All types"))] + [(t.value, t.label) for t in PaperType])
    form.status.choices = as_choices([("", PaperStatus.SUBMITTED.label), (PaperStatus.DRAFT.value, _("Drafts"))])
    form.validate()
    # Unknown or malformed filter values are ignored (allowlist), never an error; drafts only for staff.
    criteria = queries.PaperFilter(
        action_area_id=int(form.action_area.data) if form.action_area.data and not form.action_area.errors else None,
        paper_type=PaperType(form.paper_type.data) if form.paper_type.data and not form.paper_type.errors else None,
        status=PaperStatus.DRAFT if staff and form.status.data == PaperStatus.DRAFT.value and not form.status.errors
        else PaperStatus.SUBMITTED,
    )
    for field in form:
        field.errors = []
    page = queries.browse_papers(db, criteria, page_number(),
                                 current_app.config["PAPERS_PAGE_SIZE"])
    return render_template("papers/index.html", form=form, page=page, criteria=criteria, staff=staff)


@blueprint.route("/<int:paper_id>")
def show(paper_id: int):
    return _show(_load_paper(paper_id))


def _file_form() -> PaperFileForm:
    return PaperFileForm().describe_limits(current_app.config["PAPER_FILE_MAX_BYTES"])


def _show(paper: Paper, file_form: PaperFileForm | None = None):
    db = get_session()
    staff = permissions.may_write_papers(current_user)
    page = queries.paper_page(db, paper, with_unpublished_measures=staff)
    missing = contribution_problems(paper.contribution, [area.id for area in page.action_areas]) \
        if permissions.may_submit_paper(current_user, paper) else {}
    return render_template("papers/show.html", page=page, paper=paper, text=render_markdown(paper.text),
                           staff=staff, may_submit=permissions.may_submit_paper(current_user, paper),
                           may_edit=permissions.may_edit_paper(current_user, paper), missing=missing,
                           confirm_form=ConfirmForm(), file_form=file_form or _file_form())


def _prepare_form(form: PaperForm, db, paper: Paper | None = None) -> list:
    """Set the form's choices; returns the action areas grouped by strategy, as the form shows them."""
    linked_areas = queries.action_area_ids(db, paper.id) if paper else []
    linked_measures = queries.measure_ids(db, paper.id) if paper else []
    groups = queries.action_area_groups(db, keep_ids=linked_areas)
    form.action_areas.choices = as_choices((area.id, _area_label(area))
                                           for _strategy, areas in groups for area in areas)
    form.measures.choices = as_choices(queries.measure_choices(db, keep_ids=linked_measures))
    return groups


def _draft(form: PaperForm) -> services.PaperDraft:
    return services.PaperDraft(
        title=form.title.data, paper_type=PaperType(form.paper_type.data), text=form.text.data or "",
        contribution=form.contribution.data or "", action_area_ids=tuple(form.action_areas.data or ()),
        measure_ids=tuple(form.measures.data or ()))


def _wants_submission() -> bool:
    return request.form.get("action") == "submit"


def _flash_saved(paper: Paper, submitted: bool) -> None:
    if submitted:
        flash(_("Paper %(reference)s has been submitted. It is now public and can be put on a board's agenda.",
                reference=paper.reference), "success")
    else:
        flash(_("Paper %(reference)s has been saved.", reference=paper.reference), "success")


@blueprint.route("/new", methods=["GET", "POST"])
@staff_required
def new():
    db = get_session()
    form = PaperForm(require_complete=_wants_submission())
    groups = _prepare_form(form, db)
    if not form.validate_on_submit():
        return render_template("papers/new.html", form=form, groups=groups), \
            INVALID_FORM if form.is_submitted() else 200
    try:
        paper = services.create_paper(db, current_user, _draft(form), year=_current_year())
        submitted = _wants_submission() and services.submit_paper(db, current_user, paper)
    except services.PaperInvalid as refusal:
        db.rollback()
        form.add_problems(refusal.problems)
        return render_template("papers/new.html", form=form, groups=groups), INVALID_FORM
    db.commit()
    _flash_saved(paper, submitted)
    return redirect(url_for("papers.show", paper_id=paper.id))


def _edit_form(db, paper: Paper, formdata=None, require_complete: bool = False) -> PaperForm:
    kwargs = {} if formdata is None else {"formdata": formdata}
    return PaperForm(obj=paper, action_areas=queries.action_area_ids(db, paper.id),
                     measures=queries.measure_ids(db, paper.id), require_complete=require_complete, **kwargs)


@blueprint.route("/<int:paper_id>/edit", methods=["GET", "POST"])
@staff_required
def edit(paper_id: int):
    paper = _load_paper(paper_id)
    db = get_session()
    form = _edit_form(db, paper, require_complete=_wants_submission() or paper.status == PaperStatus.SUBMITTED.value)
    groups = _prepare_form(form, db, paper)
    if not form.validate_on_submit():
        return render_template("papers/edit.html", form=form, groups=groups, paper=paper), \
            INVALID_FORM if form.is_submitted() else 200
    try:
        changed = services.edit_paper(db, current_user, paper, _draft(form))
        submitted = _wants_submission() and services.submit_paper(db, current_user, paper)
    except services.PaperInvalid as refusal:
        db.rollback()
        form.add_problems(refusal.problems)
        return render_template("papers/edit.html", form=form, groups=groups, paper=paper), INVALID_FORM
    db.commit()
    if changed or submitted:
        _flash_saved(paper, submitted)
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(url_for("papers.show", paper_id=paper.id))


@blueprint.route("/<int:paper_id>/submit", methods=["POST"])
@staff_required
def submit(paper_id: int):
    paper = _load_paper(paper_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        submitted = services.submit_paper(db, current_user, paper)
    except services.PaperIncomplete as refusal:
        db.rollback()
        # The fields to complete, with the reasons at them, in the paper's edit form.
        form = _edit_form(db, paper, formdata=None, require_complete=True)
        groups = _prepare_form(form, db, paper)
        form.add_problems(refusal.problems)
        return render_template("papers/edit.html", form=form, groups=groups, paper=paper, submit_refused=True), \
            INVALID_FORM
    db.commit()
    if submitted:
        _flash_saved(paper, submitted=True)
    else:
        flash(_("Paper %(reference)s had already been submitted.", reference=paper.reference), "info")
    return redirect(url_for("papers.show", paper_id=paper.id))


def _load_file(paper: Paper, file_id: int) -> DocumentRow:
    """The paper's attachment (a document of the library) with its current file; 404 for any other document."""
    attachment = document_queries.paper_attachment(get_session(), paper.id, file_id)
    if attachment is None or attachment.current is None:
        abort(404)
    return attachment


@blueprint.route("/<int:paper_id>/files", methods=["POST"])
@staff_required
def attach_file(paper_id: int):
    paper = _load_paper(paper_id)
    form = _file_form()
    if not form.validate_on_submit():
        return _show(paper, form), INVALID_FORM
    db = get_session()
    max_bytes = current_app.config["PAPER_FILE_MAX_BYTES"]
    upload = FileUpload(name=form.file.data.filename or "", data=form.file.data.read(max_bytes + 1))
    try:
        attachment = services.attach_file(db, current_user, paper, upload, Path(current_app.config["UPLOAD_DIR"]),
                                          max_bytes, current_app.config["PAPER_FILES_MAX"], _today())
    except services.PaperInvalid as refusal:
        db.rollback()
        form.file.errors = [*form.file.errors, refusal.problems["file"]]
        return _show(paper, form), INVALID_FORM
    db.commit()
    flash(_("%(name)s has been attached to the paper.", name=attachment.current.name), "success")
    return redirect(url_for("papers.show", paper_id=paper.id, _anchor="files"))


@blueprint.route("/<int:paper_id>/files/<int:file_id>/<path:name>")
def download_file(paper_id: int, file_id: int, name: str):
    """The attachment's current file; `file_id` is its document's id."""
    current = _load_file(_load_paper(paper_id), file_id).current
    path = file_path(Path(current_app.config["UPLOAD_DIR"]), current.stored_name,
                     document_services.UPLOAD_SUBDIRECTORY)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=current.content_type, download_name=current.name,
                     as_attachment=current.content_type not in SHOWN_INLINE, max_age=3600)


@blueprint.route("/<int:paper_id>/files/<int:file_id>/delete", methods=["POST"])
@staff_required
def remove_file(paper_id: int, file_id: int):
    paper = _load_paper(paper_id)
    attachment = _load_file(paper, file_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    name = attachment.current.name
    stored_names = services.remove_file(db, current_user, paper, attachment)
    db.commit()
    # Only now that nobody can reach them any more do the files leave the disk.
    document_services.discard_files(Path(current_app.config["UPLOAD_DIR"]), stored_names)
    flash(_("%(name)s has been removed from the paper.", name=name), "success")
    return redirect(url_for("papers.show", paper_id=paper.id, _anchor="files"))


@blueprint.app_template_global()
def papers_on_measure(measure_id: int) -> list[Paper]:
    """For the measure's page: the papers that concern it (the measures area does not know papers)."""
    return queries.papers_on_measure(get_session(), measure_id, with_drafts=permissions.may_write_papers(current_user))


@blueprint.app_template_global()
def paper_of_document(paper_id: int) -> Paper | None:
    """For a document's page in the library: the paper it is attached to, if the viewer may see it (the documents
    area does not know papers)."""
    paper = get_session().get(Paper, paper_id)
    return paper if paper is not None and permissions.may_view_paper(current_user, paper) else None


@blueprint.app_template_global()
def paper_type_label(value: str) -> str:
    return PaperType(value).label
