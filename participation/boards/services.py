"""Writing boards, memberships and meetings. Services check permissions, flush and audit; routes commit."""

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete
from sqlmodel import Session, col, select

from participation.accounts.models import User
from participation.accounts.services import find_user_by_email
from participation.audit.services import record, record_deletion
from participation.boards import permissions
from participation.boards.calendar import meeting_calendar
from participation.boards.models import (
    DECISION_KIND_LABELS,
    AgendaItem,
    AgendaSource,
    Attendance,
    Board,
    BoardActionArea,
    BoardKind,
    DecisionKind,
    Invitation,
    InvitationResponse,
    Meeting,
    MeetingState,
    MemberRole,
    Membership,
)
from participation.boards.queries import Member, action_area_ids, meetings_in_year, person_keys
from participation.boards.queries import members as board_members
from participation.db import utcnow
from participation.i18n import _
from participation.ideas.models import PUBLIC_STATUSES, Idea, IdeaStatus
from participation.ideas.queries import followers as idea_followers
from participation.ideas.services import change_status as change_idea_status
from participation.measures.models import PUBLIC_MEASURE_STATUSES, Measure, MeasureEvent, MeasureEventKind
from participation.measures.queries import measure_followers
from participation.municipality.models import ActionArea, Strategy
from participation.notifications.kinds import NotificationKind
from participation.notifications.models import OutboxMail
from participation.notifications.services import can_receive_mail, notify
from participation.papers.models import Paper, PaperStatus
from participation.privacy.consents import sync_listing_consent
from participation.refusals import NotAllowed, Refused  # noqa: F401 - the area's refusals

MEETING_LENGTH = timedelta(hours=2)
# "Plan the year": one meeting in the middle month of each quarter, on its second Tuesday.
PLANNED_MONTHS = (2, 5, 8, 11)
PLANNED_WEEKDAY = 1  # Tuesday
PLANNED_WEEK = 2


def _record_changes(session: Session, actor: User, action: str, target, before: dict[str, Any],
                    after: dict[str, Any], **audit: Any) -> bool:
    """Audit what differs between the two snapshots of `target` and touch its updated_at; False if nothing did."""
    changed = [key for key in before if before[key] != after[key]]
    if not changed:
        return False
    target.updated_at = utcnow()
    session.add(target)
    session.flush()
    record(session, actor, action, before={key: before[key] for key in changed},
           after={key: after[key] for key in changed}, **audit)
    return True


# --- boards --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BoardDraft:
    name: str
    kind: BoardKind
    short_name: str = ""
    purpose: str = ""
    parent_id: int | None = None
    default_location: str = ""
    action_area_ids: tuple[int, ...] = ()


def _board_snapshot(session: Session, board: Board) -> dict[str, Any]:
    return {"name": board.name, "short_name": board.short_name, "kind": board.kind, "purpose": board.purpose,
            "parent_id": board.parent_id, "default_location": board.default_location,
            "action_area_ids": action_area_ids(session, board.id)}


def _check_board(session: Session, draft: BoardDraft, board: Board | None) -> None:
    taken = session.exec(select(Board.id).where(Board.name == draft.name.strip())).first()
    if taken is not None and (board is None or taken != board.id):
        raise Refused("name", _("There is already a board with this name."))
    if draft.kind == BoardKind.THEMATIC and not draft.action_area_ids:
        raise Refused("action_areas", _("A thematic board works on at least one action area. Please choose one."))
    if draft.parent_id is not None:
        parent = session.get(Board, draft.parent_id)
        if parent is None or parent.archived_at is not None or (board is not None and _descends_from(
                session, parent, board.id)):
            raise Refused("parent_id", _("This board cannot be the parent: it is archived, or it belongs to this "
                                         "board itself."))
    known = set(action_area_ids(session, board.id)) if board else set()
    new_areas = set(draft.action_area_ids) - known
    if new_areas:
        current = set(session.exec(select(ActionArea.id).join(Strategy, Strategy.id == ActionArea.strategy_id)
                                   .where(col(ActionArea.id).in_(new_areas), col(ActionArea.archived_at).is_(None),
                                          col(Strategy.archived_at).is_(None))))
        if new_areas - current:
            raise Refused("action_areas", _("This action area is archived or no longer exists. "
                                            "Please choose a current one."))


def _descends_from(session: Session, board: Board, ancestor_id: int) -> bool:
    """Whether `board` is `ancestor_id` or lies below it: such a board cannot become its parent."""
    seen = set()
    while board is not None and board.id not in seen:
        if board.id == ancestor_id:
            return True
        seen.add(board.id)
        board = session.get(Board, board.parent_id) if board.parent_id else None
    return False


def _set_action_areas(session: Session, board: Board, area_ids: Iterable[int]) -> None:
    session.exec(delete(BoardActionArea).where(BoardActionArea.board_id == board.id))
    for area_id in dict.fromkeys(area_ids):
        session.add(BoardActionArea(board_id=board.id, action_area_id=area_id))


