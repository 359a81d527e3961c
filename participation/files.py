"""Uploaded files (papers' annexes, the coordination spaces' documents, the document library): recognised by their
content (never by the name the uploader gave), stored outside static/ under a random name, offered for download
under a safe name."""

import csv
import hashlib
import io
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import filetype

# Content type -> file suffix. What a board's paper or a coordination space needs: PDF, office documents, scans
# and photos. Never HTML, SVG or scripts, which a browser might run.
ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "image/jpeg": "jpg",
    "image/png": "png",
}
CSV_TYPE = "text/csv"
# The document library also keeps older office files and data tables.
LIBRARY_TYPES = {
    **ATTACHMENT_TYPES,
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    CSV_TYPE: "csv",
}
# Opened in the browser; everything else is offered as a download.
SHOWN_INLINE = {"application/pdf", "image/jpeg", "image/png"}
MAX_NAME_LENGTH = 200
# Papers' files lie here; the coordination spaces keep theirs in a folder of this name below their own.
PAPERS_SUBDIRECTORY = "papers"

# The starts of markup by which browsers sniff a text as HTML (WHATWG MIME Sniffing, "identifying a resource with an
# unknown MIME type"); a data table never needs them, so a CSV holding one anywhere is refused.
HTML_MARKERS = re.compile(
    r"<\s*(!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--|\?xml|svg)"
    r"(\s|>|/|$)", re.IGNORECASE)


class FileRejected(ValueError):
    """The upload is not a file that may be stored here; `reason` is "type", "size" or "empty"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FileUpload:
    """An uploaded file as the browser sent it: the name on the uploader's computer and the content."""

    name: str
    data: bytes


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    content_type: str
    size: int
    sha512: str


def display_name(uploaded_name: str, suffix: str) -> str:
    """The name people see and download: the uploader's file name without folders or control characters,
    ending in the suffix of what the file really is."""
    base = uploaded_name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(char for char in base if unicodedata.category(char)[0] != "C").strip(" .")
    stem = base.rsplit(".", 1)[0].strip() if "." in base else base
    stem = stem[:MAX_NAME_LENGTH - len(suffix) - 1] or "document"
    return f"{stem}.{suffix}"


def is_csv(data: bytes) -> bool:
    """UTF-8 text that the csv module reads as a table, without any markup a browser could take for HTML."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if "\x00" in text or HTML_MARKERS.search(text):
        return False
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return False
    return any(any(cell.strip() for cell in row) for row in rows)


def recognise(data: bytes, uploaded_name: str, accepted: Mapping[str, str]) -> str | None:
    """The content type of an accepted kind of file, judged by the content; None for anything else. CSV has no
    signature, so a text is taken for one only when it is named .csv and reads as a table."""
    kind = filetype.guess(data)
    if kind is not None:
        return kind.mime if kind.mime in accepted else None
    if CSV_TYPE in accepted and uploaded_name.lower().endswith(".csv") and is_csv(data):
        return CSV_TYPE
    return None


def store_file(data: bytes, upload_dir: Path, max_bytes: int, *, subdirectory: str = PAPERS_SUBDIRECTORY,
               accepted: Mapping[str, str] = ATTACHMENT_TYPES, uploaded_name: str = "") -> StoredFile:
    """Check the upload's content and store it under a random name in `subdirectory` of `upload_dir`.
    Raises FileRejected, and then nothing is written."""
    if not data:
        raise FileRejected("empty")
    if len(data) > max_bytes:
        raise FileRejected("size")
    content_type = recognise(data, uploaded_name, accepted)
    if content_type is None:
        raise FileRejected("type")
    stored_name = f"{uuid.uuid4().hex}.{accepted[content_type]}"
    directory = upload_dir / subdirectory
    directory.mkdir(parents=True, exist_ok=True)
    (directory / stored_name).write_bytes(data)
    return StoredFile(stored_name=stored_name, content_type=content_type, size=len(data),
                      sha512=hashlib.sha512(data).hexdigest())


def file_path(upload_dir: Path, stored_name: str, subdirectory: str = PAPERS_SUBDIRECTORY) -> Path:
    """Where the file lies; stored names are generated by store_file, so no user input reaches the path."""
    return upload_dir / subdirectory / Path(stored_name).name


def suffix_of(content_type: str) -> str:
    return LIBRARY_TYPES[content_type]
