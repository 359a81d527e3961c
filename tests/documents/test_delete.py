"""Deleting from the library: whoever may edit a document deletes it with all its versions, or one of several
versions; the files leave the disk once the deletion is committed. The history keeps its numbers, the highest
remaining version is current (its file is served, its text searched), and the only version is never deleted on its
own."""

import pytest
from sqlmodel import select

from participation.audit.models import AuditEntry
from participation.documents.models import Document, DocumentAudience, DocumentCategory
from tests.conftest import csrf_token_from
from tests.documents.conftest import pdf, stored_files, upload, versions_of
from tests.search.conftest import result_links, search_page


def audit_entries(db, action: str) -> list[AuditEntry]:
    return list(db.exec(select(AuditEntry).where(AuditEntry.action == action)))


def add_version(browser, document: Document, content: bytes, filename: str) -> None:
    assert upload(browser, f"/documents/{document.id}/versions/new", content, filename).status_code == 302


def post_confirmed(browser, path: str):
    """The confirmation's form, sent with the session's CSRF token (taken from any form)."""
    token = csrf_token_from(browser.get("/auth/logout").get_data(as_text=True))
    return browser.client.post(path, data={"csrf_token": token})


@pytest.fixture
def versioned(db, library, signed_in, file_document):
    """A public document of the board with three versions, filed by staff."""
    document = file_document("Geschäftsordnung", content=pdf("Erste Fassung."), board_id=library.board.id)
    staff = signed_in(library.staff)
    add_version(staff, document, pdf("Zweite Fassung."), "Geschäftsordnung v2.pdf")
    add_version(staff, document, pdf("Dritte Fassung."), "Geschäftsordnung v3.pdf")
    return document


def test_staff_delete_a_document_with_all_its_versions_and_files(db, library, signed_in, versioned, upload_dir):
    staff, document_id = signed_in(library.staff), versioned.id
    confirm = staff.get(f"/documents/{document_id}/delete?lang=en")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Delete “Geschäftsordnung”" in page
    assert "all its 3 versions will be deleted" in page and "Geschäftsordnung v3.pdf" in page
    assert len(stored_files(upload_dir)) == 3

    response = staff.submit(f"/documents/{document_id}/delete?lang=en", {}, follow_redirects=True)
    assert response.request.path == "/documents/"
    assert "The document “Geschäftsordnung” has been deleted." in response.get_data(as_text=True)
    assert db.get(Document, document_id) is None and stored_files(upload_dir) == []
    for path in (f"/documents/{document_id}", f"/documents/{document_id}/file",
                 f"/documents/{document_id}/versions/1/file"):
        assert staff.get(path).status_code == 404, path
    assert "0 documents found" in staff.get("/documents/?lang=en").get_data(as_text=True)
    [entry] = audit_entries(db, "document.deleted")
    assert (entry.object_id, entry.actor_id, entry.object_label) == (
        str(document_id), library.staff.id, "Geschäftsordnung")
    assert entry.before == {"title": "Geschäftsordnung", "category": DocumentCategory.PAPER.value,
                            "audience": DocumentAudience.PUBLIC.value, "versions": 3}


def test_the_secretary_deletes_a_document_of_the_board_whose_file_is_already_gone(
        db, library, signed_in, file_document, upload_dir):
    document_id = file_document("Entwurf", audience=DocumentAudience.BOARD, board_id=library.board.id).id
    for path in upload_dir.rglob("*.pdf"):
        path.unlink()
    response = signed_in(library.secretary).submit(f"/documents/{document_id}/delete", {})
    assert response.status_code == 302 and db.get(Document, document_id) is None