def create_board(session: Session, actor: User, draft: BoardDraft) -> Board:
    if not permissions.may_manage_boards(actor):
        raise NotAllowed
    _check_board(session, draft, None)
    board = Board(name=draft.name.strip(), short_name=draft.short_name.strip(), kind=draft.kind.value,
                  purpose=draft.purpose.strip(), parent_id=draft.parent_id,
                  default_location=draft.default_location.strip())
    session.add(board)
    session.flush()
    _set_action_areas(session, board, draft.action_area_ids)
    session.flush()
    record(session, actor, "board.created", object_type="board", object_id=board.id, object_label=board.name,
           after=_board_snapshot(session, board))
    return board


def edit_board(session: Session, actor: User, board: Board, draft: BoardDraft) -> bool:
    """Change the board; False if nothing changed."""
    if not permissions.may_manage_boards(actor):
        raise NotAllowed
    _check_board(session, draft, board)
    before = _board_snapshot(session, board)
    board.name, board.short_name, board.kind = draft.name.strip(), draft.short_name.strip(), draft.kind.value
    board.purpose, board.parent_id = draft.purpose.strip(), draft.parent_id
    board.default_location = draft.default_location.strip()
    _set_action_areas(session, board, draft.action_area_ids)
    session.flush()
    after = _board_snapshot(session, board)
    return _record_changes(session, actor, "board.changed", board, before, after, object_type="board",
                           object_id=board.id, object_label=board.name)


def set_archived(session: Session, actor: User, board: Board, archived: bool) -> bool:
    """Archive the board (it keeps its meetings, leaves the lists) or bring it back; False if already so."""
    if not permissions.may_manage_boards(actor):
        raise NotAllowed
    if (board.archived_at is not None) == archived:
        return False
    board.archived_at = utcnow() if archived else None
    board.updated_at = utcnow()
    session.add(board)
    session.flush()
    record(session, actor, "board.archived" if archived else "board.restored", object_type="board",
           object_id=board.id, object_label=board.name)
    return True


# --- memberships ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MembershipDraft:
    """A seat: `account_email` names a user account, or else `person_name` an external person."""

    role: MemberRole
    account_email: str = ""
    person_name: str = ""
    organisation: str = ""
    contact: str = ""
    is_secretary: bool = False
    is_external: bool = False
    has_vote: bool = True
    district_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    listed_publicly: bool = False


def _membership_snapshot(membership: Membership) -> dict[str, Any]:
    return {"user_id": membership.user_id, "person_name": membership.person_name,
            "organisation": membership.organisation, "role": membership.role,
            "is_secretary": membership.is_secretary, "is_external": membership.is_external,
            "has_vote": membership.has_vote, "district_id": membership.district_id,
            "start_date": membership.start_date.isoformat() if membership.start_date else None,
            "end_date": membership.end_date.isoformat() if membership.end_date else None,
            "listed_publicly": membership.listed_publicly}


def _membership_values(session: Session, draft: MembershipDraft) -> dict[str, Any]:
    user_id = None
    if draft.account_email.strip():
        user = find_user_by_email(session, draft.account_email)
        if user is None:
            raise Refused("account_email", _("There is no account with this e-mail address. Leave the field empty "
                                             "for a person without an account and enter their name."))
        user_id = user.id
    elif not draft.person_name.strip():
        raise Refused("person_name", _("Please enter the person's name, or the e-mail address of their account."))
    if draft.start_date and draft.end_date and draft.end_date < draft.start_date:
        raise Refused("end_date", _("The seat cannot end before it begins."))
    values = asdict(draft)
    del values["account_email"]
    values.update(user_id=user_id, role=draft.role.value, person_name=draft.person_name.strip(),
                  organisation=draft.organisation.strip(), contact=draft.contact.strip())
    return values


def _membership_label(session: Session, board: Board, membership: Membership) -> str:
    name = membership.person_name
    if membership.user_id is not None:
        user = session.get(User, membership.user_id)
        name = user.display_name if user else name
    return f"{board.name}: {name}"


def _seats_changed(session: Session, board: Board) -> None:
    """The board's list of members is part of the board (OParl Organization.membership): it counts as modified."""
    board.updated_at = utcnow()
    session.add(board)
    session.flush()


def _listed_as(session: Session, membership: Membership) -> str | None:
    """The person (OParl Person key) the seat names in public, if it is listed."""
    return person_keys(session)[membership.id] if membership.listed_publicly else None


def _report_unlisted(session: Session, membership: Membership, listed_as: str | None) -> None:
    """A seat that named `listed_as` in public and no longer does leaves OParl: clients that synchronise are told."""
    if listed_as and listed_as != _listed_as(session, membership):
        record_deletion(session, "membership", membership.id, membership.created_at, owner_key=listed_as)


