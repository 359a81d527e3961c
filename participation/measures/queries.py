"""Reading the backlog: the public list with filters, a measure's page, and the staff's views of what is due.

Each page loads in a constant number of queries, whatever the number of measures.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from participation.accounts.models import Role, RoleGrant, User
from participation.comments.queries import Discussion, discussion
from participation.comments.subjects import SubjectKind
from participation.ideas.models import Idea
from participation.measures.models import (
    ACTIVE_MEASURE_STATUSES,
    PUBLIC_MEASURE_STATUSES,
    Measure,
    MeasureActionArea,
    MeasureDistrict,
    MeasureEvent,
    MeasureFollow,
    MeasureIdea,
    MeasureStatus,
    Milestone,
    QuarterlyReview,
)
from participation.measures.quarters import Quarter
from participation.municipality.models import ActionArea, District, OrgUnit, Strategy
from participation.pagination import Page, paginate

SORT_KEYS = ("due", "review", "updated", "title")
SORT_ORDER = {
    "due": (col(Measure.planned_end).is_(None), col(Measure.planned_end)),
    "review": (col(Measure.latest_review_period).is_(None), col(Measure.latest_review_period).desc()),
    "updated": (col(Measure.updated_at).desc(),),
    "title": (col(Measure.title),),
}


@dataclass(frozen=True)
class MeasureFilter:
    action_area_id: int | None = None
    district_id: int | None = None
    status: MeasureStatus | None = None
    unit_id: int | None = None
    core_only: bool = False
    sort: str = "due"
    include_drafts: bool = False  # staff only


@dataclass
class MeasureRow:
    measure: Measure
    unit_name: str
    responsible_name: str
    action_areas: list[ActionArea] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)


def _row_query():
    return (select(Measure, OrgUnit.name, User.display_name)
            .join(OrgUnit, OrgUnit.id == Measure.unit_id).join(User, User.id == Measure.responsible_id))


def _filtered(criteria: MeasureFilter):
    query = _row_query()
    if not criteria.include_drafts:
        query = query.where(col(Measure.status).in_([status.value for status in PUBLIC_MEASURE_STATUSES]))
    if criteria.status is not None:
        query = query.where(Measure.status == criteria.status.value)
    if criteria.unit_id is not None:
        query = query.where(Measure.unit_id == criteria.unit_id)
    if criteria.core_only:
        query = query.where(col(Measure.is_core).is_(True))
    if criteria.action_area_id is not None:
        query = query.where(col(Measure.id).in_(select(MeasureActionArea.measure_id).where(
            MeasureActionArea.action_area_id == criteria.action_area_id)))
    if criteria.district_id is not None:
        query = query.where(col(Measure.id).in_(select(MeasureDistrict.measure_id).where(
            MeasureDistrict.district_id == criteria.district_id)))
    return query.order_by(*SORT_ORDER[criteria.sort], col(Measure.id))


def _rows(session: Session, rows) -> list[MeasureRow]:
    """Rows with their action areas and districts, in two more queries for the whole list."""
    result = [MeasureRow(measure, unit_name, responsible_name) for measure, unit_name, responsible_name in rows]
    ids = [row.measure.id for row in result]
    if not ids:
        return result
    areas, districts = defaultdict(list), defaultdict(list)
    for measure_id, area in session.exec(
            select(MeasureActionArea.measure_id, ActionArea)
            .join(ActionArea, ActionArea.id == MeasureActionArea.action_area_id)
            .where(col(MeasureActionArea.measure_id).in_(ids)).order_by(ActionArea.position, ActionArea.title)):
        areas[measure_id].append(area)
    for measure_id, district in session.exec(
            select(MeasureDistrict.measure_id, District).join(District, District.id == MeasureDistrict.district_id)
            .where(col(MeasureDistrict.measure_id).in_(ids)).order_by(District.position, District.name)):
        districts[measure_id].append(district)
    for row in result:
        row.action_areas, row.districts = areas[row.measure.id], districts[row.measure.id]
    return result


def browse_measures(session: Session, criteria: MeasureFilter, page: int, per_page: int) -> Page[MeasureRow]:
    result = paginate(session, _filtered(criteria), page, per_page)
    return Page(items=_rows(session, result.items), number=result.number, per_page=per_page, total=result.total)


def all_measures(session: Session, criteria: MeasureFilter) -> list[MeasureRow]:
    """The whole filtered list, for the CSV export."""
    return _rows(session, session.exec(_filtered(criteria)))


@dataclass
class MilestoneView:
    milestone: Milestone
    owner_name: str | None

    def is_overdue(self, today: date) -> bool:
        return self.milestone.done_on is None and self.milestone.due_on < today


@dataclass
class MeasurePage:
    row: MeasureRow
    deputy_name: str | None
    strategies: dict[int, Strategy]
    milestones: list[MilestoneView]
    reviews: list[QuarterlyReview]  # oldest first
    timeline: list[MeasureEvent]
    ideas: list[Idea]
    viewer_follows: bool
    discussion: Discussion

    @property
    def measure(self) -> Measure:
        return self.row.measure


def measure_page(session: Session, measure_id: int, viewer_id: int | None) -> MeasurePage | None:
    rows = _rows(session, session.exec(_row_query().where(Measure.id == measure_id)))
    if not rows:
        return None
    row = rows[0]
    measure = row.measure
    deputy_name = session.exec(select(User.display_name).where(User.id == measure.deputy_id)).first() \
        if measure.deputy_id else None
    strategy_ids = {area.strategy_id for area in row.action_areas}
    strategies = {strategy.id: strategy for strategy in
                  session.exec(select(Strategy).where(col(Strategy.id).in_(strategy_ids)))}
    milestones = [MilestoneView(milestone, owner) for milestone, owner in session.exec(
        select(Milestone, User.display_name).outerjoin(User, User.id == Milestone.owner_id)
        .where(Milestone.measure_id == measure_id).order_by(Milestone.due_on, Milestone.id))]
    reviews = list(session.exec(select(QuarterlyReview).where(QuarterlyReview.measure_id == measure_id)
                                .order_by(QuarterlyReview.year, QuarterlyReview.quarter)))
    timeline = list(session.exec(select(MeasureEvent).where(MeasureEvent.measure_id == measure_id)
                                 .order_by(col(MeasureEvent.created_at).desc(), col(MeasureEvent.id).desc())))
    ideas = list(session.exec(select(Idea).join(MeasureIdea, MeasureIdea.idea_id == Idea.id)
                              .where(MeasureIdea.measure_id == measure_id).order_by(Idea.title)))
    follows = bool(viewer_id and session.exec(select(MeasureFollow.following).where(
        MeasureFollow.measure_id == measure_id, MeasureFollow.user_id == viewer_id)).first())
    return MeasurePage(row, deputy_name, strategies, milestones, reviews, timeline, ideas, follows,
                       discussion(session, SubjectKind.MEASURE, measure_id))


def measure_followers(session: Session, measure_id: int) -> list[User]:
    return list(session.exec(select(User).join(MeasureFollow, MeasureFollow.user_id == User.id)
                             .where(MeasureFollow.measure_id == measure_id,
                                    MeasureFollow.following == True)))  # noqa: E712


def measures_taking_up(session: Session, idea_id: int) -> list[Measure]:
    """The public measures an idea was taken up by."""
    return list(session.exec(select(Measure).join(MeasureIdea, MeasureIdea.measure_id == Measure.id).where(
        MeasureIdea.idea_id == idea_id,
        col(Measure.status).in_([status.value for status in PUBLIC_MEASURE_STATUSES])).order_by(Measure.title)))


def action_area_ids(session: Session, measure_id: int) -> list[int]:
    return list(session.exec(select(MeasureActionArea.action_area_id)
                             .where(MeasureActionArea.measure_id == measure_id)))


def district_ids(session: Session, measure_id: int) -> list[int]:
    return list(session.exec(select(MeasureDistrict.district_id).where(MeasureDistrict.measure_id == measure_id)))


# --- staff views ---------------------------------------------------------------------------------------------

def staff_users(session: Session) -> list[User]:
    """Everyone who may be responsible for a measure or own a milestone."""
    staff_ids = select(RoleGrant.user_id).where(col(RoleGrant.role).in_([Role.STAFF.value, Role.ADMIN.value]))
    return list(session.exec(select(User).where(col(User.id).in_(staff_ids), col(User.is_blocked).is_(False))
                             .order_by(User.display_name)))


def list_units(session: Session, include_archived: bool = False) -> list[OrgUnit]:
    query = select(OrgUnit).order_by(OrgUnit.position, OrgUnit.name)
    if not include_archived:
        query = query.where(col(OrgUnit.archived_at).is_(None))
    return list(session.exec(query))


def _active():
    return col(Measure.status).in_([status.value for status in ACTIVE_MEASURE_STATUSES])


def reviews_due(session: Session, quarter: Quarter) -> list[tuple[str, list[MeasureRow]]]:
    """Active measures without a review for `quarter`, grouped by responsible unit (by unit name)."""
    reviewed = select(QuarterlyReview.measure_id).where(QuarterlyReview.year == quarter.year,
                                                        QuarterlyReview.quarter == quarter.number)
    rows = _rows(session, session.exec(_row_query().where(_active(), col(Measure.id).not_in(reviewed))
                                       .order_by(OrgUnit.position, OrgUnit.name, Measure.title)))
    grouped: dict[str, list[MeasureRow]] = {}
    for row in rows:
        grouped.setdefault(row.unit_name, []).append(row)
    return list(grouped.items())


@dataclass
class OverdueMilestone:
    milestone: Milestone
    measure_title: str
    owner_name: str | None
    unit_name: str


def overdue_milestones(session: Session, today: date, owner_id: int | None = None) -> list[OverdueMilestone]:
    """Open milestones past their due date, of measures still being worked on; the oldest first."""
    owner = aliased(User)
    query = (select(Milestone, Measure.title, owner.display_name, OrgUnit.name)
             .join(Measure, Measure.id == Milestone.measure_id).join(OrgUnit, OrgUnit.id == Measure.unit_id)
             .outerjoin(owner, owner.id == Milestone.owner_id)
             .where(col(Milestone.done_on).is_(None), Milestone.due_on < today, _active())
             .order_by(Milestone.due_on, Milestone.id))
    if owner_id is not None:
        query = query.where(Milestone.owner_id == owner_id)
    return [OverdueMilestone(*row) for row in session.exec(query)]


def my_measures(session: Session, user_id: int) -> list[MeasureRow]:
    """Measures the user is responsible for or deputy of, that are not finished."""
    return _rows(session, session.exec(
        _row_query().where(or_(Measure.responsible_id == user_id, Measure.deputy_id == user_id),
                           col(Measure.status).not_in([MeasureStatus.COMPLETED.value, MeasureStatus.DISCARDED.value]))
        .order_by(*SORT_ORDER["due"], col(Measure.id))))


@dataclass
class UnitSummary:
    unit: OrgUnit
    active: int
    reviews_missing: int
    overdue_milestones: int


def unit_summaries(session: Session, quarter: Quarter, today: date) -> list[UnitSummary]:
    """Per responsible unit: active measures, how many still lack this quarter's review, overdue milestones."""
    reviewed = select(QuarterlyReview.measure_id).where(QuarterlyReview.year == quarter.year,
                                                        QuarterlyReview.quarter == quarter.number)
    counts = {unit_id: (active, missing) for unit_id, active, missing in session.exec(
        select(Measure.unit_id, func.count(),
               func.count().filter(col(Measure.id).not_in(reviewed)))
        .where(_active()).group_by(Measure.unit_id))}
    overdue = dict(session.exec(
        select(Measure.unit_id, func.count()).join(Milestone, Milestone.measure_id == Measure.id)
        .where(_active(), and_(col(Milestone.done_on).is_(None), Milestone.due_on < today))
        .group_by(Measure.unit_id)).all())
    return [UnitSummary(unit, *counts.get(unit.id, (0, 0)), overdue.get(unit.id, 0))
            for unit in list_units(session) if unit.id in counts or unit.id in overdue]