def test_only_those_who_may_edit_see_the_delete_links(library, signed_in, versioned, file_document):
    links = (f'href="/documents/{versioned.id}/delete"', f'href="/documents/{versioned.id}/versions/2/delete"')
    staff_page = signed_in(library.staff).get(f"/documents/{versioned.id}").get_data(as_text=True)
    assert all(link in staff_page for link in links)
    for who in (None, library.resident, library.member):
        page = signed_in(who).get(f"/documents/{versioned.id}").get_data(as_text=True)
        assert not any(link in page for link in links)
    # A single version is deleted with its document only.
    single = file_document("Satzung")
    page = signed_in(library.staff).get(f"/documents/{single.id}").get_data(as_text=True)
    assert f'href="/documents/{single.id}/delete"' in page and "/versions/1/delete" not in page


@pytest.mark.parametrize("who", ["resident", "member"])
def test_who_may_see_but_not_edit_a_document_gets_403(db, library, signed_in, versioned, upload_dir, who):
    browser = signed_in(getattr(library, who))
    for path in (f"/documents/{versioned.id}/delete", f"/documents/{versioned.id}/versions/3/delete"):
        assert browser.get(path).status_code == 403, path
        assert post_confirmed(browser, path).status_code == 403, path
    assert len(versions_of(db, versioned)) == 3 and len(stored_files(upload_dir)) == 3
    assert audit_entries(db, "document.deleted") == audit_entries(db, "document.version_deleted") == []


@pytest.mark.parametrize("who", [None, "resident", "other_member"])
def test_a_board_document_stays_unknown_to_outsiders(db, library, signed_in, file_document, who):
    document = file_document("Entwurf", audience=DocumentAudience.BOARD, board_id=library.board.id)
    browser = signed_in(getattr(library, who) if who else None)
    for path in (f"/documents/{document.id}/delete", f"/documents/{document.id}/versions/1/delete"):
        assert browser.get(path).status_code == 404, path
    assert db.get(Document, document.id) is not None


def test_a_visitor_is_asked_to_sign_in_for_a_public_document(library, signed_in, versioned):
    response = signed_in(None).get(f"/documents/{versioned.id}/delete")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_without_the_csrf_token_nothing_is_deleted(db, library, signed_in, versioned, upload_dir):
    staff = signed_in(library.staff)
    for path in (f"/documents/{versioned.id}/delete", f"/documents/{versioned.id}/versions/3/delete"):
        assert staff.client.post(path, data={}).status_code == 400, path
    assert len(versions_of(db, versioned)) == 3 and len(stored_files(upload_dir)) == 3


def test_the_only_version_is_not_deleted_on_its_own(db, library, signed_in, file_document, upload_dir):
    document = file_document("Satzung")
    staff = signed_in(library.staff)
    page = staff.get(f"/documents/{document.id}/versions/1/delete?lang=en").get_data(as_text=True)
    assert "the document's only version" in page and f'href="/documents/{document.id}/delete"' in page
    assert "Delete version</button>" not in page

    refused = post_confirmed(staff, f"/documents/{document.id}/versions/1/delete?lang=en")
    assert refused.status_code == 409
    assert "the only version of the document and cannot be deleted on its own" in refused.get_data(as_text=True)
    assert len(versions_of(db, document)) == 1 and len(stored_files(upload_dir)) == 1
    assert staff.get(f"/documents/{document.id}/file").status_code == 200
    assert audit_entries(db, "document.version_deleted") == []


def test_an_unknown_version_is_not_found(library, signed_in, versioned):
    assert signed_in(library.staff).get(f"/documents/{versioned.id}/versions/7/delete").status_code == 404


