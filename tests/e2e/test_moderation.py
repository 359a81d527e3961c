"""The moderation area in a real browser: axe on every tab of the queue, a filtered queue and the panel of a
waiting and of a published idea, as the demo moderator and the demo staff member in both languages, also after
each of the panel's forms was sent incomplete; and the moderator works through the queue by keyboard.

The pages are about the ideas that participation.moderation.demo puts into the queue. The keyboard journey
publishes one of them and rejects another; the other tests only look, or send forms that are refused, so no
other test module sees a change (the live server's database is shared by the whole run).
"""

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from participation.comments.models import CommentFlag
from participation.db import get_session
from participation.ideas.models import Idea, IdeaStatus, IdeaStatusChange
from participation.moderation import demo as moderation_demo
from participation.municipality.models import ActionArea, District
from tests.e2e.helpers import DEMO_PASSWORD, RESIDENT_EMAIL, is_focused, path_is, sign_in, tab_and_type, tab_to
from tests.e2e.test_accessibility import BROWSER_LOCALES, LANGUAGES, assert_accessible, in_language

pytestmark = pytest.mark.e2e

MODERATOR_EMAIL = moderation_demo.MODERATOR_EMAIL
STAFF_EMAIL = moderation_demo.STAFF_EMAIL
PEOPLE = {"moderator": MODERATOR_EMAIL, "staff": STAFF_EMAIL}
TABS = ["waiting", "flagged", "assigned", "unanswered"]
REJECTION_REASON = "Werbung für Firmen ist im Beteiligungsportal nicht erlaubt."


@pytest.fixture(scope="module")
def demo(live_server) -> dict[str, int]:
    """Ids of the demo's queue items the pages are about, by role in these tests."""
    with live_server.app.app_context():
        db = get_session()

        def idea_id(demo_idea: moderation_demo.DemoIdea) -> int:
            return db.exec(select(Idea.id).where(Idea.title == demo_idea.title)).one()

        return {
            "waiting": idea_id(moderation_demo.WEEKEND_BUS),  # looked at only
            "refused": idea_id(moderation_demo.WEEKEND_BUS_AGAIN),  # gets forms that are refused
            "published": idea_id(moderation_demo.MILL_POND_PATH),  # looked at, refused forms
            "to_publish": idea_id(moderation_demo.MOBILE_LIBRARY),  # the keyboard journey publishes it
            "to_reject": idea_id(moderation_demo.ADVERTISEMENT),  # … and rejects this one
            "district": db.exec(select(District.id).where(District.name == "Mühlenberg")).one(),
            "area": db.exec(select(ActionArea.id).where(ActionArea.title == moderation_demo.COOPERATION)).one(),
        }


def visit(page: Page, path: str, lang: str, status: int = 200) -> None:
    response = page.goto(in_language(path, lang))
    assert response is not None and response.status == status, (
        f"{path}: answered {response.status if response else None}, expected {status}")
    expect(page.locator("html")).to_have_attribute("lang", lang)


def status_of(live_server, idea_id: int) -> str:
    with live_server.app.app_context():
        return get_session().get(Idea, idea_id).status


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("who", list(PEOPLE))
@pytest.mark.parametrize("tab", TABS)
def test_each_tab_of_the_queue(signed_in, demo, lang, who, tab):
    page = signed_in(PEOPLE[who], lang)
    visit(page, f"/moderation/?tab={tab}", lang)
    expect(page.locator(f"nav.tabs a[href$='tab={tab}']")).to_have_attribute("aria-current", "page")
    if tab == "flagged":
        expect(page.locator("main .flag-list > li")).to_have_count(2)
    elif tab == "assigned" and who == "moderator":
        expect(page.locator("main table")).to_have_count(0)  # nothing is assigned to the demo moderator
    else:
        expect(page.locator("main table tbody tr").first).to_be_visible()
    assert_accessible(page, f"queue, tab {tab} [{lang}, {who}]")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("who", list(PEOPLE))
