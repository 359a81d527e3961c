"""Filing documents in the library: a new document with its first file, changes to its details, new versions;
deleting a version or the whole document. Services take the session and the acting user and only flush; the route
commits (and only then removes deleted files from the disk).

Each service checks the actor's right itself and raises NotAllowed, or Refused for input that breaks a rule, naming
the form field the message belongs to; nothing is written then (a refused file is never stored).

A paper's attachments are documents too (with `paper_id`); the papers area files, publishes and removes them through
the `*_paper_attachment*` services, and the library's own services refuse to change them.
"""

import io
import logging
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import delete, func, or_, update
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.accounts.permissions import is_staff
from participation.audit.services import record
from participation.boards.models import Board, Meeting
from participation.boards.queries import current_membership
from participation.db import utcnow
from participation.documents import permissions, queries
from participation.documents.models import Document, DocumentAudience, DocumentCategory, DocumentVersion
from participation.files import (
    ATTACHMENT_TYPES,
    LIBRARY_TYPES,
    FileRejected,
    FileUpload,
    StoredFile,
    display_name,
    file_path,
    store_file,
    suffix_of,
)
from participation.i18n import _
from participation.municipality.models import ActionArea, District
from participation.refusals import NotAllowed, Refused
from participation.volunteering.models import Project

log = logging.getLogger(__name__)

UPLOAD_SUBDIRECTORY = "documents"
# Enough for any report of the project; a scanned 1,000-page file must not hold up the upload.
EXTRACT_MAX_PAGES = 200
EXTRACT_MAX_CHARS = 500_000
NOTE_MAX_LENGTH = 500
TITLE_MAX_LENGTH = 200


class FileTooLarge(Refused):
    """The file is larger than allowed (the route answers 413)."""


@dataclass(frozen=True)
class DocumentDraft:
    """A document's details, as the form gives them."""

    title: str
    description: str
    category: DocumentCategory
    audience: DocumentAudience
    document_date: date
    board_id: int | None = None
    meeting_id: int | None = None
    project_id: int | None = None
    action_area_id: int | None = None
    district_id: int | None = None


def extract_pdf_text(data: bytes, max_pages: int = EXTRACT_MAX_PAGES, max_chars: int = EXTRACT_MAX_CHARS) -> str:
    """The text of a PDF's first `max_pages` pages, at most `max_chars` characters, for the search. An encrypted or
    broken PDF gives an empty text (and a line in the log): the upload never fails over it."""
    parts, length = [], 0
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            log.info("document text not extracted: the PDF is encrypted")
            return ""
        for page in reader.pages[:max_pages]:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text) + 1
            if length >= max_chars:
                break
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on malformed files; none may stop an upload
        log.warning("document text not extracted: %s: %s", type(error).__name__, error)
        return ""
    return "\n".join(parts)[:max_chars].replace("\x00", "")