def add_membership(session: Session, actor: User, board: Board, draft: MembershipDraft) -> Membership:
    if not permissions.may_manage_boards(actor):
        raise NotAllowed
    membership = Membership(board_id=board.id, **_membership_values(session, draft))
    session.add(membership)
    _seats_changed(session, board)
    sync_listing_consent(session, membership, actor, utcnow())
    record(session, actor, "board.member_added", object_type="board", object_id=board.id,
           object_label=_membership_label(session, board, membership), after=_membership_snapshot(membership))
    return membership


def edit_membership(session: Session, actor: User, board: Board, membership: Membership,
                    draft: MembershipDraft) -> bool:
    if not permissions.may_manage_boards(actor) or membership.board_id != board.id:
        raise NotAllowed
    before = _membership_snapshot(membership)
    contact_before = membership.contact
    listed_as = _listed_as(session, membership)
    for key, value in _membership_values(session, draft).items():
        setattr(membership, key, value)
    after = _membership_snapshot(membership)
    changed = [key for key in before if before[key] != after[key]]
    if not changed and contact_before == membership.contact:
        return False
    membership.updated_at = utcnow()
    session.add(membership)
    _report_unlisted(session, membership, listed_as)
    _seats_changed(session, board)
    sync_listing_consent(session, membership, actor, membership.updated_at)
    # The contact is private: the log says that it changed, not what it is.
    if contact_before != membership.contact:
        changed.append("contact")
        before["contact"], after["contact"] = "…", "…"
    record(session, actor, "board.member_changed", object_type="board", object_id=board.id,
           object_label=_membership_label(session, board, membership),
           before={key: before[key] for key in changed}, after={key: after[key] for key in changed})
    return True


def set_own_listing(session: Session, user: User, membership: Membership, listed: bool, now: datetime) -> bool:
    """The seat holder gives or withdraws their consent to being named in public; False if it already is so."""
    if membership.user_id != user.id:
        raise NotAllowed
    if membership.listed_publicly == listed:
        return False
    board = session.get(Board, membership.board_id)
    listed_as = _listed_as(session, membership)
    membership.listed_publicly, membership.updated_at = listed, now
    session.add(membership)
    _report_unlisted(session, membership, listed_as)
    _seats_changed(session, board)
    sync_listing_consent(session, membership, user, now)
    record(session, user, "board.listing_consent_given" if listed else "board.listing_consent_withdrawn",
           object_type="board", object_id=board.id, object_label=_membership_label(session, board, membership),
           before={"listed_publicly": not listed}, after={"listed_publicly": listed})
    return True


def remove_membership(session: Session, actor: User, board: Board, membership: Membership) -> None:
    """Delete a seat entered by mistake; a member who leaves gets an end date instead."""
    if not permissions.may_manage_boards(actor) or membership.board_id != board.id:
        raise NotAllowed
    record(session, actor, "board.member_removed", object_type="board", object_id=board.id,
           object_label=_membership_label(session, board, membership), before=_membership_snapshot(membership))
    if membership.listed_publicly:
        record_deletion(session, "membership", membership.id, membership.created_at,
                        owner_key=person_keys(session)[membership.id])
    session.delete(membership)
    _seats_changed(session, board)


def release_seat(session: Session, membership: Membership, now: datetime) -> None:
    """An ended seat whose holder deletes their account stays in the board's history (attendance, votes), held by
    "N. N.": nobody is named, in public or in OParl."""
    listed_as = _listed_as(session, membership)
    membership.user_id, membership.person_name, membership.contact = None, "N. N.", ""
    membership.listed_publicly, membership.updated_at = False, now
    session.add(membership)
    _report_unlisted(session, membership, listed_as)
    _seats_changed(session, session.get(Board, membership.board_id))


# --- meetings ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MeetingDraft:
    name: str
    starts_at: datetime  # aware
    ends_at: datetime | None = None
    location: str = ""
    online_url: str = ""
    is_public: bool = True


def _meeting_snapshot(meeting: Meeting) -> dict[str, Any]:
    return {"name": meeting.name, "starts_at": meeting.starts_at.isoformat(),
            "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else None, "location": meeting.location,
            "online_url": meeting.online_url, "is_public": meeting.is_public, "state": meeting.state}


def _check_meeting(draft: MeetingDraft) -> None:
    if draft.ends_at is not None and draft.ends_at <= draft.starts_at:
        raise Refused("end_time", _("The meeting must end after it begins."))
    if not draft.location.strip() and not draft.online_url.strip():
        raise Refused("location", _("Please say where the meeting takes place: a place, an online link, or both."))


def _may_run(actor: User, membership: Membership | None, board: Board) -> bool:
    return permissions.may_run_meetings(actor, membership if membership and membership.board_id == board.id
                                        else None)


