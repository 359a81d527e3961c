"""The library's list and pages: filters by category, action area, district, board, date and words; sorting and
pages; unknown filter values are ignored; downloads say what they are; titles are shown as text, never as markup."""

import re
from datetime import date

import pytest

from participation.documents import routes
from participation.documents.models import DocumentCategory
from tests.coordination.test_documents import odt_bytes
from tests.documents.conftest import pdf

XSS_TITLE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def titles(browser, query: str = "") -> list[str]:
    page = browser.get(f"/documents/?{query}").get_data(as_text=True)
    return re.findall(r'id="document-\d+-title"><a href="[^"]+">([^<]*)</a>', page)


@pytest.fixture
def shelf(library, file_document):
    """Four documents that differ in every filter."""
    file_document("Niederschrift Januar", category=DocumentCategory.MINUTES, board_id=library.board.id,
                  meeting_id=library.meeting.id, document_date=date(2026, 1, 20))
    file_document("Ortsteilprofil Seedorf", category=DocumentCategory.REPORT, district_id=library.district.id,
                  document_date=date(2025, 6, 1), description="Stärken und Schwächen des Dorfes am See.")
    file_document("Anmeldebogen Ehrenamt", category=DocumentCategory.FORM, board_id=library.other_board.id,
                  action_area_id=library.area.id, document_date=date(2026, 2, 5),
                  content=pdf("Bitte nennen Sie Ihre Interessen und den Bürgerbus-Fahrdienst."))
    file_document("Bericht 2024", category=DocumentCategory.REPORT, document_date=date(2024, 12, 31))


def test_filters_narrow_the_list(library, shelf, signed_in):
    visitor = signed_in(None)
    assert titles(visitor) == ["Anmeldebogen Ehrenamt", "Niederschrift Januar", "Ortsteilprofil Seedorf",
                               "Bericht 2024"]
    assert titles(visitor, "category=report") == ["Ortsteilprofil Seedorf", "Bericht 2024"]
    assert titles(visitor, f"action_area={library.area.id}") == ["Anmeldebogen Ehrenamt"]
    assert titles(visitor, f"district={library.district.id}") == ["Ortsteilprofil Seedorf"]
    assert titles(visitor, f"board={library.board.id}") == ["Niederschrift Januar"]
    assert titles(visitor, "date_from=2025-01-01&date_until=2026-01-31") == ["Niederschrift Januar",
                                                                             "Ortsteilprofil Seedorf"]
    assert titles(visitor, "q=SCHWÄCHEN") == ["Ortsteilprofil Seedorf"]  # the description
    assert titles(visitor, "q=bürgerbus") == ["Anmeldebogen Ehrenamt"]  # the PDF's text
    assert titles(visitor, "q=100%25") == []  # a wildcard is taken literally
    assert titles(visitor, "sort=title") == ["Anmeldebogen Ehrenamt", "Bericht 2024", "Niederschrift Januar",
                                             "Ortsteilprofil Seedorf"]


@pytest.mark.parametrize("query", ["category=secret", "board=abc", "board=999999", "district=-1", "action_area=1.5",
                                   "date_from=31.12.2025", "date_until=gestern", "sort=random()", "page=abc",
                                   "page=999", "q=" + "x" * 500, "category=minutes&category=report"])
def test_unknown_filter_values_are_ignored(library, shelf, signed_in, query):
    response = signed_in(None).get(f"/documents/?{query}")
    assert response.status_code == 200
    assert "Niederschrift Januar" in response.get_data(as_text=True) or query.startswith("q=")


def test_the_list_has_pages(monkeypatch, library, file_document, signed_in):
    monkeypatch.setattr(routes, "DOCUMENTS_PER_PAGE", 2)
    for number in range(1, 6):
        file_document(f"Unterlage {number}", document_date=date(2026, 1, number))
    visitor = signed_in(None)
    assert titles(visitor, "page=2") == ["Unterlage 3", "Unterlage 2"]
    last = visitor.get("/documents/?page=3&lang=en").get_data(as_text=True)
    assert "Page 3 of 3" in last and 'rel="prev"' in last and 'rel="next"' not in last


def test_a_document_page_shows_what_it_belongs_to_and_its_file(library, shelf, file_document, signed_in):
    document = file_document("Protokoll", board_id=library.board.id, meeting_id=library.meeting.id,
                             action_area_id=library.area.id, district_id=library.district.id,
                             description="Mit **Anlage**.", name="Protokoll März.pdf")
    page = signed_in(None).get(f"/documents/{document.id}?lang=en").get_data(as_text=True)
    for text in ("Projektbeirat", "1. Quartalssitzung", "Information", "Seedorf", "Paper", "Mar 1, 2026",
                 "<strong>Anlage</strong>", "Open Protokoll März.pdf", "(PDF,", "Vera Verwaltung"):
        assert text in page, text
    assert f'href="/boards/{library.board.id}"' in page and f'href="/meetings/{library.meeting.id}"' in page


def test_downloads_say_what_they_are(library, file_document, signed_in):
    document = file_document(name="Plan <Entwurf>.pdf")
    response = signed_in(None).get(f"/documents/{document.id}/file")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("inline") and "Plan Entwurf" not in response.headers[
        "Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_office_document_is_downloaded_not_opened(library, file_document, signed_in):
    document = file_document(content=odt_bytes(), name="Protokoll.odt")
    response = signed_in(None).get(f"/documents/{document.id}/versions/1/file")
    assert response.mimetype == "application/vnd.oasis.opendocument.text"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_markup_in_titles_stays_text(library, file_document, signed_in):
    document = file_document(XSS_TITLE, description='<script>alert("d")</script> [Link](javascript:alert(2))',
                             meeting_id=library.meeting.id)
    visitor = signed_in(None)
    for path in ("/documents/", f"/documents/{document.id}", f"/meetings/{library.meeting.id}"):
        page = visitor.get(path).get_data(as_text=True)
        assert XSS_TITLE not in page and "<script>alert" not in page and 'href="javascript' not in page, path
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page, path