def _file_problem(reason: str, max_bytes: int) -> Refused:
    if reason == "size":
        return FileTooLarge("file", _("The file is too large. Please choose one of at most %(size)d MB.",
                                      size=max_bytes // 1024 ** 2))
    if reason == "empty":
        return Refused("file", _("The file is empty. Please choose another one."))
    return Refused("file", _("This kind of file cannot be filed in the library. Please choose a PDF, an office "
                             "document (OpenDocument or Microsoft Office), a JPEG or PNG image, or a CSV table."))


def _store(upload: FileUpload, upload_dir: Path, max_bytes: int) -> StoredFile:
    try:
        return store_file(upload.data, upload_dir, max_bytes, subdirectory=UPLOAD_SUBDIRECTORY, accepted=LIBRARY_TYPES,
                          uploaded_name=upload.name)
    except FileRejected as rejection:
        raise _file_problem(rejection.reason, max_bytes) from rejection


def _membership(session: Session, actor: User, board_id: int | None, today: date):
    return current_membership(session, actor, board_id, today) if board_id is not None else None


def _check(session: Session, actor: User, draft: DocumentDraft, today: date) -> DocumentDraft:
    """The draft, tidied, with the meeting's board filled in. Refused for links that do not exist or do not fit and
    for a board the actor does not run (unless staff); NotAllowed for an audience the actor may not choose."""
    title = draft.title.strip()
    if not title:
        raise Refused("title", _("Please give the document a title."))
    board_id = draft.board_id
    if board_id is not None and session.get(Board, board_id) is None:
        raise Refused("board_id", _("Please choose one of the boards."))
    if draft.meeting_id is not None:
        meeting = session.get(Meeting, draft.meeting_id)
        if meeting is None:
            raise Refused("meeting_id", _("Please choose one of the meetings."))
        if board_id is not None and meeting.board_id != board_id:
            raise Refused("meeting_id", _("The meeting belongs to another board. Please choose a meeting of the "
                                          "document's board, or no meeting."))
        board_id = meeting.board_id
    if draft.project_id is not None and session.get(Project, draft.project_id) is None:
        raise Refused("project_id", _("Please choose one of the volunteer projects."))
    if draft.action_area_id is not None and session.get(ActionArea, draft.action_area_id) is None:
        raise Refused("action_area_id", _("Please choose one of the action areas."))
    if draft.district_id is not None and session.get(District, draft.district_id) is None:
        raise Refused("district_id", _("Please choose one of the districts."))
    if draft.audience == DocumentAudience.BOARD and board_id is None:
        raise Refused("board_id", _("A document for the members of a board needs its board. Please choose it."))
    if draft.audience not in permissions.choosable_audiences(actor):
        raise NotAllowed
    if not is_staff(actor):
        # Whoever runs a board files documents of that board only.
        if board_id is None:
            raise Refused("board_id", _("Please choose the board the document belongs to."))
        if not permissions.may_file_for_board(actor, _membership(session, actor, board_id, today)):
            raise Refused("board_id", _("You can file documents only for the boards whose meetings you run."))
    return replace(draft, title=title, description=draft.description.strip(), board_id=board_id)


def _columns(draft: DocumentDraft) -> dict:
    return {**asdict(draft), "category": draft.category.value, "audience": draft.audience.value}


def _snapshot(document: Document) -> dict:
    return {"title": document.title, "description": document.description, "category": document.category,
            "audience": document.audience,
            "board_id": document.board_id, "meeting_id": document.meeting_id, "project_id": document.project_id,
            "action_area_id": document.action_area_id, "district_id": document.district_id,
            "document_date": document.document_date.isoformat()}


def _add_version(session: Session, actor: User, document: Document, upload: FileUpload, stored: StoredFile,
                 note: str) -> DocumentVersion:
    # Counting by one update of the document's row holds that row until the commit: an upload or deletion at the
    # same time waits, so two uploads never share a number.
    session.execute(update(Document).where(Document.id == document.id)
                    .values(version_count=Document.version_count + 1))
    number = session.exec(select(func.coalesce(func.max(DocumentVersion.number), 0) + 1)
                          .where(DocumentVersion.document_id == document.id)).one()
    now = utcnow()
    version = DocumentVersion(
        document_id=document.id, number=number, name=display_name(upload.name, suffix_of(stored.content_type)),
        stored_name=stored.stored_name, content_type=stored.content_type, size=stored.size, sha512=stored.sha512,
        extracted_text=extract_pdf_text(upload.data) if stored.content_type == "application/pdf" else "",
        note=note.strip()[:NOTE_MAX_LENGTH], uploaded_by_id=actor.id, uploaded_at=now)
    session.add(version)
    session.flush()
    session.refresh(document)
    document.updated_at = now
    session.add(document)
    session.flush()
    return version


def create_document(session: Session, actor: User, draft: DocumentDraft, upload: FileUpload, upload_dir: Path,
                    max_bytes: int, today: date) -> Document:
    """File a new document with its first version.

    Raises NotAllowed for an audience the actor may not choose; Refused for missing or unknown links, a board
    document without its board, a board the actor does not run (unless staff), or a file that is empty, not of an
    accepted kind (judged by its content) or larger than `max_bytes` (FileTooLarge). `today` decides the actor's
    seats on boards.
    """
    if not permissions.may_file_documents(actor, queries.run_board_ids(session, actor, today)):
        raise NotAllowed
    draft = _check(session, actor, draft, today)
    return _new_document(session, actor, _columns(draft), upload, _store(upload, upload_dir, max_bytes))


def _new_document(session: Session, actor: User, columns: dict, upload: FileUpload, stored: StoredFile) -> Document:
    now = utcnow()
    document = Document(**columns, created_by_id=actor.id, created_at=now, updated_at=now)
    session.add(document)
    session.flush()
    version = _add_version(session, actor, document, upload, stored, "")
    record(session, actor, "document.created", object_type="document", object_id=document.id,
           object_label=document.title, after={**_snapshot(document), "file": version.name})
    return document


def attach_to_paper(session: Session, actor: User, paper_id: int, label: str, upload: FileUpload, upload_dir: Path,
                    max_bytes: int, audience: DocumentAudience, action_area_id: int | None,
                    today: date) -> Document:
    """File the upload as an attachment of the paper: a document of category "paper" dated `today`, titled by the
    file's name followed by `label` (the paper's reference, so that the library's list tells whose it is).

    The papers area decides whether the actor may change the paper and who may see it; this raises NotAllowed
    unless the actor may manage papers' attachments, FileRejected (nothing stored) for a file that is empty, larger
    than `max_bytes` or not a PDF, office document or image.
    """
    if not permissions.may_manage_paper_attachments(actor):
        raise NotAllowed
    stored = store_file(upload.data, upload_dir, max_bytes, subdirectory=UPLOAD_SUBDIRECTORY,
                        accepted=ATTACHMENT_TYPES, uploaded_name=upload.name)
    stem = display_name(upload.name, suffix_of(stored.content_type)).rsplit(".", 1)[0]
    tail = f" ({label})" if label else ""
    columns = {"title": stem[:TITLE_MAX_LENGTH - len(tail)] + tail, "category": DocumentCategory.PAPER.value,
               "audience": audience.value, "action_area_id": action_area_id, "document_date": today,
               "paper_id": paper_id}
    return _new_document(session, actor, columns, upload, stored)


def update_paper_attachments(session: Session, actor: User, paper_id: int, audience: DocumentAudience,
                             action_area_id: int | None) -> int:
    """Let the paper's attachments follow their paper: who may see them, and its action area. Returns how many
    changed (their `updated_at` moves, so that registers synchronising by it notice). Raises NotAllowed as
    `attach_to_paper`."""
    if not permissions.may_manage_paper_attachments(actor):
        raise NotAllowed
    changed = session.execute(
        update(Document).where(Document.paper_id == paper_id,
                               or_(Document.audience != audience.value,
                                   col(Document.action_area_id).is_distinct_from(action_area_id)))
        .values(audience=audience.value, action_area_id=action_area_id, updated_at=utcnow())
        .execution_options(synchronize_session="fetch"))
    return changed.rowcount


def _require_editor(session: Session, actor: User, document: Document, today: date) -> None:
    if not permissions.may_edit_document(actor, document, _membership(session, actor, document.board_id, today)):
        raise NotAllowed


def update_document(session: Session, actor: User, document: Document, draft: DocumentDraft, today: date) -> bool:
    """Change the document's details; False if nothing changed. Raises NotAllowed and Refused as `create_document`,
    and NotAllowed unless the actor may edit the document."""
    _require_editor(session, actor, document, today)
    draft = _check(session, actor, draft, today)
    before = _snapshot(document)
    for key, value in _columns(draft).items():
        setattr(document, key, value)
    after = _snapshot(document)
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return False
    document.updated_at = utcnow()
    session.add(document)
    session.flush()
    record(session, actor, "document.changed", object_type="document", object_id=document.id,
           object_label=document.title, before={key: before[key] for key in changed},
           after={key: after[key] for key in changed})
    return True


def add_version(session: Session, actor: User, document: Document, upload: FileUpload, note: str,
                upload_dir: Path, max_bytes: int, today: date) -> DocumentVersion:
    """Upload a new version of the document; the earlier ones stay in its history.

    Raises NotAllowed unless the actor may edit the document; Refused("file") (FileTooLarge) as `create_document`.
    """
    _require_editor(session, actor, document, today)
    stored = _store(upload, upload_dir, max_bytes)
    version = _add_version(session, actor, document, upload, stored, note)
    record(session, actor, "document.version_added", object_type="document", object_id=document.id,
           object_label=document.title, after={"version": version.number, "file": version.name,
                                               "content_type": version.content_type, "size": version.size})
    return version


def discard_files(upload_dir: Path, stored_names: list[str]) -> None:
    """Remove deleted versions' files from the disk. Call it only after the commit, so a failed deletion never loses
    a file; a file already missing is fine."""
    for stored_name in stored_names:
        file_path(upload_dir, stored_name, UPLOAD_SUBDIRECTORY).unlink(missing_ok=True)


def _stored_names(session: Session, document: Document) -> list[str]:
    return list(session.exec(select(DocumentVersion.stored_name).where(DocumentVersion.document_id == document.id)))


def delete_document(session: Session, actor: User, document: Document, today: date) -> list[str]:
    """Delete the document with all its versions; returns the stored names of its files for the caller to remove
    once committed.

    Raises NotAllowed unless the actor may edit the document.
    """
    _require_editor(session, actor, document, today)
    return _delete(session, actor, document)


def delete_paper_attachment(session: Session, actor: User, document: Document) -> list[str]:
    """Delete an attachment of a paper with all its versions; returns the stored names of its files for the caller
    to remove once committed. Raises NotAllowed as `attach_to_paper`, and for a document that is no attachment."""
    if not permissions.may_manage_paper_attachments(actor) or document.paper_id is None:
        raise NotAllowed
    return _delete(session, actor, document)


def _delete(session: Session, actor: User, document: Document) -> list[str]:
    before = {"title": document.title, "category": document.category, "audience": document.audience,
              "versions": document.version_count}
    document_id, stored_names = document.id, _stored_names(session, document)
    session.execute(delete(DocumentVersion).where(DocumentVersion.document_id == document_id))
    session.delete(document)
    session.flush()
    record(session, actor, "document.deleted", object_type="document", object_id=document_id,
           object_label=before["title"], before=before)
    return stored_names


def delete_version(session: Session, actor: User, document: Document, version: DocumentVersion,
                   today: date) -> str:
    """Delete one of the document's versions; the highest-numbered of the others is current then, and none is
    renumbered. Returns the version's stored name for the caller to remove once committed.

    Raises NotAllowed unless the actor may edit the document; Refused("version") for its only version (the whole
    document is deleted instead).
    """
    _require_editor(session, actor, document, today)
    if version.document_id != document.id:
        raise NotAllowed
    # One update of the document's row that counts the version out, unless it is the last: two deletions at the
    # same time cannot leave a document without a file.
    counted_out = session.execute(update(Document).where(Document.id == document.id, Document.version_count > 1)
                                  .values(version_count=Document.version_count - 1))
    if counted_out.rowcount != 1:
        raise Refused("version", _("Version %(number)d is the only version of the document and cannot be deleted "
                                   "on its own. Delete the whole document instead.", number=version.number))
    before = {"version": version.number, "file": version.name, "content_type": version.content_type,
              "size": version.size}
    stored_name = version.stored_name
    session.delete(version)
    session.flush()
    session.refresh(document)
    document.updated_at = utcnow()
    session.add(document)
    session.flush()
    record(session, actor, "document.version_deleted", object_type="document", object_id=document.id,
           object_label=document.title, before=before)
    return stored_name
