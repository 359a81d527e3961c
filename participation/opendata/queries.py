"""What the open-data downloads publish, read with each area's own rule of what is public.

Public ideas (participation.ideas.queries.public_condition), measures past their draft, public meetings and the
public items of public meetings, and the volunteer projects (every project's page is public). No author, no
e-mail address, no internal note: residents never consented to their display names leaving the portal's pages.

Every file is read in a constant number of queries, and streamed: the rows of a file's main query come in
batches, and the lists each row carries (its action areas, districts, reviews) come from further queries in the
same order, consumed alongside (a merge join), so memory stays bounded whatever the number of rows.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from participation.audit.models import AuditEntry
from participation.boards.models import AgendaItem, Board, Meeting
from participation.comments.models import Comment
from participation.comments.subjects import SubjectKind
from participation.ideas.models import Idea, IdeaActionArea
from participation.ideas.queries import public_condition as public_idea
from participation.measures.models import (
    PUBLIC_MEASURE_STATUSES,
    Measure,
    MeasureActionArea,
    MeasureDistrict,
    QuarterlyReview,
)
from participation.municipality.models import ActionArea, District, OrgUnit
from participation.papers.models import Paper, PaperStatus
from participation.volunteering.models import PartnerOrganisation, Project, ProjectDistrict

#: Rows fetched from the database at a time.
BATCH_SIZE = 500
PUBLIC_MEASURE_VALUES = tuple(status.value for status in PUBLIC_MEASURE_STATUSES)


def _streamed(session: Session, query) -> Iterator:
    return iter(session.exec(query.execution_options(yield_per=BATCH_SIZE)))


class _Alongside:
    """The rows of a second query, ordered by the same key as the main one: `take(key)` gives those with that key.

    Both queries must be ordered by the key, ascending; keys the main query never asks for are skipped."""

    def __init__(self, rows: Iterable, key: Callable[[Any], int]):
        self._rows = iter(rows)
        self._key = key
        self._next = next(self._rows, None)

    def take(self, key: int) -> list:
        found = []
        while self._next is not None and self._key(self._next) <= key:
            if self._key(self._next) == key:
                found.append(self._next)
            self._next = next(self._rows, None)
        return found


def _names_alongside(session: Session, query) -> _Alongside:
    """(owner id, name) rows, ordered by owner id, then by the name's own order."""
    return _Alongside(_streamed(session, query), key=lambda row: row[0])


def _newest(session: Session, *queries) -> datetime | None:
    """The latest of the moments the queries (each selecting one maximum) return."""
    moments = [moment for moment in (session.exec(query).one() for query in queries) if moment is not None]
    return max(moments) if moments else None


def _audited(*object_types: str):
    """The last audited change of objects of these types: how objects leave public view (hidden, made internal)."""
    return select(func.max(AuditEntry.created_at)).where(col(AuditEntry.object_type).in_(object_types))


def _comments_changed(kind: SubjectKind) -> list:
    """A comment added, removed or hidden changes its subject's comment count."""
    return [select(func.max(moment)).where(col(kind.column).is_not(None))
            for moment in (Comment.created_at, Comment.deleted_at, Comment.hidden_at)]


# --- ideas -----------------------------------------------------------------------------------------------------

@dataclass
class IdeaRow:
    idea: Idea
    district: str | None
    action_areas: list[str] = field(default_factory=list)


def public_ideas(session: Session) -> Iterator[IdeaRow]:
    """Every public idea, by id, with its district and action areas."""
    areas = _names_alongside(session, select(IdeaActionArea.idea_id, ActionArea.title)
                             .join(ActionArea, ActionArea.id == IdeaActionArea.action_area_id)
                             .join(Idea, Idea.id == IdeaActionArea.idea_id).where(public_idea())
                             .order_by(IdeaActionArea.idea_id, ActionArea.position, ActionArea.title))
    rows = _streamed(session, select(Idea, District.name).outerjoin(District, District.id == Idea.district_id)
                     .where(public_idea()).order_by(Idea.id))
    for idea, district in rows:
        yield IdeaRow(idea, district, [title for _id, title in areas.take(idea.id)])


def ideas_modified(session: Session) -> datetime | None:
    return _newest(session, select(func.max(Idea.last_activity_at)).where(public_idea()),
                   *_comments_changed(SubjectKind.IDEA), _audited("idea", "comment", "district", "action_area"))


# --- measures and their quarterly reviews ------------------------------------------------------------------------

@dataclass
class MeasureRow:
    measure: Measure
    unit: str
    action_areas: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    reviews: list[QuarterlyReview] = field(default_factory=list)  # oldest first


def _public_measure():
    return col(Measure.status).in_(PUBLIC_MEASURE_VALUES)


def public_measures(session: Session) -> Iterator[MeasureRow]:
    """Every measure past its draft, by id, with its unit, action areas, districts and quarterly reviews."""
    areas = _names_alongside(session, select(MeasureActionArea.measure_id, ActionArea.title)
                             .join(ActionArea, ActionArea.id == MeasureActionArea.action_area_id)
                             .join(Measure, Measure.id == MeasureActionArea.measure_id).where(_public_measure())
                             .order_by(MeasureActionArea.measure_id, ActionArea.position, ActionArea.title))
    districts = _names_alongside(session, select(MeasureDistrict.measure_id, District.name)
                                 .join(District, District.id == MeasureDistrict.district_id)
                                 .join(Measure, Measure.id == MeasureDistrict.measure_id).where(_public_measure())
                                 .order_by(MeasureDistrict.measure_id, District.position, District.name))
    reviews = _Alongside(_streamed(session, _public_reviews()), key=lambda row: row[0].measure_id)
    rows = _streamed(session, select(Measure, OrgUnit.name).join(OrgUnit, OrgUnit.id == Measure.unit_id)
                     .where(_public_measure()).order_by(Measure.id))
    for measure, unit in rows:
        yield MeasureRow(measure, unit, [title for _id, title in areas.take(measure.id)],
                         [name for _id, name in districts.take(measure.id)],
                         [review for review, _title in reviews.take(measure.id)])


