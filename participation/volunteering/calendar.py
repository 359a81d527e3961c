"""Volunteer shifts as calendar events (see participation/calendars.py): one shift's .ics, a volunteer's
personal feed, and the public shifts in the portal's calendar."""

from collections.abc import Callable, Iterable

from participation.calendars import CalendarEvent, render_calendar
from participation.i18n import _
from participation.volunteering.queries import ShiftContext


def shift_events(contexts: Iterable[ShiftContext], *, host: str,
                 project_url: Callable[[int], str]) -> list[CalendarEvent]:
    return [_shift_event(context, host, project_url) for context in contexts]


def shift_calendar(contexts: Iterable[ShiftContext], *, host: str, timezone_name: str, calendar_name: str,
                   project_url: Callable[[int], str]) -> bytes:
    return render_calendar(shift_events(contexts, host=host, project_url=project_url),
                           calendar_name=calendar_name, timezone_name=timezone_name)


def _shift_event(context: ShiftContext, host: str, project_url: Callable[[int], str]) -> CalendarEvent:
    shift, task, project = context.shift, context.task, context.project
    if shift.id is None:
        raise ValueError("shift has no id yet; its calendar UID would not be stable")
    lines = [task.description.strip()] if task.description.strip() else []
    if shift.cancelled_at is not None:
        lines.append(_("This shift has been cancelled."))
    return CalendarEvent(
        uid=f"shift-{shift.id}@{host}",
        summary=f"{project.title}: {task.title}",
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        url=project_url(project.id),
        created_at=shift.created_at,
        modified_at=shift.updated_at,
        location=task.place,
        description="\n".join(lines),
        is_cancelled=shift.cancelled_at is not None,
        is_public=shift.is_public,
    )
