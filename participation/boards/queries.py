"""Reading boards, memberships and meetings."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, or_
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.boards.models import Board, BoardActionArea, BoardKind, Meeting, MeetingState, MemberRole, Membership
from participation.municipality.models import ActionArea, District

# Chair first, guests last: the order in which a board introduces its members.
ROLE_ORDER = case({MemberRole.CHAIR.value: 0, MemberRole.DEPUTY_CHAIR.value: 1, MemberRole.MEMBER.value: 2,
                   MemberRole.ADMINISTRATION.value: 3, MemberRole.GUEST.value: 4}, value=Membership.role, else_=5)


def list_boards(session: Session, include_archived: bool = False) -> list[Board]:
    """The advisory board first, then the thematic boards, in their set order."""
    query = select(Board).order_by(case((Board.kind == BoardKind.ADVISORY.value, 0), else_=1), Board.position,
                                   Board.name)
    if not include_archived:
        query = query.where(col(Board.archived_at).is_(None))
    return list(session.exec(query))


def _active_on(day: date):
    return (or_(col(Membership.start_date).is_(None), col(Membership.start_date) <= day),
            or_(col(Membership.end_date).is_(None), col(Membership.end_date) >= day))


def current_membership(session: Session, user, board_id: int, today: date) -> Membership | None:
    """The user's seat on the board today (the most senior, should there be several), or None."""
    if not user.is_authenticated:
        return None
    return session.exec(select(Membership).where(Membership.board_id == board_id, Membership.user_id == user.id,
                                                 *_active_on(today))
                        .order_by(ROLE_ORDER, col(Membership.is_secretary).desc())).first()


@dataclass(frozen=True)
class Member:
    """A seat with the name to show: the account's display name, or the external person's name."""

    membership: Membership
    name: str
    district: str | None


def members(session: Session, board_id: int, today: date | None = None, listed_only: bool = False) -> list[Member]:
    """The board's seats, by role and name; with `today` only the seats held that day; with `listed_only` only
    the people who consented to be named in public."""
    name = case((col(Membership.user_id).is_(None), Membership.person_name), else_=User.display_name)
    query = (select(Membership, name, District.name)
             .outerjoin(User, User.id == Membership.user_id)
             .outerjoin(District, District.id == Membership.district_id)
             .where(Membership.board_id == board_id).order_by(ROLE_ORDER, name))
    if today is not None:
        query = query.where(*_active_on(today))
    if listed_only:
        query = query.where(Membership.listed_publicly)
    return [Member(membership, member_name or "", district)
            for membership, member_name, district in session.exec(query)]


def action_areas_of(session: Session, board_id: int) -> list[ActionArea]:
    return list(session.exec(select(ActionArea).join(BoardActionArea, BoardActionArea.action_area_id == ActionArea.id)
                             .where(BoardActionArea.board_id == board_id)
                             .order_by(ActionArea.position, ActionArea.title)))


def action_area_ids(session: Session, board_id: int) -> list[int]:
    return [area.id for area in action_areas_of(session, board_id)]


def sub_boards(session: Session, board_id: int) -> list[Board]:
    return list(session.exec(select(Board).where(Board.parent_id == board_id, col(Board.archived_at).is_(None))
                             .order_by(Board.position, Board.name)))


def meetings_of(session: Session, board_id: int, with_internal: bool, *, upcoming_from: datetime | None = None,
                before: datetime | None = None) -> list[Meeting]:
    """The board's meetings, soonest first from `upcoming_from`, latest first before `before`; non-public ones
    only `with_internal`."""
    query = select(Meeting).where(Meeting.board_id == board_id)
    if not with_internal:
        query = query.where(Meeting.is_public)
    if upcoming_from is not None:
        query = query.where(Meeting.starts_at >= upcoming_from).order_by(Meeting.starts_at)
    if before is not None:
        query = query.where(Meeting.starts_at < before).order_by(col(Meeting.starts_at).desc())
    return list(session.exec(query))


def meetings_in_year(session: Session, board_id: int, year_start: datetime, year_end: datetime) -> list[Meeting]:
    return list(session.exec(select(Meeting).where(Meeting.board_id == board_id, Meeting.starts_at >= year_start,
                                                   Meeting.starts_at < year_end,
                                                   Meeting.state != MeetingState.CANCELLED.value)
                             .order_by(Meeting.starts_at)))


def public_meetings(session: Session, since: datetime) -> list[tuple[Meeting, Board]]:
    """Every public meeting from `since` on, cancelled ones included (calendars must learn of a cancellation)."""
    return list(session.exec(select(Meeting, Board).join(Board, Board.id == Meeting.board_id)
                             .where(Meeting.is_public, Meeting.starts_at >= since).order_by(Meeting.starts_at)))

