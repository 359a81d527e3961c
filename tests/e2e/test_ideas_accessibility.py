"""axe-core (WCAG 2.0/2.1, levels A and AA) finds no violation in the ideas area and the notification pages.

In German and in English: the list (with filters, and a search without results), what became of the ideas
this year, an idea as a visitor, as a signed-in resident (comment form, reply forms opened, a rejected
comment) and as its author, the form for a new idea (empty, with errors, with the preview), the edit page,
the pages to edit and to report a comment, the notifications with their settings, and the unsubscribe link
from a mail.
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    DEMO_PASSWORD,
    RESIDENT_EMAIL,
    form_structure_problems,
    path_is,
    send_queued_mail,
    sign_in,
    wait_for_similar_ideas,
)
from tests.e2e.test_accessibility import BROWSER_LOCALES, LANGUAGES, assert_accessible, visit

pytestmark = pytest.mark.e2e

NO_RESULTS_QUERY = "Zeppelinlandeplatz"


@dataclass(frozen=True)
class IdeasData:
    discussed_idea: int  # published, comments by others with replies; the resident may comment
    answered_idea: int  # with a statement of the administration
    authored_idea: int  # the resident's own, waiting for review, still editable
    own_comment: int  # the resident's comment on the discussed idea, still editable
    others_comment: int  # someone else's comment on the discussed idea, to report
    district_id: int
    action_area_id: int
    unsubscribe_path: str  # from a notification mail to a demo resident (not the one signed in here)


@pytest.fixture(scope="module")
def ideas_data(live_server, mailbox) -> IdeasData:
    """Pick demo ideas, add what the pages need through the services, and send the queued mails."""
    from sqlmodel import select

    from participation.accounts.services import find_user_by_email
    from participation.comments.models import Comment, Stance
    from participation.db import get_session
    from participation.ideas.models import Idea, IdeaActionArea, IdeaStatus
    from participation.ideas.services import IdeaDraft, add_comment, propose_idea

    with live_server.app.app_context():
        session = get_session()
        resident = find_user_by_email(session, RESIDENT_EMAIL)
        ideas = session.exec(select(Idea).order_by(Idea.id)).all()
        comments = session.exec(select(Comment).order_by(Comment.id)).all()
        answered_to = {comment.parent_id for comment in comments if comment.parent_id}
        # Comments by others that have replies, by idea: the discussed idea shows a whole thread.
        threads = {comment.idea_id: comment for comment in reversed(comments)
                   if comment.id in answered_to and comment.author_id != resident.id and comment.deleted_at is None}
        discussed = next(idea for idea in ideas if idea.id in threads and idea.author_id != resident.id
                         and idea.status == IdeaStatus.PUBLISHED.value)
        others_comment = threads[discussed.id]
        answered = next(idea for idea in ideas if idea.official_answer)
        area_id = session.exec(select(IdeaActionArea.action_area_id)
                               .where(IdeaActionArea.idea_id == discussed.id)).first()
        own_comment = add_comment(session, resident, discussed, "Ich finde das **wichtig**.", Stance.FOR)
        authored = propose_idea(session, resident, IdeaDraft(
            title="Trinkbrunnen am Bahnhof", body="Am Bahnhof fehlt im Sommer Trinkwasser.\n\n- für alle\n- kostenlos",
            district_id=discussed.district_id, action_area_ids=[area_id], place="Bahnhofsvorplatz"), premoderated=True)
        session.commit()
        data = dict(discussed_idea=discussed.id, answered_idea=answered.id, authored_idea=authored.id,
                    own_comment=own_comment.id, others_comment=others_comment.id,
                    district_id=discussed.district_id, action_area_id=area_id)

    send_queued_mail(live_server)
    recipient = next(message["To"] for message in mailbox.messages()
                     if message["To"].endswith("@beispielstadt.example") and message["To"] != RESIDENT_EMAIL
                     and "/notifications/unsubscribe/" in mailbox.body(message))
    return IdeasData(**data, unsubscribe_path=mailbox.link(recipient, "/notifications/unsubscribe/"))


@pytest.fixture(scope="module")
def resident_state(new_context) -> dict:
    """Cookies of one sign-in as the demo resident."""
    context = new_context()
    sign_in(context.new_page(), RESIDENT_EMAIL, DEMO_PASSWORD)
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="module")
def open_page(new_context, resident_state):
    """One page per language and role (anonymous or the demo resident) for all tests of this module."""
    pages = {}

    def get(lang: str, as_resident: bool = False) -> Page:
        key = (lang, as_resident)
        if key not in pages or pages[key].is_closed():
            options = {"locale": BROWSER_LOCALES[lang]}
            if as_resident:
                options["storage_state"] = resident_state
            pages[key] = new_context(**options).new_page()
        return pages[key]

    yield get
    for page in pages.values():
        page.context.close()


def check(page: Page, label: str) -> None:
    """axe finds no violation, and every label and radio button belongs to something with a name."""
    assert_accessible(page, label)
    problems = form_structure_problems(page)
    assert problems == [], f"{label} ({page.url}): " + "; ".join(problems)


def submit_and_expect(page: Page, button, status: int) -> None:
    """Press a form's button; the answer is the page with the form again, with this status."""
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        button.click()
    page.wait_for_load_state()
    assert submitted.value.status == status, f"answered {submitted.value.status}, expected {status}"


