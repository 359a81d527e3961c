"""The transparency page /ideas/outcomes: what became of the ideas in a year, and how long a first answer took."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from participation.ideas.models import Idea, IdeaStatus, IdeaStatusChange
from participation.ideas.outcomes import OUTCOMES, outcome_chart, year_outcomes, years_with_ideas
from tests.ideas.test_browse import count_queries

BERLIN = ZoneInfo("Europe/Berlin")
THIS_YEAR = datetime.now(BERLIN).year
YEAR = THIS_YEAR - 1  # a whole past year, so that no test depends on today's date


def at(month: int, day: int, hour: int = 12, year: int = YEAR) -> datetime:
    return datetime(year, month, day, hour, tzinfo=BERLIN)


@pytest.fixture
def add_idea(db):
    """An idea created at `created`, with status changes (status, when) in this order; committed."""

    def add(created: datetime, *changes: tuple[IdeaStatus, datetime], title: str = "Idee", hidden: bool = False,
            published: bool = True) -> Idea:
        status = IdeaStatus.PUBLISHED if published else IdeaStatus.SUBMITTED
        idea = Idea(title=title, body="Text", status=status.value, is_hidden=hidden, created_at=created,
                    last_activity_at=created, published_at=created if published else None)
        db.add(idea)
        db.flush()
        db.add(IdeaStatusChange(idea_id=idea.id, to_status=status.value, actor_name="Autorin", created_at=created))
        previous = status
        for to_status, when in changes:
            db.add(IdeaStatusChange(idea_id=idea.id, from_status=previous.value, to_status=to_status.value,
                                    actor_name="Moderation", created_at=when))
            previous = to_status
        idea.status = previous.value
        if previous == IdeaStatus.REJECTED:
            idea.published_at = None
        db.add(idea)
        db.commit()
        return idea

    return add


def counts(figures) -> dict[str, int]:
    return {outcome.status.value: outcome.ideas for outcome in figures.outcomes}


def test_each_outcome_counts_ideas_not_changes(db, add_idea):
    # Two agendas in a row and an answer: the idea counts once for "on the agenda" and once for "answered".
    add_idea(at(1, 10), (IdeaStatus.ON_AGENDA, at(2, 1)), (IdeaStatus.ON_AGENDA, at(5, 1)),
             (IdeaStatus.ANSWERED, at(6, 1)))
    add_idea(at(1, 11), (IdeaStatus.IN_REVIEW, at(1, 20)), (IdeaStatus.ROUTED_TO_BACKLOG, at(2, 1)),
             (IdeaStatus.IMPLEMENTED, at(11, 1)))
    add_idea(at(3, 1), (IdeaStatus.DECLINED, at(3, 20)))
    add_idea(at(3, 2), (IdeaStatus.REJECTED, at(3, 3)), published=False)
    add_idea(at(3, 3), (IdeaStatus.MERGED, at(3, 4)))
    add_idea(at(4, 1), (IdeaStatus.IN_REVIEW, at(4, 2)))  # in review: waiting for a first answer
    add_idea(at(4, 2))  # published, waiting
    add_idea(at(4, 3), published=False)  # waiting for review: received, not (yet) published
    figures = year_outcomes(db, YEAR, BERLIN)
    assert counts(figures) == {"answered": 1, "routed_to_backlog": 1, "on_agenda": 1, "implemented": 1,
                               "declined": 1, "rejected": 1, "merged": 1}
    assert [outcome.status for outcome in figures.outcomes] == list(OUTCOMES)
    assert figures.received == 8
    assert figures.waiting == 2
    assert figures.first_answers == 4  # agenda, backlog, declined, rejected; merged is no answer


def test_other_years_are_counted_in_their_own_year(db, add_idea):
    # Sent in the year before, answered in the year: an answer of the year, not an idea received in it.
    add_idea(at(12, 1, year=YEAR - 1), (IdeaStatus.ANSWERED, at(1, 5)))
    # Sent in and answered the year before: nothing in the year.
    add_idea(at(3, 1, year=YEAR - 1), (IdeaStatus.DECLINED, at(4, 1, year=YEAR - 1)))
    # Sent in the year, answered the year after: received and not waiting (answered since), no answer in the year.
    add_idea(at(12, 20), (IdeaStatus.ANSWERED, at(1, 10, year=YEAR + 1)))
    figures = year_outcomes(db, YEAR, BERLIN)
    assert figures.received == 1
    assert figures.waiting == 0
    assert counts(figures)["answered"] == 1
    assert counts(figures)["declined"] == 0
    assert figures.first_answers == 1
    assert figures.median_days == pytest.approx(35)
    earlier = year_outcomes(db, YEAR - 1, BERLIN)
    assert (earlier.received, counts(earlier)["declined"], counts(earlier)["answered"]) == (2, 1, 0)


def test_the_year_runs_in_the_municipality_s_time_zone(db, add_idea):
    # 31 December, 23:30 UTC is already New Year's Day in Berlin.
    add_idea(datetime(YEAR - 1, 12, 31, 23, 30, tzinfo=timezone.utc))
    add_idea(datetime(YEAR, 12, 31, 23, 30, tzinfo=timezone.utc))
    assert year_outcomes(db, YEAR, BERLIN).received == 1


def test_median_days_with_an_odd_number_of_answers(db, add_idea):
    for days in (2, 10, 4):
        add_idea(at(2, 1), (IdeaStatus.ANSWERED, at(2, 1) + timedelta(days=days)))
    assert year_outcomes(db, YEAR, BERLIN).median_days == pytest.approx(4)


def test_median_days_with_an_even_number_of_answers(db, add_idea):
    for days in (1, 3, 6, 40):
        add_idea(at(2, 1), (IdeaStatus.ROUTED_TO_BACKLOG, at(2, 1) + timedelta(days=days)))
    assert year_outcomes(db, YEAR, BERLIN).median_days == pytest.approx(4.5)


def test_only_the_first_answer_counts_and_publication_is_none(db, add_idea):
    # Published at once, reviewed, answered after 6 days, implemented much later.
    add_idea(at(1, 1), (IdeaStatus.IN_REVIEW, at(1, 3)), (IdeaStatus.ANSWERED, at(1, 7)),
             (IdeaStatus.IMPLEMENTED, at(9, 1)))
    # Waited for review, published after 3 days, declined after 8.
    add_idea(at(1, 1), (IdeaStatus.PUBLISHED, at(1, 4)), (IdeaStatus.DECLINED, at(1, 9)), published=False)
    figures = year_outcomes(db, YEAR, BERLIN)
    assert figures.first_answers == 2
    assert figures.median_days == pytest.approx(7)


def test_median_per_quarter_by_the_date_of_the_answer(db, add_idea):
    add_idea(at(1, 1), (IdeaStatus.ANSWERED, at(1, 3)))
    add_idea(at(1, 1), (IdeaStatus.ANSWERED, at(1, 5)))
    # Sent in in the first quarter, answered in the second: 60 days less the hour summer time took.
    add_idea(at(3, 1), (IdeaStatus.ANSWERED, at(4, 30)))
    figures = year_outcomes(db, YEAR, BERLIN)
    assert [(q.quarter, q.answers, q.median_days) for q in figures.quarters] == [
        (1, 2, pytest.approx(3)), (2, 1, pytest.approx(60, abs=0.05)), (3, 0, None), (4, 0, None)]


def test_no_answers_yet(db, add_idea, client):
    add_idea(at(2, 1))
    figures = year_outcomes(db, YEAR, BERLIN)
    assert (figures.received, figures.waiting, figures.first_answers, figures.median_days) == (1, 1, 0, None)
    page = client.get(f"/ideas/outcomes?year={YEAR}&lang=en").get_data(as_text=True)
    assert "No answers yet" in page


def test_hidden_ideas_are_counted_but_never_listed(db, add_idea, client):
    add_idea(at(2, 1), (IdeaStatus.ANSWERED, at(2, 3)), title="Verborgene Idee", hidden=True)
    add_idea(at(2, 1), (IdeaStatus.ANSWERED, at(2, 5)), title="Sichtbare Idee")
    figures = year_outcomes(db, YEAR, BERLIN)
    assert (figures.received, counts(figures)["answered"]) == (2, 2)
    page = client.get(f"/ideas/outcomes?year={YEAR}").get_data(as_text=True)
    assert "Verborgene Idee" not in page
    listed = client.get("/ideas/?status=answered").get_data(as_text=True)
    assert "Sichtbare Idee" in listed and "Verborgene Idee" not in listed


def test_years_run_from_the_first_idea_to_this_year(db, add_idea):
    assert years_with_ideas(db, BERLIN) == [THIS_YEAR]
    add_idea(at(6, 1, year=THIS_YEAR - 3))
    assert years_with_ideas(db, BERLIN) == list(range(THIS_YEAR - 3, THIS_YEAR + 1))


def test_the_page_in_german_and_english(client, add_idea):
    add_idea(at(2, 1), (IdeaStatus.ANSWERED, at(2, 3)))
    add_idea(at(2, 1), (IdeaStatus.ANSWERED, at(2, 4)), (IdeaStatus.IMPLEMENTED, at(8, 1)))
    german = client.get(f"/ideas/outcomes?year={YEAR}&lang=de")
    assert german.status_code == 200
    html = german.get_data(as_text=True)
    assert '<html lang="de"' in html
    assert "2,5" in html  # the median of 2 and 3 days, in the German number format
    english = client.get(f"/ideas/outcomes?year={YEAR}&lang=en")
    html = english.get_data(as_text=True)
    assert '<html lang="en"' in html
    for expected in (f"What became of the ideas in {YEAR}", "Ideas received", "2.5 days", "Implemented",
                     'role="img"', "<table", "/ideas/?status=answered", "/ideas/?status=implemented"):
        assert expected in html
    assert "/ideas/?status=rejected" not in html  # rejected ideas are not public: no list to link to
    assert f'href="/ideas/outcomes?year={THIS_YEAR}"' in html  # the other year
    assert '<span aria-current="page">' + str(YEAR) in html


def test_the_current_year_is_the_default(client, add_idea):
    add_idea(at(1, 2, year=THIS_YEAR - 1))
    html = client.get("/ideas/outcomes?lang=en").get_data(as_text=True)
    assert f"What became of the ideas in {THIS_YEAR}" in html
    assert f'href="/ideas/outcomes?year={THIS_YEAR - 1}"' in html


def test_the_ideas_list_links_the_page(client):
    assert 'href="/ideas/outcomes"' in client.get("/ideas/").get_data(as_text=True)


@pytest.mark.parametrize("year, status", [
    ("abc", 400), ("20x5", 400), ("-1", 400), ("99999", 400), ("2025.0", 400), ("1e3", 400),
    ("1999", 404), (str(THIS_YEAR + 1), 404), ("0000", 404),
])
def test_a_bad_year_is_a_clear_client_error(client, add_idea, year, status):
    add_idea(at(2, 1))
    response = client.get("/ideas/outcomes", query_string={"year": year, "lang": "en"})
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert ("four digits" if status == 400 else "There are no figures for") in html


def test_the_page_needs_the_same_number_of_queries_for_any_number_of_ideas(app, client, add_idea):
    statement_counts = []
    for number in (1, 6):
        for day in range(number):
            add_idea(at(3, 1 + day), (IdeaStatus.ANSWERED, at(4, 1 + day)), (IdeaStatus.IMPLEMENTED, at(5, 1)))
        with count_queries(app) as statements:
            assert client.get(f"/ideas/outcomes?year={YEAR}").status_code == 200
        statement_counts.append(len(statements))
    assert statement_counts[0] == statement_counts[1]


def test_the_chart_scales_to_the_largest_outcome():
    from participation.ideas.outcomes import OutcomeCount

    chart = outcome_chart([OutcomeCount(IdeaStatus.ANSWERED, 4), OutcomeCount(IdeaStatus.DECLINED, 1),
                           OutcomeCount(IdeaStatus.MERGED, 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[0] == pytest.approx(4 * widths[1])
    assert max(bar.number_x for bar in chart.bars) < chart.width
    assert outcome_chart([OutcomeCount(IdeaStatus.ANSWERED, 0)]).bars[0].width == 0
