"""Reading the document library. Every list a user sees goes through `visible_documents_condition`, so documents
for a board or for the administration never show to people who may not see them."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.boards.models import Board, Meeting, Membership
from participation.boards.permissions import CHAIR_ROLES
from participation.documents.models import Document, DocumentAudience, DocumentCategory, DocumentVersion
from participation.documents.permissions import visible_documents_condition
from participation.municipality.models import ActionArea, District
from participation.pagination import Page, paginate
from participation.volunteering.models import Project

SORT_BY_DATE = "date"
SORT_BY_TITLE = "title"
MEETING_CHOICES_LIMIT = 200


@dataclass(frozen=True)
class DocumentFilter:
    """The list's filters; None or "" for a filter not set."""

    category: DocumentCategory | None = None
    action_area_id: int | None = None
    district_id: int | None = None
    board_id: int | None = None
    date_from: date | None = None
    date_until: date | None = None
    text: str = ""
    sort: str = SORT_BY_DATE  # newest first; SORT_BY_TITLE: alphabetically


@dataclass(frozen=True)
class DocumentRow:
    """A document as lists show it: with its current file (None only while the first upload is missing)."""

    document: Document
    current: DocumentVersion | None
    board_name: str | None


@dataclass(frozen=True)
class VersionRow:
    version: DocumentVersion
    uploader_name: str | None  # None: the account was deleted


@dataclass(frozen=True)
class DocumentLinks:
    """What the document belongs to, each None if not set."""

    board: Board | None
    meeting: Meeting | None
    project: Project | None
    action_area: ActionArea | None
    district: District | None


def _highest_number():
    """The number of the document's current version: the highest (deleted versions leave gaps in the numbers)."""
    other = aliased(DocumentVersion)
    return (select(func.max(other.number)).where(other.document_id == Document.id)
            .correlate(Document).scalar_subquery())


def _with_current_version():
    return (select(Document, DocumentVersion, Board.name).select_from(Document)
            .outerjoin(DocumentVersion, (DocumentVersion.document_id == Document.id)
                       & (DocumentVersion.number == _highest_number()))
            .outerjoin(Board, Board.id == Document.board_id))


def _rows(user, today: date):
    return _with_current_version().where(visible_documents_condition(user, today))


def _as_rows(results) -> list[DocumentRow]:
    return [DocumentRow(document, current, board_name) for document, current, board_name in results]


def _newest_first(query):
    return query.order_by(col(Document.document_date).desc(), col(Document.id).desc())


def visible_documents(session: Session, user, today: date, criteria: DocumentFilter | None = None, page: int = 1,
                      per_page: int = 20) -> Page[DocumentRow]:
    """One page of the documents `user` may see (their board seats as of `today`) that match `criteria`."""
    criteria = criteria or DocumentFilter()
    query = _rows(user, today)
    if criteria.category is not None:
        query = query.where(Document.category == criteria.category.value)
    for column, value in ((Document.action_area_id, criteria.action_area_id),
                          (Document.district_id, criteria.district_id), (Document.board_id, criteria.board_id)):
        if value is not None:
            query = query.where(column == value)
    if criteria.date_from is not None:
        query = query.where(Document.document_date >= criteria.date_from)
    if criteria.date_until is not None:
        query = query.where(Document.document_date <= criteria.date_until)
    # Lowered here as well: SQLite's lower() knows only ASCII letters ("SCHWÄCHEN" must find "Schwächen").
    text = criteria.text.strip().lower()
    if text:
        # A plain substring match; the site-wide search does the full-text search.
        query = query.where(or_(col(Document.title).icontains(text, autoescape=True),
                                col(Document.description).icontains(text, autoescape=True),
                                col(DocumentVersion.extracted_text).icontains(text, autoescape=True)))
    if criteria.sort == SORT_BY_TITLE:
        query = query.order_by(func.lower(Document.title), Document.id)
    else:
        query = _newest_first(query)
    found = paginate(session, query, page, per_page)
    return Page(items=_as_rows(found.items), number=found.number, per_page=found.per_page, total=found.total)


def latest_public_documents(session: Session, limit: int) -> list[DocumentRow]:
    """The newest public documents (by the date they bear), e.g. for the home page."""
    query = _with_current_version().where(Document.audience == DocumentAudience.PUBLIC.value)
    return _as_rows(session.exec(_newest_first(query).limit(limit)))


