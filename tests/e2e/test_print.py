"""Printing an idea, a measure and a meeting (its agenda goes on the notice board): with print media emulated in a
real Chromium, navigation, footer, forms and buttons are gone, the content is black on white, and the meeting
shows its date, place and every agenda item; each page renders as a PDF."""

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, func, select

from participation.boards.models import AgendaItem, Board, BoardKind, Meeting, MeetingState
from participation.db import get_session
from participation.ideas.models import Idea, IdeaStatus
from participation.measures.models import Measure, QuarterlyReview
from tests.e2e.helpers import DEMO_PASSWORD, RESIDENT_EMAIL, sign_in

pytestmark = pytest.mark.e2e

SECRETARY_EMAIL = "verwaltung@beispielstadt.example"  # runs the demo Projektbeirat's meetings: sees every form
BLACK = "rgb(0, 0, 0)"


@pytest.fixture(scope="module")
def demo(live_server) -> dict[str, int]:
    """A discussed idea, a measure with reviews, and public meetings of the advisory board with an agenda: one
    held (with its minutes), one planned (its agenda still being written)."""
    with live_server.app.app_context():
        db = get_session()
        advisory = db.exec(select(Board.id).where(Board.kind == BoardKind.ADVISORY.value)).first()
        items = (select(func.count(AgendaItem.id)).where(AgendaItem.meeting_id == Meeting.id)
                 .correlate(Meeting).scalar_subquery())
        return {
            "idea": db.exec(select(Idea.id).where(Idea.status == IdeaStatus.PUBLISHED.value,
                                                  col(Idea.is_hidden).is_(False), Idea.comment_count > 0)
                            .order_by(Idea.id)).first(),
            "measure": db.exec(select(Measure.id).join(QuarterlyReview, QuarterlyReview.measure_id == Measure.id)
                               .where(Measure.status != "draft").order_by(Measure.id)).first(),
            **{state.value: db.exec(select(Meeting.id).where(Meeting.board_id == advisory, Meeting.is_public,
                                                             Meeting.state == state.value, items > 1)
                                    .order_by(Meeting.starts_at)).first()
               for state in (MeetingState.HELD, MeetingState.PLANNED)},
        }


def printed(page: Page, path: str) -> Page:
    page.emulate_media(media="screen")
    page.goto(path)
    expect(page.locator("nav.main-nav")).to_be_visible()  # on screen, as always
    page.emulate_media(media="print")
    return page


def assert_only_the_content_prints(page: Page) -> None:
    for chrome in ("nav.main-nav", "header.site-header", "footer.site-footer", ".skip-link"):
        expect(page.locator(chrome)).to_be_hidden()
    controls = page.locator("main form, main button, main .button")
    assert controls.count() > 0, "the page offers forms to the signed-in person, on screen"
    for index in range(controls.count()):
        expect(controls.nth(index)).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    colours = page.evaluate("""() => [...document.querySelectorAll('main h1, main p, main a, main dd')]
        .map(element => getComputedStyle(element).color)""")
    assert set(colours) == {BLACK}
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in ("rgb(255, 255, 255)",
                                                                                  "rgba(0, 0, 0, 0)")
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_an_idea_prints_without_support_and_comment_forms(make_page, demo):
    page = make_page()
    sign_in(page, RESIDENT_EMAIL, DEMO_PASSWORD)
    printed(page, f"/ideas/{demo['idea']}")
    assert_only_the_content_prints(page)
    expect(page.locator("#support .support-count")).to_be_visible()
    expect(page.locator("#comments .comment").first).to_be_visible()
    expect(page.locator("#comments .comment-form")).to_be_hidden()


def test_a_measure_prints_with_its_reviews(make_page, demo):
    page = make_page()
    sign_in(page, SECRETARY_EMAIL, DEMO_PASSWORD)
    printed(page, f"/measures/{demo['measure']}")
    assert_only_the_content_prints(page)
    expect(page.locator("#progress .reviews li").first).to_be_visible()
    expect(page.locator("#work-plan")).to_be_visible()


def test_a_meeting_prints_its_date_place_and_agenda_for_the_notice_board(make_page, demo):
    page = make_page()
    sign_in(page, SECRETARY_EMAIL, DEMO_PASSWORD)
    printed(page, f"/meetings/{demo['planned']}")
    assert_only_the_content_prints(page)
    expect(page.locator("main .facts")).to_be_visible()
    expect(page.locator("main .facts dd").nth(1)).to_be_visible()  # date and time
    items = page.locator("ol.agenda > li.agenda-item")
    assert items.count() > 1
    for index in range(items.count()):
        expect(items.nth(index).locator("h3")).to_be_visible()
        assert items.nth(index).evaluate("element => getComputedStyle(element).breakInside") == "avoid"
    expect(page.locator("#invitations")).to_be_hidden()
    expect(page.locator("main a[download]")).to_be_hidden()


def test_a_visitor_prints_the_agenda_too(page, demo):
    printed(page, f"/meetings/{demo['held']}?lang=en")
    expect(page.locator("nav.main-nav")).to_be_hidden()
    expect(page.locator("ol.agenda > li.agenda-item").first).to_be_visible()
    expect(page.locator(".minutes").first).to_be_visible()
    assert page.pdf(format="A4").startswith(b"%PDF")
