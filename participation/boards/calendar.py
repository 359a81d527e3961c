"""Board meetings as calendar events (see participation/calendars.py), for subscribing to them in a calendar app.

Kept free of request handling: the caller passes a function that builds absolute meeting URLs, so the feed can
be tested without an app.
"""

from collections.abc import Callable, Iterable
from datetime import timedelta

from participation.boards.models import Board, Meeting, MeetingState
from participation.calendars import CalendarEvent, render_calendar

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
    return render_calendar(meeting_events(entries, host=host, meeting_url=meeting_url),
                           calendar_name=calendar_name, timezone_name=timezone_name)


def meeting_events(entries: Iterable[tuple[Meeting, Board]], *, host: str,
                   meeting_url: Callable[[int], str]) -> list[CalendarEvent]:
    return [_meeting_event(meeting, board, host, meeting_url) for meeting, board in entries]


def _meeting_event(meeting: Meeting, board: Board, host: str, meeting_url: Callable[[int], str]) -> CalendarEvent:
    if meeting.id is None:
        raise ValueError("meeting has no id yet; its calendar UID would not be stable")
    is_cancelled = meeting.state_enum is MeetingState.CANCELLED
    return CalendarEvent(
        uid=f"meeting-{meeting.id}@{host}",
        summary=f"{board.name}: {meeting.name}",
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at or meeting.starts_at + DEFAULT_MEETING_DURATION,
        url=meeting_url(meeting.id),
        created_at=meeting.created_at,
        modified_at=meeting.updated_at,
        location=", ".join(part for part in (meeting.location, meeting.online_url) if part),
        description=_description(meeting, is_cancelled),
        is_cancelled=is_cancelled,
        is_public=meeting.is_public,
    )


def _description(meeting: Meeting, is_cancelled: bool) -> str:
    lines = []
    if meeting.online_url:
        lines.append(f"Online: {meeting.online_url}")
    if is_cancelled:
        reason = meeting.cancel_reason.strip()
        label = MeetingState.CANCELLED.label
        lines.append(f"{label}: {reason}" if reason else label)
    return "\n".join(lines)
