"""The search page in a real Chromium: axe finds no WCAG 2.1 AA violation with results, without a query, for one
kind and with a query that is too long, in both languages; the header's search form leads there without
JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import LANGUAGES, visit_all
from tests.e2e.test_accessibility import assert_accessible, in_language

pytestmark = pytest.mark.e2e

WORD_WITH_HITS = "Spielplatz"  # the demo data has ideas, a measure and news about playgrounds


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_pages_are_accessible(signed_in, lang):
    page = signed_in("", lang)
    visit_all(page, [(f"/search?q={WORD_WITH_HITS}", 200), ("/search", 200),
                     (f"/search?q={WORD_WITH_HITS}&kind=ideas", 200), ("/search?q=Zzyzxwq", 200),
                     ("/search?q=%22%28*", 200)], lang, "visitor")
    page.goto(in_language(f"/search?q={'Spielplatz' * 25}", lang))
    expect(page.locator("#q")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"/search with a too long query [{lang}]")


def test_the_header_search_finds_and_highlights_without_javascript(new_context):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.fill("#site-search-query", "Spielplätze")
    with page.expect_navigation():
        page.locator("#site-search-query").press("Enter")
    expect(page.locator("main h1")).to_have_text("Suche")
    expect(page.locator("#q")).to_have_value("Spielplätze")
    expect(page.locator("#results-ideas .search-hit").first).to_be_visible()
    expect(page.locator(".search-snippet mark").first).to_have_text("Spielplatz")
    page.locator("#results-ideas .search-hit h3 a").first.click()
    expect(page).to_have_url(re.compile(r"/ideas/\d+$"))
    context.close()
