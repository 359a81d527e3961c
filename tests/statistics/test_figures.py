"""The statistics' figures: public data only, by month in the municipality's time zone, per district and per
1,000 inhabitants, in a constant number of queries."""

from datetime import UTC, date, datetime

import pytest

from participation.ideas.models import IdeaStatus
from participation.measures.models import MeasureStatus, TrafficLight
from participation.statistics.queries import month_starts, participation_statistics
from tests.ideas.test_browse import count_queries
from tests.statistics.conftest import BERLIN, berlin

TODAY = date(2026, 6, 15)  # the page's twelve months: July 2025 to June 2026
NOW = datetime(2026, 6, 15, 10, tzinfo=UTC)


def figures(db):
    return participation_statistics(db, TODAY, BERLIN, NOW)


def by_month(statistics, attribute: str) -> dict[str, float]:
    """The months with a figure other than 0, as "2026-05": figure."""
    return {f"{month.month:%Y-%m}": getattr(month, attribute) for month in statistics.months
            if getattr(month, attribute)}


def test_twelve_months_up_to_this_one():
    assert month_starts(TODAY) == [date(2025, month, 1) for month in range(7, 13)] + [
        date(2026, month, 1) for month in range(1, 7)]
    assert month_starts(date(2026, 1, 31))[-2:] == [date(2025, 12, 1), date(2026, 1, 1)]


def test_public_ideas_count_in_the_month_they_were_proposed_there(db, add_idea):
    add_idea(berlin(2026, 3, 31, 23, 30))  # 21:30 UTC: still March in Beispielstadt
    add_idea(berlin(2026, 4, 1, 0, 30))  # 22:30 UTC on 31 March: already April in Beispielstadt
    add_idea(berlin(2026, 6, 2), district="Altstadt", status=IdeaStatus.ANSWERED)
    add_idea(berlin(2025, 6, 30))  # before the twelve months
    add_idea(berlin(2026, 5, 5), status=IdeaStatus.SUBMITTED, published=False)  # waiting for review
    add_idea(berlin(2026, 5, 6), hidden=True)
    add_idea(berlin(2026, 5, 7), status=IdeaStatus.REJECTED, published=False)  # never public
    statistics = figures(db)
    assert by_month(statistics, "ideas") == {"2026-03": 1, "2026-04": 1, "2026-06": 1}
    assert statistics.totals.ideas == 3
    assert {row.district.name: row.ideas for row in statistics.districts} == {"Seedorf": 2, "Altstadt": 1}


def test_supports_and_comments_on_public_things_only(db, add_idea, add_supports, add_comment, add_measure,
                                                      add_news):
    public = add_idea(berlin(2026, 1, 10))
    hidden = add_idea(berlin(2026, 1, 11), hidden=True)
    add_supports(public, berlin(2026, 2, 1), berlin(2026, 2, 2), berlin(2026, 5, 1))
    add_supports(hidden, berlin(2026, 2, 3))
    add_comment(berlin(2026, 2, 1), idea_id=public.id)
    add_comment(berlin(2026, 2, 2), idea_id=public.id, deleted_at=NOW)
    add_comment(berlin(2026, 2, 3), idea_id=public.id, hidden_at=NOW)
    add_comment(berlin(2026, 2, 4), idea_id=hidden.id)
    add_comment(berlin(2026, 3, 1), measure_id=add_measure(MeasureStatus.IN_PROGRESS).id)
    add_comment(berlin(2026, 3, 2), measure_id=add_measure(MeasureStatus.DRAFT).id)
    add_comment(berlin(2026, 4, 1), news_post_id=add_news(berlin(2026, 3, 30)).id)
    add_comment(berlin(2026, 4, 2), news_post_id=add_news(berlin(2026, 3, 30), draft=True).id)
    statistics = figures(db)
    assert by_month(statistics, "supports") == {"2026-02": 2, "2026-05": 1}
    assert by_month(statistics, "comments") == {"2026-02": 1, "2026-03": 1, "2026-04": 1}
    assert (statistics.totals.supports, statistics.totals.comments) == (3, 3)


