"""Staff attach files to papers; the public downloads them with the submitted paper; bad files are refused. The files
are documents of the library (see test_library.py)."""

import hashlib
import io
import zipfile

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.documents.queries import DocumentRow, paper_attachments
from tests.conftest import Browser, csrf_token_from

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def attach(browser, paper, content: bytes, filename: str, form_page: str | None = None):
    page = browser.get(form_page or f"/papers/{paper.id}").get_data(as_text=True)
    return browser.client.post(f"/papers/{paper.id}/files?lang=en",
                               data={"csrf_token": csrf_token_from(page), "file": (io.BytesIO(content), filename)},
                               content_type="multipart/form-data")


class Attached:
    """A paper's file as the tests look at it: its document's id and its current version's facts."""

    def __init__(self, row: DocumentRow):
        self.id, self.document, version = row.document.id, row.document, row.current
        self.name, self.stored_name, self.content_type = version.name, version.stored_name, version.content_type
        self.size, self.sha512 = version.size, version.sha512


def files_of(db, paper) -> list[Attached]:
    return [Attached(row) for row in paper_attachments(db, paper.id)]


def file_actions(db, paper) -> list[str]:
    return list(db.exec(select(AuditEntry.action).where(AuditEntry.object_type == "paper",
                                                        AuditEntry.object_id == str(paper.id),
                                                        AuditEntry.action.like("paper.file%"))
                        .order_by(AuditEntry.id)))


def test_staff_attach_a_pdf_that_everyone_can_open_with_the_paper(app, sign_in_as, browser, db, make_paper,
                                                                  upload_dir):
    paper = make_paper()
    sign_in_as(Role.STAFF)
    response = attach(browser, paper, PDF, "../../Geschäftsordnung Beirat.pdf")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/papers/{paper.id}#files")
    [attached] = files_of(db, paper)
    assert attached.name == "Geschäftsordnung Beirat.pdf" and attached.content_type == "application/pdf"
    assert attached.size == len(PDF) and attached.sha512 == hashlib.sha512(PDF).hexdigest()
    assert (upload_dir / "documents" / attached.stored_name).read_bytes() == PDF
    assert file_actions(db, paper) == ["paper.file_added"]

    anonymous = Browser(app.test_client())
    page = anonymous.get(f"/papers/{paper.id}?lang=en").get_data(as_text=True)
    link = f"/papers/{paper.id}/files/{attached.id}/Gesch%C3%A4ftsordnung%20Beirat.pdf"
    assert f'href="{link}"' in page and "(PDF, 1 KB)" in page
    assert "Attach file" not in page and "Remove" not in page
    download = anonymous.get(link)
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf" and download.headers["Content-Disposition"].startswith("inline")


def test_office_documents_are_offered_as_downloads_named_by_what_they_are(sign_in_as, browser, db, make_paper):
    paper = make_paper()
    sign_in_as(Role.STAFF)
    assert attach(browser, paper, odt_bytes(), "Protokoll.docx").status_code == 302
    [attached] = files_of(db, paper)
    assert attached.name == "Protokoll.odt"  # the content decides, not the name the uploader gave
    download = browser.get(f"/papers/{paper.id}/files/{attached.id}/Protokoll.odt")
    assert download.mimetype == "application/vnd.oasis.opendocument.text"
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_files_of_a_draft_stay_with_the_administration(app, sign_in_as, browser, db, make_paper, make_user):
    paper = make_paper(submitted=False)
    sign_in_as(Role.STAFF)
    attach(browser, paper, PDF, "Entwurf.pdf")
    [attached] = files_of(db, paper)
    link = f"/papers/{paper.id}/files/{attached.id}/Entwurf.pdf"
    assert browser.get(link).status_code == 200
    assert Browser(app.test_client()).get(link).status_code == 404
    resident = Browser(app.test_client())
    resident.sign_in(make_user(Role.RESIDENT).email)
    assert resident.get(link).status_code == 404


