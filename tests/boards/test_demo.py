from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from participation.accounts.demo import seed_demo_users
from participation.accounts.services import find_user_by_email
from participation.audit.models import AuditEntry
from participation.boards.demo import seed_demo_boards
from participation.boards.models import AgendaItem, AgendaSource, Attendance, Board, BoardKind, Meeting, MeetingState
from participation.boards.queries import action_area_ids, agenda, decisions_on_idea, members
from participation.ideas.demo import seed_demo_ideas
from participation.ideas.models import Idea, IdeaStatus
from participation.measures.demo import seed_demo_measures
from participation.measures.models import MeasureEvent, MeasureEventKind
from participation.measures.quarters import Quarter
from participation.municipality.demo import seed_municipality
from participation.municipality.queries import list_districts
from participation.papers.demo import seed_demo_papers

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


@pytest.fixture
def seeded_in_full(app, db, upload_dir):
    """The whole demo in the order of `flask seed-demo`, as of a given day: boards discuss its ideas, measures and
    papers."""

    def seed(today: date) -> None:
        seed_municipality(db)
        seed_demo_users(db, [district.id for district in list_districts(db)])
        with app.test_request_context("/?lang=en"):
            seed_demo_ideas(db)
            seed_demo_measures(db, today)
            seed_demo_papers(db, find_user_by_email(db, "verwaltung@beispielstadt.example"), upload_dir)
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


def quarterly_meetings(db, today: date) -> tuple[list[Meeting], list[Meeting]]:
    """The Projektbeirat's quarterly meetings before `today` and from `today` on, soonest first."""
    midnight = datetime.combine(today, datetime.min.time(), tzinfo=ZoneInfo(TIMEZONE))
    meetings = db.exec(select(Meeting).where(Meeting.board_id == advisory_board(db).id,
                                             Meeting.state != MeetingState.CANCELLED.value)
                       .order_by(Meeting.starts_at)).all()
    return ([meeting for meeting in meetings if meeting.starts_at < midnight],
            [meeting for meeting in meetings if meeting.starts_at >= midnight])


def review_period(meeting: Meeting) -> str:
    return Quarter.of(meeting.starts_at.astimezone(ZoneInfo(TIMEZONE)).date()).previous().label


def test_demo_past_quarterly_meetings_have_published_minutes_and_decisions(db, seeded_in_full):
    today = date(2026, 11, 22)
    seeded_in_full(today)
    past, _future = quarterly_meetings(db, today)
    assert len(past) == 8
    for meeting in past:
        assert meeting.state == MeetingState.HELD.value and meeting.minutes_published_at is not None
        assert meeting.starts_at < meeting.minutes_published_at
        items = agenda(db, meeting.id, with_internal=True)
        assert 3 <= len(items) <= 5
        assert items[0].title == "Begrüßung und Feststellung der Tagesordnung"
        reviews = [item for item in items if item.source == AgendaSource.REVIEW_SUMMARY.value]
        assert [item.review_period for item in reviews] == [review_period(meeting)]
        assert reviews[0].title.startswith("Stand der Maßnahmen")  # German, whatever the request's language
        assert any(item.decision_kind in ("recommendation", "decision") and item.decision_text for item in items)
        assert any(item.source in ("idea", "measure", "paper") for item in items)
        assert all(item.minutes for item in items)
        attended = db.exec(select(Attendance).where(Attendance.meeting_id == meeting.id)).all()
        assert len(attended) >= 8
    kinds = {item.decision_kind for meeting in past for item in agenda(db, meeting.id, with_internal=True)}
    assert {"recommendation", "decision", "noted", "postponed"} <= kinds
    internal = [item for meeting in past for item in agenda(db, meeting.id, with_internal=True)
                if not item.is_public]
    assert internal and all(item.minutes for item in internal)
    # Only the most recent meeting discusses a paper: the demo papers are created today.
    papers = [meeting for meeting in past
              if any(item.paper_id for item in agenda(db, meeting.id, with_internal=True))]
    assert papers == past[-1:]


def test_demo_board_decisions_flow_back_to_ideas_and_measures(db, seeded_in_full):
    seeded_in_full(date(2026, 3, 15))
    benches = db.exec(select(Idea).where(Idea.title == "Sitzbänke entlang des Mühlenbachs")).one()
    assert benches.status == IdeaStatus.ON_AGENDA.value
    decisions = decisions_on_idea(db, benches.id)
    assert [decision.item.decision_kind for decision in decisions] == ["postponed", "recommendation"]
    assert decisions[-1].board_name == "Projektbeirat"
    assert "Bänke am Mühlenbach" in decisions[-1].item.decision_text
    events = db.exec(select(MeasureEvent).where(MeasureEvent.kind == MeasureEventKind.BOARD_DECISION.value)).all()
    assert events and any("empfiehlt" in event.reason for event in events)


def test_demo_next_quarterly_meeting_has_a_draft_agenda(db, seeded_in_full):
    today = date(2026, 3, 15)
    seeded_in_full(today)
    _past, future = quarterly_meetings(db, today)
    upcoming, *later = future
    items = agenda(db, upcoming.id, with_internal=True)
    assert upcoming.state == MeetingState.PLANNED.value and upcoming.minutes_published_at is None
    assert [item.source for item in items] == ["free", "review_summary", "idea"]
    assert items[1].review_period == review_period(upcoming) == "2026-Q1"
    assert not any(item.minutes or item.decision_kind for item in items)
    assert db.exec(select(Idea).where(Idea.id == items[2].idea_id)).one().status == IdeaStatus.ON_AGENDA.value
    assert not db.exec(select(AgendaItem).where(AgendaItem.meeting_id.in_([meeting.id for meeting in later]))).all()


def test_demo_agendas_leave_out_what_was_not_seeded(db, seeded):
    """Without ideas, measures and papers the meetings keep their own items: welcome, reviews, internal ones."""
    today = date(2026, 3, 15)
    seeded(today)
    past, _future = quarterly_meetings(db, today)
    assert all(meeting.minutes_published_at is not None for meeting in past)
    sources = {item.source for meeting in past for item in agenda(db, meeting.id, with_internal=True)}
    assert sources == {"free", "review_summary"}
