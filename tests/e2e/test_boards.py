"""Boards and meetings in a real browser: axe checks every page in both languages, as a visitor, as the
advisory board's secretary and as an admin, also with form errors; the secretary plans a meeting by keyboard."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import col, select

from participation.accounts.models import User
from participation.boards.models import Board, BoardKind, Meeting, MeetingState, Membership
from participation.db import get_session, utcnow
from participation.ideas.models import Idea, IdeaStatus
from participation.measures.quarters import today_in
from tests.e2e.helpers import ADMIN_EMAIL, DEMO_PASSWORD, sign_in, visit_all
from tests.e2e.test_accessibility import LANGUAGES, assert_accessible, in_language

pytestmark = pytest.mark.e2e

SECRETARY_EMAIL = "verwaltung@beispielstadt.example"  # secretary of the demo Projektbeirat


@pytest.fixture(scope="module")
def demo(live_server) -> dict[str, int]:
    """Ids of demo objects the pages are about."""
    with live_server.app.app_context():
        db = get_session()
        advisory = db.exec(select(Board).where(Board.kind == BoardKind.ADVISORY.value)).first()
        thematic = db.exec(select(Board).where(Board.kind == BoardKind.THEMATIC.value)).first()
        meetings = select(Meeting).where(Meeting.board_id == advisory.id)
        return {
            "advisory": advisory.id,
            "thematic": thematic.id,
            "held": db.exec(meetings.where(Meeting.state == MeetingState.HELD.value)).first().id,
            "planned": db.exec(meetings.where(Meeting.state == MeetingState.PLANNED.value,
                                              Meeting.starts_at > utcnow())).first().id,
            "cancelled": db.exec(meetings.where(Meeting.state == MeetingState.CANCELLED.value)).first().id,
            "internal": db.exec(select(Meeting).where(col(Meeting.is_public).is_(False))).first().id,
            "seat": db.exec(select(Membership).where(Membership.board_id == advisory.id)).first().id,
        }


def public_pages(ids):
    return [("/boards/", 200), (f"/boards/{ids['advisory']}", 200), (f"/boards/{ids['thematic']}", 200),
            (f"/meetings/{ids['held']}", 200), (f"/meetings/{ids['planned']}", 200),
            (f"/meetings/{ids['cancelled']}", 200), (f"/meetings/{ids['internal']}", 404)]


def secretary_pages(ids):
    return [(f"/boards/{ids['advisory']}", 200), (f"/boards/{ids['advisory']}/plan", 200),
            (f"/boards/{ids['advisory']}/meetings/new", 200), (f"/meetings/{ids['planned']}/edit", 200),
            (f"/meetings/{ids['planned']}/cancel", 200), (f"/meetings/{ids['internal']}", 200),
            (f"/meetings/{ids['planned']}/agenda/new", 200), (f"/meetings/{ids['held']}/attendance", 200)]


def admin_pages(ids):
    return [("/boards/", 200), ("/boards/new", 200), (f"/boards/{ids['advisory']}/edit", 200),
            (f"/boards/{ids['advisory']}/members", 200), (f"/boards/{ids['advisory']}/members/new", 200),
            (f"/boards/{ids['advisory']}/members/{ids['seat']}/edit", 200)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_board_pages_for_visitors(signed_in, demo, lang):
    visit_all(signed_in("", lang), public_pages(demo), lang, "visitor")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_board_pages_for_the_secretary(signed_in, demo, lang):
    visit_all(signed_in(SECRETARY_EMAIL, lang), secretary_pages(demo), lang, "secretary")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_board_pages_for_admins(signed_in, demo, lang):
    visit_all(signed_in(ADMIN_EMAIL, lang), admin_pages(demo), lang, "admin")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("who", "path_of", "fields"), [
    (ADMIN_EMAIL, lambda ids: "/boards/new", {}),
    (ADMIN_EMAIL, lambda ids: f"/boards/{ids['advisory']}/members/new", {}),
    (SECRETARY_EMAIL, lambda ids: f"/boards/{ids['advisory']}/meetings/new", {"#name": "", "#location": ""}),
    (SECRETARY_EMAIL, lambda ids: f"/meetings/{ids['planned']}/cancel", {}),
    (SECRETARY_EMAIL, lambda ids: f"/meetings/{ids['planned']}/agenda/new", {}),
], ids=["board", "member", "meeting", "cancel", "agenda-item"])
def test_board_forms_with_errors(signed_in, demo, lang, who, path_of, fields):
    page = signed_in(who, lang)
    path = path_of(demo)
    page.goto(in_language(path, lang))
    for selector, value in fields.items():
        page.fill(selector, value)
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    assert submitted.value.status == 422, f"{path}: answered {submitted.value.status}"
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    assert_accessible(page, f"{path} with errors [{lang}]")


def test_the_secretary_plans_a_meeting_by_keyboard_and_finds_it_in_the_calendar(make_page, demo, base_url):
    page = make_page(locale="de-DE")
    sign_in(page, SECRETARY_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name="Beiräte").click()
    page.get_by_role("link", name="Projektbeirat").first.click()
    page.get_by_role("link", name="Neue Sitzung").click()
    page.locator("#name").fill("Sondersitzung Ortsmitte")
    page.locator("#day").fill("2027-06-15")
    page.locator("#start_time").fill("18:30")
    page.locator("#end_time").fill("20:30")
    page.locator("#location").press("End")
    page.keyboard.press("Tab")  # online link stays empty
    page.keyboard.press("Tab")  # public meeting stays ticked
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Sondersitzung Ortsmitte")
    expect(page.locator("main")).to_contain_text("18:30")
    calendar = page.request.get(f"{base_url}/calendar.ics")
    assert calendar.ok and "Sondersitzung Ortsmitte" in calendar.text()


def test_the_secretary_takes_an_idea_through_the_meeting_to_its_author(make_page, live_server):
    """Done-when of the boards issue: agenda from a routed idea and the quarterly reviews, minutes and a
    decision, published; the idea's author is notified."""
    with live_server.app.app_context():
        db = get_session()
        # A published idea whose author is a demo account (they all share the demo password).
        idea_id, title, author_email = db.exec(
            select(Idea.id, Idea.title, User.email).join(User, User.id == Idea.author_id)
            .where(User.email.like("%@beispielstadt.example"), Idea.is_hidden == False,  # noqa: E712
                   Idea.status.in_([IdeaStatus.PUBLISHED.value, IdeaStatus.IN_REVIEW.value]))
            .order_by(Idea.id)).first()
    page = make_page(locale="de-DE")
    sign_in(page, SECRETARY_EMAIL, DEMO_PASSWORD)
    page.goto("/boards/")
    page.get_by_role("link", name="Projektbeirat").first.click()
    page.get_by_role("link", name="Neue Sitzung").click()
    page.locator("#name").fill("Sondersitzung Bürgerideen")
    page.locator("#day").fill(today_in("Europe/Berlin").isoformat())
    page.locator("#start_time").fill("00:00")
    page.get_by_role("button", name="Sitzung speichern").click()
    expect(page.locator("h1")).to_have_text("Sondersitzung Bürgerideen")

    page.get_by_role("link", name="Tagesordnungspunkt hinzufügen").click()
    page.get_by_role("radio", name="Idee").check()
    page.select_option("#idea_id", label=f"#{idea_id} {title}")
    page.get_by_role("button", name="Tagesordnungspunkt speichern").click()
    expect(page.locator("#agenda")).to_contain_text(f"TOP 1: {title}")
    page.get_by_role("button", name=re.compile("Quartalsberichte .* aufnehmen")).click()
    expect(page.locator("#agenda")).to_contain_text("TOP 2: Stand der Maßnahmen")
    assert_accessible(page, "meeting with agenda (secretary)")

    page.get_by_role("link", name=re.compile(r"Protokoll und Ergebnis.*TOP 1")).click()
    assert_accessible(page, "minutes form (secretary)")
    page.fill("#minutes", "Die Idee wurde vorgestellt und ausführlich beraten.")
    page.select_option("#decision_kind", label="Empfehlung")
    page.fill("#decision_text", "Der Projektbeirat empfiehlt, die Idee in die Maßnahmenplanung zu übernehmen.")
    page.get_by_role("button", name="Protokoll speichern").click()
    expect(page.locator(".flash-success")).to_contain_text("TOP 1")
    page.get_by_role("button", name="Protokoll veröffentlichen").click()
    expect(page.locator(".flash-success")).to_contain_text("veröffentlicht")
    expect(page.locator("#agenda")).to_contain_text("Der Projektbeirat empfiehlt")

    author = make_page(locale="de-DE")
    sign_in(author, author_email, DEMO_PASSWORD)
    author.goto("/account/notifications")
    expect(author.locator("main")).to_contain_text(f"Projektbeirat zu „{title}“: Empfehlung")
    author.goto(f"/ideas/{idea_id}")
    expect(author.locator("main")).to_contain_text("Was die Beiräte beschlossen haben")


