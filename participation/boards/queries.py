"""Reading boards, memberships and meetings."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, or_
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.boards.models import (
    AgendaItem,
    Attendance,
    Board,
    BoardActionArea,
    BoardKind,
    Invitation,
    Meeting,
    MeetingState,
    MemberRole,
    Membership,
)
from participation.ideas.models import PUBLIC_STATUSES, Idea, IdeaStatus
from participation.measures.models import ACTIVE_MEASURE_STATUSES, PUBLIC_MEASURE_STATUSES, Measure, QuarterlyReview
from participation.measures.quarters import parse_quarter
from participation.municipality.models import ActionArea, District, OrgUnit
from participation.papers.models import Paper, PaperStatus

IDEA_CHOICES_LIMIT = 200

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



def agenda(session: Session, meeting_id: int, with_internal: bool) -> list[AgendaItem]:
    query = select(AgendaItem).where(AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position,
                                                                                    AgendaItem.id)
    if not with_internal:
        query = query.where(AgendaItem.is_public)
    return list(session.exec(query))


@dataclass(frozen=True)
class ReviewRow:
    measure_id: int
    title: str
    unit: str
    review: QuarterlyReview | None  # None: no review for the period


def review_summary(session: Session, period: str) -> list[ReviewRow]:
    """Every measure being worked on, with its review of `period` (or none), by unit and title."""
    quarter = parse_quarter(period)
    rows = session.exec(
        select(Measure.id, Measure.title, OrgUnit.name, QuarterlyReview)
        .join(OrgUnit, OrgUnit.id == Measure.unit_id)
        .outerjoin(QuarterlyReview, (QuarterlyReview.measure_id == Measure.id)
                   & (QuarterlyReview.year == quarter.year) & (QuarterlyReview.quarter == quarter.number))
        .where(col(Measure.status).in_([status.value for status in ACTIVE_MEASURE_STATUSES]))
        .order_by(OrgUnit.position, OrgUnit.name, Measure.title))
    return [ReviewRow(measure_id, title, unit, review) for measure_id, title, unit, review in rows]


def attendance_ids(session: Session, meeting_id: int) -> list[int]:
    return list(session.exec(select(Attendance.membership_id).where(Attendance.meeting_id == meeting_id)))


def idea_choices(session: Session) -> list[tuple[int, str]]:
    """Ideas a board can discuss: public ones, those routed to a board or under review first."""
    priority = case((Idea.status == IdeaStatus.ON_AGENDA.value, 0), (Idea.status == IdeaStatus.IN_REVIEW.value, 1),
                    else_=2)
    usable = [status.value for status in PUBLIC_STATUSES if status != IdeaStatus.MERGED]
    return [(idea_id, f"#{idea_id} {title}") for idea_id, title in session.exec(
        select(Idea.id, Idea.title).where(col(Idea.status).in_(usable), col(Idea.is_hidden).is_(False))
        .order_by(priority, col(Idea.support_count).desc(), Idea.id).limit(IDEA_CHOICES_LIMIT))]


def measure_choices(session: Session) -> list[tuple[int, str]]:
    public = [status.value for status in PUBLIC_MEASURE_STATUSES]
    return list(session.exec(select(Measure.id, Measure.title).where(col(Measure.status).in_(public))
                             .order_by(Measure.title)))


def paper_choices(session: Session) -> list[tuple[int, str]]:
    return [(paper_id, f"{reference} {title}") for paper_id, reference, title in session.exec(
        select(Paper.id, Paper.reference, Paper.title).where(Paper.status == PaperStatus.SUBMITTED.value)
        .order_by(col(Paper.year).desc(), col(Paper.number).desc()))]


@dataclass(frozen=True)
class PublishedDecision:
    item: AgendaItem
    meeting: Meeting
    board_name: str


def decisions_on_idea(session: Session, idea_id: int) -> list[PublishedDecision]:
    """What boards decided about the idea, from published minutes of public items, oldest first."""
    return [PublishedDecision(item, meeting, board_name) for item, meeting, board_name in session.exec(
        select(AgendaItem, Meeting, Board.name).join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Board, Board.id == Meeting.board_id)
        .where(AgendaItem.idea_id == idea_id, AgendaItem.is_public, col(AgendaItem.decision_kind).is_not(None),
               Meeting.is_public, col(Meeting.minutes_published_at).is_not(None))
        .order_by(Meeting.starts_at))]


@dataclass(frozen=True)
class ComingMeeting:
    meeting: Meeting
    board_name: str


def coming_meetings(session: Session, now: datetime) -> list[ComingMeeting]:
    """Meetings of boards in office that still take agenda items: planned or invited, not yet begun."""
    query = (select(Meeting, Board.name).join(Board, Board.id == Meeting.board_id)
             .where(col(Board.archived_at).is_(None), Meeting.starts_at > now,
                    col(Meeting.state).in_((MeetingState.PLANNED.value, MeetingState.INVITED.value)))
             .order_by(Meeting.starts_at, Meeting.id))
    return [ComingMeeting(meeting, board_name) for meeting, board_name in session.exec(query)]


@dataclass(frozen=True)
class ComingItem:
    item: AgendaItem
    meeting: Meeting
    board_name: str


def idea_on_coming_agendas(session: Session, idea_id: int, now: datetime) -> list[ComingItem]:
    """The public items of coming public meetings that are about the idea."""
    return [ComingItem(item, meeting, board_name) for item, meeting, board_name in session.exec(
        select(AgendaItem, Meeting, Board.name).join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Board, Board.id == Meeting.board_id)
        .where(AgendaItem.idea_id == idea_id, AgendaItem.is_public, Meeting.is_public, Meeting.starts_at > now,
               Meeting.state != MeetingState.CANCELLED.value)
        .order_by(Meeting.starts_at))]


def invitations(session: Session, meeting_id: int) -> dict[int, Invitation]:
    """The meeting's invitations by seat (membership id)."""
    return {invitation.membership_id: invitation
            for invitation in session.exec(select(Invitation).where(Invitation.meeting_id == meeting_id))}


def person_keys(session: Session) -> dict[int, str]:
    """Who holds each seat, the same person across boards (the OParl Person): the account ("user-3"), or for
    people without an account their first seat with the same name and contact ("seat-12")."""
    first_seats: dict[tuple[str, str], str] = {}
    keys = {}
    query = (select(Membership.id, Membership.user_id, Membership.person_name, Membership.contact)
             .order_by(Membership.id))
    for membership_id, user_id, name, contact in session.exec(query):
        if user_id is not None:
            keys[membership_id] = f"user-{user_id}"
        else:
            keys[membership_id] = first_seats.setdefault((name.strip(), contact.strip()), f"seat-{membership_id}")
    return keys
