"""The demo library: minutes of every held meeting, findable by what was discussed, and documents of every
category, action area, district and board, a few with two versions, two for a board and one for staff only."""

from collections import Counter
from datetime import date

from sqlmodel import select

from participation.accounts.demo import seed_demo_users
from participation.accounts.services import find_user_by_email
from participation.boards.demo import seed_demo_boards
from participation.boards.models import Board, Meeting, MeetingState
from participation.documents.demo import seed_demo_documents
from participation.documents.models import Document, DocumentAudience, DocumentCategory
from participation.municipality.demo import seed_municipality
from participation.municipality.models import ActionArea, District
from participation.municipality.queries import list_districts
from tests.conftest import Browser

TODAY = date(2026, 3, 15)


def test_the_demo_library_covers_the_town(app, db, upload_dir):
    seed_municipality(db)
    seed_demo_users(db, [district.id for district in list_districts(db)])
    with app.test_request_context("/?lang=en"):
        seed_demo_boards(db, find_user_by_email(db, "admin@beispielstadt.example"), TODAY, "Europe/Berlin")
        filed = seed_demo_documents(db, upload_dir, TODAY)
    db.commit()

    assert 25 <= len(filed) <= 40
    assert {document.category for document in filed} == {category.value for category in DocumentCategory}
    assert {document.action_area_id for document in filed} >= {area.id for area in db.exec(select(ActionArea))}
    assert {document.district_id for document in filed} >= {district.id for district in db.exec(select(District))}
    assert {document.board_id for document in filed} >= {board.id for board in db.exec(select(Board))}
    audiences = Counter(document.audience for document in filed)
    assert (audiences[DocumentAudience.BOARD.value], audiences[DocumentAudience.STAFF.value]) == (2, 1)
    assert sum(document.version_count == 2 for document in filed) >= 3

    held = db.exec(select(Meeting).where(Meeting.state == MeetingState.HELD.value)).all()
    minutes = db.exec(select(Document).where(Document.category == DocumentCategory.MINUTES.value)).all()
    assert held and sorted(document.meeting_id for document in minutes) == sorted(meeting.id for meeting in held)

    visitor = Browser(app.test_client())
    for word in ("Streuobstwiese", "Bürgerbus"):
        found = visitor.get(f"/documents/?q={word}&category=minutes&lang=en").get_data(as_text=True)
        assert "1 document found" in found, word
    table = next(document for document in filed if document.category == DocumentCategory.DATA.value)
    assert visitor.get(f"/documents/{table.id}/file").mimetype == "text/csv"
