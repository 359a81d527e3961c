"""Register, confirm the address from the mail, sign in, sign out: in German by keyboard, in English by mouse."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    NEW_PASSWORD,
    confirm_mailed_link,
    dangling_aria_references,
    expect_signed_in,
    expect_signed_out,
    is_focused,
    open_confirmation_link,
    path_is,
    tab_and_type,
    tab_to,
)

pytestmark = pytest.mark.e2e

TOO_SHORT = "kurz123"


def is_register_post(response) -> bool:
    return response.request.method == "POST" and re.search(r"/auth/register(\?|$)", response.url) is not None


def expect_password_error(page: Page, response) -> None:
    """The rejected form: a 4xx answer, the message at the field, and a summary announced as an alert."""
    assert 400 <= response.status < 500, f"a rejected registration answered {response.status}"
    expect(page).to_have_url(path_is("/auth/register"))
    password = page.locator("#password")
    password_field = page.locator(".field", has=password)
    message = password_field.locator(".error-message")
    expect(message).to_be_visible()
    expect(message).to_have_attribute("id", "password-error")
    expect(message).not_to_be_empty()
    expect(password_field).to_have_class(re.compile(r"\bhas-error\b"))
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_attribute("aria-describedby", re.compile(r"(^|\s)password-error(\s|$)"))
    summary = page.locator(".error-summary")
    expect(summary).to_have_count(1)
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#password']")).to_be_visible()
    # Only the password was wrong: the other fields keep their values and carry no error.
    for other_field in ("#display_name", "#email", "#district"):
        assert page.locator(other_field).get_attribute("aria-invalid") is None, f"{other_field} is not invalid"
    # Every description a field refers to exists (axe only reports missing ones as "needs review").
    assert dangling_aria_references(page) == []


def test_german_journey_by_keyboard_only(page: Page, mailbox, unique_email):
    email_address = unique_email("tastatur")

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect_signed_out(page, "Anmelden", "Registrieren")

    # The first Tab reaches the skip link; it shows up and jumps to the main content.
    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    assert is_focused(skip_link), "the first Tab must reach the skip link"
    expect(skip_link).to_have_attribute("href", "#main")
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    assert is_focused(page.locator("main#main")), "the skip link must move the focus to <main id=main>"
    # The next Tab continues inside the main content: the home page's invitation to propose an idea, then the one
    # to register.
    page.keyboard.press("Tab")
    assert is_focused(page.locator("main a[href='/ideas/new']")), "after the skip link, Tab must continue in main"
    page.keyboard.press("Tab")
    register_button = page.locator("main a[href='/auth/register']")
    assert is_focused(register_button), "the invitation to register follows"
    page.keyboard.press("Enter")
    expect(page).to_have_url(path_is("/auth/register"))
    expect(page.locator("html")).to_have_attribute("lang", "de")

    # Registration with a password that is too short, entered by keyboard.
    tab_to(page, page.locator("a.skip-link"))
    page.keyboard.press("Enter")
    tab_and_type(page, "#display_name", "Tastatur Test")
    tab_and_type(page, "#email", email_address)
    tab_and_type(page, "#password", TOO_SHORT)
    tab_and_type(page, "#password_confirmation", TOO_SHORT)
    district = page.locator("#district")
    tab_to(page, district)
    page.keyboard.press("ArrowDown")
    chosen_district = district.input_value()
    assert chosen_district not in ("", "0"), "ArrowDown on the district list must choose a district"
    consent = page.locator("#privacy_consent")
    tab_to(page, consent)
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    tab_to(page, page.locator("main form button[type=submit]"))
    with page.expect_response(is_register_post) as rejected:
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect_password_error(page, rejected.value)
    expect(page.locator("#email")).to_have_value(email_address)
    expect(district).to_have_value(chosen_district)

    # Correct it: a long password, the consent stays given, submit with Space on the button.
    tab_and_type(page, "#password", NEW_PASSWORD)
    tab_and_type(page, "#password_confirmation", NEW_PASSWORD)
    if not consent.is_checked():
        tab_to(page, consent)
        page.keyboard.press("Space")
    tab_to(page, page.locator("main form button[type=submit]"))
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page).to_have_url(path_is("/auth/check-mail"))
    expect(page.locator("html")).to_have_attribute("lang", "de")

    # The link from the mail opens a page whose button confirms the address and leads to the sign-in form.
    open_confirmation_link(page, mailbox.link(email_address, "/auth/verify/"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    tab_to(page, page.locator("main form button[type=submit]"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(path_is("/auth/login"))
    expect(page.locator(".flash-success")).to_be_visible()

    # Sign in: type into the fields, submit with Enter in the password field.
    tab_to(page, page.locator("a.skip-link"))
    page.keyboard.press("Enter")
    tab_and_type(page, "#email", email_address)
    tab_and_type(page, "#password", NEW_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(path_is("/"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect_signed_in(page, "Abmelden")
    expect(page.locator(".flash-success")).to_contain_text("Tastatur Test")

    # Sign out: the navigation link, then the confirmation button.
    tab_to(page, page.locator("nav.main-nav a[href='/auth/logout']"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(path_is("/auth/logout"))
    tab_to(page, page.locator("main form button[type=submit]"))
    with page.expect_navigation():
        page.keyboard.press("Space")
    expect(page).to_have_url(path_is("/"))
    expect_signed_out(page, "Anmelden", "Registrieren")


def test_english_journey(page: Page, mailbox, unique_email):
    email_address = unique_email("english")

    page.goto("/?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect_signed_out(page, "Sign in", "Register")
    page.locator("nav.main-nav").get_by_role("link", name="Register", exact=True).click()
    expect(page).to_have_url(path_is("/auth/register"))
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the choice is remembered
    expect(page.locator("h1")).to_have_text("Register")

    page.get_by_label("Display name").fill("English Tester")
    page.get_by_label("E-mail address").fill(email_address)
    page.get_by_label("Password", exact=True).fill(TOO_SHORT)
    page.get_by_label("Repeat password").fill(TOO_SHORT)
    page.get_by_label("District (optional)").select_option(index=1)
    page.get_by_label(re.compile("privacy notice")).check()
    with page.expect_response(is_register_post) as rejected:
        page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    expect_password_error(page, rejected.value)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#password-error")).to_contain_text(re.compile(r"password.*12|12.*password", re.I))

    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_label(re.compile("privacy notice")).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(path_is("/auth/check-mail"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Please check your e-mail")

    (mail,) = mailbox.to(email_address)
    assert "confirm" in mailbox.body(mail).lower(), "the mail should be in the language used to register"
    confirm_mailed_link(page, mailbox.link(email_address, "/auth/verify/"))
    expect(page).to_have_url(path_is("/auth/login"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".flash-success")).to_contain_text("confirmed")

    page.get_by_label("E-mail address").fill(email_address)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(path_is("/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect_signed_in(page, "Sign out")
    expect(page.locator(".flash-success")).to_contain_text("English Tester")

    page.locator("nav.main-nav").get_by_role("link", name="Sign out").click()
    expect(page).to_have_url(path_is("/auth/logout"))
    expect(page.locator("h1")).to_have_text("Sign out")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(path_is("/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect_signed_out(page, "Sign in", "Register")


def test_language_switcher_is_sticky(page: Page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    switcher = page.locator("nav.language-switcher")
    expect(switcher.locator("[aria-current]")).to_have_text("Deutsch")
    switcher.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(switcher.locator("[aria-current]")).to_have_text("English")

    page.goto("/auth/login")  # no ?lang=: the cookie remembers the choice
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.main-nav a[href='/auth/login']")).to_have_text("Sign in")

    switcher.get_by_role("link", name="Deutsch").click()
    expect(page).to_have_url(path_is("/auth/login"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("nav.main-nav a[href='/auth/login']")).to_have_text("Anmelden")
