"""Proposals and decisions made at the same moment: an idea waits for a decision only once, a proposal becomes one
agenda item only."""

import threading
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from participation import create_app, migrate
from participation.accounts.models import Role, User
from participation.accounts.services import create_user
from participation.boards.models import AgendaItem, Board, Meeting, Membership
from participation.boards.services import Refused
from participation.ideas.models import Idea, IdeaStatus
from participation.municipality.models import District
from participation.representatives import services
from participation.representatives.models import AgendaProposal
from tests.conftest import portal_test_config

PEOPLE = 4


def _at_once(work, count: int) -> tuple[list, list[Exception]]:
    """Run `work(number)` in `count` threads that start together; their results and unexpected errors."""
    start, results, errors = threading.Barrier(count), [], []

    def run(number):
        try:
            start.wait(timeout=30)
            results.append(work(number))
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_simultaneous_proposals_and_decisions(shared_database_url, tmp_path):
    app = create_app(portal_test_config(shared_database_url, tmp_path / "mail", SQLITE_BUSY_TIMEOUT_MS=60000))
    migrate.upgrade(app.extensions["database"])
    database = app.extensions["database"]
    with database.new_session() as session:
        district = District(name="Seedorf")
        board = Board(name="Projektbeirat", kind="advisory")
        session.add_all([district, board])
        session.flush()
        people = [create_user(session, email=f"rep{number}@example.org", display_name=f"Rep {number}",
                              password="x" * 12, roles={Role.RESIDENT}, verified=True) for number in range(PEOPLE)]
        admins = [create_user(session, email=f"admin{number}@example.org", display_name=f"Admin {number}",
                              password="x" * 12, roles={Role.ADMIN}, verified=True) for number in range(PEOPLE)]
        seats = [Membership(board_id=board.id, user_id=person.id, district_id=district.id) for person in people]
        meeting = Meeting(board_id=board.id, name="Sitzung", starts_at=datetime.now(UTC) + timedelta(days=3),
                          location="Rathaus")
        idea = Idea(title="Spielplatz am Seeufer", body="Bitte.", district_id=district.id,
                    status=IdeaStatus.PUBLISHED.value)
        session.add_all([*seats, meeting, idea])
        session.commit()
        seat_ids, admin_ids = [seat.id for seat in seats], [admin.id for admin in admins]
        idea_id, meeting_id = idea.id, meeting.id

    def propose(number):
        with app.app_context(), database.new_session() as session:
            seat = session.get(Membership, seat_ids[number])
            now = datetime.now(UTC)
            try:
                services.propose_idea(session, session.get(User, seat.user_id), seat, session.get(Idea, idea_id),
                                      "Wichtig für Seedorf.", now, now.date())
            except Refused:
                return "refused"
            session.commit()
            return "proposed"

    results, errors = _at_once(propose, PEOPLE)
    assert errors == [] and sorted(results) == ["proposed"] + ["refused"] * (PEOPLE - 1)

    with database.new_session() as session:
        [proposal_id] = session.exec(select(AgendaProposal.id)).all()

    def accept(number):
        with app.app_context(), database.new_session() as session:
            try:
                services.accept_proposal(session, session.get(User, admin_ids[number]), None,
                                         session.get(AgendaProposal, proposal_id), datetime.now(UTC))
            except Refused:
                return "refused"
            session.commit()
            return "accepted"

    results, errors = _at_once(accept, PEOPLE)
    assert errors == [] and sorted(results) == ["accepted"] + ["refused"] * (PEOPLE - 1)
    with database.new_session() as session:
        assert len(session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)).all()) == 1
        assert session.get(AgendaProposal, proposal_id).state == "accepted"
    database.dispose()