def documents_of_meeting(session: Session, user, meeting_id: int, today: date) -> list[DocumentRow]:
    """The meeting's documents that `user` may see: the minutes first, then the newest."""
    minutes_first = case((Document.category == DocumentCategory.MINUTES.value, 0), else_=1)
    query = _rows(user, today).where(Document.meeting_id == meeting_id)
    return _as_rows(session.exec(query.order_by(minutes_first, col(Document.document_date).desc(),
                                                func.lower(Document.title))))


def documents_of_project(session: Session, user, project_id: int, today: date) -> list[DocumentRow]:
    """The volunteer project's documents that `user` may see, the newest first."""
    query = _rows(user, today).where(Document.project_id == project_id)
    return _as_rows(session.exec(query.order_by(col(Document.document_date).desc(), func.lower(Document.title))))


def project_choices(session: Session) -> list[tuple[int, str]]:
    """Every volunteer project, for the document form."""
    return [(project.id, project.title) for project in session.exec(select(Project).order_by(Project.title))]


def paper_attachments(session: Session, paper_id: int) -> list[DocumentRow]:
    """A paper's attachments with their current files, in the order they were attached. Whoever may see the paper
    may see them (they follow its status), so no viewer is asked."""
    query = _with_current_version().where(Document.paper_id == paper_id).order_by(Document.id)
    return _as_rows(session.exec(query))


def paper_attachment(session: Session, paper_id: int, document_id: int) -> DocumentRow | None:
    """One attachment of the paper with its current file; None if the document is not attached to that paper."""
    query = _with_current_version().where(Document.paper_id == paper_id, Document.id == document_id)
    found = _as_rows(session.exec(query))
    return found[0] if found else None


def versions(session: Session, document_id: int) -> list[VersionRow]:
    """Every version of the document, the current (highest number) first, with its uploader's name."""
    query = (select(DocumentVersion, User.display_name)
             .outerjoin(User, User.id == DocumentVersion.uploaded_by_id)
             .where(DocumentVersion.document_id == document_id)
             .order_by(col(DocumentVersion.number).desc()))
    return [VersionRow(version, name) for version, name in session.exec(query)]


def version(session: Session, document_id: int, number: int) -> DocumentVersion | None:
    return session.exec(select(DocumentVersion).where(DocumentVersion.document_id == document_id,
                                                      DocumentVersion.number == number)).first()


def current_version(session: Session, document_id: int) -> DocumentVersion | None:
    """The document's current file: its highest-numbered version."""
    return session.exec(select(DocumentVersion).where(DocumentVersion.document_id == document_id)
                        .order_by(col(DocumentVersion.number).desc()).limit(1)).first()


def links(session: Session, document: Document) -> DocumentLinks:
    def get(model, key):
        return session.get(model, key) if key is not None else None

    return DocumentLinks(board=get(Board, document.board_id), meeting=get(Meeting, document.meeting_id),
                         project=get(Project, document.project_id),
                         action_area=get(ActionArea, document.action_area_id),
                         district=get(District, document.district_id))


def run_board_ids(session: Session, user, today: date) -> set[int]:
    """The boards whose meetings the user runs on `today` (chair, deputy chair or secretary): they file its
    documents."""
    if not user.is_authenticated:
        return set()
    query = select(Membership.board_id).where(
        Membership.user_id == user.id,
        or_(col(Membership.role).in_([role.value for role in CHAIR_ROLES]), col(Membership.is_secretary)),
        or_(col(Membership.start_date).is_(None), col(Membership.start_date) <= today),
        or_(col(Membership.end_date).is_(None), col(Membership.end_date) >= today))
    return set(session.exec(query))


def meeting_choices(session: Session, board_ids: set[int] | None,
                    keep_id: int | None = None) -> list[tuple[Meeting, str]]:
    """The latest meetings of the boards (`None`: of every board) with their board's short name, for the document
    form; the meeting the document already belongs to stays among them."""
    query = (select(Meeting, func.coalesce(func.nullif(Board.short_name, ""), Board.name))
             .join(Board, Board.id == Meeting.board_id)
             .order_by(col(Meeting.starts_at).desc()).limit(MEETING_CHOICES_LIMIT))
    if board_ids is not None:
        query = query.where(col(Meeting.board_id).in_(board_ids))
    choices = [(meeting, board_name) for meeting, board_name in session.exec(query)]
    if keep_id is not None and all(meeting.id != keep_id for meeting, _board_name in choices):
        kept = session.get(Meeting, keep_id)
        if kept is not None:
            board = session.get(Board, kept.board_id)
            choices.append((kept, board.short_name or board.name))
    return choices
