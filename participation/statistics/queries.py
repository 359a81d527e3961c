"""The figures of the public statistics page, from public data only, in a constant number of grouped queries
whatever the number of months, districts, ideas or people.

Definitions (the page says them too):
- the period is the last twelve calendar months, this one included, in the municipality's time zone;
- ideas: public ideas (participation.ideas.queries.public_condition), by the day they were proposed;
- supports: supports of public ideas, by the day they were given;
- comments: comments not deleted or hidden, on public ideas, public measures and published news;
- volunteers and hours: people whose attendance a coordinator confirmed, and the hours confirmed, for public
  shifts, by the day of the shift; a project in several districts counts in each of them;
- outcomes and measures: the public ideas and measures as they stand today, whenever they began.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, or_
from sqlmodel import Session, col, select

from participation.comments.models import Comment
from participation.ideas.models import Idea, IdeaStatus, Support
from participation.ideas.queries import public_condition as public_idea
from participation.measures.models import (
    ACTIVE_MEASURE_STATUSES,
    PUBLIC_MEASURE_STATUSES,
    Measure,
    MeasureStatus,
    TrafficLight,
)
from participation.municipality.models import District
from participation.municipality.queries import list_districts
from participation.news.models import NewsPost
from participation.news.queries import public_condition as public_news
from participation.volunteering.models import ProjectDistrict, Shift, SignUp, Task

MONTHS = 12
PER_INHABITANTS = 1000


def month_starts(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the last `count` months, oldest first, the month of `today` last."""
    index = today.year * 12 + today.month - 1
    return [date(number // 12, number % 12 + 1, 1) for number in range(index - count + 1, index + 1)]


def _instant(day: date, zone: ZoneInfo) -> datetime:
    """Midnight at the start of `day` in the municipality's zone, as a UTC instant."""
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(timezone.utc)


class Period:
    """The months as UTC instants, and a SQL expression that numbers the month a timestamp falls in (0: oldest).

    Months are cut in the municipality's time zone, which a database function on UTC timestamps cannot do."""

    def __init__(self, months: list[date], zone: ZoneInfo):
        self.months = months
        following = date(months[-1].year + months[-1].month // 12, months[-1].month % 12 + 1, 1)
        self.bounds = [_instant(month, zone) for month in months] + [_instant(following, zone)]

    def contains(self, column):
        return (column >= self.bounds[0]) & (column < self.bounds[-1])

    def month_of(self, column):
        return case(*[(column < bound, index) for index, bound in enumerate(self.bounds[1:-1])],
                    else_=len(self.months) - 1)


@dataclass
class MonthFigures:
    month: date  # its first day
    ideas: int = 0
    supports: int = 0
    comments: int = 0
    volunteers: int = 0
    hours: float = 0.0


@dataclass
class DistrictFigures:
    """One district's figures in the period; `district` None for ideas and projects without a district."""

    district: District | None
    ideas: int = 0
    supports: int = 0
    volunteers: int = 0
    hours: float = 0.0

    @property
    def population(self) -> int | None:
        return self.district.population if self.district else None

    def per_thousand(self, count: float) -> float | None:
        """`count` per 1,000 inhabitants; None while the population is unknown (or 0)."""
        return count * PER_INHABITANTS / self.population if self.population else None


@dataclass
class Totals:
    ideas: int = 0
    supports: int = 0
    comments: int = 0
    volunteers: int = 0  # different people, each counted once however many months they helped in
    hours: float = 0.0


@dataclass
class Statistics:
    months: list[MonthFigures]
    totals: Totals
    districts: list[DistrictFigures]
    without_district: DistrictFigures
    idea_outcomes: list[tuple[IdeaStatus, int]]
    measure_statuses: list[tuple[MeasureStatus, int]]
    # Active measures by the traffic light of their latest quarterly review; None: no review yet.
    traffic_lights: list[tuple[TrafficLight | None, int]] = field(default_factory=list)

    @property
    def has_populations(self) -> bool:
        return any(figures.population for figures in self.districts)


def _public_measure():
    return col(Measure.status).in_([status.value for status in PUBLIC_MEASURE_STATUSES])


def participation_statistics(session: Session, today: date, zone: ZoneInfo, now: datetime) -> Statistics:
    """Everything the page shows, in ten queries."""
    period = Period(month_starts(today), zone)
    months = [MonthFigures(month) for month in period.months]
    districts = list_districts(session)
    by_district = {district.id: DistrictFigures(district) for district in districts}
    without_district = DistrictFigures(None)

    def district_figures(district_id: int | None) -> DistrictFigures:
        return by_district.get(district_id, without_district)

    totals = Totals()
    month = period.month_of(Idea.created_at)
    for index, district_id, count in session.exec(
            select(month, Idea.district_id, func.count()).where(public_idea(), period.contains(Idea.created_at))
            .group_by(month, Idea.district_id)):
        months[index].ideas += count
        district_figures(district_id).ideas += count
        totals.ideas += count

    month = period.month_of(Support.created_at)
    for index, district_id, count in session.exec(
            select(month, Idea.district_id, func.count()).join(Idea, Idea.id == Support.idea_id)
            .where(public_idea(), period.contains(Support.created_at)).group_by(month, Idea.district_id)):
        months[index].supports += count
        district_figures(district_id).supports += count
        totals.supports += count

    month = period.month_of(Comment.created_at)
    on_public_subject = or_(
        col(Comment.idea_id).in_(select(Idea.id).where(public_idea())),
        col(Comment.measure_id).in_(select(Measure.id).where(_public_measure())),
        col(Comment.news_post_id).in_(select(NewsPost.id).where(public_news(now))),
    )
    for index, count in session.exec(
            select(month, func.count()).where(col(Comment.deleted_at).is_(None), col(Comment.hidden_at).is_(None),
                                              on_public_subject, period.contains(Comment.created_at))
            .group_by(month)):
        months[index].comments += count
        totals.comments += count

    confirmed = (col(SignUp.attended).is_(True), col(Shift.is_public).is_(True), period.contains(Shift.starts_at))
    volunteers, hours = func.count(func.distinct(SignUp.user_id)), func.coalesce(func.sum(SignUp.hours), 0)
    month = period.month_of(Shift.starts_at)
    for index, people, month_hours in session.exec(
            select(month, volunteers, hours).join(Shift, Shift.id == SignUp.shift_id).where(*confirmed)
            .group_by(month)):
        months[index].volunteers, months[index].hours = people, float(month_hours)
    totals.volunteers, total_hours = session.exec(
        select(volunteers, hours).join(Shift, Shift.id == SignUp.shift_id).where(*confirmed)).one()
    totals.hours = float(total_hours)
    for district_id, people, district_hours in session.exec(
            select(ProjectDistrict.district_id, volunteers, hours).join(Shift, Shift.id == SignUp.shift_id)
            .join(Task, Task.id == Shift.task_id)
            .outerjoin(ProjectDistrict, ProjectDistrict.project_id == Task.project_id)
            .where(*confirmed).group_by(ProjectDistrict.district_id)):
        figures = district_figures(district_id)
        figures.volunteers, figures.hours = people, float(district_hours)

    return Statistics(
        months=months, totals=totals, districts=list(by_district.values()), without_district=without_district,
        idea_outcomes=_counts_by(session, Idea.status, public_idea(), IdeaStatus),
        measure_statuses=_counts_by(session, Measure.status, _public_measure(), MeasureStatus),
        traffic_lights=_traffic_lights(session),
    )


def _counts_by(session: Session, column, condition, states) -> list:
    """(state, count) for each state of the enum `states` that has any, in the enum's (the pipeline's) order."""
    counts = dict(session.exec(select(column, func.count()).where(condition).group_by(column)).all())
    return [(state, counts[state.value]) for state in states if counts.get(state.value)]


def _traffic_lights(session: Session) -> list[tuple[TrafficLight | None, int]]:
    counts = dict(session.exec(
        select(Measure.latest_traffic_light, func.count())
        .where(col(Measure.status).in_([status.value for status in ACTIVE_MEASURE_STATUSES]))
        .group_by(Measure.latest_traffic_light)).all())
    lights: list[tuple[TrafficLight | None, int]] = [(light, counts.get(light.value, 0)) for light in TrafficLight]
    return lights + [(None, counts.get(None, 0))]