def test_volunteers_and_confirmed_hours_by_month_and_district(db, make_user, add_shift):
    anna, ben, cem = make_user(), make_user(), make_user()
    add_shift(berlin(2026, 5, 2), (anna, 3.0), (ben, 2.5))
    add_shift(berlin(2026, 5, 20), (anna, 2.0), (cem, None))  # Cem's attendance is not confirmed
    add_shift(berlin(2026, 6, 1), (cem, 4.0), district_names=("Seedorf", "Altstadt"))
    add_shift(berlin(2026, 6, 3), (ben, 6.0), is_public=False)
    add_shift(berlin(2026, 6, 4), (ben, 1.0), district_names=())
    statistics = figures(db)
    assert by_month(statistics, "volunteers") == {"2026-05": 2, "2026-06": 2}
    assert by_month(statistics, "hours") == {"2026-05": 7.5, "2026-06": 5.0}
    assert (statistics.totals.volunteers, statistics.totals.hours) == (3, 12.5)
    rows = {row.district.name: (row.volunteers, row.hours) for row in statistics.districts}
    assert rows == {"Seedorf": (3, 11.5), "Altstadt": (1, 4.0)}  # the project in both districts counts in each
    assert (statistics.without_district.volunteers, statistics.without_district.hours) == (1, 1.0)


def test_rates_per_thousand_inhabitants_where_the_population_is_known(db, add_idea, add_supports):
    for day in (1, 2, 3):
        idea = add_idea(berlin(2026, 5, day))
    add_supports(idea, berlin(2026, 5, 10), berlin(2026, 5, 11))
    add_idea(berlin(2026, 5, 4), district="Altstadt")
    seedorf, altstadt = figures(db).districts
    assert seedorf.per_thousand(seedorf.ideas) == pytest.approx(1.5)  # 3 ideas, 2,000 inhabitants
    assert seedorf.per_thousand(seedorf.supports) == pytest.approx(1.0)
    assert altstadt.population is None and altstadt.per_thousand(altstadt.ideas) is None


def test_ideas_by_outcome_and_measures_by_status_and_light(db, add_idea, add_measure):
    add_idea(berlin(2020, 1, 1), status=IdeaStatus.IMPLEMENTED)  # outcomes count whenever the idea began
    add_idea(berlin(2026, 1, 1), status=IdeaStatus.ANSWERED)
    add_idea(berlin(2026, 1, 2), status=IdeaStatus.ANSWERED)
    add_idea(berlin(2026, 1, 3), status=IdeaStatus.ANSWERED, hidden=True)
    add_idea(berlin(2026, 1, 4), status=IdeaStatus.SUBMITTED, published=False)
    add_measure(MeasureStatus.IN_PROGRESS, TrafficLight.ON_TRACK)
    add_measure(MeasureStatus.IN_PROGRESS, TrafficLight.OFF_TRACK)
    add_measure(MeasureStatus.PLANNED)
    add_measure(MeasureStatus.COMPLETED, TrafficLight.ON_TRACK)  # done: no longer under way
    add_measure(MeasureStatus.DRAFT, TrafficLight.AT_RISK)
    statistics = figures(db)
    assert statistics.idea_outcomes == [(IdeaStatus.ANSWERED, 2), (IdeaStatus.IMPLEMENTED, 1)]
    assert statistics.measure_statuses == [(MeasureStatus.PLANNED, 1), (MeasureStatus.IN_PROGRESS, 2),
                                           (MeasureStatus.COMPLETED, 1)]
    assert statistics.traffic_lights == [(TrafficLight.ON_TRACK, 1), (TrafficLight.AT_RISK, 0),
                                         (TrafficLight.OFF_TRACK, 1), (None, 1)]


def test_the_same_number_of_queries_for_little_and_much_data(app, db, make_user, add_idea, add_supports,
                                                            add_shift):
    with app.app_context(), count_queries(app) as statements:
        figures(db)
    few = len(statements)
    for month in range(1, 7):
        idea = add_idea(berlin(2026, month, 3), district="Altstadt" if month % 2 else "Seedorf")
        add_supports(idea, berlin(2026, month, 4))
        add_shift(berlin(2026, month, 5), (make_user(), 2.0), district_names=("Seedorf", "Altstadt"))
    with app.app_context(), count_queries(app) as statements:
        figures(db)
    assert 0 < len(statements) == few
