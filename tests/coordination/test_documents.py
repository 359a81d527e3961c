"""Shared documents: members upload files (recognised by their content) and new versions; every version stays
downloadable and the history says who uploaded it when. Bad files are refused at the field, nothing is stored."""

import io
import zipfile

from sqlalchemy import func
from sqlmodel import select

from participation.coordination.models import SpaceDocument, SpaceDocumentVersion
from tests.coordination.helpers import HTML, PDF, PDF_V2, token, upload


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _versions(db) -> list[SpaceDocumentVersion]:
    return list(db.exec(select(SpaceDocumentVersion).order_by(SpaceDocumentVersion.number)))


def _stored_files(upload_dir) -> list:
    return sorted(path.name for path in upload_dir.rglob("*") if path.is_file())


def test_a_new_version_keeps_the_old_one_downloadable_and_the_history_names_the_uploaders(db, space, signed_in,
                                                                                          upload_dir):
    coordinator = signed_in(space.coordinator)
    response = upload(coordinator, f"{space.path}/documents", PDF, "Pflegeplan Streuobst.pdf", title="Pflegeplan")
    document = db.exec(select(SpaceDocument)).one()
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"{space.path}/documents/{document.id}")
    partner = signed_in(space.partner_member)
    assert upload(partner, f"{space.path}/documents/{document.id}", PDF_V2, "Pflegeplan v2.pdf").status_code == 302

    first, second = _versions(db)
    assert (first.number, first.uploaded_by_id, second.number, second.uploaded_by_id) == (
        1, space.coordinator.id, 2, space.partner_member.id)
    history = coordinator.get(f"{space.path}/documents/{document.id}?lang=en").get_data(as_text=True)
    rows = history[history.index("<tbody>"):history.index("</tbody>")]
    assert rows.index("Pflegeplan v2.pdf") < rows.index("Nils Naturschutz") < rows.index("Pflegeplan Streuobst.pdf") \
        < rows.index("Carla Koordination")

    old = coordinator.get(f"{space.path}/documents/{document.id}/versions/{first.id}/Pflegeplan%20Streuobst.pdf")
    new = coordinator.get(f"{space.path}/documents/{document.id}/versions/{second.id}/Pflegeplan%20v2.pdf")
    assert (old.status_code, old.data, new.status_code, new.data) == (200, PDF, 200, PDF_V2)
    assert old.mimetype == "application/pdf" and old.headers["Content-Disposition"].startswith("inline")
    assert old.headers["X-Content-Type-Options"] == "nosniff" and "no-store" in old.headers["Cache-Control"]
    # Internal files lie apart from the papers' public ones.
    assert (upload_dir / "coordination" / "papers" / first.stored_name).read_bytes() == PDF
    assert not (upload_dir / "papers").exists()

    overview = coordinator.get(space.path + "?lang=en").get_data(as_text=True)
    assert "Pflegeplan" in overview and "version 2" in overview


def test_office_documents_are_downloaded_and_named_by_what_they_are(db, space, signed_in):
    browser = signed_in(space.partner_member)
    assert upload(browser, f"{space.path}/documents", odt_bytes(), "Einsatzliste.docx").status_code == 302
    [version] = _versions(db)
    document = db.exec(select(SpaceDocument)).one()
    assert version.name == "Einsatzliste.odt" and document.title == "Einsatzliste"
    download = browser.get(f"{space.path}/documents/{document.id}/versions/{version.id}/Einsatzliste.odt")
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_a_web_page_named_pdf_is_refused_at_the_field_and_nothing_is_stored(db, space, signed_in, upload_dir):
    browser = signed_in(space.coordinator)
    response = upload(browser, f"{space.path}/documents?lang=en", HTML, "Pflegeplan.pdf", title="Pflegeplan")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="file-error"' in page and "This kind of file cannot be shared here." in page
    assert db.exec(select(func.count()).select_from(SpaceDocument)).one() == 0
    assert _stored_files(upload_dir) == []


def test_a_bad_new_version_is_refused_and_the_current_one_stays(db, space, signed_in, upload_dir):
    browser = signed_in(space.coordinator)
    upload(browser, f"{space.path}/documents", PDF, "Plan.pdf")
    document = db.exec(select(SpaceDocument)).one()
    response = upload(browser, f"{space.path}/documents/{document.id}?lang=en", HTML, "Plan.pdf")
    assert response.status_code == 422 and 'id="file-error"' in response.get_data(as_text=True)
    assert [version.number for version in _versions(db)] == [1]
    assert len(_stored_files(upload_dir)) == 1
    db.refresh(document)
    assert document.version_count == 1


def test_a_file_over_the_size_limit_is_refused_at_the_field(app, db, space, signed_in, upload_dir):
    app.config["PAPER_FILE_MAX_BYTES"] = 2 * 1024 ** 2
    browser = signed_in(space.coordinator)
    too_large = PDF + b"%" * (2 * 1024 ** 2)
    response = upload(browser, f"{space.path}/documents?lang=en", too_large, "Luftbild.pdf")
    assert response.status_code == 422
    assert "The file is too large. Please choose one of at most 2 MB." in response.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(SpaceDocument)).one() == 0 and _stored_files(upload_dir) == []


def test_an_upload_without_a_file_is_refused_at_the_field(db, space, signed_in):
    browser = signed_in(space.coordinator)
    response = browser.client.post(f"{space.path}/documents?lang=en", data={
        "csrf_token": token(browser), "title": "Leer"},
        content_type="multipart/form-data")
    assert response.status_code == 422 and "Please choose a file." in response.get_data(as_text=True)


def test_a_version_is_only_found_below_its_own_document(db, space, signed_in):
    browser = signed_in(space.coordinator)
    upload(browser, f"{space.path}/documents", PDF, "Eins.pdf")
    upload(browser, f"{space.path}/documents", PDF_V2, "Zwei.pdf")
    one, two = db.exec(select(SpaceDocument).order_by(SpaceDocument.id)).all()
    version_of_two = db.exec(select(SpaceDocumentVersion).where(SpaceDocumentVersion.document_id == two.id)).one()
    assert browser.get(f"{space.path}/documents/{one.id}/versions/{version_of_two.id}/Zwei.pdf").status_code == 404
    assert browser.get(f"{space.path}/documents/{two.id}/versions/{version_of_two.id}/Zwei.pdf").status_code == 200
