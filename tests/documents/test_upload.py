"""Filing documents: staff (and whoever runs a board, for that board) upload a document with its first file and new
versions; the text of PDFs becomes searchable; every version stays in the history. Bad files are refused at the
field and nothing is written."""

import io

import pytest
from sqlmodel import select

from participation import create_app
from participation.audit.models import AuditEntry
from participation.documents.models import Document
from tests.conftest import TEST_PASSWORD, Browser
from tests.documents.conftest import EXECUTABLE, HTML, new_document_fields, pdf, stored_files, upload, versions_of


def documents(db) -> list[Document]:
    return list(db.exec(select(Document).order_by(Document.id)))


def test_an_uploaded_pdf_is_filed_and_found_by_words_inside_it(db, library, signed_in, upload_dir):
    staff = signed_in(library.staff)
    response = upload(staff, "/documents/new?lang=en", pdf("Der Beirat empfiehlt die Streuobstwiese zu pflegen."),
                      "Niederschrift März.pdf", **new_document_fields(
                          library, board_id=str(library.board.id), meeting_id=str(library.meeting.id)))
    [document] = documents(db)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/documents/{document.id}")
    [version] = versions_of(db, document)
    assert (version.number, version.name, version.content_type) == (1, "Niederschrift März.pdf", "application/pdf")
    assert "Streuobstwiese" in version.extracted_text and version.uploaded_by_id == library.staff.id
    assert (upload_dir / "documents" / version.stored_name).is_file()

    visitor = signed_in(None)
    found = visitor.get("/documents/?q=streuobstwiese&lang=en").get_data(as_text=True)
    assert "1 document found" in found and "Niederschrift der Sitzung" in found
    assert "0 documents found" in visitor.get("/documents/?q=Bürgerbus&lang=en").get_data(as_text=True)
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "document.created")).one()
    assert entry.object_id == str(document.id) and entry.actor_id == library.staff.id


def test_a_new_version_keeps_the_old_one_in_the_history(db, library, signed_in, file_document):
    first_file, second_file = pdf("Erste Fassung der Geschäftsordnung."), pdf("Zweite Fassung mit Stellvertretung.")
    document = file_document(content=first_file)
    secretary = signed_in(library.secretary)
    # Staff filed it for the board: its secretary may add versions.
    db.get(Document, document.id).board_id = library.board.id
    db.commit()
    response = upload(secretary, f"/documents/{document.id}/versions/new?lang=en",
                      second_file, "Geschäftsordnung v2.pdf",
                      note="Paragraf 3 geändert")
    assert response.status_code == 302
    first, second = versions_of(db, document)
    assert (first.number, second.number, second.note, second.uploaded_by_id) == (
        1, 2, "Paragraf 3 geändert", library.secretary.id)
    assert db.get(Document, document.id).version_count == 2

    visitor = signed_in(None)
    page = visitor.get(f"/documents/{document.id}?lang=en").get_data(as_text=True)
    history = page[page.index('id="versions"'):]
    assert history.index("Geschäftsordnung v2.pdf") < history.index("Secretary") < history.index(
        "Paragraf 3 geändert") < history.index("Geschäftsordnung.pdf") < history.index("Vera Verwaltung")
    old = visitor.get(f"/documents/{document.id}/versions/1/file")
    new = visitor.get(f"/documents/{document.id}/file")
    assert (old.status_code, old.data, new.status_code, new.data) == (200, first_file, 200, second_file)
    assert visitor.get(f"/documents/{document.id}/versions/2/file").data == second_file
    # The search reads the current version.
    assert "1 document found" in visitor.get("/documents/?q=Stellvertretung&lang=en").get_data(as_text=True)
    assert "0 documents found" in visitor.get("/documents/?q=Erste+Fassung&lang=en").get_data(as_text=True)


