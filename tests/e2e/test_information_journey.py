"""A resident, tried as a new user would, on the demo portal: finds the minutes of the last meeting by searching
for a word inside the PDF, subscribes to the ideas feed of their district, and reads the statistics with their
table fallbacks — all without JavaScript."""

import io
import re

import feedparser
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlmodel import col, select

from participation.db import get_session
from participation.documents.demo import MINUTES_TOPICS
from participation.documents.models import Document, DocumentAudience, DocumentCategory, DocumentVersion

pytestmark = pytest.mark.e2e


@pytest.fixture
def visitor(new_context):
    context = new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def latest_public_minutes(app) -> tuple[str, str]:
    """The title of the newest public minutes and a word only their PDF contains."""
    with app.app_context():
        session = get_session()
        document, text = session.exec(
            select(Document, DocumentVersion.extracted_text)
            .join(DocumentVersion, DocumentVersion.document_id == Document.id)
            .where(Document.category == DocumentCategory.MINUTES.value,
                   Document.audience == DocumentAudience.PUBLIC.value)
            .order_by(col(Document.document_date).desc())).first()
    word = next(word for word, _ in MINUTES_TOPICS if word in text)
    return document.title, word


def test_a_resident_finds_the_last_minutes_by_a_word_inside_the_pdf(visitor, live_server):
    title, word = latest_public_minutes(live_server.app)
    visitor.goto("/")
    visitor.fill("#site-search-query", word)
    with visitor.expect_navigation():
        visitor.locator("#site-search-query").press("Enter")
    hit = visitor.locator("#results-documents .search-hit").filter(has_text=title)
    expect(hit).to_be_visible()
    expect(hit.locator(".search-snippet mark").first).to_have_text(re.compile(word, re.IGNORECASE))
    hit.get_by_role("link", name=title).click()
    expect(visitor.locator("main h1")).to_have_text(title)

    file_link = visitor.locator("main a.button").filter(has_text=".pdf")
    response = visitor.request.get(file_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.body())).pages)
    assert word in pdf_text


def test_a_resident_subscribes_to_the_ideas_of_their_district(visitor):
    visitor.goto("/ideas/")
    visitor.get_by_label("Ortsteil", exact=True).select_option(label="Seedorf")
    with visitor.expect_navigation():
        visitor.locator("main form").get_by_role("button", name="Ideen anzeigen").click()
    listed = visitor.locator(".idea-card h2 a").all_inner_texts()
    assert listed, "the demo has ideas in Seedorf"

    feed_url = visitor.locator("a.feed-link", has_text="neue Ideen in dieser Liste").get_attribute("href")
    assert visitor.locator('link[rel="alternate"][type="application/atom+xml"]').first.get_attribute("href") \
        == feed_url
    response = visitor.request.get(feed_url)
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    assert "Seedorf" in feed.feed.title
    assert feed.entries and all("Seedorf" in [tag.term for tag in entry.tags] for entry in feed.entries)
    assert {entry.title for entry in feed.entries} >= set(listed)


def test_the_statistics_charts_come_with_tables(visitor):
    visitor.goto("/")
    visitor.locator("footer").get_by_role("link", name="Statistik").click()
    charts = visitor.locator("main svg[role='img']")
    expect(charts.first).to_be_visible()
    for index in range(charts.count()):
        chart = charts.nth(index)
        labelled_by = chart.get_attribute("aria-labelledby").split()
        assert all(visitor.locator(f"#{element_id}").count() == 1 for element_id in labelled_by)
        assert chart.locator("title").text_content().strip()
    sections_with_charts = visitor.locator("main section").filter(has=visitor.locator("svg[role='img']"))
    assert sections_with_charts.count() >= 4
    for index in range(sections_with_charts.count()):
        expect(sections_with_charts.nth(index).locator("table caption").first).to_be_visible()
