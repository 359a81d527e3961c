"""What became of the ideas in a calendar year: the figures of the public transparency page.

Reads only, in a constant number of queries whatever the number of ideas. Definitions:

- *received*: ideas created in the year, whatever their status now (hidden ones too: they are counted, never
  listed); ideas their authors withdrew no longer exist and are not counted.
- *outcome*: an idea counts once for each outcome it reached by a status change dated in the year, however
  often it got there (an idea on two agendas counts once for "on the agenda").
- *first answer*: an idea's first status change into one of ANSWER_STATUSES; publication, review and merging
  are no answer. The median days run from the idea's creation to its first answer, over the ideas whose first
  answer was given in the year (per quarter: in that quarter).
- *waiting*: ideas received in the year, published and still without a first answer.

The year runs from 1 January to 31 December in the municipality's time zone.
"""

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask_babel import format_decimal
from sqlalchemy import and_, exists, func
from sqlmodel import Session, col, select

from participation.charts import BarChart, Datum, bar_chart
from participation.ideas.models import PUBLIC_STATUSES, Idea, IdeaStatus, IdeaStatusChange

# The order of the page, the chart and the table.
OUTCOMES = (IdeaStatus.ANSWERED, IdeaStatus.ROUTED_TO_BACKLOG, IdeaStatus.ON_AGENDA, IdeaStatus.IMPLEMENTED,
            IdeaStatus.DECLINED, IdeaStatus.REJECTED, IdeaStatus.MERGED)
ANSWER_STATUSES = (IdeaStatus.ANSWERED, IdeaStatus.ROUTED_TO_BACKLOG, IdeaStatus.ON_AGENDA, IdeaStatus.IMPLEMENTED,
                   IdeaStatus.DECLINED, IdeaStatus.REJECTED)
WAITING_STATUSES = (IdeaStatus.PUBLISHED, IdeaStatus.IN_REVIEW)
SECONDS_PER_DAY = 24 * 3600


@dataclass(frozen=True)
class OutcomeCount:
    status: IdeaStatus
    ideas: int

    @property
    def listable(self) -> bool:
        """Whether the public idea list can show ideas in this state (its status filter)."""
        return self.status in PUBLIC_STATUSES


@dataclass(frozen=True)
class QuarterFigures:
    quarter: int  # 1 to 4
    answers: int
    median_days: float | None


@dataclass
class YearOutcomes:
    year: int
    received: int
    waiting: int
    outcomes: list[OutcomeCount]
    first_answers: int
    median_days: float | None  # None: no first answer in the year
    quarters: list[QuarterFigures] = field(default_factory=list)


def year_bounds(year: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """1 January, 00:00 of the year and of the next, in the municipality's zone, as UTC instants."""
    return (datetime(year, 1, 1, tzinfo=zone).astimezone(timezone.utc),
            datetime(year + 1, 1, 1, tzinfo=zone).astimezone(timezone.utc))


def current_year(zone: ZoneInfo) -> int:
    return datetime.now(zone).year


def years_with_ideas(session: Session, zone: ZoneInfo) -> list[int]:
    """From the year of the first idea to this year (just this year while there is none)."""
    this_year = current_year(zone)
    first = session.exec(select(func.min(Idea.created_at))).one()
    first_year = min(first.astimezone(zone).year, this_year) if first else this_year
    return list(range(first_year, this_year + 1))


def _days(start: datetime, end: datetime) -> float:
    return max((end - start).total_seconds(), 0) / SECONDS_PER_DAY


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def year_outcomes(session: Session, year: int, zone: ZoneInfo) -> YearOutcomes:
    """The figures of one calendar year, in four queries."""
    start, end = year_bounds(year, zone)
    in_year = and_(Idea.created_at >= start, Idea.created_at < end)
    answer_values = [status.value for status in ANSWER_STATUSES]

    received = session.exec(select(func.count()).select_from(Idea).where(in_year)).one()

    by_status = dict(session.exec(
        select(IdeaStatusChange.to_status, func.count(func.distinct(IdeaStatusChange.idea_id)))
        .where(IdeaStatusChange.created_at >= start, IdeaStatusChange.created_at < end,
               col(IdeaStatusChange.to_status).in_([status.value for status in OUTCOMES]))
        .group_by(IdeaStatusChange.to_status)
    ).all())

    answered = exists().where(IdeaStatusChange.idea_id == Idea.id,
                              col(IdeaStatusChange.to_status).in_(answer_values))
    waiting = session.exec(
        select(func.count()).select_from(Idea)
        .where(in_year, col(Idea.published_at).is_not(None),
               col(Idea.status).in_([status.value for status in WAITING_STATUSES]), ~answered)
    ).one()

    first_answer = func.min(IdeaStatusChange.created_at)
    rows = session.exec(
        select(Idea.created_at, first_answer)
        .join(IdeaStatusChange, IdeaStatusChange.idea_id == Idea.id)
        .where(col(IdeaStatusChange.to_status).in_(answer_values))
        .group_by(Idea.id, Idea.created_at)
        .having(and_(first_answer >= start, first_answer < end))
    ).all()

    durations: list[float] = []
    by_quarter: dict[int, list[float]] = {quarter: [] for quarter in range(1, 5)}
    for created_at, answered_at in rows:
        days = _days(created_at, answered_at)
        durations.append(days)
        by_quarter[(answered_at.astimezone(zone).month - 1) // 3 + 1].append(days)

    return YearOutcomes(
        year=year, received=received, waiting=waiting,
        outcomes=[OutcomeCount(status, by_status.get(status.value, 0)) for status in OUTCOMES],
        first_answers=len(durations), median_days=_median(durations),
        quarters=[QuarterFigures(quarter, len(values), _median(values)) for quarter, values in by_quarter.items()],
    )


def outcome_chart(outcomes: list[OutcomeCount]) -> BarChart:
    """One bar per outcome, labelled with it; the template draws it with the shared chart macros."""
    return bar_chart([Datum(label=outcome.status.label, value=outcome.ideas, text=format_decimal(outcome.ideas))
                      for outcome in outcomes])