def test_with_javascript_the_secretary_reorders_the_agenda_without_reloading_the_page(make_page, demo):
    page = make_page(locale="en-GB")
    sign_in(page, SECRETARY_EMAIL, DEMO_PASSWORD)
    page.goto(f"/meetings/{demo['planned']}?lang=en")
    items = page.locator("#agenda li.agenda-item")
    assert items.count() >= 2, "the demo's next meeting has a draft agenda"
    first_id, second_id = items.nth(0).get_attribute("id"), items.nth(1).get_attribute("id")
    page.evaluate("window.stillTheSamePage = true")

    page.locator(f"#{first_id}").get_by_role("button", name=re.compile("Move down")).click()
    expect(items.nth(0)).to_have_attribute("id", second_id)
    expect(items.nth(1)).to_have_attribute("id", first_id)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator(f"#{first_id} h3")).to_contain_text("Item 2")
    expect(page.locator(".flash-region")).to_contain_text("Item 2")  # announced to screen readers
    # The keyboard stays on the moved item, so it can be moved on.
    expect(page.locator(f"#{first_id}").get_by_role("button", name=re.compile("Move down"))).to_be_focused()

    page.reload()  # the new order is saved
    expect(page.locator("#agenda li.agenda-item").nth(1)).to_have_attribute("id", first_id)
