"""Writing proposals for the boards' agendas. Services check permissions, flush, audit and notify; routes commit.

A refusal is the boards' `Refused` (with the form field it belongs to), a missing permission their `NotAllowed`:
accepting a proposal adds the agenda item through the boards' own service, whose refusals pass through unchanged.
"""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from participation.accounts.models import User
from participation.audit.services import record
from participation.boards.models import AgendaItem, AgendaSource, Board, Meeting, MeetingState, Membership
from participation.boards.services import AgendaItemDraft, NotAllowed, Refused, add_agenda_item
from participation.i18n import _
from participation.ideas.models import Idea
from participation.notifications.kinds import NotificationKind
from participation.notifications.services import notify
from participation.representatives import permissions
from participation.representatives.models import AgendaProposal, ProposalState
from participation.representatives.queries import meeting_runners, next_meeting, proposal_blocked

__all__ = ["NotAllowed", "Refused", "accept_proposal", "decline_proposal", "propose_idea"]

REASON_MAX_LENGTH = 2000


def _label(board: Board, meeting: Meeting, idea: Idea) -> str:
    return f"{board.name}: {meeting.name} – #{idea.id} {idea.title}"


def _snapshot(proposal: AgendaProposal) -> dict[str, Any]:
    return {"state": proposal.state, "board_id": proposal.board_id, "meeting_id": proposal.meeting_id,
            "idea_id": proposal.idea_id, "agenda_item_id": proposal.agenda_item_id}


def _params(board: Board, meeting: Meeting, idea: Idea) -> dict[str, str]:
    return {"idea_title": idea.title, "board_name": board.name, "meeting_name": meeting.name}


def _checked_reason(reason: str, field_name: str, missing: str) -> str:
    reason = reason.strip()
    if not reason:
        raise Refused(field_name, missing)
    if len(reason) > REASON_MAX_LENGTH:
        raise Refused(field_name, _("The text may have at most 2,000 characters."))
    return reason


