"""axe-core (WCAG 2.0/2.1, levels A and AA) finds no violation on any page, in German and in English.

Public and sign-in pages are checked as an anonymous visitor, account and administration pages as the demo
administrator; also the error pages, forms showing their errors, and the pages behind the links in mails.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (  # noqa: F401 - LANGUAGES and BROWSER_LOCALES are imported from here by others
    ADMIN_EMAIL,
    BROWSER_LOCALES,
    DEMO_PASSWORD,
    LANGUAGES,
    NEW_PASSWORD,
    RESIDENT_EMAIL,
    dangling_aria_references,
    open_confirmation_link,
    path_is,
    register,
    sign_in,
)

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

# (path, expected status) — "{admin_id}"/"{resident_id}" are filled in from the database.
PUBLIC_PAGES = [
    ("/", 200),
    ("/imprint", 200),
    ("/privacy", 200),
    ("/accessibility", 200),
    ("/auth/register", 200),
    ("/auth/check-mail", 200),
    ("/auth/login", 200),
    ("/auth/reset", 200),
    ("/auth/resend", 200),
    ("/auth/verify/garbage", 400),
    ("/auth/reset/garbage", 400),
    ("/no-such-page", 404),
]
ADMIN_PAGES = [
    ("/", 200),
    ("/account/", 200),
    ("/account/password", 200),
    ("/account/email", 200),
    ("/auth/logout", 200),
    ("/admin/", 200),
    ("/admin/users", 200),
    ("/admin/users?q=beispielstadt&role=admin", 200),
    ("/admin/users/{admin_id}", 200),
    ("/admin/users/{resident_id}", 200),
    ("/admin/audit", 200),
    ("/admin/audit?since=not-a-date", 400),
    ("/admin/pages/imprint", 200),
    ("/admin/pages/privacy", 200),
    ("/admin/pages/accessibility", 200),
    ("/admin/structure", 200),
    ("/admin/structure/strategies/new", 200),
    ("/admin/structure/strategies/1", 200),
    ("/admin/structure/action-areas/new?strategy=1", 200),
    ("/admin/structure/action-areas/1", 200),
    ("/admin/units", 200),
    ("/admin/units/new", 200),
    ("/admin/units/1/edit", 200),
    ("/manual/", 200),
    ("/admin/no-such-page", 404),
]
# name: (signed in as admin?, path, fields to fill before submitting, expected status)
FORMS_WITH_ERRORS = {
    "register-empty": (False, "/auth/register", {}, 422),
    "login-wrong-password": (False, "/auth/login", {"#email": RESIDENT_EMAIL, "#password": "wrong password"}, 401),
    "reset-request-empty": (False, "/auth/reset", {}, 422),
    "resend-invalid-address": (False, "/auth/resend", {"#email": "not-an-address"}, 422),
    "change-password-empty": (True, "/account/password", {}, 422),
    "change-email-wrong": (True, "/account/email", {"#email": "not-an-address"}, 422),
    "roles-without-reason": (True, "/admin/users/{resident_id}", {}, 422),
    "legal-page-empty": (True, "/admin/pages/privacy", {"#body_de": ""}, 422),
    "unit-empty": (True, "/admin/units/new", {}, 422),
}

_axe = Axe()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}  <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            target = " ".join(" >> ".join(part) if isinstance(part, list) else part for part in node["target"])
            lines.append(f"    target: {target}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict]:
    """What axe-core finds on the page as it is now, for the WCAG 2.0/2.1 A and AA rules.

    Only the violations cross back from the browser: the whole result (every rule that passed, too) takes
    longer to hand over than the check itself."""
    page.evaluate(_axe.axe_script)
    return page.evaluate("options => axe.run(document, options).then(results => results.violations)", AXE_OPTIONS)


def assert_accessible(page: Page, label: str) -> None:
    violations = axe_violations(page)
    dangling = dangling_aria_references(page)
    if violations or dangling:
        report = f"axe found {len(violations)} WCAG violation(s) on {label} ({page.url}):\n" + format_violations(
            violations)
        if dangling:
            report += "\nARIA references to missing ids: " + ", ".join(dangling)
        print(report)
        pytest.fail(report, pytrace=False)


def in_language(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


@pytest.fixture(scope="session")
def user_ids(live_server) -> dict:
    return {"admin_id": live_server.user_id(ADMIN_EMAIL), "resident_id": live_server.user_id(RESIDENT_EMAIL)}


@pytest.fixture(scope="session")
def admin_state(new_context) -> dict:
    """Cookies of one sign-in as the demo administrator, shared by the tests that need it."""
    context = new_context()
    sign_in(context.new_page(), ADMIN_EMAIL, DEMO_PASSWORD)
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="module")
def open_page(new_context, admin_state):
    """A page in `lang`, anonymous or signed in as the administrator.

    One page per language and role serves all tests of this module (a new browser context per page
    check would double the run time); every test navigates first, so none sees another's page.
    """
    pages = {}

    def get(lang: str, as_admin: bool = False) -> Page:
        key = (lang, as_admin)
        if key not in pages or pages[key].is_closed():
            options = {"locale": BROWSER_LOCALES[lang]}
            if as_admin:
                options["storage_state"] = admin_state
            pages[key] = new_context(**options).new_page()
        return pages[key]

    yield get
    for page in pages.values():
        page.context.close()


def visit(page: Page, path: str, lang: str, expected_status: int) -> None:
    response = page.goto(in_language(path, lang))
    assert response is not None and response.status == expected_status, (
        f"{path} answered {response.status if response else 'nothing'}, expected {expected_status}"
    )
    expect(page.locator("html")).to_have_attribute("lang", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES, ids=[path for path, _ in PUBLIC_PAGES])
def test_public_page(open_page, lang, path, status):
    page = open_page(lang)
    visit(page, path, lang, status)
    expect(page.locator("nav.main-nav a[href='/auth/login']")).to_have_count(1)  # really anonymous
    assert_accessible(page, f"{path} [{lang}, anonymous]")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("path", "status"), ADMIN_PAGES, ids=[path for path, _ in ADMIN_PAGES])
def test_admin_page(open_page, user_ids, lang, path, status):
    page = open_page(lang, as_admin=True)
    path = path.format(**user_ids)
    visit(page, path, lang, status)
    expect(page.locator("nav.main-nav a[href='/auth/logout']")).to_have_count(1)  # really signed in
    assert_accessible(page, f"{path} [{lang}, administrator]")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", list(FORMS_WITH_ERRORS))
def test_form_with_errors(open_page, user_ids, lang, case):
    as_admin, path, fields, status = FORMS_WITH_ERRORS[case]
    path = path.format(**user_ids)
    page = open_page(lang, as_admin=as_admin)
    visit(page, path, lang, 200)
    for selector, value in fields.items():
        page.fill(selector, value)
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert submitted.value.status == status, f"{case}: answered {submitted.value.status}, expected {status}"
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator(".error-message").first).to_be_visible()
    assert_accessible(page, f"{path} with errors [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_behind_mailed_links(make_page, mailbox, unique_email, lang):
    """A throwaway account: its confirmation link, then a reset link, as the mails carry them."""
    page = make_page(locale=BROWSER_LOCALES[lang])
    email_address = unique_email(f"axe-{lang}")
    register(page, email_address, NEW_PASSWORD, lang=lang)
    assert_accessible(page, f"check-mail after registering [{lang}]")

    # The confirmation link opens a page with a button; it works once and leads to the sign-in form.
    verify_path = mailbox.link(email_address, "/auth/verify/")
    open_confirmation_link(page, in_language(verify_path, lang))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page, f"confirmation link page [{lang}]")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(path_is("/auth/login"))
    expect(page.locator(".flash-success")).to_be_visible()
    assert_accessible(page, f"sign-in after confirming [{lang}]")
    visit(page, verify_path, lang, 400)  # used: "the link cannot be used"
    assert_accessible(page, f"used confirmation link [{lang}]")

    page.goto(in_language("/auth/reset", lang))
    page.fill("#email", email_address)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(path_is("/auth/check-mail"))
    reset_path = mailbox.link(email_address, "/auth/reset/")
    visit(page, reset_path, lang, 200)
    expect(page.locator("#password")).to_be_visible()
    assert_accessible(page, f"reset form [{lang}]")

    page.fill("#password", "short")
    page.fill("#password_confirmation", "different")
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert submitted.value.status == 422
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    assert_accessible(page, f"reset form with errors [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_signed_in_resident_home(make_page, lang):
    """The navigation a resident sees (no administration link), with the welcome message."""
    page = make_page(locale=BROWSER_LOCALES[lang])
    page.goto(in_language("/", lang))
    sign_in(page, RESIDENT_EMAIL, DEMO_PASSWORD)
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("nav.main-nav a[href='/admin/']")).to_have_count(0)
    assert_accessible(page, f"home as resident [{lang}]")
