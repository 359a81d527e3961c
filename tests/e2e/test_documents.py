"""The document library in a real browser: axe-core (WCAG 2.1 A and AA) finds nothing on the list (also filtered),
a document's page, the upload form and the form after a failed submit, in German and English. Runs on the e2e live
server with the demo library."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from participation.db import get_session
from participation.documents.models import Document
from tests.e2e.helpers import LANGUAGES
from tests.e2e.test_accessibility import assert_accessible, in_language

pytestmark = pytest.mark.e2e

STAFF_EMAIL = "verwaltung@beispielstadt.example"


@pytest.fixture(scope="module")
def demo_documents(live_server) -> dict:
    """The addresses of a document with two versions, of one with a single version, of a board's minutes and of a
    paper's attachment, with the ids they filter by."""
    with live_server.app.app_context():
        db = get_session()
        library = select(Document).where(Document.paper_id.is_(None)).order_by(Document.id)
        versioned = db.exec(library.where(Document.version_count > 1)).first()
        single = db.exec(library.where(Document.version_count == 1)).first()
        minutes = db.exec(library.where(Document.category == "minutes")).first()
        attachment = db.exec(select(Document).where(Document.paper_id.is_not(None)).order_by(Document.id)).first()
        return {"versioned": f"/documents/{versioned.id}", "single": f"/documents/{single.id}",
                "minutes": f"/documents/{minutes.id}", "board_id": minutes.board_id,
                "attachment": f"/documents/{attachment.id}"}


def _list_paths(demo_documents) -> list[str]:
    return ["/documents/", "/documents/?q=Streuobstwiese",
            f"/documents/?category=minutes&board={demo_documents['board_id']}&date_from=2020-01-01&sort=title",
            "/documents/?board=unknown&page=99"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_library_and_its_pages_for_a_visitor(signed_in, demo_documents, lang):
    page = signed_in("", lang)
    for path in _list_paths(demo_documents) + [demo_documents["versioned"], demo_documents["minutes"],
                                               demo_documents["attachment"]]:
        response = page.goto(in_language(path, lang))
        assert response is not None and response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page, f"{path} [{lang}, visitor]")
    page.goto(in_language("/documents/?q=Streuobstwiese&category=minutes", lang))
    expect(page.locator(".document-card")).to_have_count(1)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_forms_for_staff_also_with_errors(signed_in, demo_documents, lang):
    page = signed_in(STAFF_EMAIL, lang)
    for path in ("/documents/new", f"{demo_documents['versioned']}/edit", f"{demo_documents['versioned']}/versions/new",
                 demo_documents["versioned"]):
        response = page.goto(in_language(path, lang))
        assert response is not None and response.status == 200, path
        assert_accessible(page, f"{path} [{lang}, staff]")

    # Submitted without a title and a file: the errors are announced and linked to their fields.
    page.goto(in_language("/documents/new", lang))
    page.fill("#title", "")
    with page.expect_navigation():
        page.locator("main form.document-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#file-error")).to_be_visible()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"/documents/new with errors [{lang}, staff]")

    page.goto(in_language(f"{demo_documents['versioned']}/versions/new", lang))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#file-error")).to_be_visible()
    assert_accessible(page, f"new version with errors [{lang}, staff]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_confirmation_pages_before_deleting(signed_in, demo_documents, lang):
    page = signed_in(STAFF_EMAIL, lang)
    versioned, single = demo_documents["versioned"], demo_documents["single"]
    # The whole document; an older version of several; a single version, which is only deleted with its document.
    for path in (f"{versioned}/delete", f"{versioned}/versions/1/delete", f"{single}/versions/1/delete"):
        response = page.goto(in_language(path, lang))
        assert response is not None and response.status == 200, path
        expect(page.locator("main h1")).to_be_visible()
        assert_accessible(page, f"{path} [{lang}, staff]")
    page.goto(in_language(versioned, lang))
    expect(page.locator(f"main a[href='{versioned}/delete']")).to_be_visible()
