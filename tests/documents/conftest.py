"""A small library to test with: two boards (one with a meeting), an action area and a district, and the people
whose access differs: staff, a resident, a member and the secretary of the first board, a member of the other board,
and a former member of the first."""

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from participation.accounts.models import Role, User
from participation.boards.models import Board, BoardKind, Meeting, MemberRole, Membership
from participation.documents import services
from participation.documents.demo import demo_pdf
from participation.documents.models import Document, DocumentAudience, DocumentCategory, DocumentVersion
from participation.files import FileUpload
from participation.municipality.models import ActionArea, District, Strategy
from tests.conftest import Browser, csrf_token_from

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(300)
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def pdf(*paragraphs: str) -> bytes:
    return demo_pdf("Testunterlage", list(paragraphs) or ["Ein Absatz."])


@dataclass
class Library:
    board: Board
    other_board: Board
    meeting: Meeting
    area: ActionArea
    district: District
    staff: User
    resident: User
    member: User
    secretary: User
    other_member: User
    former_member: User


@pytest.fixture
def library(db, make_user) -> Library:
    strategy = Strategy(title="Gemeinsam für Teststadt")
    db.add(strategy)
    db.flush()
    area, district = ActionArea(strategy_id=strategy.id, title="Information"), District(name="Seedorf")
    board = Board(name="Projektbeirat", kind=BoardKind.ADVISORY.value)
    other_board = Board(name="Themenbeirat Ehrenamt", kind=BoardKind.THEMATIC.value)
    db.add_all([area, district, board, other_board])
    db.flush()
    meeting = Meeting(board_id=board.id, name="1. Quartalssitzung",
                      starts_at=datetime.now(UTC).replace(microsecond=0) - timedelta(days=7))
    db.add(meeting)
    db.commit()
    people = {"staff": make_user(Role.STAFF, name="Vera Verwaltung"), "resident": make_user(Role.RESIDENT)}
    for name, seat_board, role, secretary, end in (
            ("member", board, MemberRole.MEMBER, False, None),
            ("secretary", board, MemberRole.MEMBER, True, None),
            ("other_member", other_board, MemberRole.CHAIR, False, None),
            ("former_member", board, MemberRole.MEMBER, False, date.today() - timedelta(days=30))):
        people[name] = make_user(Role.RESIDENT, Role.BOARD_MEMBER, name=name.replace("_", " ").title())
        db.add(Membership(board_id=seat_board.id, user_id=people[name].id, role=role.value, is_secretary=secretary,
                          start_date=date(2020, 1, 1), end_date=end))
    db.commit()
    return Library(board=board, other_board=other_board, meeting=meeting, area=area, district=district, **people)


@pytest.fixture
def file_document(app, db, library, upload_dir):
    """File a document through the service (as staff unless told otherwise), committed."""

    def file(title="Geschäftsordnung", content: bytes | None = None, name="Geschäftsordnung.pdf", actor=None,
             **values) -> Document:
        draft = services.DocumentDraft(**{
            "title": title, "description": "", "category": DocumentCategory.PAPER,
            "audience": DocumentAudience.PUBLIC, "document_date": date(2026, 3, 1), **values})
        with app.app_context():
            document = services.create_document(db, actor or library.staff, draft,
                                                FileUpload(name, content or pdf("Erste Fassung.")), upload_dir,
                                                1024 ** 2, date.today())
        db.commit()
        return document

    return file


def versions_of(db, document: Document) -> list[DocumentVersion]:
    return list(db.exec(select(DocumentVersion).where(DocumentVersion.document_id == document.id)
                        .order_by(DocumentVersion.number)))


def stored_files(upload_dir: Path) -> list[str]:
    return sorted(path.name for path in upload_dir.rglob("*") if path.is_file())


def upload(browser: Browser, path: str, content: bytes, filename: str, **fields):
    """Submit the form at `path` with the file and the fields (and the session's CSRF token, from any form)."""
    token = csrf_token_from(browser.get("/auth/logout").get_data(as_text=True))
    return browser.client.post(path, data={"csrf_token": token, "file": (io.BytesIO(content), filename), **fields},
                               content_type="multipart/form-data")


def new_document_fields(library: Library, **values) -> dict:
    return {"title": "Niederschrift der Sitzung", "description": "", "category": "minutes",
            "document_date": "2026-03-12", "audience": "public", "board_id": "0", "meeting_id": "0",
            "project_id": "0", "action_area_id": "0", "district_id": "0", **values}
