"""What the OParl interface publishes, read from the boards, papers, measures and documents areas.

Only what everyone may see: public meetings and their public items, submitted papers, measures past their draft,
and the people who consented to be named with their seats. A list is an ordered sequence of keys (stable: by id),
so a page can be cut from it before any object is loaded.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.audit.models import DeletedRecord
from participation.boards.models import AgendaItem, Attendance, Board, BoardActionArea, Meeting, Membership
from participation.boards.queries import person_keys
from participation.documents.models import Document, DocumentAudience, DocumentVersion
from participation.measures.models import PUBLIC_MEASURE_STATUSES, Measure, MeasureActionArea
from participation.municipality.models import ActionArea, District
from participation.papers.models import Paper, PaperActionArea, PaperMeasure, PaperStatus
from participation.papers.services import DELETED_FILE_KIND

PUBLIC_MEASURE_VALUES = tuple(status.value for status in PUBLIC_MEASURE_STATUSES)


@dataclass(frozen=True)
class Window:
    """The list filters of OParl: objects created or modified within these bounds (each optional)."""

    created_since: datetime | None = None
    created_until: datetime | None = None
    modified_since: datetime | None = None
    modified_until: datetime | None = None

    def conditions(self, created_column, modified_column) -> list:
        bounds = [(created_column, self.created_since, self.created_until),
                  (modified_column, self.modified_since, self.modified_until)]
        conditions = []
        for column, since, until in bounds:
            if since is not None:
                conditions.append(column >= since)
            if until is not None:
                conditions.append(column <= until)
        return conditions

    def admits(self, created: datetime, modified: datetime) -> bool:
        return ((self.created_since is None or created >= self.created_since)
                and (self.created_until is None or created <= self.created_until)
                and (self.modified_since is None or modified >= self.modified_since)
                and (self.modified_until is None or modified <= self.modified_until))


@dataclass(frozen=True)
class PaperAttachment:
    """A submitted paper's file: the library's document and its current version."""

    document: Document
    version: DocumentVersion


@dataclass(frozen=True)
class Vanished:
    """An object that was public and no longer is: reported as deleted to clients that synchronise."""

    key: int | str
    created: datetime
    modified: datetime


def _ids(session: Session, query) -> list[int]:
    return list(session.exec(query))


# --- organizations (boards) ------------------------------------------------------------------------------------

def organization_ids(session: Session, window: Window) -> list[int]:
    return _ids(session, select(Board.id).where(*window.conditions(Board.created_at, Board.updated_at))
                .order_by(Board.id))


def boards(session: Session, ids: Iterable[int]) -> list[Board]:
    return list(session.exec(select(Board).where(col(Board.id).in_(list(ids))).order_by(Board.id)))


def board_keywords(session: Session, board_ids: Iterable[int]) -> dict[int, list[str]]:
    """Each thematic board's action areas, by title."""
    keywords: dict[int, list[str]] = defaultdict(list)
    query = (select(BoardActionArea.board_id, ActionArea.title).join(ActionArea)
             .where(col(BoardActionArea.board_id).in_(list(board_ids))).order_by(ActionArea.position, ActionArea.id))
    for board_id, title in session.exec(query):
        keywords[board_id].append(title)
    return keywords


def listed_seat_ids_by_board(session: Session, board_ids: Iterable[int]) -> dict[int, list[int]]:
    seats: dict[int, list[int]] = defaultdict(list)
    query = (select(Membership.board_id, Membership.id).where(Membership.listed_publicly)
             .where(col(Membership.board_id).in_(list(board_ids))).order_by(Membership.id))
    for board_id, membership_id in session.exec(query):
        seats[board_id].append(membership_id)
    return seats


def board_meeting_ids(session: Session, board_id: int, window: Window) -> list[int]:
    return _ids(session, select(Meeting.id).where(Meeting.board_id == board_id, Meeting.is_public)
                .where(*window.conditions(Meeting.created_at, Meeting.updated_at)).order_by(Meeting.id))


# --- people and their seats ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Seat:
    membership: Membership
    person_key: str  # its holder, see participation.boards.queries.person_keys
    name: str
    district: str | None


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    seats: list[Seat]

    @property
    def created(self) -> datetime:
        return min(seat.membership.created_at for seat in self.seats)


def _listed_seats(session: Session, *conditions) -> list[Seat]:
    query = (select(Membership, User.display_name, District.name)
             .outerjoin(User, User.id == Membership.user_id)
             .outerjoin(District, District.id == Membership.district_id)
             .where(Membership.listed_publicly, *conditions).order_by(Membership.id))
    holders = person_keys(session)
    return [Seat(membership, holders[membership.id], account_name or membership.person_name, district)
            for membership, account_name, district in session.exec(query)]


