"""The demo's board member represents Seedorf: one proposal waits for a decision, the secretary declined another."""

from sqlmodel import select

from participation.accounts.services import find_user_by_email
from participation.boards.models import Board, BoardKind, Meeting, MeetingState
from participation.ideas.models import Idea
from participation.municipality.models import District
from participation.representatives.models import AgendaProposal
from tests.conftest import Browser


def test_the_demo_representative_has_a_pending_and_a_declined_proposal(app, db, demo):
    bernd = find_user_by_email(db, "beirat@beispielstadt.example")
    seedorf = db.exec(select(District).where(District.name == "Seedorf")).one()
    advisory = db.exec(select(Board).where(Board.kind == BoardKind.ADVISORY.value)).one()
    proposals = db.exec(select(AgendaProposal).order_by(AgendaProposal.id)).all()
    assert [proposal.state for proposal in proposals] == ["pending", "declined"]
    assert proposals[1].decline_reason
    for proposal in proposals:
        meeting = db.get(Meeting, proposal.meeting_id)
        assert proposal.proposed_by_id == bernd.id and proposal.board_id == advisory.id
        assert meeting.state == MeetingState.PLANNED.value and db.get(Idea, proposal.idea_id).district_id == seedorf.id
    # The next quarterly meeting: the special meeting before it has been cancelled.
    assert db.get(Meeting, proposals[0].meeting_id).name.endswith(
        f"Quartalssitzung {db.get(Meeting, proposals[0].meeting_id).starts_at.year}")

    browser = Browser(app.test_client())
    browser.sign_in("beirat@beispielstadt.example", "demo-passwort-2026")
    assert browser.get("/my-district/").headers["Location"] == f"/my-district/{seedorf.id}"
    page = browser.get(f"/my-district/{seedorf.id}?lang=en").get_data(as_text=True)
    assert "Waiting for a decision" in page and proposals[1].decline_reason in page
