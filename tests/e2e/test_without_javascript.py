"""The portal works with JavaScript switched off: plain HTML forms and links carry every step."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import (
    DEMO_PASSWORD,
    NEW_PASSWORD,
    RESIDENT_EMAIL,
    confirm_mailed_link,
    expect_signed_in,
    expect_signed_out,
    path_is,
    sign_in,
)

pytestmark = pytest.mark.e2e


def test_register_verify_sign_in_and_out_without_javascript(make_page, mailbox, unique_email):
    page = make_page(java_script_enabled=False)
    email_address = unique_email("ohne-js")
    page.set_content("<p id=probe>off</p><script>document.getElementById('probe').textContent = 'on'</script>")
    expect(page.locator("#probe")).to_have_text("off")  # page scripts really do not run

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.locator("nav.main-nav a[href='/auth/register']").click()
    expect(page).to_have_url(path_is("/auth/register"))

    # A rejected form comes back from the server with its messages: no script needed to show them.
    with page.expect_navigation() as rejected:
        page.locator("main form button[type=submit]").click()
    assert rejected.value.status == 422
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator("#email-error.error-message")).to_be_visible()

    page.fill("#display_name", "Ohne Skript")
    page.fill("#email", email_address)
    page.fill("#password", NEW_PASSWORD)
    page.fill("#password_confirmation", NEW_PASSWORD)
    page.select_option("#district", index=2)
    page.check("#privacy_consent")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(path_is("/auth/check-mail"))

    confirm_mailed_link(page, mailbox.link(email_address, "/auth/verify/"))
    expect(page).to_have_url(path_is("/auth/login"))
    expect(page.locator(".flash-success")).to_be_visible()

    page.fill("#email", email_address)
    page.fill("#password", NEW_PASSWORD)
    page.check("#remember")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(path_is("/"))
    expect_signed_in(page, "Abmelden")

    page.locator("nav.main-nav a[href='/account/']").click()
    expect(page).to_have_url(path_is("/account/"))
    expect(page.locator("main")).to_contain_text(email_address)

    page.locator("nav.main-nav a[href='/auth/logout']").click()
    expect(page).to_have_url(path_is("/auth/logout"))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(path_is("/"))
    expect_signed_out(page, "Anmelden", "Registrieren")

    # Signed out for real: the account page asks to sign in again.
    page.goto("/account/")
    expect(page).to_have_url(path_is("/auth/login"))


MAIN_PAGES = ["/", "/ideas/", "/ideas/outcomes", "/measures/", "/volunteer/", "/volunteer/my-shifts", "/news/",
              "/documents/", "/papers/", "/boards/", "/partners/", "/statistics", "/open-data/",
              "/account/", "/account/notifications", "/search"]


@pytest.fixture
def chances_to_take_part(live_server) -> dict[str, int]:
    """A published idea Anna Bewohnerin may support and comment on, and a coming shift with room for her."""
    from sqlmodel import select

    from participation.accounts.services import find_user_by_email
    from participation.db import get_session, utcnow
    from participation.ideas import permissions as idea_permissions
    from participation.ideas.models import Idea, Support
    from participation.volunteering.models import Project, ProjectStatus, Shift, SignUp, Task

    with live_server.app.app_context():
        db = get_session()
        resident = find_user_by_email(db, RESIDENT_EMAIL)
        supported = set(db.exec(select(Support.idea_id).where(Support.user_id == resident.id)))
        idea = next(idea for idea in db.exec(select(Idea).order_by(Idea.id))
                    if idea.id not in supported and idea_permissions.may_support(resident, idea)
                    and idea_permissions.may_comment(resident, idea))
        signed_up = set(db.exec(select(SignUp.shift_id).where(SignUp.user_id == resident.id)))
        # two free places, and a start far enough away that she may still cancel
        shift, project_id = next(
            (shift, project_id) for shift, project_id in db.exec(
                select(Shift, Task.project_id).join(Task, Task.id == Shift.task_id)
                .join(Project, Project.id == Task.project_id)
                .where(Project.status == ProjectStatus.ACTIVE.value, Shift.is_public, Shift.cancelled_at.is_(None))
                .order_by(Shift.starts_at))
            if shift.id not in signed_up and shift.slots - shift.taken >= 2
            and shift.starts_at > utcnow() + timedelta(hours=shift.cancel_cutoff_hours + 24))
        return {"idea": idea.id, "shift": shift.id, "project": project_id}


def test_a_resident_takes_part_without_javascript(make_page, chances_to_take_part):
    """Search, propose an idea, support and comment, sign up for a shift, and save the profile: all plain forms."""
    page = make_page(java_script_enabled=False)
    sign_in(page, RESIDENT_EMAIL, DEMO_PASSWORD)
    for path in MAIN_PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, f"{path}: {response.status if response else None}"
        expect(page.locator("main h1")).to_be_visible()

    # The search box in the header sends its words in the address; the results come from the server.
    page.fill("#site-search-query", "Spielplatz")
    with page.expect_navigation():
        page.locator("form.site-search button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/search\?.*q=Spielplatz"))
    expect(page.locator("main")).to_contain_text("Spielplatz")

    # A new idea: the preview step, then the submission, each a round trip to the server.
    page.goto("/ideas/new")
    page.fill("#title", "Fahrradständer am Rathaus")
    page.fill("#body", "Vor dem Rathaus fehlen **überdachte** Fahrradständer.")
    page.locator("input[name=action_areas]").first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschau").click()
    expect(page.locator(".preview-box strong")).to_have_text("überdachte")
    with page.expect_navigation():
        page.get_by_role("button", name="Idee einreichen").click()
    expect(page).to_have_url(re.compile(r"/ideas/\d+"))
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("main h1")).to_have_text("Fahrradständer am Rathaus")

    # Support (and withdraw it again) and a comment on someone else's idea.
    idea_path = f"/ideas/{chances_to_take_part['idea']}"
    page.goto(idea_path)
    support = page.locator("form[data-support-form] button[type=submit]")
    expect(support).to_have_attribute("aria-pressed", "false")
    with page.expect_navigation():
        support.click()
    expect(page).to_have_url(path_is(idea_path))
    expect(support).to_have_attribute("aria-pressed", "true")
    with page.expect_navigation():
        support.click()
    expect(support).to_have_attribute("aria-pressed", "false")

    comment = "Ohne Skript geschrieben: eine gute Idee."
    page.fill(".comment-form textarea[name=body]", comment)
    page.locator(".comment-form input[name=stance][value=for]").check()
    with page.expect_navigation():
        page.locator(".comment-form button[type=submit]").click()
    expect(page.locator("article.comment", has_text=comment)).to_be_visible()

    # A place in a shift, found on the project page, and cancelled again under "My shifts".
    page.goto(f"/volunteer/projects/{chances_to_take_part['project']}")
    with page.expect_navigation():
        page.locator(f"form[action='/volunteer/shifts/{chances_to_take_part['shift']}/sign-up'] button").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto("/volunteer/my-shifts")
    withdraw = page.locator(f"form[action='/volunteer/shifts/{chances_to_take_part['shift']}/withdraw'] button")
    with page.expect_navigation():
        withdraw.click()
    expect(page.locator(".flash-success")).to_be_visible()

    # The profile: the language of her e-mails, changed and changed back.
    for language in ("en", "de"):
        page.goto("/account/")
        page.select_option("#locale", language)
        with page.expect_navigation():
            page.locator("main form[method=post] button[type=submit]").click()
        expect(page.locator(".flash-success")).to_be_visible()
        expect(page.locator("#locale")).to_have_value(language)