def test_deleted_versions_leave_gaps_and_the_highest_remaining_is_current(
        db, library, signed_in, versioned, upload_dir):
    first, second, _third = (version.stored_name for version in versions_of(db, versioned))
    secretary = signed_in(library.secretary)
    page = secretary.get(f"/documents/{versioned.id}/versions/2/delete?lang=en").get_data(as_text=True)
    assert "Geschäftsordnung v2.pdf" in page and "The current version stays version 3." in page
    response = secretary.submit(f"/documents/{versioned.id}/versions/2/delete?lang=en", {}, follow_redirects=True)
    assert "Version 2 of “Geschäftsordnung” has been deleted." in response.get_data(as_text=True)
    assert [version.number for version in versions_of(db, versioned)] == [1, 3]
    assert second not in stored_files(upload_dir)
    assert secretary.get(f"/documents/{versioned.id}/versions/2/file").status_code == 404
    [entry] = audit_entries(db, "document.version_deleted")
    assert entry.before["version"] == 2 and entry.before["file"] == "Geschäftsordnung v2.pdf"

    # The newest goes: version 1 is current, its file served, and the history keeps its number.
    page = secretary.get(f"/documents/{versioned.id}/versions/3/delete?lang=en").get_data(as_text=True)
    assert "Once it is deleted, version 1 (Geschäftsordnung.pdf) is the current one." in page
    assert secretary.submit(f"/documents/{versioned.id}/versions/3/delete", {}).status_code == 302
    current = signed_in(None).get(f"/documents/{versioned.id}/file")
    assert current.status_code == 200 and current.data == (upload_dir / "documents" / first).read_bytes()
    assert stored_files(upload_dir) == [first]
    assert db.get(Document, versioned.id).version_count == 1
    listed = signed_in(None).get("/documents/?lang=en").get_data(as_text=True)
    assert "Open Geschäftsordnung.pdf" in listed


def test_a_new_version_after_a_gap_gets_the_next_number(db, library, signed_in, versioned):
    staff = signed_in(library.staff)
    assert staff.submit(f"/documents/{versioned.id}/versions/2/delete", {}).status_code == 302
    add_version(staff, versioned, pdf("Vierte Fassung."), "Geschäftsordnung v4.pdf")
    assert [version.number for version in versions_of(db, versioned)] == [1, 3, 4]
    assert db.get(Document, versioned.id).version_count == 3
    assert staff.get(f"/documents/{versioned.id}/file").headers["Content-Disposition"].endswith(
        "Gesch%C3%A4ftsordnung%20v4.pdf")


def test_search_finds_the_text_of_the_version_that_is_current_after_a_deletion(
        db, library, signed_in, file_document):
    document = file_document("Bebauungsplan", content=pdf("Entwurf mit Tiefgarage."))
    staff = signed_in(library.staff)
    add_version(staff, document, pdf("Fassung mit Quartiersgarage."), "Bebauungsplan v2.pdf")
    visitor = signed_in(None)
    assert result_links(search_page(visitor, "Quartiersgarage")[1]) == [f"/documents/{document.id}"]
    assert result_links(search_page(visitor, "Tiefgarage")[1]) == []

    assert staff.submit(f"/documents/{document.id}/versions/2/delete", {}).status_code == 302
    assert result_links(search_page(visitor, "Tiefgarage")[1]) == [f"/documents/{document.id}"]
    assert result_links(search_page(visitor, "Quartiersgarage")[1]) == []
    assert "1 document found" in visitor.get("/documents/?q=tiefgarage&lang=en").get_data(as_text=True)
    assert "0 documents found" in visitor.get("/documents/?q=quartiersgarage&lang=en").get_data(as_text=True)


def test_a_meetings_page_stays_whole_when_its_minutes_are_deleted(db, library, signed_in, file_document):
    minutes = file_document("Niederschrift der 1. Sitzung", category=DocumentCategory.MINUTES,
                            meeting_id=library.meeting.id)
    visitor = signed_in(None)
    assert "Niederschrift der 1. Sitzung" in visitor.get(f"/meetings/{library.meeting.id}").get_data(as_text=True)
    assert signed_in(library.staff).submit(f"/documents/{minutes.id}/delete", {}).status_code == 302
    page = visitor.get(f"/meetings/{library.meeting.id}")
    assert page.status_code == 200 and "Niederschrift der 1. Sitzung" not in page.get_data(as_text=True)
