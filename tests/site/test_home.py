"""The home page: what a resident should see first, only what is public, in a constant number of queries."""

import re
from datetime import timedelta
from html import escape

import pytest
from sqlmodel import col, select

from participation.boards.models import AgendaItem, Board, Meeting, MeetingState
from participation.db import utcnow
from participation.ideas.models import Idea, IdeaStatus
from participation.ideas.queries import public_condition
from participation.measures.models import Measure, MeasureStatus, QuarterlyReview
from participation.news.models import NewsPost
from participation.site.queries import home_page
from tests.query_count import recorded_statements


def test_home_page_shows_the_municipality_in_german_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="de">' in response.get_data(as_text=True)


NEWEST_REVIEW_FIRST = (col(QuarterlyReview.year).desc(), col(QuarterlyReview.quarter).desc(),
                       col(QuarterlyReview.created_at).desc(), col(QuarterlyReview.id).desc())


def home(client) -> str:
    response = client.get("/?lang=en")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def first(db, query):
    return db.exec(query.limit(1)).first()


@pytest.mark.usefixtures("demo")
def test_the_home_page_shows_ideas_meeting_shifts_progress_and_news(client, db):
    now = utcnow()
    page = home(client)
    newest = first(db, select(Idea).where(public_condition(), Idea.status != IdeaStatus.REJECTED.value)
                   .order_by(col(Idea.created_at).desc()))
    supported = first(db, select(Idea).where(public_condition(), Idea.status != IdeaStatus.REJECTED.value)
                      .order_by(col(Idea.support_count).desc()))
    meeting = first(db, select(Meeting).where(Meeting.is_public, Meeting.starts_at > now,
                                              Meeting.state != MeetingState.CANCELLED.value)
                    .order_by(Meeting.starts_at))
    agenda = db.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.is_public)).all()
    review_measure = first(db, select(Measure).join(QuarterlyReview, QuarterlyReview.measure_id == Measure.id)
                           .order_by(*NEWEST_REVIEW_FIRST))
    news = first(db, select(NewsPost).where(NewsPost.is_draft == False, NewsPost.published_at <= now)  # noqa: E712
                 .order_by(col(NewsPost.published_at).desc()))
    for title in (newest.title, supported.title, meeting.name, *(item.title for item in agenda),
                  review_measure.title, news.title):
        assert escape(title) in page
    assert agenda, "the demo's next meeting has a public agenda"
    assert "Volunteers needed" in page and "free place" in page


@pytest.mark.usefixtures("demo")
def test_the_pipeline_shows_live_numbers(client, db):
    open_ideas = len(db.exec(select(Idea.id).where(Idea.status == IdeaStatus.PUBLISHED.value,
                                                   Idea.is_hidden == False)).all())  # noqa: E712
    assert f"{open_ideas} ideas open for support" in home(client)
    idea = db.exec(select(Idea).where(Idea.status == IdeaStatus.PUBLISHED.value, Idea.is_hidden == False)  # noqa: E712
                   ).first()
    idea.status = IdeaStatus.IN_REVIEW.value
    db.commit()
    assert f"{open_ideas - 1} ideas open for support" in home(client)


@pytest.mark.usefixtures("demo")
def test_the_home_page_shows_nothing_that_is_not_public(client, db):
    now = utcnow()
    board = db.exec(select(Board)).first()
    db.add(Meeting(board_id=board.id, name="Geheime Sitzung", starts_at=now + timedelta(hours=2), is_public=False))
    public_meeting = first(db, select(Meeting).where(Meeting.is_public, Meeting.starts_at > now,
                                                     Meeting.state != MeetingState.CANCELLED.value)
                           .order_by(Meeting.starts_at))
    db.add(AgendaItem(meeting_id=public_meeting.id, position=99, title="Personalangelegenheit", is_public=False))
    db.add(NewsPost(title="Noch ein Entwurf", is_draft=True, published_at=now - timedelta(days=1)))
    db.add(NewsPost(title="Erst nächste Woche", is_draft=False, published_at=now + timedelta(days=7)))
    newest = first(db, select(Idea).where(public_condition()).order_by(col(Idea.created_at).desc()))
    newest.is_hidden = True
    reviewed = first(db, select(Measure).join(QuarterlyReview, QuarterlyReview.measure_id == Measure.id)
                     .order_by(*NEWEST_REVIEW_FIRST))
    reviewed.status = MeasureStatus.DRAFT.value
    hidden_titles = (newest.title, reviewed.title)
    db.commit()
    page = home(client)
    for secret in ("Geheime Sitzung", "Personalangelegenheit", "Noch ein Entwurf", "Erst nächste Woche",
                   *map(escape, hidden_titles)):
        assert secret not in page


@pytest.mark.usefixtures("demo")
def test_the_home_page_costs_the_same_number_of_queries_however_much_there_is(app, client, db):
    def statements_for_home() -> int:
        with recorded_statements(app.extensions["database"].engine) as statements:
            home(client)
        return len(statements)

    before = statements_for_home()
    now = utcnow()
    for number in range(30):
        db.add(Idea(title=f"Weitere Idee {number}", body="Text", status=IdeaStatus.PUBLISHED.value,
                    published_at=now, support_count=number))
        db.add(NewsPost(title=f"Meldung {number}", is_draft=False, published_at=now - timedelta(minutes=number)))
    db.commit()
    assert "Weitere Idee 29" in home(client)
    assert statements_for_home() == before


def test_an_empty_portal_has_a_friendly_home_page(client, db):
    page = home(client)
    assert "No ideas yet" in page and "No public meeting is planned" in page
    assert home_page(db, utcnow()).next_meeting is None


@pytest.mark.usefixtures("demo")
def test_the_progress_section_shows_each_measure_once_with_its_latest_review(client, db):
    page = home(client)
    section = page[page.index('id="home-progress"'):page.index('id="home-news"')]
    linked = re.findall(r'href="/measures/(\d+)"', section)
    assert len(linked) == 4 and len(set(linked)) == 4
    for measure_id in linked:
        latest = first(db, select(QuarterlyReview).where(QuarterlyReview.measure_id == int(measure_id))
                       .order_by(*NEWEST_REVIEW_FIRST))
        assert f"Quarter {latest.year}-Q{latest.quarter}: {latest.progress} % done" in section
