"""What the library accepts, judged by the content: besides PDFs, office documents and images also CSV tables
(plain text named .csv that reads as a table, never HTML); and the text of PDFs, extracted within limits, never
failing an upload."""

import io
import logging

import pytest
from pypdf import PdfReader, PdfWriter

from participation.documents.services import extract_pdf_text
from participation.files import ATTACHMENT_TYPES, LIBRARY_TYPES, FileRejected, recognise, store_file
from tests.documents.conftest import EXECUTABLE, HTML, pdf

TABLE = "Ortsteil;Einwohner;Fläche\nAltstadt;4850;\"3,2 km²\"\nSeedorf;2180;5,1\n".encode()


@pytest.mark.parametrize(("content", "name", "expected"), [
    (TABLE, "Einwohner.csv", "text/csv"),
    (TABLE, "EINWOHNER.CSV", "text/csv"),
    ("\ufeffa,b\n1,2\n".encode(), "excel.csv", "text/csv"),  # with the byte-order mark spreadsheets write
    (TABLE, "Einwohner.txt", None),  # only a file named .csv is taken for a table
    (HTML, "Tabelle.csv", None),
    (b"Name;Link\nA;<a href='https://example.org'>x</a>\n", "links.csv", None),
    (b"a;b\n\"unclosed;1\n", "kaputt.csv", None),
    ("Ortsteil;Einwohner\n".encode("utf-16"), "utf16.csv", None),
    (b"\x00\x01\x02;3\n", "binary.csv", None),
    (b" \n\n", "empty.csv", None),
    (EXECUTABLE, "Bericht.pdf", None),
    (EXECUTABLE, "Bericht.csv", None),
])
def test_what_the_library_takes_for_a_table(content, name, expected):
    assert recognise(content, name, LIBRARY_TYPES) == expected


def test_papers_and_spaces_still_take_no_tables(tmp_path):
    assert recognise(TABLE, "Einwohner.csv", ATTACHMENT_TYPES) is None
    with pytest.raises(FileRejected) as refused:
        store_file(TABLE, tmp_path, 1024, uploaded_name="Einwohner.csv")
    assert refused.value.reason == "type" and not any(tmp_path.rglob("*.csv"))


def test_files_are_stored_in_the_folder_asked_for(tmp_path):
    content = pdf()
    stored = store_file(content, tmp_path, 1024 ** 2, subdirectory="documents", accepted=LIBRARY_TYPES)
    assert (tmp_path / "documents" / stored.stored_name).read_bytes() == content
    assert stored.stored_name.endswith(".pdf") and stored.content_type == "application/pdf"


def test_the_text_of_a_pdf_is_extracted_within_its_limits():
    writer = PdfWriter()
    for number in range(3):
        writer.append(PdfReader(io.BytesIO(pdf(f"Seite {number + 1} über die Badestelle."))))
    buffer = io.BytesIO()
    writer.write(buffer)
    three_pages = buffer.getvalue()
    assert "Seite 3 über die Badestelle" in extract_pdf_text(three_pages)
    two = extract_pdf_text(three_pages, max_pages=2)
    assert "Seite 2" in two and "Seite 3" not in two
    assert len(extract_pdf_text(three_pages, max_chars=40)) == 40


def test_an_encrypted_or_broken_pdf_gives_no_text_and_a_log_line(caplog):
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf("Geheim."))))
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    with caplog.at_level(logging.INFO, logger="participation.documents.services"):
        assert extract_pdf_text(buffer.getvalue()) == ""
        assert extract_pdf_text(b"%PDF-1.4\nnothing else") == ""
    assert [record.name for record in caplog.records if record.name.startswith("participation")] == [
        "participation.documents.services"] * 2
