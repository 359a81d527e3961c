"""Who may see and file which documents. Predicates take the acting user (anonymous users included) and, where the
answer depends on a seat on the document's board, the user's current membership of that board (None: no seat).

`visible_documents_condition` says the same as `may_see_document` in SQL, for lists; keep the two in step."""

from datetime import date

from sqlalchemy import ColumnElement, or_, true
from sqlmodel import col, select

from participation.accounts.permissions import is_staff
from participation.boards.models import Membership
from participation.boards.permissions import may_run_meetings
from participation.documents.models import Document, DocumentAudience


def may_see_document(user, document: Document, membership: Membership | None) -> bool:
    """Public documents: everyone. Board documents: the board's current members, staff and admins. Staff
    documents: staff and admins."""
    if document.audience == DocumentAudience.PUBLIC.value or is_staff(user):
        return True
    if document.audience == DocumentAudience.BOARD.value:
        return bool(user.is_authenticated and user.is_active and membership is not None
                    and membership.board_id == document.board_id)
    return False


def visible_documents_condition(user, today: date) -> ColumnElement[bool]:
    """A WHERE condition on Document: the documents `user` may see on `today` (their seats as of that day)."""
    if is_staff(user):
        return true()
    public = Document.audience == DocumentAudience.PUBLIC.value
    if not (user.is_authenticated and user.is_active):
        return public
    seats = select(Membership.board_id).where(
        Membership.user_id == user.id,
        or_(col(Membership.start_date).is_(None), col(Membership.start_date) <= today),
        or_(col(Membership.end_date).is_(None), col(Membership.end_date) >= today))
    return or_(public, (Document.audience == DocumentAudience.BOARD.value) & col(Document.board_id).in_(seats))


def may_file_documents(user, run_board_ids: set[int]) -> bool:
    """Upload documents: staff and admins, and whoever runs a board's meetings (`run_board_ids`: the boards whose
    chair, deputy chair or secretary the user is), for that board."""
    return is_staff(user) or bool(user.is_authenticated and user.is_active and run_board_ids)


def may_file_for_board(user, membership: Membership | None) -> bool:
    """File documents of a board (public or for its members): staff, and the board's chair, deputy or secretary."""
    return is_staff(user) or may_run_meetings(user, membership)


def may_edit_document(user, document: Document, membership: Membership | None) -> bool:
    """Change a document and upload new versions: staff; the people who run its board for its public and board
    documents (staff-only documents stay with the administration). Nobody in the library for a paper's attachment:
    it changes only on its paper."""
    if document.paper_id is not None:
        return False
    if is_staff(user):
        return True
    return bool(document.board_id is not None and document.audience != DocumentAudience.STAFF.value
                and membership is not None and membership.board_id == document.board_id
                and may_run_meetings(user, membership))


def may_manage_paper_attachments(user) -> bool:
    """File, publish and remove papers' attachments (through the papers area): the administration, who write
    papers."""
    return is_staff(user)


def choosable_audiences(user) -> list[DocumentAudience]:
    """The audiences the user may give a document: only staff file documents for the administration alone."""
    if is_staff(user):
        return list(DocumentAudience)
    return [DocumentAudience.PUBLIC, DocumentAudience.BOARD]