def propose_idea(session: Session, actor: User, membership: Membership | None, idea: Idea, reason: str,
                 now: datetime, today: date) -> AgendaProposal:
    """The representative proposes an idea of their district for the next meeting of the board their seat
    (`membership`) is on. Raises NotAllowed unless the seat is the actor's own, held today and represents the idea's
    district on a board that is not archived; Refused without a reason, without a coming meeting, or when the idea
    is on that meeting's agenda or waits there for a decision already."""
    board = session.get(Board, membership.board_id) if membership is not None else None
    if board is None or board.archived_at is not None or \
            not permissions.may_propose(actor, membership, idea.district_id, today):
        raise NotAllowed
    if not permissions.is_proposable(idea):
        raise Refused("idea", _("Only published ideas can be proposed for an agenda."))
    reason = _checked_reason(reason, "reason", _("Please say why the idea belongs on the agenda."))
    meeting = next_meeting(session, board.id, now)
    if meeting is None:
        raise Refused("board_id", _("%(board)s has no coming meeting yet. Please propose the idea once the next "
                                    "meeting is planned.", board=board.name))
    # Two representatives proposing the same idea at once take turns (as agenda changes do), so it waits only once.
    session.exec(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    blocked = proposal_blocked(session, idea.id, meeting.id)
    if blocked == "on_agenda":
        raise Refused("board_id", _("The idea is already on the agenda of %(meeting)s.", meeting=meeting.name))
    if blocked == "pending":
        raise Refused("board_id", _("The idea has already been proposed for %(meeting)s and waits for a decision.",
                                    meeting=meeting.name))
    proposal = AgendaProposal(board_id=board.id, meeting_id=meeting.id, idea_id=idea.id, proposed_by_id=actor.id,
                              membership_id=membership.id, reason=reason, created_at=now, updated_at=now)
    session.add(proposal)
    session.flush()
    record(session, actor, "agenda_proposal.created", object_type="agenda_proposal", object_id=proposal.id,
           object_label=_label(board, meeting, idea), after=_snapshot(proposal), reason=reason)
    notify(session, meeting_runners(session, board.id, today), NotificationKind.AGENDA_PROPOSAL_RECEIVED,
           f"/boards/{board.id}/proposals", _params(board, meeting, idea), actor=actor)
    return proposal


def _open_for_decision(session: Session, actor: User, membership: Membership | None,
                       proposal: AgendaProposal) -> tuple[AgendaProposal, Board, Meeting, Idea]:
    """The proposal, locked and read afresh, with its board, meeting and idea; raises NotAllowed for anyone who
    does not run the board's meetings, Refused if it has been decided already."""
    board = session.get(Board, proposal.board_id)
    seat = membership if membership is not None and membership.board_id == proposal.board_id else None
    if board is None or not permissions.may_decide(actor, seat):
        raise NotAllowed
    # Two people deciding at once take turns; the second finds the proposal decided.
    proposal = session.exec(select(AgendaProposal).where(AgendaProposal.id == proposal.id).with_for_update()
                            .execution_options(populate_existing=True)).one()
    if proposal.state_enum != ProposalState.PENDING:
        raise Refused("proposal", _("This proposal has already been decided."))
    return proposal, board, session.get(Meeting, proposal.meeting_id), session.get(Idea, proposal.idea_id)


def accept_proposal(session: Session, actor: User, membership: Membership | None, proposal: AgendaProposal,
                    now: datetime) -> AgendaItem:
    """Put the proposed idea on the meeting's agenda (through the boards' service: numbering, the idea's status and
    the audit stay theirs), with the representative's reason as the item's text. If the idea got onto that agenda
    in the meantime, the proposal is linked to that item. Refused for cancelled or past meetings and for ideas no
    longer public: such a proposal can only be declined."""
    proposal, board, meeting, idea = _open_for_decision(session, actor, membership, proposal)
    if meeting.state_enum == MeetingState.CANCELLED:
        raise Refused("proposal", _("%(meeting)s has been cancelled: the proposal can only be declined.",
                                    meeting=meeting.name))
    if meeting.state_enum == MeetingState.HELD or meeting.minutes_published_at is not None or \
            meeting.starts_at <= now:
        raise Refused("proposal", _("%(meeting)s has already taken place: the proposal can only be declined.",
                                    meeting=meeting.name))
    if not permissions.is_proposable(idea):
        raise Refused("proposal", _("The idea is no longer public: the proposal can only be declined."))
    item = session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id,
                                                 AgendaItem.idea_id == idea.id)).first()
    if item is None:
        item = add_agenda_item(session, actor, membership, board, meeting, AgendaItemDraft(
            source=AgendaSource.IDEA, idea_id=idea.id, text=proposal.reason, is_public=True))
    before = _snapshot(proposal)
    proposal.state, proposal.agenda_item_id = ProposalState.ACCEPTED.value, item.id
    proposal.decided_by_id, proposal.decided_at, proposal.updated_at = actor.id, now, now
    session.add(proposal)
    session.flush()
    record(session, actor, "agenda_proposal.accepted", object_type="agenda_proposal", object_id=proposal.id,
           object_label=_label(board, meeting, idea), before=before, after=_snapshot(proposal))
    notify(session, [proposal.proposed_by_id], NotificationKind.AGENDA_PROPOSAL_ACCEPTED,
           f"/meetings/{meeting.id}#item-{item.id}", _params(board, meeting, idea), actor=actor)
    return item


def decline_proposal(session: Session, actor: User, membership: Membership | None, proposal: AgendaProposal,
                     reason: str, now: datetime) -> AgendaProposal:
    """Decline the proposal with a reason, which the proposer sees on their district's page."""
    proposal, board, meeting, idea = _open_for_decision(session, actor, membership, proposal)
    reason = _checked_reason(reason, "reason", _("Please give the reason for declining the proposal."))
    before = _snapshot(proposal)
    proposal.state, proposal.decline_reason = ProposalState.DECLINED.value, reason
    proposal.decided_by_id, proposal.decided_at, proposal.updated_at = actor.id, now, now
    session.add(proposal)
    session.flush()
    record(session, actor, "agenda_proposal.declined", object_type="agenda_proposal", object_id=proposal.id,
           object_label=_label(board, meeting, idea), before=before, after=_snapshot(proposal), reason=reason)
    link = f"/my-district/{idea.district_id}#proposals" if idea.district_id else f"/ideas/{idea.id}"
    notify(session, [proposal.proposed_by_id], NotificationKind.AGENDA_PROPOSAL_DECLINED, link,
           _params(board, meeting, idea), actor=actor)
    return proposal