def _public_reviews():
    return (select(QuarterlyReview, Measure.title).join(Measure, Measure.id == QuarterlyReview.measure_id)
            .where(_public_measure())
            .order_by(QuarterlyReview.measure_id, QuarterlyReview.year, QuarterlyReview.quarter))


def public_reviews(session: Session) -> Iterator[tuple[QuarterlyReview, str]]:
    """The quarterly reviews of the public measures (with the measure's title), by measure and quarter."""
    return _streamed(session, _public_reviews())


def measures_modified(session: Session) -> datetime | None:
    return _newest(session, select(func.max(Measure.updated_at)).where(_public_measure()),
                   select(func.max(QuarterlyReview.updated_at)), *_comments_changed(SubjectKind.MEASURE),
                   _audited("measure", "comment", "org_unit", "district", "action_area"))


def reviews_modified(session: Session) -> datetime | None:
    return _newest(session, select(func.max(QuarterlyReview.updated_at)), _audited("measure"))


# --- meetings and their agenda items -----------------------------------------------------------------------------

@dataclass
class MeetingRow:
    meeting: Meeting
    board: str
    public_items: int


def public_meetings(session: Session) -> Iterator[MeetingRow]:
    """Every public meeting, by id, with its board and the number of its public agenda items."""
    items = (select(func.count(AgendaItem.id)).where(AgendaItem.meeting_id == Meeting.id, AgendaItem.is_public)
             .correlate(Meeting).scalar_subquery())
    rows = _streamed(session, select(Meeting, Board.name, items).join(Board, Board.id == Meeting.board_id)
                     .where(Meeting.is_public).order_by(Meeting.id))
    for meeting, board, count in rows:
        yield MeetingRow(meeting, board, count)


def meetings_modified(session: Session) -> datetime | None:
    return _newest(session, select(func.max(Meeting.updated_at)).where(Meeting.is_public),
                   select(func.max(Board.updated_at)), select(func.max(AgendaItem.updated_at)),
                   _audited("meeting", "board"))


@dataclass
class AgendaItemRow:
    item: AgendaItem
    meeting: Meeting
    board: str
    # What the item deliberates, named only while it is public itself.
    idea_id: int | None
    measure_id: int | None
    paper_id: int | None

    @property
    def minutes_published(self) -> bool:
        """Minutes and decision are public with the meeting's minutes, never before."""
        return self.meeting.minutes_published_at is not None


def public_agenda_items(session: Session) -> Iterator[AgendaItemRow]:
    """The public items of public meetings, by meeting and position."""
    query = (select(AgendaItem, Meeting, Board.name, Idea.id, Measure.id, Paper.id)
             .join(Meeting, Meeting.id == AgendaItem.meeting_id).join(Board, Board.id == Meeting.board_id)
             .outerjoin(Idea, and_(Idea.id == AgendaItem.idea_id, public_idea()))
             .outerjoin(Measure, and_(Measure.id == AgendaItem.measure_id, _public_measure()))
             .outerjoin(Paper, and_(Paper.id == AgendaItem.paper_id, Paper.status == PaperStatus.SUBMITTED.value))
             .where(Meeting.is_public, AgendaItem.is_public)
             .order_by(Meeting.id, AgendaItem.position, AgendaItem.id))
    for row in _streamed(session, query):
        yield AgendaItemRow(*row)


def agenda_items_modified(session: Session) -> datetime | None:
    return _newest(session, select(func.max(AgendaItem.updated_at)), select(func.max(Meeting.updated_at)),
                   select(func.max(Board.updated_at)), _audited("meeting", "board", "idea", "measure", "paper"))


# --- volunteer projects ----------------------------------------------------------------------------------------

@dataclass
class ProjectRow:
    project: Project
    partner: str | None
    measure_id: int | None  # only while the measure is public
    idea_id: int | None  # only while the idea is public
    districts: list[str] = field(default_factory=list)


def public_projects(session: Session) -> Iterator[ProjectRow]:
    """Every volunteer project, by id, with its partner organisation and districts."""
    districts = _names_alongside(session, select(ProjectDistrict.project_id, District.name)
                                 .join(District, District.id == ProjectDistrict.district_id)
                                 .order_by(ProjectDistrict.project_id, District.position, District.name))
    rows = _streamed(session, select(Project, PartnerOrganisation.name, Measure.id, Idea.id)
                     .outerjoin(PartnerOrganisation, PartnerOrganisation.id == Project.partner_id)
                     .outerjoin(Measure, and_(Measure.id == Project.measure_id, _public_measure()))
                     .outerjoin(Idea, and_(Idea.id == Project.idea_id, public_idea()))
                     .order_by(Project.id))
    for project, partner, measure_id, idea_id in rows:
        yield ProjectRow(project, partner, measure_id, idea_id, [name for _id, name in districts.take(project.id)])


def projects_modified(session: Session) -> datetime | None:
    return _newest(session, select(func.max(Project.updated_at)),
                   _audited("project", "partner_organisation", "district", "idea", "measure"))
