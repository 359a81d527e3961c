"""Reporting a barrier in a real Chromium: from any page through the footer link, the form refused empty and then
sent, the admins' list and handling of it, axe finding no WCAG 2.1 AA violation on the way; and the page in Leichte
Sprache (Easy Read)."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import col, select

from participation.db import get_session
from participation.site.models import AccessibilityFeedback
from tests.e2e.helpers import ADMIN_EMAIL, BROWSER_LOCALES, DEMO_PASSWORD, LANGUAGES, path_is, sign_in
from tests.e2e.test_accessibility import assert_accessible, in_language

pytestmark = pytest.mark.e2e


def reports_about(live_server, page_url: str) -> list[AccessibilityFeedback]:
    with live_server.app.app_context():
        return list(get_session().exec(select(AccessibilityFeedback).where(AccessibilityFeedback.page_url == page_url)
                                       .order_by(col(AccessibilityFeedback.id))))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_visitor_reports_a_barrier_from_the_page_it_is_on(make_page, live_server, lang):
    page = make_page(locale=BROWSER_LOCALES[lang])
    page.goto(in_language("/ideas/", lang))
    came_from = f"/ideas/?lang={lang}"
    with page.expect_navigation():
        page.locator("footer a[href^='/accessibility/feedback']").click()
    expect(page).to_have_url(path_is("/accessibility/feedback"))
    expect(page.locator("main .facts a")).to_have_attribute("href", came_from)  # the page concerned, read-only
    assert_accessible(page, f"feedback form [{lang}]")

    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert submitted.value.status == 422
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator("#message")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"feedback form with errors [{lang}]")

    message = f"Die Tabelle auf der Ideenseite hat keine Überschriften ({lang})."
    page.fill("#message", message)
    page.fill("#email", "hilfe-e2e@example.org")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ideas/\?lang=" + lang + "$"))  # back where the reader came from
    expect(page.locator(".flash-success")).to_be_visible()
    assert_accessible(page, f"after reporting a barrier [{lang}]")
    assert message in [report.message for report in reports_about(live_server, came_from)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_easy_read_page(make_page, lang):
    page = make_page(locale=BROWSER_LOCALES[lang])
    page.goto(in_language("/", lang))
    with page.expect_navigation():
        page.locator("main a[href='/leichte-sprache']").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main h1")).to_have_text("Informationen in Leichter Sprache" if lang == "de" else "Easy Read")
    assert_accessible(page, f"/leichte-sprache [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_admins_pages_of_reported_barriers(make_page, live_server, lang):
    visitor = make_page(locale=BROWSER_LOCALES[lang])
    visitor.goto(in_language("/accessibility/feedback?from=/news/", lang))
    visitor.fill("#message", f"Das Bild in der Nachricht hat keinen Alternativtext ({lang}).")
    with visitor.expect_navigation():
        visitor.locator("main form button[type=submit]").click()
    feedback_id = reports_about(live_server, "/news/")[-1].id

    page = make_page(locale=BROWSER_LOCALES[lang])
    sign_in(page, ADMIN_EMAIL, DEMO_PASSWORD)
    page.goto(in_language("/admin/", lang))
    with page.expect_navigation():
        page.locator("main a[href='/admin/feedback']").click()
    assert_accessible(page, f"/admin/feedback [{lang}]")
    with page.expect_navigation():
        page.locator(f"main a[href='/admin/feedback/{feedback_id}']").click()
    assert_accessible(page, f"/admin/feedback/{feedback_id} [{lang}]")
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert submitted.value.status == 422
    expect(page.locator("#answer_note")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"/admin/feedback/{feedback_id} with errors [{lang}]")
    page.fill("#answer_note", "Alternativtext ergänzt.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(path_is("/admin/feedback"))
    expect(page.locator(".flash-success")).to_be_visible()
