"""iCalendar (RFC 5545) feeds, shared by the areas that publish dates (board meetings, volunteer shifts).

Kept free of request handling and of any area's models: an area turns its objects into `CalendarEvent`s, so
feeds can be tested without an app and combined into one calendar.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Response, current_app
from icalendar import Calendar, Event, Timezone

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODUCT_ID = "-//Beteiligungsportal//Termine//DE"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable across exports, so calendar apps update an event instead of duplicating it
    summary: str
    starts_at: datetime
    ends_at: datetime
    url: str
    created_at: datetime
    modified_at: datetime
    location: str = ""
    description: str = ""
    is_cancelled: bool = False
    is_public: bool = True


def render_calendar(events: Iterable[CalendarEvent], *, calendar_name: str, timezone_name: str) -> bytes:
    """The events as one VCALENDAR; unchanged events give byte-identical output."""
    local_zone = ZoneInfo(timezone_name)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-wr-timezone", timezone_name)
    components = [_event(event, local_zone) for event in events]
    calendar.add_component(_timezone_component(timezone_name, components))
    for component in components:
        calendar.add_component(component)
    return calendar.to_ical()


def calendar_host() -> str:
    """The host in event UIDs: the configured address, not the request's, so UIDs do not change with the proxy in
    front."""
    return urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"


def calendar_response(body: bytes, filename: str) -> Response:
    response = Response(body, content_type=CALENDAR_CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _event(event: CalendarEvent, local_zone: ZoneInfo) -> Event:
    component = Event()
    component.add("uid", event.uid)
    # DTSTAMP from the last change rather than "now": refetching an unchanged feed yields the same bytes.
    component.add("dtstamp", as_utc(event.modified_at))
    component.add("created", as_utc(event.created_at))
    component.add("last-modified", as_utc(event.modified_at))
    # Local wall time with TZID: apps show the time as it is announced locally, e.g. 19:00 in Berlin.
    component.add("dtstart", as_utc(event.starts_at).astimezone(local_zone))
    component.add("dtend", as_utc(event.ends_at).astimezone(local_zone))
    component.add("summary", event.summary)
    if event.location:
        component.add("location", event.location)
    component.add("url", event.url)
    if event.description:
        component.add("description", event.description)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("class", "PUBLIC" if event.is_public else "PRIVATE")
    return component


def _timezone_component(timezone_name: str, events: list[Event]) -> Timezone:
    """The VTIMEZONE, covering whole years around the events.

    The range comes from the events only (never from today), which keeps the output stable; without events,
    icalendar's default range is used.
    """
    if not events:
        return Timezone.from_tzid(timezone_name)
    first_year = min(event.decoded("dtstart").year for event in events)
    last_year = max(event.decoded("dtend").year for event in events)
    return Timezone.from_tzid(timezone_name, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1))


def as_utc(moment: datetime) -> datetime:
    # The models hold aware UTC datetimes; a naive one would silently be read as the server's local time.
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; event times must be timezone-aware")
    return moment.astimezone(UTC)
