"""The statistics page and the administrators' population form in a real Chromium: axe finds no WCAG 2.1 AA
violation in either language, also after a refused submission; the charts are images with a name and a
description, and the list pages offer their feeds."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import ADMIN_EMAIL, LANGUAGES, visit_all
from tests.e2e.test_accessibility import assert_accessible, in_language

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", LANGUAGES)
def test_statistics_page(signed_in, lang):
    page = signed_in("", lang)
    visit_all(page, [("/statistics", 200)], lang, "visitor")
    charts = page.locator("main svg[role=img]")
    assert charts.count() == 9
    for index in range(charts.count()):
        name = charts.nth(index).evaluate("svg => svg.querySelector('title').textContent")
        assert name.strip()
    # Every demo district has a population, so the district table shows rates.
    expect(page.locator("main table").nth(1).locator("tbody tr").first.locator("td").nth(2)).not_to_have_text("–")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_population_form_with_and_without_errors(signed_in, lang):
    page = signed_in(ADMIN_EMAIL, lang)
    visit_all(page, [("/admin/populations", 200)], lang, "admin")
    page.goto(in_language("/admin/", lang))
    expect(page.locator("main a[href='/admin/populations']")).to_be_visible()
    page.goto(in_language("/admin/populations", lang))
    first_field = page.locator("main form input[type=text]").first
    first_field.fill("viele")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(first_field).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"/admin/populations with errors [{lang}]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_list_pages_with_their_feed_links(signed_in, lang):
    page = signed_in("", lang)
    visit_all(page, [("/ideas/", 200), ("/measures/", 200), ("/boards/", 200)], lang, "visitor")
    for path, feed in (("/ideas/", "/feeds/ideas.atom"), ("/measures/", "/feeds/measures.atom"),
                       ("/boards/", "/feeds/meetings.atom")):
        page.goto(in_language(path, lang))
        expect(page.locator(f"head link[rel=alternate][type='application/atom+xml'][href='{feed}']")).to_have_count(1)
        expect(page.locator(f"main a.feed-link[href='{feed}']")).to_be_visible()
