"""The portal works with JavaScript switched off: plain HTML forms and links carry every step."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import NEW_PASSWORD, confirm_mailed_link, expect_signed_in, expect_signed_out, path_is

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
