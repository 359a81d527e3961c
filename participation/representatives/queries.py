"""Reading what a district's representatives work with: their seats, the district's ideas, measures and agenda
items, and the proposals for the boards' agendas. Each page loads in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.boards.models import AgendaItem, Board, BoardKind, Meeting, MeetingState, Membership
from participation.boards.permissions import CHAIR_ROLES
from participation.ideas.models import Idea
from participation.measures.models import MeasureDistrict
from participation.municipality.models import District
from participation.representatives.models import AgendaProposal, ProposalState

# Meetings still to come: their agenda may change and proposals may go on it.
OPEN_MEETING_STATES = (MeetingState.PLANNED.value, MeetingState.INVITED.value)
DECIDED_LIST_LIMIT = 20


def _seat_held_on(day: date):
    return (or_(col(Membership.start_date).is_(None), col(Membership.start_date) <= day),
            or_(col(Membership.end_date).is_(None), col(Membership.end_date) >= day))


def _representing(user_id: int, day: date):
    """A seat of the user, held on `day`, that represents a district on a board that is not archived."""
    return (Membership.user_id == user_id, col(Membership.district_id).is_not(None),
            col(Board.archived_at).is_(None), *_seat_held_on(day))


@dataclass(frozen=True)
class Representation:
    """A seat that makes its holder a representative of `district` on `board`."""

    membership: Membership
    board: Board
    district: District


def representations(session: Session, user_id: int, today: date, district_id: int | None = None
                    ) -> list[Representation]:
    """The user's representations held today, by district and board (the advisory board first); with
    `district_id`, those of that district only."""
    query = (select(Membership, Board, District).join(Board, Board.id == Membership.board_id)
             .join(District, District.id == Membership.district_id).where(*_representing(user_id, today))
             .order_by(District.position, District.name, case((Board.kind == BoardKind.ADVISORY.value, 0), else_=1),
                       Board.position, Board.name, Membership.id))
    if district_id is not None:
        query = query.where(Membership.district_id == district_id)
    representation_list, seen = [], set()
    for membership, board, district in session.exec(query):
        if (board.id, district.id) not in seen:  # two seats on one board for one district: the first counts
            seen.add((board.id, district.id))
            representation_list.append(Representation(membership, board, district))
    return representation_list


def represents_any_district(session: Session, user_id: int, today: date) -> bool:
    """One query, for the main navigation."""
    return session.exec(select(Membership.id).join(Board, Board.id == Membership.board_id)
                        .where(*_representing(user_id, today)).limit(1)).first() is not None


def boards_with_seat(session: Session, user_id: int, today: date) -> set[int]:
    """The boards the user has a seat on today: their internal meetings and items are open to the user."""
    return set(session.exec(select(Membership.board_id).where(Membership.user_id == user_id, *_seat_held_on(today))))


def next_meeting(session: Session, board_id: int, now: datetime) -> Meeting | None:
    """The board's next meeting that is planned or invited and has not begun: where a proposal goes."""
    return session.exec(select(Meeting).where(Meeting.board_id == board_id,
                                              col(Meeting.state).in_(OPEN_MEETING_STATES),
                                              col(Meeting.minutes_published_at).is_(None), Meeting.starts_at > now)
                        .order_by(Meeting.starts_at, Meeting.id)).first()


def next_meetings(session: Session, board_ids: list[int], now: datetime) -> dict[int, Meeting]:
    return {board_id: meeting for board_id in board_ids
            if (meeting := next_meeting(session, board_id, now)) is not None}


@dataclass(frozen=True)
class ComingItem:
    item: AgendaItem
    meeting: Meeting
    board_name: str


def coming_items(session: Session, district_id: int, now: datetime, internal_board_ids: set[int] | None
                 ) -> list[ComingItem]:
    """Items about the district's ideas and measures on meetings still to come, soonest first. Public items of
    public meetings for everyone; the others only on the boards in `internal_board_ids` (None: on every board,
    for the administration)."""
    about_district = or_(
        col(AgendaItem.idea_id).in_(select(Idea.id).where(Idea.district_id == district_id)),
        col(AgendaItem.measure_id).in_(select(MeasureDistrict.measure_id)
                                       .where(MeasureDistrict.district_id == district_id)))
    query = (select(AgendaItem, Meeting, Board.name).join(Meeting, Meeting.id == AgendaItem.meeting_id)
             .join(Board, Board.id == Meeting.board_id)
             .where(about_district, col(Meeting.state).in_(OPEN_MEETING_STATES), Meeting.starts_at > now)
             .order_by(Meeting.starts_at, Meeting.id, AgendaItem.position))
    if internal_board_ids is not None:
        query = query.where(or_(and_(col(Meeting.is_public).is_(True), col(AgendaItem.is_public).is_(True)),
                                col(Meeting.board_id).in_(internal_board_ids)))
    return [ComingItem(item, meeting, board_name) for item, meeting, board_name in session.exec(query)]


