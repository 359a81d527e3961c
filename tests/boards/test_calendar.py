"""The iCalendar feed of board meetings, read back as a calendar app would read it."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from participation.boards.calendar import meeting_calendar
from participation.boards.models import Board, Meeting, MeetingState
from participation.calendars import CALENDAR_CONTENT_TYPE

HOST = "beteiligung.beispielstadt.example"
TIMEZONE = "Europe/Berlin"


def make_board(**overrides) -> Board:
    return Board(**{"id": 3, "name": "Projektbeirat", **overrides})


def make_meeting(**overrides) -> Meeting:
    values = {
        "id": 42,
        "board_id": 3,
        "name": "Sitzung im Bürgerhaus",
        "starts_at": datetime(2025, 6, 12, 17, 0, tzinfo=UTC),
        "ends_at": datetime(2025, 6, 12, 19, 30, tzinfo=UTC),
        "location": "Bürgerhaus, Großer Saal",
        "created_at": datetime(2025, 5, 1, 8, 0, tzinfo=UTC),
        "updated_at": datetime(2025, 5, 20, 9, 15, tzinfo=UTC),
    }
    return Meeting(**{**values, **overrides})


def export(*entries: tuple[Meeting, Board]) -> bytes:
    return meeting_calendar(
        entries,
        host=HOST,
        timezone_name=TIMEZONE,
        calendar_name="Sitzungen der Beiräte",
        meeting_url=lambda meeting_id: f"https://{HOST}/gremien/sitzungen/{meeting_id}",
    )


def only_event(ical: bytes):
    [event] = Calendar.from_ical(ical).walk("VEVENT")
    return event


def test_calendar_header_names_the_feed_and_its_time_zone():
    calendar = Calendar.from_ical(export((make_meeting(), make_board())))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Beteiligungsportal//Termine//DE"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Sitzungen der Beiräte"
    assert calendar["X-WR-TIMEZONE"] == TIMEZONE
    assert CALENDAR_CONTENT_TYPE == "text/calendar; charset=utf-8"


def test_one_event_per_meeting_with_a_stable_uid_and_link():
    board = make_board()
    ical = export((make_meeting(id=1), board), (make_meeting(id=2, name="Zweite Sitzung"), board))

    events = Calendar.from_ical(ical).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [f"meeting-1@{HOST}", f"meeting-2@{HOST}"]
    assert [str(event["URL"]) for event in events] == [
        f"https://{HOST}/gremien/sitzungen/1",
        f"https://{HOST}/gremien/sitzungen/2",
    ]
    assert str(events[1]["SUMMARY"]) == "Projektbeirat: Zweite Sitzung"


def test_start_and_end_are_local_wall_time_with_a_matching_vtimezone():
    ical = export((make_meeting(), make_board()))

    # 17:00 UTC in June is 19:00 summer time in Berlin.
    assert b"DTSTART;TZID=Europe/Berlin:20250612T190000\r\n" in ical
    assert b"DTEND;TZID=Europe/Berlin:20250612T213000\r\n" in ical
    calendar = Calendar.from_ical(ical)
    assert [str(timezone["TZID"]) for timezone in calendar.walk("VTIMEZONE")] == [TIMEZONE]
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime(2025, 6, 12, 17, 0, tzinfo=UTC)
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=2)


def test_winter_meeting_gets_standard_time():
    meeting = make_meeting(starts_at=datetime(2025, 1, 9, 17, 0, tzinfo=UTC), ends_at=None)

    event = only_event(export((meeting, make_board())))

    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2025, 1, 9, 18, 0)


def test_a_missing_end_becomes_start_plus_two_hours():
    event = only_event(export((make_meeting(ends_at=None), make_board())))

    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=2)
    assert event.decoded("DTEND").replace(tzinfo=None) == datetime(2025, 6, 12, 21, 0)


def test_a_planned_meeting_is_confirmed_and_public():
    event = only_event(export((make_meeting(), make_board())))

    assert event["STATUS"] == "CONFIRMED"
    assert event["CLASS"] == "PUBLIC"
    assert "DESCRIPTION" not in event


def test_a_cancelled_meeting_says_so_and_why():
    meeting = make_meeting(state=MeetingState.CANCELLED.value, cancel_reason="Der Saal ist wegen Renovierung gesperrt.")

    event = only_event(export((meeting, make_board())))

    assert event["STATUS"] == "CANCELLED"
    assert "Der Saal ist wegen Renovierung gesperrt." in str(event["DESCRIPTION"])


def test_a_non_public_meeting_is_private():
    event = only_event(export((make_meeting(is_public=False), make_board())))

    assert event["CLASS"] == "PRIVATE"


def test_the_online_link_is_in_location_and_description():
    meeting = make_meeting(online_url="https://konferenz.beispielstadt.example/projektbeirat")

    event = only_event(export((meeting, make_board())))

    assert str(event["LOCATION"]) == "Bürgerhaus, Großer Saal, https://konferenz.beispielstadt.example/projektbeirat"
    assert "https://konferenz.beispielstadt.example/projektbeirat" in str(event["DESCRIPTION"])


def test_umlauts_survive_as_utf8():
    ical = export((make_meeting(), make_board(name="Themenbeirat Grün & Straßen")))

    event = only_event(ical)
    assert str(event["SUMMARY"]) == "Themenbeirat Grün & Straßen: Sitzung im Bürgerhaus"
    assert str(event["LOCATION"]) == "Bürgerhaus, Großer Saal"
    assert "Bürgerhaus".encode() in ical


def test_dtstamp_is_the_last_change_so_unchanged_meetings_export_identically():
    meeting, board = make_meeting(), make_board()

    first, second = export((meeting, board)), export((meeting, board))

    assert first == second
    event = only_event(first)
    assert event.decoded("DTSTAMP") == meeting.updated_at
    assert event.decoded("LAST-MODIFIED") == meeting.updated_at
    assert event.decoded("CREATED") == meeting.created_at


def test_long_lines_are_folded_to_75_octets():
    long_name = "Beratung über die Neugestaltung des Marktplatzes und die Anbindung der Ortsteile " * 3
    ical = export((make_meeting(name=long_name.strip(), cancel_reason="Ä" * 200, state="cancelled"), make_board()))

    lines = ical.split(b"\r\n")
    assert any(line.startswith(b" ") for line in lines)  # something was long enough to fold
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character
    assert str(only_event(ical)["SUMMARY"]) == f"Projektbeirat: {long_name.strip()}"


def test_an_empty_feed_is_still_a_valid_calendar():
    calendar = Calendar.from_ical(export())

    assert calendar.walk("VEVENT") == []
    assert [str(timezone["TZID"]) for timezone in calendar.walk("VTIMEZONE")] == [TIMEZONE]
