"""A representative proposes an idea of their district for the next meeting of their board; the chair, deputy
chair or secretary accepts it (the idea goes on the agenda) or declines it with a reason the proposer reads."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.boards.models import AgendaItem, AgendaSource, Board, BoardKind, MeetingState, MemberRole
from participation.boards.services import NotAllowed
from participation.ideas.models import Idea, IdeaStatus
from participation.notifications.models import Notification
from participation.representatives import services
from participation.representatives.models import AgendaProposal, ProposalState

REASON = "Die Idee wird in Seedorf stark unterstützt und betrifft den Ortskern."


@pytest.fixture
def idea(make_idea, seedorf):
    return make_idea("Neuer Spielplatz am Seeufer", seedorf, supports=7)


@pytest.fixture
def meeting(make_meeting):
    return make_meeting("1. Quartalssitzung", days_ahead=20)


def propose(browser, district, idea, **data):
    path = f"/my-district/{district.id}/ideas/{idea.id}/propose?lang=en"
    return browser.submit(path, {"reason": REASON, **data})


def proposals_of(db) -> list[AgendaProposal]:
    db.expire_all()
    return list(db.exec(select(AgendaProposal).order_by(AgendaProposal.id)))


def items_of(db, meeting) -> list[AgendaItem]:
    db.expire_all()
    return list(db.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)))


def actions(db) -> list[str]:
    return list(db.exec(select(AuditEntry.action).where(AuditEntry.object_type == "agenda_proposal")
                        .order_by(AuditEntry.id)))


# Once the proposal is decided, its pages offer no form any more: a repeated decision takes its token elsewhere.
ANOTHER_FORM = "/ideas/new"


def press(browser, board, proposal, form_page=None):
    return browser.submit(f"/boards/{board.id}/proposals/{proposal.id}/accept?lang=en", {},
                          form_page=form_page or f"/boards/{board.id}/proposals")


def decline(browser, board, proposal, reason, form_page=None):
    return browser.submit(f"/boards/{board.id}/proposals/{proposal.id}/decline?lang=en", {"reason": reason},
                          form_page=form_page)


def test_a_proposal_waits_for_the_secretary(db, board, seedorf, representative, secretary, signed_in, idea,
                                            meeting, make_meeting):
    make_meeting("Sondersitzung", days_ahead=5, state=MeetingState.CANCELLED.value, cancel_reason="Saal belegt")
    make_meeting("Vorige Sitzung", days_ahead=-30, state=MeetingState.HELD.value)
    browser = signed_in(representative)
    form = browser.get(f"/my-district/{seedorf.id}/ideas/{idea.id}/propose?lang=en").get_data(as_text=True)
    assert "Projektbeirat: 1. Quartalssitzung" in form  # the next meeting that takes place, not the cancelled one
    response = propose(browser, seedorf, idea)
    assert response.status_code == 302 and response.headers["Location"] == f"/my-district/{seedorf.id}#proposals"
    [proposal] = proposals_of(db)
    assert (proposal.board_id, proposal.meeting_id, proposal.idea_id, proposal.proposed_by_id, proposal.reason,
            proposal.state) == (board.id, meeting.id, idea.id, representative.id, REASON, "pending")
    assert actions(db) == ["agenda_proposal.created"]
    assert db.exec(select(Notification.kind).where(Notification.user_id == secretary.id)).all() == [
        "agenda_proposal_received"]
    district_page = browser.get(f"/my-district/{seedorf.id}?lang=en").get_data(as_text=True)
    assert "Waiting for a decision" in district_page and "the decision is pending" in district_page

    office = signed_in(secretary)
    board_page = office.get(f"/boards/{board.id}?lang=en").get_data(as_text=True)
    assert f'href="/boards/{board.id}/proposals"' in board_page and "Agenda proposals (1 waiting)" in board_page
    page = office.get(f"/boards/{board.id}/proposals?lang=en").get_data(as_text=True)
    pending = page[page.index('id="pending"'):page.index('id="decided"')]
    assert "Neuer Spielplatz am Seeufer" in pending and REASON in pending and "represents Seedorf" in pending
    assert f"/boards/{board.id}/proposals/{proposal.id}/accept" in pending


def test_accepting_puts_the_idea_on_the_agenda_once(db, board, seedorf, representative, secretary, signed_in,
                                                     idea, meeting):
    propose(signed_in(representative), seedorf, idea)
    [proposal] = proposals_of(db)
    office = signed_in(secretary)
    response = press(office, board, proposal)
    assert response.status_code == 302
    [item] = items_of(db, meeting)
    assert (item.source, item.idea_id, item.title, item.text, item.position) == (
        AgendaSource.IDEA.value, idea.id, idea.title, REASON, 1)
    proposal = db.get(AgendaProposal, proposal.id)
    assert (proposal.state, proposal.agenda_item_id, proposal.decided_by_id) == ("accepted", item.id, secretary.id)
    assert db.get(Idea, idea.id).status == IdeaStatus.ON_AGENDA.value  # on the idea's public timeline
    assert actions(db) == ["agenda_proposal.created", "agenda_proposal.accepted"]
    assert "agenda.item_added" in db.exec(select(AuditEntry.action)).all()
    assert db.exec(select(Notification.kind, Notification.link).where(
        Notification.user_id == representative.id)).all() == [
        ("agenda_proposal_accepted", f"/meetings/{meeting.id}#item-{item.id}")]

    # Deciding twice is refused, and nothing more is written.
    again = press(office, board, proposal, ANOTHER_FORM)
    assert again.status_code == 302
    assert "already been decided" in office.get(f"/boards/{board.id}/proposals?lang=en").get_data(as_text=True)
    refused = decline(office, board, proposal, "Doch nicht.", ANOTHER_FORM)
    assert refused.status_code == 422 and "already been decided" in refused.get_data(as_text=True)
    assert len(items_of(db, meeting)) == 1 and db.get(AgendaProposal, proposal.id).state == "accepted"
    assert actions(db) == ["agenda_proposal.created", "agenda_proposal.accepted"]

    district_page = signed_in(representative).get(f"/my-district/{seedorf.id}?lang=en").get_data(as_text=True)
    assert "Accepted" in district_page and f"/meetings/{meeting.id}#item-{item.id}" in district_page


def test_declining_needs_a_reason_which_the_proposer_reads(db, board, seedorf, representative, secretary,
                                                          signed_in, idea, meeting):
    propose(signed_in(representative), seedorf, idea)
    [proposal] = proposals_of(db)
    office = signed_in(secretary)
    empty = decline(office, board, proposal, "   ")
    assert empty.status_code == 422 and 'id="reason-error"' in empty.get_data(as_text=True)
    assert proposals_of(db)[0].state == "pending" and actions(db) == ["agenda_proposal.created"]

    reason = "Die Tagesordnung ist voll; die Verwaltung prüft die Idee zuerst."
    response = decline(office, board, proposal, reason)
    assert response.status_code == 302 and response.headers["Location"] == f"/boards/{board.id}/proposals"
    proposal = proposals_of(db)[0]
    assert (proposal.state, proposal.decline_reason, proposal.decided_by_id) == ("declined", reason, secretary.id)
    assert items_of(db, meeting) == []
    assert actions(db) == ["agenda_proposal.created", "agenda_proposal.declined"]
    assert db.exec(select(AuditEntry.reason).where(AuditEntry.action == "agenda_proposal.declined")).one() == reason
    assert db.exec(select(Notification.kind).where(Notification.user_id == representative.id)).all() == [
        "agenda_proposal_declined"]
    page = signed_in(representative).get(f"/my-district/{seedorf.id}?lang=en").get_data(as_text=True)
    proposals = page[page.index('id="proposals"'):page.index('id="new-ideas"')]
    assert "Declined" in proposals and reason in proposals
    # Declined for this meeting, the idea can be proposed again (with new arguments).
    assert f"/my-district/{seedorf.id}/ideas/{idea.id}/propose" in page
    assert "already been decided" in decline(office, board, proposal, "Nochmal.", ANOTHER_FORM).get_data(as_text=True)


def test_a_duplicate_proposal_is_refused_at_the_field(db, board, seat, seedorf, representative, signed_in, idea,
                                                      meeting):
    assert propose(signed_in(representative), seedorf, idea).status_code == 302
    colleague = seat(MemberRole.MEMBER, district_id=seedorf.id)
    response = propose(signed_in(colleague), seedorf, idea)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="board_id-error"' in page
    assert "already been proposed for 1. Quartalssitzung" in page
    assert len(proposals_of(db)) == 1 and actions(db) == ["agenda_proposal.created"]


def test_an_idea_already_on_the_agenda_is_refused(db, board, seedorf, representative, signed_in, idea, meeting):
    db.add(AgendaItem(meeting_id=meeting.id, position=1, title=idea.title, source="idea", idea_id=idea.id))
    db.commit()
    response = propose(signed_in(representative), seedorf, idea)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="board_id-error"' in page
    assert "already on the agenda of 1. Quartalssitzung" in page
    assert proposals_of(db) == [] and actions(db) == []


def test_without_a_coming_meeting_nothing_can_be_proposed(db, seedorf, representative, secretary, signed_in, idea,
                                                          make_meeting):
    make_meeting("Sondersitzung", days_ahead=5, state=MeetingState.CANCELLED.value, cancel_reason="Saal belegt")
    make_meeting("Vorige Sitzung", days_ahead=-30)
    response = propose(signed_in(representative), seedorf, idea)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="board_id-error"' in page and "has no coming meeting" in page
    assert proposals_of(db) == [] and actions(db) == []
    assert db.exec(select(func.count()).select_from(Notification)).one() == 0


def test_a_proposal_needs_a_reason(db, seedorf, representative, signed_in, idea, meeting):
    response = propose(signed_in(representative), seedorf, idea, reason="")
    assert response.status_code == 422 and 'id="reason-error"' in response.get_data(as_text=True)
    assert proposals_of(db) == []


@pytest.mark.parametrize("case", ["other district", "not published", "hidden", "merged"])
def test_only_public_ideas_of_the_own_district_can_be_proposed(db, seedorf, muehlenberg, representative,
                                                               signed_in, make_idea, meeting, case):
    idea = {
        "other district": lambda: make_idea("Seniorentreff", muehlenberg),
        "not published": lambda: make_idea("Entwurf", seedorf, status=IdeaStatus.SUBMITTED),
        "hidden": lambda: make_idea("Versteckt", seedorf, is_hidden=True),
        "merged": lambda: make_idea("Doppelt", seedorf, status=IdeaStatus.MERGED),
    }[case]()
    browser = signed_in(representative)
    assert browser.get(f"/my-district/{seedorf.id}/ideas/{idea.id}/propose").status_code == 404
    assert browser.submit(f"/my-district/{seedorf.id}/ideas/{idea.id}/propose", {"reason": REASON},
                          form_page="/ideas/new").status_code == 404
    assert proposals_of(db) == []


@pytest.mark.parametrize("who", ["member", "resident", "representative of another district"])
def test_others_may_not_propose(db, seat, make_user, seedorf, muehlenberg, signed_in, idea, meeting, who):
    user = {"member": lambda: seat(MemberRole.MEMBER), "resident": lambda: make_user(Role.RESIDENT),
            "representative of another district": lambda: seat(MemberRole.MEMBER, district_id=muehlenberg.id)}[who]()
    browser = signed_in(user)
    assert browser.get(f"/my-district/{seedorf.id}/ideas/{idea.id}/propose").status_code == 403
    assert browser.submit(f"/my-district/{seedorf.id}/ideas/{idea.id}/propose", {"reason": REASON},
                          form_page="/ideas/new").status_code == 403
    assert proposals_of(db) == []


@pytest.mark.parametrize("who", ["member", "representative", "resident", "staff without a seat"])
def test_only_those_who_run_the_meetings_decide(db, board, seat, make_user, seedorf, representative, signed_in,
                                                idea, meeting, who):
    propose(signed_in(representative), seedorf, idea)
    [proposal] = proposals_of(db)
    user = {"member": lambda: seat(MemberRole.MEMBER), "representative": lambda: representative,
            "resident": lambda: make_user(Role.RESIDENT), "staff without a seat": lambda: make_user(Role.STAFF)}[who]()
    browser = signed_in(user)
    assert browser.get(f"/boards/{board.id}/proposals").status_code == 403
    assert browser.get(f"/boards/{board.id}/proposals/{proposal.id}/decline").status_code == 403
    for operation in ("accept", "decline"):
        response = browser.submit(f"/boards/{board.id}/proposals/{proposal.id}/{operation}",
                                  {"reason": "Nein."}, form_page="/ideas/new")
        assert response.status_code == 403, operation
    assert f'href="/boards/{board.id}/proposals"' not in browser.get(f"/boards/{board.id}").get_data(as_text=True)
    assert proposals_of(db)[0].state == "pending" and items_of(db, meeting) == []


@pytest.mark.parametrize(("role", "account_role"), [
    (MemberRole.CHAIR, Role.RESIDENT), (MemberRole.DEPUTY_CHAIR, Role.RESIDENT), (None, Role.ADMIN)])
def test_chairs_and_admins_decide_too(db, board, seat, make_user, seedorf, representative, signed_in, idea, meeting,
                                      role, account_role):
    propose(signed_in(representative), seedorf, idea)
    [proposal] = proposals_of(db)
    user = seat(role, account_roles=(account_role,)) if role else make_user(account_role)
    assert press(signed_in(user), board, proposal).status_code == 302
    assert proposals_of(db)[0].state == "accepted" and len(items_of(db, meeting)) == 1


def test_a_proposal_for_a_cancelled_meeting_can_only_be_declined(db, board, seedorf, representative, secretary,
                                                                 signed_in, idea, meeting):
    propose(signed_in(representative), seedorf, idea)
    [proposal] = proposals_of(db)
    meeting.state, meeting.cancel_reason = MeetingState.CANCELLED.value, "Saal belegt"
    db.add(meeting)
    db.commit()
    office = signed_in(secretary)
    page = office.get(f"/boards/{board.id}/proposals?lang=en").get_data(as_text=True)
    assert "can only be declined" in page and f"/proposals/{proposal.id}/accept" not in page
    press(office, board, proposal, ANOTHER_FORM)  # the page offers no button: a stale page's would be refused
    assert "has been cancelled" in office.get(f"/boards/{board.id}/proposals?lang=en").get_data(as_text=True)
    assert proposals_of(db)[0].state == "pending" and items_of(db, meeting) == []
    assert decline(office, board, proposal, "Die Sitzung fällt aus.").status_code == 302
    assert proposals_of(db)[0].state == "declined"


def test_a_proposal_whose_meeting_has_been_held_cannot_be_accepted(db, board, seedorf, representative, secretary,
                                                                   signed_in, idea, meeting):
    propose(signed_in(representative), seedorf, idea)
    [proposal] = proposals_of(db)
    meeting.state, meeting.starts_at = MeetingState.HELD.value, datetime.now(UTC) - timedelta(days=1)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    db.add(meeting)
    db.commit()
    office = signed_in(secretary)
    press(office, board, proposal, ANOTHER_FORM)
    assert "already taken place" in office.get(f"/boards/{board.id}/proposals?lang=en").get_data(as_text=True)
    assert proposals_of(db)[0].state == "pending" and items_of(db, meeting) == []


def test_a_proposal_is_decided_on_its_own_boards_page_only(db, board, seedorf, representative, make_user,
                                                            signed_in, idea, meeting):
    propose(signed_in(representative), seedorf, idea)
    [proposal] = proposals_of(db)
    other = Board(name="Themenbeirat Umwelt", kind=BoardKind.THEMATIC.value)
    db.add(other)
    db.commit()
    admin = signed_in(make_user(Role.ADMIN))
    assert admin.get(f"/boards/{other.id}/proposals/{proposal.id}/decline").status_code == 404
    assert admin.submit(f"/boards/{other.id}/proposals/{proposal.id}/accept", {},
                        form_page=ANOTHER_FORM).status_code == 404
    assert proposals_of(db)[0].state == "pending"


def test_the_service_refuses_a_seat_that_is_not_the_actors(db, board, seat, seedorf, representative, idea, meeting):
    from participation.boards.models import Membership

    someone = seat(MemberRole.MEMBER)
    membership = db.exec(select(Membership).where(Membership.user_id == representative.id)).one()
    now = datetime.now(UTC)
    with pytest.raises(NotAllowed):
        services.propose_idea(db, someone, membership, idea, REASON, now, now.date())
    proposal = services.propose_idea(db, representative, membership, idea, REASON, now, now.date())
    assert proposal.state_enum == ProposalState.PENDING
    db.rollback()
