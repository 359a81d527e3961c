"""The document library (Unterlagen): the list with its filters and each document's page with its versions for
everyone who may see them; staff, and the people who run a board, file documents and new versions and delete them.

A document the user may not see answers 404 on every route (page, files, forms), as if it did not exist."""

from pathlib import Path
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_date
from flask_login import current_user, login_required

from participation.accounts.permissions import is_staff
from participation.boards.models import Membership
from participation.boards.permissions import may_view_meeting
from participation.boards.queries import current_membership, list_boards
from participation.db import get_session, utcnow
from participation.documents import permissions, queries, services
from participation.documents.forms import (
    DocumentFilterForm,
    DocumentForm,
    NewDocumentForm,
    VersionForm,
    describe_file_limits,
)
from participation.documents.models import Document, DocumentAudience, DocumentCategory, DocumentVersion
from participation.errors import render_error
from participation.extensions import login_manager
from participation.files import SHOWN_INLINE, FileUpload, file_path
from participation.forms import ConfirmForm, as_choices, district_choices
from participation.i18n import _, _l
from participation.municipality.queries import list_districts, strategies_with_action_areas
from participation.refusals import Refused
from participation.views import INVALID_FORM, form_page, page_number, permission_required

blueprint = Blueprint("documents", __name__, url_prefix="/documents")

DOCUMENTS_PER_PAGE = 20
REQUEST_ENTITY_TOO_LARGE = 413
CONFLICT = 409
PUBLIC_FILE_MAX_AGE = 3600
# Shown on an attachment's page and when the library is asked to change one.
ATTACHMENT_NOTE = _l("This document is attached to a paper. It is changed on the paper's page, not in the library.")


@blueprint.app_template_global()
def document_category_label(value: str) -> str:
    return DocumentCategory(value).label


@blueprint.app_template_global()
def document_audience_label(value: str) -> str:
    return DocumentAudience(value).label


def _today():
    return utcnow().astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def _upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def _max_bytes() -> int:
    return current_app.config["DOCUMENT_FILE_MAX_BYTES"]


def _seat(board_id: int | None) -> Membership | None:
    """The signed-in user's seat today on the board (None: no board, or no seat)."""
    return current_membership(get_session(), current_user, board_id, _today()) if board_id is not None else None


def _load_document(document_id: int) -> tuple[Document, Membership | None]:
    """The document and the user's seat on its board; 404 for documents that do not exist or that the user may
    not see."""
    document = get_session().get(Document, document_id)
    if document is None:
        abort(404)
    seat = _seat(document.board_id)
    if not permissions.may_see_document(current_user, document, seat):
        abort(404)
    return document, seat


def _load_editable(document_id: int) -> tuple[Document, Membership | None]:
    """As `_load_document`; then a paper's attachment is refused (403: it changes on its paper), visitors are asked
    to sign in, and users who may not edit the document get 403."""
    document, seat = _load_document(document_id)
    if document.paper_id is not None:
        abort(make_response(render_error(403, str(ATTACHMENT_NOTE))))
    if not permissions.may_edit_document(current_user, document, seat):
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(403)
    return document, seat


# Visitors are asked to sign in; signed-in users who may not file documents get 403.
filer_required = permission_required(
    lambda user: permissions.may_file_documents(user, queries.run_board_ids(get_session(), user, _today())))


# --- the list and the page -------------------------------------------------------------------------------------

def _action_area_choices(db) -> list[tuple[int, str]]:
    # Archived areas too: older documents keep them and can still be found by them.
    return [(area.id, area.title if area.archived_at is None else _("%(title)s (archived)", title=area.title))
            for _strategy, areas in strategies_with_action_areas(db, include_archived=True) for area in areas]


def _filter_from(form: DocumentFilterForm, db) -> queries.DocumentFilter:
    """Unknown values are ignored: a stale or edited link shows the whole list rather than an error."""
    form.category.choices = as_choices([("", _("All categories"))]
                                       + [(category.value, category.label) for category in DocumentCategory])
    form.action_area.choices = as_choices([("", _("All action areas"))]
                                          + [(str(key), label) for key, label in _action_area_choices(db)])
    form.district.choices = as_choices([("", _("All districts"))]
                                       + [(str(district.id), district.name) for district in list_districts(db)])
    form.board.choices = as_choices([("", _("All boards"))]
                                    + [(str(board.id), board.name) for board in list_boards(db, include_archived=True)])
    form.sort.choices = as_choices([(queries.SORT_BY_DATE, _("Newest first")), (queries.SORT_BY_TITLE, _("Title"))])
    form.validate()
    valid = {name: not field.errors and field.data for name, field in form._fields.items()}
    criteria = queries.DocumentFilter(
        category=DocumentCategory(form.category.data) if valid["category"] else None,
        action_area_id=int(form.action_area.data) if valid["action_area"] else None,
        district_id=int(form.district.data) if valid["district"] else None,
        board_id=int(form.board.data) if valid["board"] else None,
        date_from=form.date_from.data if valid["date_from"] else None,
        date_until=form.date_until.data if valid["date_until"] else None,
        text=form.q.data if valid["q"] else "",
        sort=form.sort.data if valid["sort"] else queries.SORT_BY_DATE)
    for field in form:
        field.errors = []
    return criteria