@dataclass(frozen=True)
class ProposalRow:
    proposal: AgendaProposal
    idea: Idea
    meeting: Meeting
    board_name: str
    district_name: str | None
    proposer_name: str | None
    decider_name: str | None


def _proposal_rows(session: Session, query) -> list[ProposalRow]:
    return [ProposalRow(*row) for row in session.exec(query)]


def _proposal_query():
    proposer, decider = aliased(User), aliased(User)
    return (select(AgendaProposal, Idea, Meeting, Board.name, District.name, proposer.display_name,
                   decider.display_name)
            .join(Idea, Idea.id == AgendaProposal.idea_id).join(Meeting, Meeting.id == AgendaProposal.meeting_id)
            .join(Board, Board.id == AgendaProposal.board_id)
            .outerjoin(District, District.id == Idea.district_id)
            .outerjoin(proposer, proposer.id == AgendaProposal.proposed_by_id)
            .outerjoin(decider, decider.id == AgendaProposal.decided_by_id))


def pending_proposals(session: Session, board_id: int) -> list[ProposalRow]:
    """The board's proposals waiting for a decision, oldest first."""
    return _proposal_rows(session, _proposal_query().where(AgendaProposal.board_id == board_id,
                                                            AgendaProposal.state == ProposalState.PENDING.value)
                          .order_by(AgendaProposal.created_at, AgendaProposal.id))


def decided_proposals(session: Session, board_id: int, limit: int = DECIDED_LIST_LIMIT) -> list[ProposalRow]:
    """The board's latest decisions on proposals, newest first."""
    return _proposal_rows(session, _proposal_query().where(AgendaProposal.board_id == board_id,
                                                            AgendaProposal.state != ProposalState.PENDING.value)
                          .order_by(col(AgendaProposal.decided_at).desc(), col(AgendaProposal.id).desc())
                          .limit(limit))


def district_proposals(session: Session, district_id: int, proposer_id: int | None) -> list[ProposalRow]:
    """Proposals of the district's ideas, newest first: those of `proposer_id`, or everyone's (None)."""
    query = _proposal_query().where(Idea.district_id == district_id)
    if proposer_id is not None:
        query = query.where(AgendaProposal.proposed_by_id == proposer_id)
    return _proposal_rows(session, query.order_by(col(AgendaProposal.created_at).desc(),
                                                  col(AgendaProposal.id).desc()))


def pending_count(session: Session, board_id: int) -> int:
    return session.exec(select(func.count()).select_from(AgendaProposal).where(
        AgendaProposal.board_id == board_id, AgendaProposal.state == ProposalState.PENDING.value)).one()


def proposal_blocked(session: Session, idea_id: int, meeting_id: int) -> str | None:
    """Why the idea cannot be proposed for the meeting: "on_agenda", "pending", or None."""
    if session.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id,
                                                AgendaItem.idea_id == idea_id)).first() is not None:
        return "on_agenda"
    if session.exec(select(AgendaProposal.id).where(
            AgendaProposal.meeting_id == meeting_id, AgendaProposal.idea_id == idea_id,
            AgendaProposal.state == ProposalState.PENDING.value)).first() is not None:
        return "pending"
    return None


def meeting_runners(session: Session, board_id: int, today: date) -> list[int]:
    """The accounts of the board's chair, deputy chair and secretary today: they decide on proposals."""
    return list(session.exec(select(Membership.user_id).where(
        Membership.board_id == board_id, col(Membership.user_id).is_not(None), *_seat_held_on(today),
        or_(col(Membership.role).in_([role.value for role in CHAIR_ROLES]), col(Membership.is_secretary).is_(True)))))

