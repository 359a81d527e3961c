"""Steps the browser tests share: keyboard navigation, forms, sign-in."""

import re

from playwright.sync_api import Locator, Page, expect

MAX_TABS = 120  # the home page alone has some 60 links
DEMO_PASSWORD = "demo-passwort-2026"
ADMIN_EMAIL = "admin@beispielstadt.example"
RESIDENT_EMAIL = "bewohnerin@beispielstadt.example"
#: Long enough for the password rule (at least 12 characters).
NEW_PASSWORD = "ein langes sicheres Passwort 2026"
LANGUAGES = ["de", "en"]
BROWSER_LOCALES = {"de": "de-DE", "en": "en-GB"}


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def focused_description(page: Page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement; if (!e) return 'nothing';"
        " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
        " + ' ' + (e.textContent || '').trim().slice(0, 40); }"
    )


def tab_to(page: Page, locator: Locator, max_presses: int = MAX_TABS) -> None:
    """Press Tab until `locator` has the focus; fail after `max_presses` presses."""
    locator.wait_for(state="attached")
    for _ in range(max_presses):
        if is_focused(locator):
            return
        page.keyboard.press("Tab")
    assert is_focused(locator), (
        f"{locator} not reached with {max_presses} presses of Tab; the focus is on {focused_description(page)}"
    )


def tab_and_type(page: Page, selector: str, text: str) -> None:
    """Tab to the field, clear what it holds, and type `text` as a person would."""
    tab_to(page, page.locator(selector))
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def expect_signed_in(page: Page, sign_out_word: str) -> None:
    expect(page.locator("nav.main-nav a[href='/auth/logout']")).to_have_text(sign_out_word)
    expect(page.locator("nav.main-nav a[href='/auth/login']")).to_have_count(0)


def expect_signed_out(page: Page, sign_in_word: str, register_word: str) -> None:
    expect(page.locator("nav.main-nav a[href='/auth/login']")).to_have_text(sign_in_word)
    expect(page.locator("nav.main-nav a[href='/auth/register']")).to_have_text(register_word)
    expect(page.locator("nav.main-nav a[href='/auth/logout']")).to_have_count(0)


def path_is(path: str) -> re.Pattern:
    """A URL pattern for `path` on the live server, with or without a query string or fragment."""
    return re.compile(r"^https?://[^/]+" + re.escape(path) + r"(\?[^#]*)?(#.*)?$")


def sign_in(page: Page, email_address: str, password: str) -> None:
    """Sign in through the form (mouse and fill: for tests whose subject is something else)."""
    page.goto("/auth/login")
    page.fill("#email", email_address)
    page.fill("#password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("nav.main-nav a[href='/auth/logout']").count() == 1, (
        f"sign-in as {email_address} failed: {page.url}\n{page.locator('main').inner_text()}"
    )


def register(page: Page, email_address: str, password: str, display_name: str = "Erika E2E",
             lang: str | None = None) -> None:
    """Register through the form with fill and click; ends on the check-mail page."""
    page.goto("/auth/register" + (f"?lang={lang}" if lang else ""))
    page.fill("#display_name", display_name)
    page.fill("#email", email_address)
    page.fill("#password", password)
    page.fill("#password_confirmation", password)
    page.check("#privacy_consent")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(path_is("/auth/check-mail"))


def open_confirmation_link(page: Page, path: str) -> None:
    """Open a link from a mail: it shows a page with one button (mail scanners must not use up the token)."""
    response = page.goto(path)
    assert response is not None and response.status == 200, (
        f"{path} answered {response.status if response else 'nothing'}\n{page.locator('main').inner_text()}"
    )
    expect(page.locator("main form[method=post] button[type=submit]")).to_have_count(1)


def confirm_mailed_link(page: Page, path: str) -> None:
    """Open a link from a mail and press its button, with the mouse."""
    open_confirmation_link(page, path)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()


DANGLING_REFERENCES = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-controls]')]
    .flatMap(element => ['aria-describedby', 'aria-labelledby', 'aria-controls'].flatMap(name =>
        (element.getAttribute(name) || '').split(/\\s+/).filter(id => id && !document.getElementById(id))
            .map(id => `${element.id || element.tagName.toLowerCase()} ${name}=${id}`)))"""


def dangling_aria_references(page: Page) -> list[str]:
    """ARIA attributes that name an element id the page lacks (axe only lists them as "needs review")."""
    return page.evaluate(DANGLING_REFERENCES)


# --- ideas and notifications (tests/e2e/test_ideas_*.py) ---------------------------------------------------

MODERATOR_EMAIL = "moderation@beispielstadt.example"


def idea_id_from(url: str) -> int:
    """The id in an idea's URL, e.g. http://…/ideas/42#support -> 42."""
    match = re.search(r"/ideas/(\d+)(?:[/?#]|$)", url)
    assert match, f"{url} is not the address of an idea"
    return int(match.group(1))


def publish_idea(live_server, idea_id: int) -> None:
    """Publish an idea as the demo moderator, through the service (there is no moderation page yet)."""
    from participation.accounts.services import find_user_by_email
    from participation.db import get_session
    from participation.ideas.models import Idea, IdeaStatus
    from participation.ideas.services import change_status

    with live_server.app.app_context():
        session = get_session()
        moderator = find_user_by_email(session, MODERATOR_EMAIL)
        change_status(session, moderator, session.get(Idea, idea_id), IdeaStatus.PUBLISHED)
        session.commit()


def send_queued_mail(live_server) -> None:
    """Run `flask send-mail`: the outbox is written to the mail folder as .eml files."""
    result = live_server.app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output


def write_png(path, size: tuple[int, int] = (64, 48)):
    """A small PNG (a coloured rectangle) to attach to an idea."""
    from PIL import Image

    Image.new("RGB", size, (40, 120, 200)).save(path, format="PNG")
    return path


def wait_for_similar_ideas(page: Page) -> Locator:
    """The live box of similar ideas, once the script has filled it with at least one link."""
    box = page.locator("#similar-ideas")
    expect(box.locator("a").first).to_be_visible()
    return box


FORM_STRUCTURE_PROBLEMS = """() => [
    ...[...document.querySelectorAll('label')].filter(label => !label.control)
        .map(label => `label "${label.textContent.trim()}" names no form field`),
    ...[...document.querySelectorAll('input[type=radio]')]
        .filter(radio => !radio.closest('fieldset')?.querySelector(':scope > legend')
                         && !radio.closest('[role=radiogroup][aria-labelledby], [role=radiogroup][aria-label]'))
        .map(radio => `radio button ${radio.id || radio.name} is in no group with a name (fieldset and legend)`),
]"""


def form_structure_problems(page: Page) -> list[str]:
    """Labels that name no field, and radio buttons outside a named group (axe does not report these)."""
    return page.evaluate(FORM_STRUCTURE_PROBLEMS)


def visit_all(page: Page, pages, lang: str, who: str) -> None:
    """Open each (path, expected status) in `lang` and check it with axe."""
    from tests.e2e.test_accessibility import assert_accessible, in_language  # that module imports this one
    for path, status in pages:
        response = page.goto(in_language(path, lang))
        assert response is not None and response.status == status, f"{path}: {response.status if response else None}"
        assert_accessible(page, f"{path} [{lang}, {who}]")