@blueprint.route("/")
def index():
    db = get_session()
    form = DocumentFilterForm(request.args)
    criteria = _filter_from(form, db)
    page = queries.visible_documents(db, current_user, _today(), criteria, page_number(), DOCUMENTS_PER_PAGE)
    may_file = permissions.may_file_documents(current_user, queries.run_board_ids(db, current_user, _today()))
    return render_template("documents/index.html", form=form, page=page, may_file=may_file)


@blueprint.route("/<int:document_id>")
def show(document_id: int):
    document, seat = _load_document(document_id)
    db = get_session()
    links = queries.links(db, document)
    # The meeting's name only to those who may see the meeting (a non-public one stays unnamed).
    meeting = links.meeting if links.meeting and may_view_meeting(
        current_user, links.meeting, seat if seat and seat.board_id == links.meeting.board_id else None) else None
    return render_template("documents/show.html", document=document, links=links, meeting=meeting,
                           versions=queries.versions(db, document.id),
                           may_edit=permissions.may_edit_document(current_user, document, seat))


def _file_response(document: Document, version: DocumentVersion | None):
    """The version's file: PDFs and images open in the browser, everything else is downloaded; only public
    documents may be kept in a cache."""
    if version is None:
        abort(404)
    path = file_path(_upload_dir(), version.stored_name, services.UPLOAD_SUBDIRECTORY)
    if not path.is_file():
        abort(404)
    public = document.audience == DocumentAudience.PUBLIC.value
    response = send_file(path, mimetype=version.content_type, download_name=version.name,
                         as_attachment=version.content_type not in SHOWN_INLINE,
                         max_age=PUBLIC_FILE_MAX_AGE if public else 0)
    if not public:
        response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@blueprint.route("/<int:document_id>/file")
def current_file(document_id: int):
    document, _seat_on_board = _load_document(document_id)
    return _file_response(document, queries.current_version(get_session(), document.id))


@blueprint.route("/<int:document_id>/versions/<int:number>/file")
def version_file(document_id: int, number: int):
    document, _seat_on_board = _load_document(document_id)
    return _file_response(document, queries.version(get_session(), document.id, number))


# --- filing ------------------------------------------------------------------------------------------------------

def _prepare_form(form: DocumentForm, document: Document | None = None) -> None:
    """The choices the user has: staff file for any board, the others for the boards whose meetings they run."""
    db = get_session()
    staff = is_staff(current_user)
    run_boards = None if staff else queries.run_board_ids(db, current_user, _today())
    boards = [board for board in list_boards(db, include_archived=True)
              if (run_boards is None or board.id in run_boards or (document and board.id == document.board_id))
              and (board.archived_at is None or (document and board.id == document.board_id))]
    form.board_id.choices = as_choices(([(0, _("No board"))] if staff else [])
                                       + [(board.id, board.name) for board in boards])
    form.meeting_id.choices = as_choices(
        [(0, _("No meeting"))] + [(meeting.id, f"{board_name}: {meeting.name} ({format_date(meeting.starts_at)})")
                                  for meeting, board_name in queries.meeting_choices(
                                      db, run_boards, document.meeting_id if document else None)])
    form.project_id.choices = as_choices([(0, _("No volunteer project"))] + queries.project_choices(db))
    form.action_area_id.choices = as_choices([(0, _("No action area"))] + _action_area_choices(db))
    form.district_id.choices = district_choices(list_districts(db))
    form.audience.choices = as_choices((audience.value, audience.label)
                                       for audience in permissions.choosable_audiences(current_user))


def _draft(form: DocumentForm) -> services.DocumentDraft:
    return services.DocumentDraft(
        title=form.title.data or "", description=form.description.data or "",
        category=DocumentCategory(form.category.data), audience=DocumentAudience(form.audience.data),
        document_date=form.document_date.data, board_id=form.board_id.data or None,
        meeting_id=form.meeting_id.data or None, project_id=form.project_id.data or None,
        action_area_id=form.action_area_id.data or None,
        district_id=form.district_id.data or None)


