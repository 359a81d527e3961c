"""iCalendar (RFC 5545) export of board meetings, for subscribing to them in a calendar app.

Kept free of request handling: the route collects the meetings a visitor may see and passes a function that
builds absolute meeting URLs, so the feed can be tested without an app.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from participation.boards.models import Board, Meeting, MeetingState

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODUCT_ID = "-//Beteiligungsportal//Sitzungen//DE"
# Calendar apps need an end; a board meeting without a planned end usually takes about this long.
DEFAULT_MEETING_DURATION = timedelta(hours=2)


def meeting_calendar(
    entries: Iterable[tuple[Meeting, Board]],
    *,
    host: str,
    timezone_name: str,
    calendar_name: str,
    meeting_url: Callable[[int], str],
) -> bytes:
    """The meetings as one VCALENDAR; unchanged meetings give byte-identical output."""
    local_zone = ZoneInfo(timezone_name)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-wr-timezone", timezone_name)

    events = [_meeting_event(meeting, board, host, local_zone, meeting_url) for meeting, board in entries]
    calendar.add_component(_timezone_component(timezone_name, events))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _meeting_event(
    meeting: Meeting, board: Board, host: str, local_zone: ZoneInfo, meeting_url: Callable[[int], str]
) -> Event:
    if meeting.id is None:
        raise ValueError("meeting has no id yet; its calendar UID would not be stable")
    starts_at = _as_utc(meeting.starts_at)
    ends_at = _as_utc(meeting.ends_at) if meeting.ends_at else starts_at + DEFAULT_MEETING_DURATION
    is_cancelled = meeting.state_enum is MeetingState.CANCELLED

    event = Event()
    # The UID identifies the meeting across exports, so apps update an event instead of duplicating it.
    event.add("uid", f"meeting-{meeting.id}@{host}")
    # DTSTAMP from updated_at rather than "now": refetching an unchanged feed yields the same bytes.
    event.add("dtstamp", _as_utc(meeting.updated_at))
    event.add("created", _as_utc(meeting.created_at))
    event.add("last-modified", _as_utc(meeting.updated_at))
    # Local wall time with TZID: apps show the time as it is announced locally, e.g. 19:00 in Berlin.
    event.add("dtstart", starts_at.astimezone(local_zone))
    event.add("dtend", ends_at.astimezone(local_zone))
    event.add("summary", f"{board.name}: {meeting.name}")
    location = ", ".join(part for part in (meeting.location, meeting.online_url) if part)
    if location:
        event.add("location", location)
    event.add("url", meeting_url(meeting.id))
    description = _description(meeting, is_cancelled)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    event.add("class", "PUBLIC" if meeting.is_public else "PRIVATE")
    return event


def _description(meeting: Meeting, is_cancelled: bool) -> str:
    lines = []
    if meeting.online_url:
        lines.append(f"Online: {meeting.online_url}")
    if is_cancelled:
        reason = meeting.cancel_reason.strip()
        label = MeetingState.CANCELLED.label
        lines.append(f"{label}: {reason}" if reason else label)
    return "\n".join(lines)


def _timezone_component(timezone_name: str, events: list[Event]) -> Timezone:
    """The VTIMEZONE, covering whole years around the meetings.

    The range comes from the meetings only (never from today), which keeps the output stable; without
    meetings, icalendar's default range is used.
    """
    if not events:
        return Timezone.from_tzid(timezone_name)
    first_year = min(event.decoded("dtstart").year for event in events)
    last_year = max(event.decoded("dtend").year for event in events)
    return Timezone.from_tzid(timezone_name, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1))


def _as_utc(moment: datetime) -> datetime:
    # The models hold aware UTC datetimes; a naive one would silently be read as the server's local time.
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; meeting times must be timezone-aware")
    return moment.astimezone(UTC)