def _seat_deletions(session: Session) -> dict[str, list[DeletedRecord]]:
    """Seats withdrawn from public view (removed, consent withdrawn, given to someone else), by their person."""
    deletions: dict[str, list[DeletedRecord]] = defaultdict(list)
    for record in session.exec(select(DeletedRecord).where(DeletedRecord.kind == "membership")):
        deletions[record.owner_key].append(record)
    return deletions


def _person_sort_key(key: str) -> tuple[str, int]:
    kind, _, number = key.partition("-")
    return kind, int(number)


def _people(session: Session) -> dict[str, Person]:
    by_key: dict[str, list[Seat]] = defaultdict(list)
    for seat in _listed_seats(session):
        by_key[seat.person_key].append(seat)
    return {key: Person(key, seats[0].name, seats) for key, seats in sorted(
        by_key.items(), key=lambda entry: _person_sort_key(entry[0]))}


def person_modified(person: Person, deletions: dict[str, list[DeletedRecord]]) -> datetime:
    """A person changes with their seats, including seats that left public view."""
    moments = [seat.membership.updated_at for seat in person.seats]
    moments += [record.deleted_at for record in deletions.get(person.key, [])]
    return max(moments)


def listed_person_keys(session: Session, window: Window) -> tuple[list[str], list[Vanished]]:
    """The people who consented to be named, and (only for clients asking what changed since a moment) the people
    no longer named."""
    people = _people(session)
    deletions = _seat_deletions(session)
    keys = [key for key, person in people.items()
            if window.admits(person.created, person_modified(person, deletions))]
    vanished = []
    if window.modified_since is not None:
        for key in sorted(set(deletions) - set(people), key=_person_sort_key):
            created = min(record.created_at for record in deletions[key])
            modified = max(record.deleted_at for record in deletions[key])
            if window.admits(created, modified):
                vanished.append(Vanished(key, created, modified))
    return keys, vanished


def people(session: Session, keys: Iterable[str]) -> tuple[list[Person], dict[str, list[DeletedRecord]]]:
    everyone = _people(session)
    return [everyone[key] for key in keys if key in everyone], _seat_deletions(session)


def person(session: Session, key: str) -> tuple[Person | None, dict[str, list[DeletedRecord]]]:
    found, deletions = people(session, [key])
    return (found[0] if found else None), deletions


def vanished_person(session: Session, key: str) -> Vanished | None:
    records = _seat_deletions(session).get(key)
    if not records:
        return None
    return Vanished(key, min(record.created_at for record in records), max(record.deleted_at for record in records))


def membership_ids(session: Session, window: Window) -> list[int]:
    return _ids(session, select(Membership.id).where(Membership.listed_publicly)
                .where(*window.conditions(Membership.created_at, Membership.updated_at)).order_by(Membership.id))


def seats(session: Session, ids: Iterable[int]) -> list[Seat]:
    return _listed_seats(session, col(Membership.id).in_(list(ids)))


# --- meetings, agenda items, consultations, locations ----------------------------------------------------------

def meeting_ids(session: Session, window: Window) -> tuple[list[int], list[Vanished]]:
    """Public meetings; a meeting made non-public is reported as deleted to clients asking what changed."""
    ids = _ids(session, select(Meeting.id).where(Meeting.is_public)
               .where(*window.conditions(Meeting.created_at, Meeting.updated_at)).order_by(Meeting.id))
    vanished = []
    if window.modified_since is not None:
        query = (select(Meeting.id, Meeting.created_at, Meeting.updated_at).where(col(Meeting.is_public).is_(False))
                 .where(*window.conditions(Meeting.created_at, Meeting.updated_at)).order_by(Meeting.id))
        vanished = [Vanished(*row) for row in session.exec(query)]
    return ids, vanished


def meetings(session: Session, ids: Iterable[int]) -> list[tuple[Meeting, Board]]:
    query = (select(Meeting, Board).join(Board).where(col(Meeting.id).in_(list(ids)), Meeting.is_public)
             .order_by(Meeting.id))
    return list(session.exec(query))


def public_meeting(session: Session, meeting_id: int) -> tuple[Meeting, Board] | None:
    found = meetings(session, [meeting_id])
    return found[0] if found else None


def vanished_meeting(session: Session, meeting_id: int) -> Vanished | None:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.is_public:
        return None
    return Vanished(meeting.id, meeting.created_at, meeting.updated_at)


def public_items_of(session: Session, meeting_ids: Iterable[int]) -> dict[int, list[AgendaItem]]:
    items: dict[int, list[AgendaItem]] = defaultdict(list)
    query = (select(AgendaItem).where(col(AgendaItem.meeting_id).in_(list(meeting_ids)), AgendaItem.is_public)
             .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id))
    for item in session.exec(query):
        items[item.meeting_id].append(item)
    return items