def _upload(form) -> FileUpload:
    return FileUpload(name=form.file.data.filename or "", data=form.file.data.read(_max_bytes() + 1))


def _upload_page(form, template: str, save, done, **context):
    """`form_page` for a form with a file: a file over the size limit answers 413, its message at the field."""
    too_large = []

    def saving(db):
        try:
            return save(db)
        except services.FileTooLarge:
            too_large.append(True)
            raise

    response = form_page(form, template, saving, done, **context)
    return (response[0], REQUEST_ENTITY_TOO_LARGE) if too_large else response


@blueprint.route("/new", methods=["GET", "POST"])
@filer_required
def new():
    form = NewDocumentForm()
    if not form.is_submitted():
        form.document_date.data = _today()
        form.audience.data = DocumentAudience.PUBLIC.value
    _prepare_form(form)
    describe_file_limits(form.file, _max_bytes())
    return _upload_page(
        form, "documents/form.html",
        lambda db: services.create_document(db, current_user, _draft(form), _upload(form), _upload_dir(),
                                            _max_bytes(), _today()),
        lambda document: (_("The document “%(title)s” has been filed.", title=document.title),
                          url_for(".show", document_id=document.id)),
        document=None)


@blueprint.route("/<int:document_id>/edit", methods=["GET", "POST"])
@login_required
def edit(document_id: int):
    document, _seat_on_board = _load_editable(document_id)
    form = DocumentForm(obj=document)
    if not form.is_submitted():
        form.board_id.data = document.board_id or 0
        form.meeting_id.data = document.meeting_id or 0
        form.project_id.data = document.project_id or 0
        form.action_area_id.data = document.action_area_id or 0
        form.district_id.data = document.district_id or 0
    _prepare_form(form, document)
    return form_page(
        form, "documents/form.html",
        lambda db: services.update_document(db, current_user, document, _draft(form), _today()),
        lambda changed: (_("The document has been saved.") if changed else _("Nothing was changed."),
                         "success" if changed else "info", url_for(".show", document_id=document.id)),
        document=document)


@blueprint.route("/<int:document_id>/versions/new", methods=["GET", "POST"])
@login_required
def new_version(document_id: int):
    document, _seat_on_board = _load_editable(document_id)
    form = VersionForm()
    describe_file_limits(form.file, _max_bytes())
    return _upload_page(
        form, "documents/version_form.html",
        lambda db: services.add_version(db, current_user, document, _upload(form), form.note.data or "",
                                        _upload_dir(), _max_bytes(), _today()),
        lambda version: (_("Version %(number)d of “%(title)s” has been uploaded.", number=version.number,
                           title=document.title), url_for(".show", document_id=document.id, _anchor="versions")),
        document=document)



# --- deleting ----------------------------------------------------------------------------------------------------
# Not behind login_required: a visitor first gets the 404 of a document they may not see, as on its other pages.

def _discard_files(stored_names: list[str]) -> None:
    services.discard_files(_upload_dir(), stored_names)


@blueprint.route("/<int:document_id>/delete", methods=["GET", "POST"])
def delete(document_id: int):
    """A page that names the document and its versions and asks before deleting them all."""
    document, _seat_on_board = _load_editable(document_id)
    db = get_session()
    form = ConfirmForm()
    if form.validate_on_submit():
        title = document.title
        stored_names = services.delete_document(db, current_user, document, _today())
        db.commit()
        _discard_files(stored_names)
        flash(_("The document “%(title)s” has been deleted.", title=title), "success")
        return redirect(url_for(".index"))
    return render_template("documents/delete.html", document=document, versions=queries.versions(db, document.id),
                           form=form), INVALID_FORM if form.is_submitted() else 200


@blueprint.route("/<int:document_id>/versions/<int:number>/delete", methods=["GET", "POST"])
def delete_version(document_id: int, number: int):
    """A page that asks before deleting one version; the only version is refused (409): then the whole document
    is deleted."""
    document, _seat_on_board = _load_editable(document_id)
    db = get_session()
    version = queries.version(db, document.id, number)
    if version is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            stored_name = services.delete_version(db, current_user, document, version, _today())
        except Refused as refusal:
            db.rollback()
            form.form_errors.append(refusal.message)
        else:
            db.commit()
            _discard_files([stored_name])
            flash(_("Version %(number)d of “%(title)s” has been deleted.", number=number, title=document.title),
                  "success")
            return redirect(url_for(".show", document_id=document.id, _anchor="versions"))
    status = (CONFLICT if form.form_errors else INVALID_FORM) if form.is_submitted() else 200
    remaining = [row.version for row in queries.versions(db, document.id) if row.version.number != number]
    return render_template("documents/delete_version.html", document=document, version=version,
                           remaining=remaining, form=form), status