def create_meeting(session: Session, actor: User, membership: Membership | None, board: Board,
                   draft: MeetingDraft) -> Meeting:
    """A planned meeting of the board. `membership` is the actor's current seat on it (None: no seat)."""
    if not _may_run(actor, membership, board):
        raise NotAllowed
    if board.archived_at is not None:
        raise Refused("name", _("This board is archived and meets no more."))
    _check_meeting(draft)
    meeting = Meeting(board_id=board.id, name=draft.name.strip(), starts_at=draft.starts_at, ends_at=draft.ends_at,
                      location=draft.location.strip(), online_url=draft.online_url.strip(),
                      is_public=draft.is_public)
    session.add(meeting)
    session.flush()
    record(session, actor, "meeting.created", object_type="meeting", object_id=meeting.id,
           object_label=f"{board.name}: {meeting.name}", after=_meeting_snapshot(meeting))
    return meeting


def edit_meeting(session: Session, actor: User, membership: Membership | None, board: Board, meeting: Meeting,
                 draft: MeetingDraft) -> bool:
    if not _may_run(actor, membership, board) or meeting.board_id != board.id:
        raise NotAllowed
    if meeting.state_enum == MeetingState.CANCELLED:
        raise Refused("name", _("This meeting has been cancelled and can no longer be changed."))
    _check_meeting(draft)
    before = _meeting_snapshot(meeting)
    meeting.name, meeting.starts_at, meeting.ends_at = draft.name.strip(), draft.starts_at, draft.ends_at
    meeting.location, meeting.online_url = draft.location.strip(), draft.online_url.strip()
    meeting.is_public = draft.is_public
    after = _meeting_snapshot(meeting)
    return _record_changes(session, actor, "meeting.changed", meeting, before, after, object_type="meeting",
                           object_id=meeting.id, object_label=f"{board.name}: {meeting.name}")


def cancel_meeting(session: Session, actor: User, membership: Membership | None, board: Board, meeting: Meeting,
                   reason: str) -> None:
    """Cancel a meeting that has not been held; the reason is public with the meeting."""
    if not _may_run(actor, membership, board) or meeting.board_id != board.id:
        raise NotAllowed
    if meeting.state_enum in (MeetingState.HELD, MeetingState.CANCELLED):
        raise Refused("reason", _("Only a meeting that is still to be held can be cancelled."))
    if not reason.strip():
        raise Refused("reason", _("Please give the reason for the cancellation."))
    before = meeting.state
    meeting.state, meeting.cancel_reason, meeting.updated_at = MeetingState.CANCELLED.value, reason.strip(), utcnow()
    session.add(meeting)
    session.flush()
    record(session, actor, "meeting.cancelled", object_type="meeting", object_id=meeting.id,
           object_label=f"{board.name}: {meeting.name}", before={"state": before},
           after={"state": meeting.state}, reason=meeting.cancel_reason)


def quarterly_dates(year: int) -> list[date]:
    """The second Tuesday of February, May, August and November: one date in each quarter's middle month."""
    dates = []
    for month in PLANNED_MONTHS:
        first = date(year, month, 1)
        first_weekday = first + timedelta(days=(PLANNED_WEEKDAY - first.weekday()) % 7)
        dates.append(first_weekday + timedelta(weeks=PLANNED_WEEK - 1))
    return dates


def plan_year(session: Session, actor: User, membership: Membership | None, board: Board, year: int,
              start: time, location: str, timezone_name: str, now: datetime) -> list[Meeting]:
    """Four quarterly meetings in `year` at `start` o'clock local time, for each quarter that has no meeting yet
    and whose date has not passed. Returns the new meetings; raises Refused if there is nothing left to plan."""
    if not _may_run(actor, membership, board):
        raise NotAllowed
    zone = ZoneInfo(timezone_name)
    year_start = datetime(year, 1, 1, tzinfo=zone)
    taken_quarters = {(meeting.starts_at.astimezone(zone).month - 1) // 3
                      for meeting in meetings_in_year(session, board.id, year_start, year_start.replace(year=year + 1))}
    planned = []
    for quarter, day in enumerate(quarterly_dates(year)):
        starts_at = datetime.combine(day, start, tzinfo=zone)
        if quarter in taken_quarters or starts_at <= now:
            continue
        draft = MeetingDraft(name=_("%(number)d. quarterly meeting %(year)d", number=quarter + 1, year=year),
                             starts_at=starts_at, ends_at=starts_at + MEETING_LENGTH,
                             location=location or board.default_location, is_public=True)
        planned.append(create_meeting(session, actor, membership, board, draft))
    if not planned:
        raise Refused("year", _("Every quarter of %(year)d already has a meeting, or its date has passed.",
                                year=year))
    return planned


# --- agendas ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AgendaItemDraft:
    """An agenda item; an empty title takes the title of the idea, measure or paper it is about."""

    source: AgendaSource
    title: str = ""
    text: str = ""
    is_public: bool = True
    idea_id: int | None = None
    measure_id: int | None = None
    paper_id: int | None = None


def _item_snapshot(item: AgendaItem) -> dict[str, Any]:
    return {"title": item.title, "text": item.text, "is_public": item.is_public, "position": item.position,
            "source": item.source, "idea_id": item.idea_id, "measure_id": item.measure_id,
            "paper_id": item.paper_id, "review_period": item.review_period}