@pytest.mark.parametrize(("content", "filename"), [
    (EXECUTABLE, "Niederschrift.pdf"),
    (HTML, "Niederschrift.pdf"),
    (HTML, "Tabelle.csv"),
    (b"Ortsteil;Einwohner\nAltstadt;4850\n", "Tabelle.pdf"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "Plan.pdf"),
    (b"", "leer.pdf"),
])
def test_files_that_are_not_documents_are_refused_at_the_field_and_nothing_is_written(
        db, library, signed_in, upload_dir, content, filename):
    staff = signed_in(library.staff)
    response = upload(staff, "/documents/new?lang=en", content, filename, **new_document_fields(library))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="file-error"' in page
    assert "cannot be filed in the library" in page or "The file is empty" in page
    assert documents(db) == [] and stored_files(upload_dir) == []
    assert db.exec(select(AuditEntry).where(AuditEntry.object_type == "document")).all() == []


def test_a_bad_new_version_is_refused_and_the_current_one_stays(db, library, signed_in, file_document, upload_dir):
    document = file_document()
    staff = signed_in(library.staff)
    response = upload(staff, f"/documents/{document.id}/versions/new?lang=en", HTML, "Neu.pdf")
    assert response.status_code == 422 and 'id="file-error"' in response.get_data(as_text=True)
    assert len(versions_of(db, document)) == 1 and len(stored_files(upload_dir)) == 1


def test_a_csv_table_is_filed_and_offered_as_download(db, library, signed_in):
    staff = signed_in(library.staff)
    table = "Ortsteil;Einwohner\nAltstadt;4850\nMühlenberg;1340\n".encode()
    assert upload(staff, "/documents/new", table, "Einwohner.csv",
                  **new_document_fields(library, category="data")).status_code == 302
    [document] = documents(db)
    download = signed_in(None).get(f"/documents/{document.id}/file")
    assert download.data == table and download.mimetype == "text/csv"
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_file_over_the_limit_is_refused_with_413_and_the_limit_named(app, db, library, signed_in, upload_dir):
    app.config["DOCUMENT_FILE_MAX_BYTES"] = 1024 ** 2
    staff = signed_in(library.staff)
    response = upload(staff, "/documents/new?lang=en", pdf() + bytes(1024 ** 2), "Scan.pdf",
                      **new_document_fields(library))
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and 'id="file-error"' in page and "at most 1 MB" in page
    assert 'value="Niederschrift der Sitzung"' in page  # the form keeps what was entered
    assert documents(db) == [] and stored_files(upload_dir) == []


def test_a_request_over_the_portal_limit_gets_a_friendly_413_page(app_config, db, library):
    app = create_app({**app_config, "MAX_CONTENT_LENGTH": 64 * 1024})
    database = app.extensions["database"]
    database.bind = db.connection()
    browser = Browser(app.test_client())
    assert browser.sign_in(library.staff.email, TEST_PASSWORD).status_code == 302
    response = upload(browser, "/documents/new", pdf() + bytes(128 * 1024), "Gross.pdf",
                      **new_document_fields(library))
    assert response.status_code == 413 and "zu groß" in response.get_data(as_text=True)
    assert documents(db) == []


def test_a_board_document_needs_its_board(db, library, signed_in, upload_dir):
    staff = signed_in(library.staff)
    response = upload(staff, "/documents/new?lang=en", pdf(), "Intern.pdf",
                      **new_document_fields(library, audience="board"))
    assert response.status_code == 422
    assert 'id="board_id-error"' in response.get_data(as_text=True)
    assert documents(db) == [] and stored_files(upload_dir) == []


def test_the_meeting_files_the_document_under_its_board(db, library, signed_in):
    staff = signed_in(library.staff)
    upload(staff, "/documents/new", pdf(), "TOP.pdf",
           **new_document_fields(library, meeting_id=str(library.meeting.id)))
    [document] = documents(db)
    assert (document.board_id, document.meeting_id) == (library.board.id, library.meeting.id)
    response = upload(staff, "/documents/new?lang=en", pdf(), "TOP.pdf", **new_document_fields(
        library, board_id=str(library.other_board.id), meeting_id=str(library.meeting.id)))
    assert response.status_code == 422 and "belongs to another board" in response.get_data(as_text=True)