def expect_form_errors(page: Page) -> None:
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator(".error-message").first).to_be_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_idea_list(open_page, ideas_data, lang):
    page = open_page(lang)
    visit(page, "/ideas/", lang, 200)
    expect(page.locator(".idea-card").first).to_be_visible()
    expect(page.locator("nav.pagination")).to_have_count(1)  # about forty ideas: more than one page
    check(page, f"ideas list [{lang}]")

    filters = (f"/ideas/?district={ideas_data.district_id}&action_area={ideas_data.action_area_id}"
               "&status=published&sort=discussed")
    visit(page, filters, lang, 200)
    expect(page.locator(f"main .idea-card a[href='/ideas/{ideas_data.discussed_idea}']")).to_be_visible()
    expect(page.locator("#status")).to_have_value("published")
    expect(page.locator("#sort")).to_have_value("discussed")
    check(page, f"ideas list with filters [{lang}]")

    visit(page, "/ideas/?q=Spielpl%C3%A4tze&sort=supported", lang, 200)
    expect(page.locator(".idea-card").first).to_be_visible()
    check(page, f"search results [{lang}]")

    visit(page, f"/ideas/?q={NO_RESULTS_QUERY}", lang, 200)
    expect(page.locator(".idea-card")).to_have_count(0)
    expect(page.locator("main [role=status]")).to_contain_text("0")
    check(page, f"search without results [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_outcomes_page(open_page, ideas_data, lang):
    page = open_page(lang)
    visit(page, "/ideas/outcomes", lang, 200)
    expect(page.locator("main svg[role=img] title")).to_have_count(1)
    expect(page.locator("main table.outcome-table tbody tr")).to_have_count(7)
    check(page, f"what became of the ideas [{lang}]")
    visit(page, "/ideas/outcomes?year=1999", lang, 404)
    check(page, f"outcomes of a year without figures [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_idea_page_as_visitor(open_page, ideas_data, lang):
    page = open_page(lang)
    visit(page, f"/ideas/{ideas_data.answered_idea}", lang, 200)
    expect(page.locator(".official-answer")).to_be_visible()
    expect(page.locator("main a[href^='/auth/login?next=']").first).to_be_visible()  # sign in to take part
    expect(page.locator("details.reply")).to_have_count(0)
    check(page, f"answered idea as visitor [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_idea_page_as_resident(open_page, ideas_data, lang):
    page = open_page(lang, as_resident=True)
    visit(page, f"/ideas/{ideas_data.discussed_idea}", lang, 200)
    expect(page.locator("form[data-support-form] button")).to_be_visible()
    expect(page.locator("#follow button")).to_be_visible()
    expect(page.locator(".comment-form textarea")).to_be_visible()
    replies = page.locator("details.reply")
    assert replies.count() >= 1, "the resident may reply to the comments"
    for index in range(replies.count()):
        replies.nth(index).locator("summary").click()
        expect(replies.nth(index).locator("textarea")).to_be_visible()
    check(page, f"idea as resident, reply forms open [{lang}]")

    # An empty reply: the page comes back with the messages, at the comment form.
    submit_and_expect(page, replies.first.locator("button[type=submit]"), 422)
    expect_form_errors(page)
    # That form writes a new comment, not a reply to the comment answered before (it names no parent).
    expect(page.locator(".comment-form input[name=parent_id]:not([value=''])")).to_have_count(0)
    check(page, f"idea with a rejected comment [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_idea_page_and_edit_form_as_author(open_page, ideas_data, lang):
    page = open_page(lang, as_resident=True)
    idea = ideas_data.authored_idea
    visit(page, f"/ideas/{idea}", lang, 200)
    expect(page.locator(f"main a[href='/ideas/{idea}/edit']")).to_be_visible()
    expect(page.locator(f"main form[action='/ideas/{idea}/delete'] button")).to_be_visible()
    expect(page.locator(".notice")).to_be_visible()  # only the author and the moderators see it
    check(page, f"own idea waiting for review [{lang}]")

    visit(page, f"/ideas/{idea}/edit", lang, 200)
    expect(page.locator("#title")).to_have_value("Trinkbrunnen am Bahnhof")
    check(page, f"edit idea [{lang}]")

    page.fill("#title", "")
    page.fill("#body", "")
    page.locator(".idea-form details.coordinates summary").click()
    page.fill("#latitude", "100")
    submit_and_expect(page, page.locator(".idea-form button[type=submit]"), 422)
    expect_form_errors(page)
    expect(page.locator("#latitude")).to_have_attribute("aria-invalid", "true")
    check(page, f"edit idea with errors [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_new_idea_form(open_page, ideas_data, lang):
    page = open_page(lang, as_resident=True)
    visit(page, "/ideas/new", lang, 200)
    check(page, f"new idea, empty [{lang}]")

    submit_and_expect(page, page.locator(".idea-form button[value=preview]"), 422)
    expect_form_errors(page)
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#action_areas-0")).to_be_visible()
    check(page, f"new idea with errors [{lang}]")

    page.fill("#title", "Spielplatz am Seeufer erneuern")  # like a demo idea: the similar ones show up
    wait_for_similar_ideas(page)
    check(page, f"new idea with similar ideas [{lang}]")

    page.fill("#body", "Die **Geräte** sind alt.\n\n- Schaukel\n- Rutsche")
    page.locator("#action_areas-0").check()
    submit_and_expect(page, page.locator(".idea-form button[value=preview]"), 200)
    expect(page.locator("section.preview")).to_be_visible()
    expect(page.locator("main .similar-box a").first).to_be_visible()
    expect(page.locator(".idea-form button[value=submit]")).to_be_visible()
    check(page, f"new idea with preview [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_comment_edit_and_report_pages(open_page, ideas_data, lang):
    page = open_page(lang, as_resident=True)
    idea = ideas_data.discussed_idea
    visit(page, f"/ideas/{idea}/comments/{ideas_data.own_comment}/edit", lang, 200)
    expect(page.locator("main textarea")).to_have_value(re.compile("wichtig"))
    check(page, f"edit comment [{lang}]")
    page.fill("main textarea", "")
    submit_and_expect(page, page.locator("main form[method=post] button[type=submit]"), 422)
    expect_form_errors(page)
    check(page, f"edit comment with errors [{lang}]")

    visit(page, f"/ideas/{idea}/comments/{ideas_data.others_comment}/flag", lang, 200)
    check(page, f"report comment [{lang}]")
    submit_and_expect(page, page.locator("main form[method=post] button[type=submit]"), 422)
    expect_form_errors(page)
    check(page, f"report comment with errors [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_notification_pages(open_page, ideas_data, lang):
    page = open_page(lang, as_resident=True)
    visit(page, "/account/notifications", lang, 200)
    expect(page.locator(".notification").first).to_be_visible()  # the demo resident has news
    check(page, f"notifications [{lang}]")
    visit(page, "/account/notifications/settings", lang, 200)
    expect(page.locator("input[type=radio][name=email_mode]").first).to_be_visible()
    check(page, f"notification settings [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unsubscribe_pages(open_page, ideas_data, lang):
    page = open_page(lang)
    visit(page, ideas_data.unsubscribe_path, lang, 200)
    check(page, f"unsubscribe link [{lang}]")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(path_is(ideas_data.unsubscribe_path))
    expect(page.locator("main a[href='/account/notifications/settings']")).to_be_visible()
    check(page, f"unsubscribed [{lang}]")
    visit(page, "/notifications/unsubscribe/garbage", lang, 400)
    check(page, f"unusable unsubscribe link [{lang}]")
