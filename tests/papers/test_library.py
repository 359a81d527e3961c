"""A paper's files are documents of the library: staff-only while the paper is a draft, public once it is submitted,
found by the site search, and changed only on the paper."""

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.documents.models import Document, DocumentAudience, DocumentVersion
from participation.papers.demo import demo_pdf
from participation.papers.models import PaperType
from participation.papers.services import PaperDraft, edit_paper
from tests.conftest import Browser
from tests.papers.test_files import attach, files_of
from tests.search.conftest import result_links, search_page

# A word only the attachment's PDF contains, not its name nor the paper.
ANNEX = demo_pdf(["Anlage zur Vorlage", "Die Streuobstkelterei im Ortsteil Seedorf wird erweitert."])
ANNEX_WORD = "Streuobstkelterei"


@pytest.fixture
def staff(signed_in, make_user) -> Browser:
    return signed_in(make_user(Role.STAFF))


def attached_to(db, staff: Browser, paper):
    assert attach(staff, paper, ANNEX, "Anlage Kelterei.pdf").status_code == 302
    [attached] = files_of(db, paper)
    return attached


def library_paths(document_id: int) -> list[str]:
    return [f"/documents/{document_id}", f"/documents/{document_id}/file", f"/documents/{document_id}/versions/1/file"]


@pytest.mark.parametrize("who", [None, Role.RESIDENT])
def test_a_drafts_attachment_does_not_exist_for_the_public(db, staff, signed_in, make_user, make_paper, who):
    paper = make_paper(submitted=False)
    attached = attached_to(db, staff, paper)
    assert attached.document.audience == DocumentAudience.STAFF.value
    outsider = signed_in(make_user(who) if who else None)
    for path in library_paths(attached.id):
        assert outsider.get(path).status_code == 404, path
    assert "Anlage Kelterei" not in outsider.get("/documents/?lang=en").get_data(as_text=True)
    assert result_links(search_page(outsider, ANNEX_WORD)[1]) == []


def test_staff_find_a_drafts_attachment_in_the_library_and_the_search(db, staff, make_paper):
    paper = make_paper(submitted=False)
    attached = attached_to(db, staff, paper)
    for path in library_paths(attached.id):
        assert staff.get(path).status_code == 200, path
    listed = staff.get("/documents/?lang=en").get_data(as_text=True)
    assert f"Anlage Kelterei ({paper.reference})" in listed and "Only for: Administration staff" in listed
    assert result_links(search_page(staff, ANNEX_WORD)[1]) == [f"/documents/{attached.id}"]


def test_submitting_the_paper_makes_its_attachment_public(app, db, staff, make_paper, structure):
    paper = make_paper(submitted=False)
    attached = attached_to(db, staff, paper)
    assert staff.submit(f"/papers/{paper.id}/submit", {}, form_page=f"/papers/{paper.id}").status_code == 302
    db.expire_all()
    document = db.get(Document, attached.id)
    assert document.audience == DocumentAudience.PUBLIC.value and document.paper_id == paper.id
    assert document.category == "paper" and document.action_area_id == structure["areas"][0].id
    visitor = Browser(app.test_client())
    for path in library_paths(attached.id):
        assert visitor.get(path).status_code == 200, path
    assert visitor.get(f"/papers/{paper.id}/files/{attached.id}/Anlage%20Kelterei.pdf").data == ANNEX
    # The site search finds the words inside the PDF, and leads to the document's page.
    assert result_links(search_page(visitor, ANNEX_WORD)[1]) == [f"/documents/{attached.id}"]


def test_the_library_page_links_to_the_paper_and_offers_no_changes(app, db, staff, make_paper):
    paper = make_paper()
    attached = attached_to(db, staff, paper)
    for browser in (staff, Browser(app.test_client())):
        page = browser.get(f"/documents/{attached.id}?lang=en").get_data(as_text=True)
        assert "Attachment of paper" in page and f'href="/papers/{paper.id}#files"' in page
        assert f"{paper.reference}: {paper.title}" in page
        assert "This document is attached to a paper. It is changed on the paper" in page
        for action in ("edit", "versions/new", "delete", "versions/1/delete"):
            assert f"/documents/{attached.id}/{action}" not in page


@pytest.mark.parametrize("path", ["edit", "versions/new", "delete", "versions/1/delete"])
def test_the_library_refuses_to_change_an_attachment(db, staff, make_paper, path):
    paper = make_paper()
    attached = attached_to(db, staff, paper)
    for response in (staff.get(f"/documents/{attached.id}/{path}?lang=en"),
                     staff.submit(f"/documents/{attached.id}/{path}?lang=en", {"title": "Umbenannt"},
                                  form_page="/documents/new")):
        assert response.status_code == 403
        assert "It is changed on the paper&#39;s page, not in the library." in response.get_data(as_text=True)
    db.expire_all()
    document = db.get(Document, attached.id)
    assert document is not None and document.title == f"Anlage Kelterei ({paper.reference})"
    assert document.version_count == 1


def test_removing_the_attachment_deletes_the_document_and_its_file(app, db, staff, make_paper, upload_dir):
    paper = make_paper()
    attached = attached_to(db, staff, paper)
    stored = upload_dir / "documents" / attached.stored_name
    assert stored.is_file()
    response = staff.submit(f"/papers/{paper.id}/files/{attached.id}/delete", {}, form_page=f"/papers/{paper.id}")
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Document, attached.id) is None and not stored.exists()
    assert db.exec(select(DocumentVersion).where(DocumentVersion.document_id == attached.id)).all() == []
    visitor = Browser(app.test_client())
    assert visitor.get(f"/documents/{attached.id}").status_code == 404
    assert result_links(search_page(visitor, ANNEX_WORD)[1]) == []


def test_an_attachment_follows_its_papers_action_area(app, db, staff, staff_user, make_paper, structure):
    paper = make_paper(submitted=False, areas=(0,))
    attached = attached_to(db, staff, paper)
    areas = structure["areas"]
    with app.test_request_context("/?lang=en"):
        assert edit_paper(db, staff_user, paper, PaperDraft(
            title=paper.title, paper_type=PaperType(paper.paper_type), text=paper.text,
            contribution=paper.contribution, action_area_ids=(areas[1].id,)))
    db.commit()
    db.expire_all()
    assert db.get(Document, attached.id).action_area_id == areas[1].id
    listed = staff.get(f"/documents/?action_area={areas[1].id}&lang=en").get_data(as_text=True)
    assert "1 document found" in listed and f"Anlage Kelterei ({paper.reference})" in listed