def test_a_file_is_found_only_under_its_own_paper(app, sign_in_as, browser, db, make_paper):
    paper, other = make_paper(), make_paper(title="Haushalt 2027")
    sign_in_as(Role.STAFF)
    attach(browser, paper, PDF, "Plan.pdf")
    [attached] = files_of(db, paper)
    assert browser.get(f"/papers/{other.id}/files/{attached.id}/Plan.pdf").status_code == 404


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"<html><script>alert(1)</script></html>", "plan.pdf", "This kind of file cannot be attached"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg",
     "This kind of file cannot be attached"),
    (b"MZ\x90\x00" + bytes(200), "setup.exe", "This kind of file cannot be attached"),
    (b"", "leer.pdf", "The file is empty."),
])
def test_files_that_are_not_documents_are_refused_at_the_field(sign_in_as, browser, db, make_paper, upload_dir,
                                                               content, filename, message):
    paper = make_paper()
    sign_in_as(Role.STAFF)
    response = attach(browser, paper, content, filename)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page and message in page
    assert files_of(db, paper) == [] and file_actions(db, paper) == []
    assert not upload_dir.exists() or not any(path.is_file() for path in upload_dir.rglob("*"))


def test_a_file_above_the_limit_is_refused_with_the_limit_named(app, sign_in_as, browser, db, make_paper):
    app.config["PAPER_FILE_MAX_BYTES"] = 1024 ** 2
    paper = make_paper()
    sign_in_as(Role.STAFF)
    response = attach(browser, paper, PDF + bytes(1024 ** 2), "Scan.pdf")
    assert response.status_code == 422 and "at most 1 MB" in response.get_data(as_text=True)
    assert files_of(db, paper) == []


def test_a_paper_has_a_limited_number_of_files(app, sign_in_as, browser, db, make_paper):
    app.config["PAPER_FILES_MAX"] = 2
    paper = make_paper()
    sign_in_as(Role.STAFF)
    for number in (1, 2):
        assert attach(browser, paper, PDF, f"Anlage {number}.pdf").status_code == 302
    response = attach(browser, paper, PDF, "Anlage 3.pdf")
    assert response.status_code == 422 and "at most 2 files" in response.get_data(as_text=True)
    assert [paper_file.name for paper_file in files_of(db, paper)] == ["Anlage 1.pdf", "Anlage 2.pdf"]


def test_staff_remove_a_file_and_it_is_gone_from_page_and_disk(app, sign_in_as, browser, db, make_paper,
                                                               upload_dir):
    paper = make_paper()
    sign_in_as(Role.STAFF)
    attach(browser, paper, PDF, "Alt.pdf")
    [attached] = files_of(db, paper)
    stored, link = upload_dir / "documents" / attached.stored_name, f"/papers/{paper.id}/files/{attached.id}"
    assert stored.exists()
    response = browser.submit(f"{link}/delete", {}, form_page=f"/papers/{paper.id}")
    assert response.status_code == 302
    db.expire_all()
    assert files_of(db, paper) == [] and not stored.exists()
    assert file_actions(db, paper) == ["paper.file_added", "paper.file_removed"]
    assert browser.get(f"{link}/Alt.pdf").status_code == 404
    assert "No files attached." in browser.get(f"/papers/{paper.id}?lang=en").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.BOARD_MEMBER])
def test_only_staff_attach_or_remove_files(app, sign_in_as, browser, db, make_paper, make_user, role):
    paper = make_paper()
    sign_in_as(Role.STAFF)
    attach(browser, paper, PDF, "Plan.pdf")
    [attached] = files_of(db, paper)
    other = Browser(app.test_client())
    other.sign_in(make_user(role).email)
    # They see no upload or remove form; a token from a form they do see must not get them further.
    assert attach(other, paper, PDF, "Fremd.pdf", form_page="/ideas/new").status_code == 403
    assert other.submit(f"/papers/{paper.id}/files/{attached.id}/delete", {},
                        form_page="/ideas/new").status_code == 403
    assert [paper_file.name for paper_file in files_of(db, paper)] == ["Plan.pdf"]