def listed_participants(session: Session, meeting_ids: Iterable[int]) -> dict[int, list[str]]:
    """Who attended, as person keys, for those who consented to be named."""
    participants: dict[int, list[str]] = defaultdict(list)
    holders = person_keys(session)
    query = (select(Attendance.meeting_id, Membership.id).join(Membership)
             .where(col(Attendance.meeting_id).in_(list(meeting_ids)), Membership.listed_publicly)
             .order_by(Attendance.meeting_id, Membership.id))
    for meeting_id, membership_id in session.exec(query):
        if holders[membership_id] not in participants[meeting_id]:
            participants[meeting_id].append(holders[membership_id])
    return participants


def _public_items():
    return select(AgendaItem.id).join(Meeting).where(Meeting.is_public, AgendaItem.is_public)


def agenda_item_ids(session: Session, window: Window) -> list[int]:
    return _ids(session, _public_items().where(*window.conditions(AgendaItem.created_at, AgendaItem.updated_at))
                .order_by(AgendaItem.id))


def consultation_ids(session: Session, window: Window) -> list[int]:
    """An agenda item that deliberates a paper or a measure is a consultation of it (keyed like the item)."""
    return _ids(session, _public_items().where(
        col(AgendaItem.paper_id).is_not(None) | col(AgendaItem.measure_id).is_not(None))
        .where(*window.conditions(AgendaItem.created_at, AgendaItem.updated_at)).order_by(AgendaItem.id))


def agenda_items(session: Session, ids: Iterable[int]) -> list[tuple[AgendaItem, Meeting, Board]]:
    query = (select(AgendaItem, Meeting, Board).join(Meeting, Meeting.id == AgendaItem.meeting_id)
             .join(Board, Board.id == Meeting.board_id)
             .where(col(AgendaItem.id).in_(list(ids)), Meeting.is_public, AgendaItem.is_public)
             .order_by(AgendaItem.id))
    return list(session.exec(query))


def consultations_of(session: Session, *, paper_ids: Iterable[int] = (), measure_ids: Iterable[int] = ()
                     ) -> list[tuple[AgendaItem, Meeting, Board]]:
    query = (select(AgendaItem, Meeting, Board).join(Meeting, Meeting.id == AgendaItem.meeting_id)
             .join(Board, Board.id == Meeting.board_id).where(Meeting.is_public, AgendaItem.is_public)
             .where(col(AgendaItem.paper_id).in_(list(paper_ids)) | col(AgendaItem.measure_id).in_(list(measure_ids)))
             .order_by(Meeting.starts_at, AgendaItem.position))
    return list(session.exec(query))


def location_ids(session: Session, window: Window) -> tuple[list[int], list[Vanished]]:
    """A public meeting's place is a Location (keyed like its meeting); one made non-public takes it along."""
    has_place = (Meeting.location != "") | (Meeting.online_url != "")
    ids = _ids(session, select(Meeting.id).where(Meeting.is_public, has_place)
               .where(*window.conditions(Meeting.created_at, Meeting.updated_at)).order_by(Meeting.id))
    vanished = []
    if window.modified_since is not None:
        query = (select(Meeting.id, Meeting.created_at, Meeting.updated_at)
                 .where(col(Meeting.is_public).is_(False), has_place)
                 .where(*window.conditions(Meeting.created_at, Meeting.updated_at)).order_by(Meeting.id))
        vanished = [Vanished(*row) for row in session.exec(query)]
    return ids, vanished


# --- papers and measures (both OParl Paper), files -------------------------------------------------------------

def paper_ids(session: Session, window: Window) -> list[int]:
    return _ids(session, select(Paper.id).where(Paper.status == PaperStatus.SUBMITTED.value)
                .where(*window.conditions(Paper.created_at, Paper.updated_at)).order_by(Paper.id))


def measure_ids(session: Session, window: Window) -> list[int]:
    return _ids(session, select(Measure.id).where(col(Measure.status).in_(PUBLIC_MEASURE_VALUES))
                .where(*window.conditions(Measure.created_at, Measure.updated_at)).order_by(Measure.id))


def papers(session: Session, ids: Iterable[int]) -> list[Paper]:
    return list(session.exec(select(Paper).where(col(Paper.id).in_(list(ids)),
                                                 Paper.status == PaperStatus.SUBMITTED.value).order_by(Paper.id)))


def measures(session: Session, ids: Iterable[int]) -> list[Measure]:
    return list(session.exec(select(Measure).where(col(Measure.id).in_(list(ids)),
                                                   col(Measure.status).in_(PUBLIC_MEASURE_VALUES))
                             .order_by(Measure.id)))