def test_a_board_secretary_files_for_their_board_only(db, library, signed_in):
    secretary = signed_in(library.secretary)
    form = secretary.get("/documents/new?lang=en").get_data(as_text=True)
    assert library.board.name in form and library.other_board.name not in form
    assert 'value="staff"' not in form  # only staff file documents for the administration alone
    assert upload(secretary, "/documents/new", pdf(), "Einladung.pdf", **new_document_fields(
        library, board_id=str(library.board.id), audience="board")).status_code == 302
    refused = upload(secretary, "/documents/new", pdf(), "Fremd.pdf", **new_document_fields(
        library, board_id=str(library.other_board.id)))
    assert refused.status_code == 422
    assert [document.title for document in documents(db)] == ["Niederschrift der Sitzung"]


@pytest.mark.parametrize("who", ["resident", "member"])
def test_people_who_do_not_run_a_board_may_not_file_documents(db, library, signed_in, file_document, who):
    document = file_document(board_id=library.board.id)
    browser = signed_in(getattr(library, who))
    assert browser.get("/documents/new").status_code == 403
    assert upload(browser, "/documents/new", pdf(), "x.pdf", **new_document_fields(library)).status_code == 403
    assert browser.get(f"/documents/{document.id}/edit").status_code == 403
    assert browser.get(f"/documents/{document.id}/versions/new").status_code == 403
    assert len(documents(db)) == 1
    assert "/documents/new" not in browser.get("/documents/").get_data(as_text=True)


def test_the_chair_of_another_board_may_not_change_this_boards_documents(db, library, signed_in, file_document):
    document = file_document(board_id=library.board.id)
    chair = signed_in(library.other_member)
    assert chair.get("/documents/new").status_code == 200
    assert chair.get(f"/documents/{document.id}/edit").status_code == 403
    assert upload(chair, f"/documents/{document.id}/versions/new", pdf(), "x.pdf").status_code == 403
    assert len(versions_of(db, document)) == 1


def test_visitors_are_asked_to_sign_in(signed_in, library):
    response = signed_in(None).get("/documents/new")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_form_without_its_csrf_token_is_refused(db, library, signed_in):
    staff = signed_in(library.staff)
    response = staff.client.post("/documents/new", data={**new_document_fields(library),
                                                        "file": (io.BytesIO(pdf()), "x.pdf")},
                                 content_type="multipart/form-data")
    assert response.status_code == 400 and documents(db) == []


def test_staff_change_a_documents_details_and_the_audit_log_says_what(db, library, signed_in, file_document):
    document = file_document()
    staff = signed_in(library.staff)
    form = staff.get(f"/documents/{document.id}/edit?lang=en").get_data(as_text=True)
    assert 'value="Geschäftsordnung"' in form
    response = staff.submit(f"/documents/{document.id}/edit?lang=en", {
        **new_document_fields(library, title="Geschäftsordnung (beschlossen)", category="paper",
                              district_id=str(library.district.id), action_area_id=str(library.area.id))})
    assert response.status_code == 302
    changed = db.get(Document, document.id)
    assert (changed.title, changed.district_id, changed.action_area_id) == (
        "Geschäftsordnung (beschlossen)", library.district.id, library.area.id)
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "document.changed")).one()
    assert entry.before["title"] == "Geschäftsordnung" and entry.after["district_id"] == library.district.id


def test_a_broken_pdf_is_filed_without_text(db, library, signed_in, caplog):
    staff = signed_in(library.staff)
    broken = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\nGarbage without xref\n%%EOF\n"
    assert upload(staff, "/documents/new", broken, "Kaputt.pdf", **new_document_fields(library)).status_code == 302
    [document] = documents(db)
    [version] = versions_of(db, document)
    assert version.content_type == "application/pdf" and version.extracted_text == ""