def test_the_queue_filtered(signed_in, demo, lang, who):
    page = signed_in(PEOPLE[who], lang)
    visit(page, "/moderation/?tab=waiting", lang)
    # Filter with the form, as people do: the district of the two ideas from Mühlenberg, older than a day.
    page.select_option("#district", str(demo["district"]))
    page.fill("#older_than", "1")
    with page.expect_navigation():
        page.locator("main form.filter-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"district={demo['district']}"))
    expect(page.locator("#district")).to_have_value(str(demo["district"]))
    assert_accessible(page, f"queue filtered by district and age [{lang}, {who}]")

    visit(page, f"/moderation/?tab=unanswered&district={demo['district']}&area={demo['area']}", lang)
    expect(page.locator(f"main a[href='/moderation/ideas/{demo['published']}']")).to_be_visible()
    assert_accessible(page, f"unanswered ideas filtered by district and action area [{lang}, {who}]")

    visit(page, "/moderation/?tab=waiting&older_than=-4", lang, 400)
    expect(page.locator("#older_than-error")).to_be_visible()
    assert_accessible(page, f"queue with a wrong filter [{lang}, {who}]")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("who", list(PEOPLE))
@pytest.mark.parametrize("idea", ["waiting", "published"])
def test_the_panel_of_an_idea(signed_in, demo, lang, who, idea):
    page = signed_in(PEOPLE[who], lang)
    visit(page, f"/moderation/ideas/{demo[idea]}", lang)
    expect(page.locator("main a[href='/moderation/']").first).to_be_visible()
    decisions = page.locator("input[name='decide-action']")
    if who == "moderator" or idea == "published":
        expect(decisions.first).to_be_visible()
    else:
        expect(decisions).to_have_count(0)  # triage is the moderators' task
    expect(page.locator("#answer-text")).to_have_count(1 if idea == "published" else 0)
    expect(page.locator("#assign-assignee")).to_be_visible()
    assert_accessible(page, f"moderation panel of a {idea} idea [{lang}, {who}]")


# name: (who, idea, form action, steps before sending, field that shows the error)
FORMS_WITH_ERRORS = {
    "decision-without-choice": ("moderator", "refused", "decide", {}, "#decide-action-error"),
    "reject-without-reason": ("moderator", "refused", "decide", {"check": "reject"}, "#decide-reason-error"),
    "decline-without-reason": ("staff", "published", "decide", {"check": "declined"}, "#decide-reason-error"),
    "answer-without-text": ("moderator", "published", "answer", {"#answer-text": ""}, "#answer-text-error"),
    "answer-without-text-or-office": ("staff", "published", "answer", {"#answer-office": "", "#answer-text": ""},
                                      "#answer-office-error"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", list(FORMS_WITH_ERRORS))
def test_the_panel_after_a_refused_form(signed_in, demo, live_server, lang, case):
    who, idea, action, steps, error = FORMS_WITH_ERRORS[case]
    page = signed_in(PEOPLE[who], lang)
    visit(page, f"/moderation/ideas/{demo[idea]}", lang)
    for selector, value in steps.items():
        if selector == "check":
            page.locator(f"input[name='decide-action'][value='{value}']").check()
        else:
            page.fill(selector, value)
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator(f"main form[action$='/{action}'] button[type=submit]").click()
    page.wait_for_load_state()
    assert submitted.value.status == 422, f"{case}: answered {submitted.value.status}"
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator(error)).to_be_visible()
    # The summary's links lead to the fields with errors.
    for link in page.locator(".error-summary a").all():
        assert page.locator(link.get_attribute("href")).count() == 1, link.get_attribute("href")
    assert_accessible(page, f"moderation panel, {case} [{lang}, {who}]")
    assert status_of(live_server, demo[idea]) == (
        IdeaStatus.SUBMITTED.value if idea == "refused" else IdeaStatus.PUBLISHED.value)


def _flagged_comment_id(live_server) -> int:
    with live_server.app.app_context():
        db = get_session()
        return db.exec(select(CommentFlag.comment_id).where(CommentFlag.resolved_at.is_(None))
                       .order_by(CommentFlag.comment_id)).first()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_panel_of_a_flagged_comment_also_after_hiding_without_a_reason(signed_in, live_server, lang):
    page = signed_in(MODERATOR_EMAIL, lang)
    comment_id = _flagged_comment_id(live_server)
    visit(page, f"/moderation/comments/{comment_id}", lang)
    expect(page.locator("#hide-reason")).to_be_visible()
    expect(page.locator("#edit-body")).to_be_visible()
    assert_accessible(page, f"moderation panel of a flagged comment [{lang}]")
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form[action$='/hide'] button[type=submit]").click()
    page.wait_for_load_state()
    assert submitted.value.status == 422
    expect(page.locator("#hide-reason-error")).to_be_visible()
    assert_accessible(page, f"moderation panel of a flagged comment, hidden without reason [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_resident_reports_an_idea_and_the_form_explains_a_missing_reason(new_context, demo, lang):
    page = new_context(locale=BROWSER_LOCALES[lang]).new_page()
    sign_in(page, RESIDENT_EMAIL, DEMO_PASSWORD)
    visit(page, f"/ideas/{demo['published']}/report", lang)
    assert_accessible(page, f"report an idea [{lang}]")
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert submitted.value.status == 422
    expect(page.locator("#reason-error")).to_be_visible()
    assert_accessible(page, f"report an idea without a reason [{lang}]")
    page.context.close()


def press_and_wait(page: Page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def choose_by_keyboard(page: Page, value: str) -> None:
    """Tab into the group of decisions and move with the arrow keys until `value` is chosen."""
    radios = page.locator("input[name='decide-action']")
    tab_to(page, radios.first)
    target = page.locator(f"input[name='decide-action'][value='{value}']")
    if not target.is_checked():
        page.keyboard.press("Space")  # the first one
    for _ in range(radios.count()):
        if target.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(target).to_be_checked()
    assert is_focused(target)


def test_the_moderator_works_through_the_queue_by_keyboard(make_page, demo, live_server):
    page = make_page(locale="de-DE")
    sign_in(page, MODERATOR_EMAIL, DEMO_PASSWORD)

    # The navigation leads to the queue; it opens on the ideas waiting for review.
    tab_to(page, page.locator("nav.main-nav a[href='/moderation/']"))
    press_and_wait(page)
    expect(page).to_have_url(path_is("/moderation/"))
    expect(page.locator("nav.tabs a[href$='tab=waiting']")).to_have_attribute("aria-current", "page")
    assert_accessible(page, "queue (keyboard journey)")

    # Publish the new idea about a mobile library.
    tab_to(page, page.locator(f"main a[href='/moderation/ideas/{demo['to_publish']}']"))
    press_and_wait(page)
    expect(page).to_have_url(path_is(f"/moderation/ideas/{demo['to_publish']}"))
    expect(page.locator("h1")).to_have_text(moderation_demo.MOBILE_LIBRARY.title)
    choose_by_keyboard(page, "publish")
    tab_to(page, page.locator("main form[action$='/decide'] button[type=submit]"))
    press_and_wait(page)
    expect(page).to_have_url(path_is(f"/moderation/ideas/{demo['to_publish']}"))
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("input[name='decide-action'][value='publish']")).to_have_count(0)
    assert status_of(live_server, demo["to_publish"]) == IdeaStatus.PUBLISHED.value
    assert_accessible(page, "panel after publishing (keyboard journey)")

    # Back to the queue: the idea is no longer waiting.
    tab_to(page, page.locator("main a[href='/moderation/']"))
    press_and_wait(page)
    expect(page).to_have_url(path_is("/moderation/"))
    expect(page.locator(f"main a[href='/moderation/ideas/{demo['to_publish']}']")).to_have_count(0)

    # Reject the advertisement, with the reason.
    tab_to(page, page.locator(f"main a[href='/moderation/ideas/{demo['to_reject']}']"))
    press_and_wait(page)
    expect(page.locator("h1")).to_have_text(moderation_demo.ADVERTISEMENT.title)
    choose_by_keyboard(page, "reject")
    tab_and_type(page, "#decide-reason", REJECTION_REASON)
    tab_to(page, page.locator("main form[action$='/decide'] button[type=submit]"))
    press_and_wait(page)
    expect(page.locator(".flash-success")).to_be_visible()
    with live_server.app.app_context():
        db = get_session()
        assert db.get(Idea, demo["to_reject"]).status == IdeaStatus.REJECTED.value
        assert db.exec(select(IdeaStatusChange.reason).where(IdeaStatusChange.idea_id == demo["to_reject"])
                       .order_by(IdeaStatusChange.id.desc())).first() == REJECTION_REASON
    tab_to(page, page.locator("main a[href='/moderation/']"))
    press_and_wait(page)
    expect(page.locator(f"main a[href='/moderation/ideas/{demo['to_reject']}']")).to_have_count(0)

    # The author reads the reason on the idea's timeline.
    author = make_page(locale="de-DE")
    sign_in(author, moderation_demo.ADVERTISER_EMAIL, DEMO_PASSWORD)
    author.goto(f"/ideas/{demo['to_reject']}")
    expect(author.locator("section[aria-labelledby='timeline-title']")).to_contain_text(REJECTION_REASON)
