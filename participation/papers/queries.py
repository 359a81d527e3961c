"""Reading papers: the list with filters, one paper with everything its page shows, and the form's choices.

Each page loads in a constant number of queries, whatever the number of papers.
"""

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import exists, or_
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.documents.queries import DocumentRow, paper_attachments
from participation.measures.models import PUBLIC_MEASURE_STATUSES, Measure, MeasureStatus
from participation.municipality.models import ActionArea, Strategy
from participation.municipality.queries import strategies_with_action_areas
from participation.pagination import Page, paginate
from participation.papers.models import Paper, PaperActionArea, PaperMeasure, PaperStatus, PaperType

PUBLIC_MEASURE_STATUS_VALUES = tuple(status.value for status in PUBLIC_MEASURE_STATUSES)


@dataclass(frozen=True)
class PaperFilter:
    """What the list shows; the route turns unknown or malformed values into None (allowlist)."""

    action_area_id: int | None = None
    paper_type: PaperType | None = None
    status: PaperStatus = PaperStatus.SUBMITTED


@dataclass
class PaperCard:
    paper: Paper
    action_areas: list[str] = field(default_factory=list)


def browse_papers(session: Session, criteria: PaperFilter, page: int, per_page: int) -> Page[PaperCard]:
    """Papers of one status matching the filter, newest reference first, as cards, in three queries."""
    query = select(Paper).where(Paper.status == criteria.status.value)
    if criteria.action_area_id:
        query = query.where(exists().where(PaperActionArea.paper_id == Paper.id,
                                           PaperActionArea.action_area_id == criteria.action_area_id))
    if criteria.paper_type:
        query = query.where(Paper.paper_type == criteria.paper_type.value)
    query = query.order_by(col(Paper.year).desc(), col(Paper.number).desc())
    result = paginate(session, query, page, per_page)
    cards = [PaperCard(paper) for paper in result.items]
    by_id = {card.paper.id: card for card in cards}
    if by_id:
        areas = session.exec(
            select(PaperActionArea.paper_id, ActionArea.title)
            .join(ActionArea, ActionArea.id == PaperActionArea.action_area_id)
            .where(col(PaperActionArea.paper_id).in_(by_id))
            .order_by(ActionArea.position, ActionArea.title)
        )
        for paper_id, title in areas:
            by_id[paper_id].action_areas.append(title)
    return Page(items=cards, number=result.number, per_page=per_page, total=result.total)


def action_area_ids(session: Session, paper_id: int) -> list[int]:
    return list(session.exec(select(PaperActionArea.action_area_id).where(PaperActionArea.paper_id == paper_id)
                             .order_by(PaperActionArea.action_area_id)))


def measure_ids(session: Session, paper_id: int) -> list[int]:
    return list(session.exec(select(PaperMeasure.measure_id).where(PaperMeasure.paper_id == paper_id)
                             .order_by(PaperMeasure.measure_id)))


@dataclass
class PaperPage:
    paper: Paper
    author_name: str | None
    action_areas: list[ActionArea]
    measures: list[tuple[int, str]]  # (id, title)
    files: list[DocumentRow]  # its attachments, documents of the library


def paper_page(session: Session, paper: Paper, with_unpublished_measures: bool) -> PaperPage:
    """Everything the paper's page shows, in four queries. Draft measures are left out for the public."""
    author_name = session.exec(select(User.display_name).where(User.id == paper.created_by_id)).first() \
        if paper.created_by_id else None
    areas = list(session.exec(
        select(ActionArea).join(PaperActionArea, PaperActionArea.action_area_id == ActionArea.id)
        .where(PaperActionArea.paper_id == paper.id).order_by(ActionArea.position, ActionArea.title)))
    measure_query = (select(Measure.id, Measure.title).join(PaperMeasure, PaperMeasure.measure_id == Measure.id)
                     .where(PaperMeasure.paper_id == paper.id).order_by(Measure.title))
    if not with_unpublished_measures:
        measure_query = measure_query.where(col(Measure.status).in_(PUBLIC_MEASURE_STATUS_VALUES))
    return PaperPage(paper=paper, author_name=author_name, action_areas=areas,
                     measures=[(measure_id, title) for measure_id, title in session.exec(measure_query)],
                     files=paper_attachments(session, paper.id))


def first_action_area_id(session: Session, paper_id: int) -> int | None:
    """The first of the paper's action areas as its page lists them: the one its attachments are filed under."""
    return session.exec(select(ActionArea.id).join(PaperActionArea, PaperActionArea.action_area_id == ActionArea.id)
                        .where(PaperActionArea.paper_id == paper_id)
                        .order_by(ActionArea.position, ActionArea.title, ActionArea.id).limit(1)).first()


def action_area_groups(session: Session, keep_ids: Collection[int] = ()) -> list[tuple[Strategy, list[ActionArea]]]:
    """The choosable action areas by strategy: current ones, and archived ones the paper already has."""
    groups = []
    for strategy, areas in strategies_with_action_areas(session, include_archived=True):
        chosen = [area for area in areas
                  if area.id in keep_ids or (area.archived_at is None and strategy.archived_at is None)]
        if chosen:
            groups.append((strategy, chosen))
    return groups


def measure_choices(session: Session, keep_ids: Collection[int] = ()) -> list[tuple[int, str]]:
    """Measures a paper may link, by title: all but discarded ones, and those the paper already links."""
    condition = Measure.status != MeasureStatus.DISCARDED.value
    if keep_ids:
        condition = or_(condition, col(Measure.id).in_(list(keep_ids)))
    return [(measure_id, title) for measure_id, title in
            session.exec(select(Measure.id, Measure.title).where(condition).order_by(Measure.title, Measure.id))]


def papers_on_measure(session: Session, measure_id: int, with_drafts: bool) -> list[Paper]:
    """The papers that concern the measure, newest first; drafts only for the administration."""
    query = (select(Paper).join(PaperMeasure, PaperMeasure.paper_id == Paper.id)
             .where(PaperMeasure.measure_id == measure_id)
             .order_by(col(Paper.year).desc(), col(Paper.number).desc()))
    if not with_drafts:
        query = query.where(Paper.status == PaperStatus.SUBMITTED.value)
    return list(session.exec(query))