def _titles(session: Session, link, owner_column, ids: Iterable[int]) -> dict[int, list[str]]:
    titles: dict[int, list[str]] = defaultdict(list)
    query = (select(owner_column, ActionArea.title).join(ActionArea, ActionArea.id == link.action_area_id)
             .where(col(owner_column).in_(list(ids))).order_by(ActionArea.position, ActionArea.id))
    for owner_id, title in session.exec(query):
        titles[owner_id].append(title)
    return titles


def paper_keywords(session: Session, ids: Iterable[int]) -> dict[int, list[str]]:
    return _titles(session, PaperActionArea, PaperActionArea.paper_id, ids)


def measure_keywords(session: Session, ids: Iterable[int]) -> dict[int, list[str]]:
    return _titles(session, MeasureActionArea, MeasureActionArea.measure_id, ids)


def paper_measure_links(session: Session, *, paper_ids: Iterable[int] = (), measure_ids: Iterable[int] = ()
                        ) -> list[tuple[int, int]]:
    """(paper id, measure id) of the papers that concern measures, both public."""
    query = (select(PaperMeasure.paper_id, PaperMeasure.measure_id).join(Paper).join(Measure)
             .where(Paper.status == PaperStatus.SUBMITTED.value, col(Measure.status).in_(PUBLIC_MEASURE_VALUES))
             .where(col(PaperMeasure.paper_id).in_(list(paper_ids))
                    | col(PaperMeasure.measure_id).in_(list(measure_ids))))
    return list(session.exec(query))


def _public_files(*columns):
    """`columns` of the submitted papers' attachments (documents of the library) with their current versions: the
    OParl Files."""
    current_number = (select(func.max(DocumentVersion.number)).where(DocumentVersion.document_id == Document.id)
                      .correlate(Document).scalar_subquery())
    return (select(*columns).select_from(Document)
            .join(Paper, Paper.id == Document.paper_id)
            .join(DocumentVersion, (DocumentVersion.document_id == Document.id)
                  & (DocumentVersion.number == current_number))
            .where(Paper.status == PaperStatus.SUBMITTED.value, Document.audience == DocumentAudience.PUBLIC.value))


def files_of(session: Session, paper_ids: Iterable[int]) -> dict[int, list[PaperAttachment]]:
    files: dict[int, list[PaperAttachment]] = defaultdict(list)
    query = _public_files(Document, DocumentVersion).where(col(Document.paper_id).in_(list(paper_ids)))
    for document, version in session.exec(query.order_by(Document.id)):
        files[document.paper_id].append(PaperAttachment(document, version))
    return files


def file_ids(session: Session, window: Window) -> tuple[list[int], list[Vanished]]:
    ids = _ids(session, _public_files(Document.id)
               .where(*window.conditions(Document.created_at, Document.updated_at)).order_by(Document.id))
    vanished = []
    if window.modified_since is not None:
        query = (select(DeletedRecord).where(DeletedRecord.kind == DELETED_FILE_KIND)
                 .where(*window.conditions(DeletedRecord.created_at, DeletedRecord.deleted_at))
                 .order_by(DeletedRecord.record_id))
        vanished = [Vanished(record.record_id, record.created_at, record.deleted_at) for record in session.exec(query)]
    return ids, vanished


def files(session: Session, ids: Iterable[int]) -> list[PaperAttachment]:
    return [PaperAttachment(document, version) for document, version in
            session.exec(_public_files(Document, DocumentVersion).where(col(Document.id).in_(list(ids)))
                         .order_by(Document.id))]


def vanished_file(session: Session, file_id: int) -> Vanished | None:
    record = session.exec(select(DeletedRecord).where(DeletedRecord.kind == DELETED_FILE_KIND,
                                                      DeletedRecord.record_id == file_id)).first()
    return Vanished(record.record_id, record.created_at, record.deleted_at) if record else None


# --- the body as a whole -----------------------------------------------------------------------------------------

def body_lifetime(session: Session) -> tuple[datetime | None, datetime | None]:
    """When the register began (its first board, paper or measure) and when anything in it last changed."""
    firsts, lasts = [], []
    for model in (Board, Meeting, Paper, Measure):
        first, last = session.exec(select(func.min(model.created_at), func.max(model.updated_at))).one()
        firsts.append(first)
        lasts.append(last)
    deleted = session.exec(select(func.max(DeletedRecord.deleted_at))).one()
    known_firsts = [moment for moment in firsts if moment is not None]
    known_lasts = [moment for moment in [*lasts, deleted] if moment is not None]
    return (min(known_firsts) if known_firsts else None), (max(known_lasts) if known_lasts else None)