def _meeting_label(board: Board, meeting: Meeting) -> str:
    return f"{board.name}: {meeting.name}"


def _check_agenda_open(actor: User, membership: Membership | None, board: Board, meeting: Meeting) -> None:
    if not _may_run(actor, membership, board) or meeting.board_id != board.id:
        raise NotAllowed
    if meeting.state_enum == MeetingState.CANCELLED:
        raise Refused("title", _("This meeting has been cancelled; its agenda can no longer be changed."))
    if meeting.minutes_published_at is not None:
        raise Refused("title", _("The minutes of this meeting are published; its agenda can no longer be changed."))


def _meeting_changed(session: Session, meeting: Meeting) -> None:
    """Its agenda, minutes and attendance are part of the meeting (OParl Meeting): it counts as modified."""
    meeting.updated_at = utcnow()
    session.add(meeting)


def _lock_agenda(session: Session, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items in order, with the meeting row locked: two people changing the same agenda at once
    take turns (SQLite's writing transactions take turns anyway), so no item is lost or numbered twice. The
    meeting counts as modified, so registers that synchronise by date (OParl) fetch its new agenda."""
    session.exec(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    _meeting_changed(session, meeting)
    return list(session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                             .order_by(AgendaItem.position, AgendaItem.id)))


def _renumber(session: Session, items: list[AgendaItem]) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            session.add(item)


def _source_title(session: Session, actor: User, meeting: Meeting, board: Board, draft: AgendaItemDraft) -> str:
    """Check the item's source and return its title. An idea put on the agenda moves to "on the board's agenda"
    on its public timeline."""
    if draft.source == AgendaSource.IDEA:
        idea = session.get(Idea, draft.idea_id) if draft.idea_id else None
        if idea is None or idea.is_hidden or idea.status_enum not in PUBLIC_STATUSES or \
                idea.status_enum == IdeaStatus.MERGED:
            raise Refused("idea_id", _("Please choose a published idea."))
        if idea.status_enum != IdeaStatus.ON_AGENDA:
            change_idea_status(session, actor, idea, IdeaStatus.ON_AGENDA, reason=_meeting_label(board, meeting))
        return idea.title
    if draft.source == AgendaSource.MEASURE:
        measure = session.get(Measure, draft.measure_id) if draft.measure_id else None
        if measure is None or measure.status_enum not in PUBLIC_MEASURE_STATUSES:
            raise Refused("measure_id", _("Please choose a measure that is public."))
        return measure.title
    if draft.source == AgendaSource.PAPER:
        paper = session.get(Paper, draft.paper_id) if draft.paper_id else None
        if paper is None or paper.status != PaperStatus.SUBMITTED.value:
            raise Refused("paper_id", _("Please choose a submitted paper."))
        return f"{paper.reference} {paper.title}"
    if not draft.title.strip():
        raise Refused("title", _("Please give the agenda item a title."))
    return draft.title.strip()


def add_agenda_item(session: Session, actor: User, membership: Membership | None, board: Board, meeting: Meeting,
                    draft: AgendaItemDraft) -> AgendaItem:
    """Append an item to the agenda. Raises NotAllowed, or Refused for a closed agenda or an unusable source."""
    _check_agenda_open(actor, membership, board, meeting)
    if draft.source == AgendaSource.REVIEW_SUMMARY:
        raise Refused("source", _("Add the quarterly reviews with their own button."))
    return _append_item(session, actor, board, meeting, draft)


def put_idea_on_agenda(session: Session, actor: User, board: Board, meeting: Meeting, idea: Idea,
                       now: datetime) -> AgendaItem:
    """A moderator routes a resident's idea onto a coming meeting of a board (design §3); the board's chair and
    secretary can still edit, move or remove the item. Raises NotAllowed, or Refused for a meeting that is not
    coming any more or already has the idea on its agenda."""
    if not permissions.may_route_ideas(actor) or meeting.board_id != board.id:
        raise NotAllowed
    if meeting.state_enum in (MeetingState.CANCELLED, MeetingState.HELD) or \
            meeting.minutes_published_at is not None or meeting.starts_at <= now:
        raise Refused("meeting", _("Please choose a coming meeting: this one has been cancelled or has taken "
                                   "place."))
    if session.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id,
                                                AgendaItem.idea_id == idea.id)).first() is not None:
        raise Refused("meeting", _("The idea is already on the agenda of this meeting."))
    return _append_item(session, actor, board, meeting, AgendaItemDraft(source=AgendaSource.IDEA, idea_id=idea.id))


def _append_item(session: Session, actor: User, board: Board, meeting: Meeting, draft: AgendaItemDraft
                 ) -> AgendaItem:
    items = _lock_agenda(session, meeting)
    source_title = _source_title(session, actor, meeting, board, draft)
    title = draft.title.strip() or source_title
    item = AgendaItem(meeting_id=meeting.id, position=len(items) + 1, title=title[:200], text=draft.text.strip(),
                      is_public=draft.is_public, source=draft.source.value,
                      idea_id=draft.idea_id if draft.source == AgendaSource.IDEA else None,
                      measure_id=draft.measure_id if draft.source == AgendaSource.MEASURE else None,
                      paper_id=draft.paper_id if draft.source == AgendaSource.PAPER else None)
    session.add(item)
    session.flush()
    record(session, actor, "agenda.item_added", object_type="meeting", object_id=meeting.id,
           object_label=_meeting_label(board, meeting), after=_item_snapshot(item))
    return item


def add_review_summary(session: Session, actor: User, membership: Membership | None, board: Board,
                       meeting: Meeting, period: str) -> AgendaItem:
    """The quarterly meeting's item on the measures' progress: every active measure's review of `period`."""
    _check_agenda_open(actor, membership, board, meeting)
    items = _lock_agenda(session, meeting)
    if any(item.source == AgendaSource.REVIEW_SUMMARY.value and item.review_period == period for item in items):
        raise Refused("source", _("The quarterly reviews of %(period)s are already on this agenda.", period=period))
    item = AgendaItem(meeting_id=meeting.id, position=len(items) + 1,
                      title=_("Progress of the measures: quarterly reviews %(period)s", period=period),
                      source=AgendaSource.REVIEW_SUMMARY.value, review_period=period, is_public=True)
    session.add(item)
    session.flush()
    record(session, actor, "agenda.item_added", object_type="meeting", object_id=meeting.id,
           object_label=_meeting_label(board, meeting), after=_item_snapshot(item))
    return item


def edit_agenda_item(session: Session, actor: User, membership: Membership | None, board: Board, meeting: Meeting,
                     item: AgendaItem, title: str, text: str, is_public: bool) -> bool:
    _check_agenda_open(actor, membership, board, meeting)
    if item.meeting_id != meeting.id:
        raise NotAllowed
    if not title.strip():
        raise Refused("title", _("Please give the agenda item a title."))
    before = _item_snapshot(item)
    item.title, item.text, item.is_public = title.strip(), text.strip(), is_public
    after = _item_snapshot(item)
    changed = _record_changes(session, actor, "agenda.item_changed", item, before, after, object_type="meeting",
                              object_id=meeting.id, object_label=_meeting_label(board, meeting))
    if changed:
        _meeting_changed(session, meeting)
    return changed


def remove_agenda_item(session: Session, actor: User, membership: Membership | None, board: Board,
                       meeting: Meeting, item: AgendaItem) -> None:
    _check_agenda_open(actor, membership, board, meeting)
    items = _lock_agenda(session, meeting)
    if item.meeting_id != meeting.id:
        raise NotAllowed
    record(session, actor, "agenda.item_removed", object_type="meeting", object_id=meeting.id,
           object_label=_meeting_label(board, meeting), before=_item_snapshot(item))
    session.delete(item)
    _renumber(session, [other for other in items if other.id != item.id])
    session.flush()


def move_agenda_item(session: Session, actor: User, membership: Membership | None, board: Board,
                     meeting: Meeting, item_id: int, offset: int) -> bool:
    """Move the item one place up (offset -1) or down (+1); False if it is already first or last."""
    _check_agenda_open(actor, membership, board, meeting)
    items = _lock_agenda(session, meeting)
    index = next((number for number, item in enumerate(items) if item.id == item_id), None)
    if index is None:
        raise NotAllowed
    target = index + offset
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _renumber(session, items)
    session.flush()
    record(session, actor, "agenda.item_moved", object_type="meeting", object_id=meeting.id,
           object_label=_meeting_label(board, meeting),
           after={"order": [item.id for item in items]})
    return True


# --- minutes ---------------------------------------------------------------------------------------------------

def _check_minutes_open(actor: User, membership: Membership | None, board: Board, meeting: Meeting,
                        now: datetime) -> None:
    if not _may_run(actor, membership, board) or meeting.board_id != board.id:
        raise NotAllowed
    if meeting.state_enum == MeetingState.CANCELLED:
        raise Refused("minutes", _("This meeting has been cancelled: it has no minutes."))
    if meeting.starts_at > now:
        raise Refused("minutes", _("The minutes can be written once the meeting has begun."))


def record_minutes(session: Session, actor: User, membership: Membership | None, board: Board, meeting: Meeting,
                   item: AgendaItem, minutes: str, decision_kind: DecisionKind | None, decision_text: str,
                   now: datetime) -> bool:
    """The item's minutes and decision; they can be corrected after publication too (audited)."""
    _check_minutes_open(actor, membership, board, meeting, now)
    if item.meeting_id != meeting.id:
        raise NotAllowed
    if decision_kind is None and decision_text.strip():
        raise Refused("decision_kind", _("Please choose what kind of result the text describes."))
    before = {"minutes": item.minutes, "decision_kind": item.decision_kind, "decision_text": item.decision_text}
    item.minutes, item.decision_text = minutes.strip(), decision_text.strip()
    item.decision_kind = decision_kind.value if decision_kind else None
    after = {"minutes": item.minutes, "decision_kind": item.decision_kind, "decision_text": item.decision_text}
    changed = _record_changes(session, actor, "agenda.minutes_recorded", item, before, after,
                              object_type="meeting", object_id=meeting.id,
                              object_label=f"{_meeting_label(board, meeting)} – {item.position}. {item.title}")
    if changed:
        _meeting_changed(session, meeting)
    return changed


def record_attendance(session: Session, actor: User, membership: Membership | None, board: Board,
                      meeting: Meeting, present_ids: Iterable[int], now: datetime) -> None:
    """Who of the board's seats was there; seats of other boards are refused."""
    _check_minutes_open(actor, membership, board, meeting, now)
    present = set(present_ids)
    seats = set(session.exec(select(Membership.id).where(Membership.board_id == board.id)))
    if present - seats:
        raise Refused("present", _("Please choose members of this board."))
    before = sorted(session.exec(select(Attendance.membership_id).where(Attendance.meeting_id == meeting.id)))
    session.exec(delete(Attendance).where(Attendance.meeting_id == meeting.id))
    for membership_id in sorted(present):
        session.add(Attendance(meeting_id=meeting.id, membership_id=membership_id))
    session.flush()
    if before != sorted(present):
        _meeting_changed(session, meeting)
        record(session, actor, "meeting.attendance_recorded", object_type="meeting", object_id=meeting.id,
               object_label=_meeting_label(board, meeting), before={"present": before},
               after={"present": sorted(present)})


def publish_minutes(session: Session, actor: User, membership: Membership | None, board: Board, meeting: Meeting,
                    now: datetime) -> list[AgendaItem]:
    """Publish the minutes: the meeting counts as held, its public items' minutes and decisions become visible to
    everyone, and each decision flows back to the idea or measure behind its item — on their timelines and to
    their authors and followers. Returns the items whose decision flowed back."""
    _check_minutes_open(actor, membership, board, meeting, now)
    if meeting.minutes_published_at is not None:
        raise Refused("minutes", _("The minutes of this meeting are already published."))
    before = meeting.state
    meeting.minutes_published_at, meeting.state, meeting.updated_at = now, MeetingState.HELD.value, now
    session.add(meeting)
    items = list(session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                              .order_by(AgendaItem.position)))
    decided = [item for item in items if item.is_public and item.decision_kind]
    for item in decided:
        _flow_back(session, actor, board, meeting, item, now)
    session.flush()
    record(session, actor, "meeting.minutes_published", object_type="meeting", object_id=meeting.id,
           object_label=_meeting_label(board, meeting), before={"state": before},
           after={"state": meeting.state, "decisions": [item.id for item in decided]})
    return decided


def _flow_back(session: Session, actor: User, board: Board, meeting: Meeting, item: AgendaItem,
               now: datetime) -> None:
    decision = DECISION_KIND_LABELS[DecisionKind(item.decision_kind)]
    link = f"/meetings/{meeting.id}#item-{item.id}"
    if item.idea_id is not None:
        idea = session.get(Idea, item.idea_id)
        if idea is not None:
            notify(session, idea_followers(session, idea.id), NotificationKind.BOARD_DECISION_ON_IDEA, link,
                   {"idea_title": idea.title, "board_name": board.name, "decision": decision}, actor=actor)
    if item.measure_id is not None:
        measure = session.get(Measure, item.measure_id)
        if measure is not None:
            session.add(MeasureEvent(measure_id=measure.id, kind=MeasureEventKind.BOARD_DECISION.value,
                                     summary=_meeting_label(board, meeting)[:300],
                                     reason=item.decision_text[:5000], actor_id=actor.id,
                                     actor_name=actor.display_name, created_at=now))
            notify(session, measure_followers(session, measure.id), NotificationKind.BOARD_DECISION_ON_MEASURE,
                   link, {"measure_title": measure.title, "board_name": board.name, "decision": decision},
                   actor=actor)


# --- invitations -----------------------------------------------------------------------------------------------

INVITATION_ATTACHMENT_TYPE = "text/calendar; method=PUBLISH"
SUBJECT_MAX_LENGTH = 300


@dataclass(frozen=True)
class InvitationRecipient:
    """Whom one invitation mail goes to: `user` for an account holder, None for an external person."""

    member: Member
    user: User | None
    address: str


@dataclass(frozen=True)
class InvitationsSent:
    sent: int  # mails queued
    unreachable: int  # seats without a usable e-mail address


# Renders (subject, body) of one recipient's invitation in their language; the route supplies it.
RenderInvitation = Callable[[InvitationRecipient, list[AgendaItem]], tuple[str, str]]


def contact_address(contact: str) -> str | None:
    """The external person's contact, if it is an e-mail address (it may also be a phone number or a postal
    address)."""
    try:
        return validate_email(contact.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _recipient(session: Session, member: Member) -> InvitationRecipient | None:
    seat = member.membership
    if seat.user_id is not None:
        user = session.get(User, seat.user_id)
        if user is None or not can_receive_mail(user):
            return None
        return InvitationRecipient(member, user, user.email)
    address = contact_address(seat.contact) if seat.contact else None
    return InvitationRecipient(member, None, address) if address else None


def _check_invitation_open(meeting: Meeting, now: datetime, field_name: str = "meeting") -> None:
    if meeting.state_enum == MeetingState.CANCELLED:
        raise Refused(field_name, _("This meeting has been cancelled."))
    if meeting.state_enum == MeetingState.HELD or meeting.minutes_published_at is not None:
        raise Refused(field_name, _("This meeting has already been held."))
    if meeting.starts_at <= now:
        raise Refused(field_name, _("This meeting has already begun."))


def send_invitations(session: Session, actor: User, membership: Membership | None, board: Board, meeting: Meeting,
                     now: datetime, *, host: str, timezone_name: str, meeting_url: Callable[[int], str],
                     render_mail: RenderInvitation) -> InvitationsSent:
    """Invite every seat held on the meeting's date: one mail per reachable member (account holders with a
    confirmed address, external people whose contact is an e-mail address), with the whole agenda and the
    meeting's .ics attached. May be repeated, e.g. after the agenda changed: everyone is mailed again, answers
    already given are kept. Raises NotAllowed, or Refused for cancelled, held or past meetings."""
    if not _may_run(actor, membership, board) or meeting.board_id != board.id:
        raise NotAllowed
    _check_invitation_open(meeting, now)
    before = meeting.state
    if meeting.state_enum == MeetingState.PLANNED:
        meeting.state, meeting.updated_at = MeetingState.INVITED.value, now
        session.add(meeting)
        session.flush()
    day = meeting.starts_at.astimezone(ZoneInfo(timezone_name)).date()
    seats = board_members(session, board.id, today=day)
    items = list(session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                              .order_by(AgendaItem.position, AgendaItem.id)))
    calendar = meeting_calendar([(meeting, board)], host=host, timezone_name=timezone_name,
                                calendar_name=board.name, meeting_url=meeting_url).decode()
    invited = {invitation.membership_id: invitation for invitation in session.exec(
        select(Invitation).where(Invitation.meeting_id == meeting.id))}
    sent, unreachable, addresses = 0, 0, set()
    for member in seats:
        invitation = invited.get(member.membership.id)
        if invitation is None:
            invitation = Invitation(meeting_id=meeting.id, membership_id=member.membership.id,
                                    response=InvitationResponse.PENDING.value, invited_at=now)
        else:
            invitation.invited_at = now
        session.add(invitation)
        recipient = _recipient(session, member)
        if recipient is None:
            unreachable += 1
            continue
        if recipient.address in addresses:
            continue  # two seats of one person: one mail
        addresses.add(recipient.address)
        subject, body = render_mail(recipient, items)
        subject = " ".join(subject.split())
        if len(subject) > SUBJECT_MAX_LENGTH:
            subject = subject[:SUBJECT_MAX_LENGTH - 1] + "…"
        session.add(OutboxMail(recipient=recipient.address, subject=subject, body=body,
                               attachment_name=f"meeting-{meeting.id}.ics",
                               attachment_type=INVITATION_ATTACHMENT_TYPE, attachment=calendar,
                               next_attempt_at=now, created_at=now))
        sent += 1
    session.flush()
    record(session, actor, "meeting.invitations_sent", object_type="meeting", object_id=meeting.id,
           object_label=_meeting_label(board, meeting), before={"state": before},
           after={"state": meeting.state, "sent": sent, "unreachable": unreachable})
    return InvitationsSent(sent=sent, unreachable=unreachable)


def respond_to_invitation(session: Session, user: User, board: Board, meeting: Meeting,
                          membership: Membership | None, accept: bool, now: datetime) -> Invitation:
    """The member answers for their own seat whether they will attend. Raises NotAllowed without a seat on the
    board, Refused for cancelled, held or past meetings."""
    if (membership is None or membership.board_id != board.id or membership.user_id != user.id
            or meeting.board_id != board.id or not user.is_active):
        raise NotAllowed
    _check_invitation_open(meeting, now, "response")
    invitation = session.get(Invitation, (meeting.id, membership.id))
    if invitation is None:  # not invited by mail (yet): the member may answer all the same
        invitation = Invitation(meeting_id=meeting.id, membership_id=membership.id, invited_at=now)
    before = invitation.response
    invitation.response = (InvitationResponse.ACCEPTED if accept else InvitationResponse.DECLINED).value
    invitation.responded_at = now
    session.add(invitation)
    session.flush()
    record(session, user, "meeting.attendance_answered", object_type="meeting", object_id=meeting.id,
           object_label=f"{_meeting_label(board, meeting)} – {user.display_name}", before={"response": before},
           after={"response": invitation.response})
    return invitation
