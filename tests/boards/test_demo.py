from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from participation.accounts.demo import seed_demo_users
from participation.accounts.services import find_user_by_email
from participation.audit.models import AuditEntry
from participation.boards.demo import seed_demo_boards
from participation.boards.models import Board, BoardKind, Meeting, MeetingState
from participation.boards.queries import action_area_ids, members
from participation.municipality.demo import seed_municipality
from participation.municipality.queries import list_districts

TIMEZONE = "Europe/Berlin"


@pytest.fixture
def seeded(app, db):
    """The demo municipality, its demo accounts, and a function that seeds the boards as of a given day."""
    seed_municipality(db)
    seed_demo_users(db, [district.id for district in list_districts(db)])

    def seed(today: date) -> None:
        with app.test_request_context("/?lang=en"):
            seed_demo_boards(db, find_user_by_email(db, "admin@beispielstadt.example"), today, TIMEZONE)
        db.commit()

    return seed


def advisory_board(db) -> Board:
    return db.exec(select(Board).where(Board.kind == BoardKind.ADVISORY.value)).one()


def test_demo_has_the_projektbeirat_and_two_thematic_boards_below_it(db, seeded):
    seeded(date(2026, 3, 15))
    advisory = advisory_board(db)
    assert (advisory.name, advisory.short_name) == ("Projektbeirat", "PB")
    assert advisory.default_location == "Rathaus Beispielstadt, Ratssaal"
    thematic = db.exec(select(Board).where(Board.kind == BoardKind.THEMATIC.value)).all()
    assert len(thematic) == 2
    assert all(board.parent_id == advisory.id and action_area_ids(db, board.id) for board in thematic)
    assert all(3 <= len(members(db, board.id, date(2026, 3, 15))) <= 5 for board in thematic)


def test_demo_projektbeirat_has_members_with_and_without_accounts(db, seeded):
    today = date(2026, 3, 15)
    seeded(today)
    advisory = advisory_board(db)
    current = [member.membership for member in members(db, advisory.id, today)]
    assert len(current) >= 10
    assert len([seat for seat in current if seat.user_id is None and seat.is_external]) >= 3
    assert len({seat.district_id for seat in current if seat.district_id is not None}) >= 4
    assert [seat.role for seat in current].count("chair") == 1
    secretary = next(seat for seat in current if seat.is_secretary)
    assert secretary.user_id == find_user_by_email(db, "verwaltung@beispielstadt.example").id
    assert (secretary.role, secretary.has_vote) == ("administration", False)
    assert find_user_by_email(db, "beirat@beispielstadt.example").id in {seat.user_id for seat in current}
    assert [seat.listed_publicly for seat in current].count(False) == 2
    everyone = members(db, advisory.id)
    assert len(everyone) == len(current) + 1
    assert any(member.membership.end_date and member.membership.end_date < today for member in everyone)


@pytest.mark.parametrize("today", [date(2026, 3, 15), date(2026, 5, 12), date(2026, 12, 30)])
def test_demo_projektbeirat_met_eight_times_and_plans_four_meetings(db, seeded, today):
    seeded(today)
    advisory = advisory_board(db)
    meetings = db.exec(select(Meeting).where(Meeting.board_id == advisory.id).order_by(Meeting.starts_at)).all()
    zone = ZoneInfo(TIMEZONE)
    midnight = datetime.combine(today, datetime.min.time(), tzinfo=zone)
    held = [meeting for meeting in meetings if meeting.state == MeetingState.HELD.value]
    planned = [meeting for meeting in meetings if meeting.state == MeetingState.PLANNED.value]
    assert len(held) == 8 and all(meeting.starts_at < midnight for meeting in held)
    assert len(planned) == 4 and all(meeting.starts_at >= midnight for meeting in planned)
    assert all(meeting.starts_at.astimezone(zone).hour == 18 and meeting.is_public for meeting in held + planned)
    assert all("Quartalssitzung" in meeting.name for meeting in held + planned)
    cancelled = [meeting for meeting in meetings if meeting.state == MeetingState.CANCELLED.value]
    assert len(cancelled) == 1 and cancelled[0].cancel_reason and cancelled[0].starts_at > midnight


def test_demo_thematic_boards_met_once_and_meet_once_in_private(db, seeded):
    seeded(date(2026, 3, 15))
    advisory = advisory_board(db)
    meetings = db.exec(select(Meeting).join(Board, Board.id == Meeting.board_id)
                       .where(Board.parent_id == advisory.id)).all()
    assert [meeting.state for meeting in meetings].count(MeetingState.HELD.value) == 1
    private = [meeting for meeting in meetings if not meeting.is_public]
    assert len(private) == 1 and private[0].state == MeetingState.PLANNED.value


def test_demo_boards_leave_an_audit_trail(db, seeded):
    seeded(date(2026, 3, 15))
    actions = [entry.action for entry in db.exec(select(AuditEntry))]
    assert actions.count("board.created") == 3
    assert actions.count("meeting.cancelled") == 1
    assert actions.count("board.member_added") >= 20
