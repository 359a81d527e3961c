"""A board's chair or secretary plans, changes and cancels meetings; everyone sees and subscribes to the public
ones; non-public meetings stay with the board's members and the administration on every route."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.boards.models import Meeting, MeetingState, MemberRole
from participation.boards.services import quarterly_dates
from tests.conftest import Browser

BERLIN = ZoneInfo("Europe/Berlin")
NEXT_YEAR = datetime.now(BERLIN).year + 1


def meetings_of(db, board) -> list[Meeting]:
    db.expire_all()
    return list(db.exec(select(Meeting).where(Meeting.board_id == board.id).order_by(Meeting.starts_at)))


def meeting_form(**changes) -> dict:
    data = {"name": "Sondersitzung Haushalt", "day": f"{NEXT_YEAR}-03-10", "start_time": "18:30",
            "end_time": "20:00", "location": "Rathaus, Ratssaal", "online_url": "", "is_public": "y"}
    data.update(changes)
    return data


@pytest.mark.parametrize(("role", "is_secretary"), [(MemberRole.CHAIR, False), (MemberRole.DEPUTY_CHAIR, False),
                                                    (MemberRole.MEMBER, True)])
def test_chair_and_secretary_plan_a_meeting_in_local_time(app, browser, db, board, seat, role, is_secretary):
    user = seat(role, is_secretary=is_secretary)
    browser.sign_in(user.email)
    response = browser.submit(f"/boards/{board.id}/meetings/new", meeting_form())
    [meeting] = meetings_of(db, board)
    assert response.status_code == 302 and response.headers["Location"] == f"/meetings/{meeting.id}"
    assert meeting.starts_at == datetime(NEXT_YEAR, 3, 10, 18, 30, tzinfo=BERLIN)
    assert meeting.ends_at == datetime(NEXT_YEAR, 3, 10, 20, 0, tzinfo=BERLIN)
    assert meeting.state == MeetingState.PLANNED.value
    assert db.exec(select(AuditEntry.action).where(AuditEntry.object_type == "meeting")).all() == ["meeting.created"]
    page = Browser(app.test_client()).get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "Sondersitzung Haushalt" in page and "6:30" in page and "Rathaus, Ratssaal" in page


@pytest.mark.parametrize(("seat_role", "account_roles"), [
    (MemberRole.MEMBER, (Role.RESIDENT,)), (MemberRole.GUEST, (Role.RESIDENT,)),
    (MemberRole.ADMINISTRATION, (Role.STAFF,)), (None, (Role.STAFF,)), (None, (Role.MODERATOR,))])
def test_others_may_not_run_the_boards_meetings(app, db, board, seat, make_user, make_meeting, seat_role,
                                                account_roles):
    meeting = make_meeting()
    user = seat(seat_role, account_roles=account_roles) if seat_role else make_user(*account_roles)
    other = Browser(app.test_client())
    other.sign_in(user.email)
    for path in (f"/boards/{board.id}/meetings/new", f"/boards/{board.id}/plan", f"/meetings/{meeting.id}/edit",
                 f"/meetings/{meeting.id}/cancel"):
        assert other.get(path).status_code == 403, path
    assert other.submit(f"/boards/{board.id}/meetings/new", meeting_form(),
                        form_page="/ideas/new").status_code == 403
    assert len(meetings_of(db, board)) == 1


def test_an_admin_without_a_seat_may_run_meetings(browser, sign_in_as, board, db):
    sign_in_as(Role.ADMIN)
    assert browser.submit(f"/boards/{board.id}/meetings/new", meeting_form()).status_code == 302


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"end_time": "17:00"}, "end_time", "The meeting must end after it begins."),
    ({"location": "", "online_url": ""}, "location", "Please say where the meeting takes place"),
    ({"online_url": "javascript:alert(1)"}, "online_url", "Please enter a full web address"),
    ({"day": "31.02."}, "day", "Please enter the date of the meeting."),
    ({"name": ""}, "name", "Please name the meeting."),
])
def test_a_meeting_with_bad_input_is_refused_at_the_field(browser, db, board, seat, changes, field, message):
    browser.sign_in(seat(MemberRole.CHAIR).email)
    response = browser.submit(f"/boards/{board.id}/meetings/new?lang=en", meeting_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-error"' in page and message in page
    assert meetings_of(db, board) == []


def test_plan_the_year_creates_four_quarterly_meetings_and_then_refuses(browser, db, board, seat):
    browser.sign_in(seat(MemberRole.MEMBER, is_secretary=True).email)
    response = browser.submit(f"/boards/{board.id}/plan?lang=en",
                              {"year": str(NEXT_YEAR), "start_time": "18:00", "location": ""})
    assert response.status_code == 302
    planned = meetings_of(db, board)
    assert [meeting.starts_at.astimezone(BERLIN).replace(tzinfo=None) for meeting in planned] == [
        datetime.combine(day, time(18, 0)) for day in quarterly_dates(NEXT_YEAR)]
    assert all(meeting.location == "Rathaus, Ratssaal" and meeting.is_public for meeting in planned)
    assert [meeting.name for meeting in planned][0] == f"1. quarterly meeting {NEXT_YEAR}"
    again = browser.submit(f"/boards/{board.id}/plan?lang=en", {"year": str(NEXT_YEAR), "start_time": "18:00"})
    assert again.status_code == 422 and "already has a meeting" in again.get_data(as_text=True)
    assert len(meetings_of(db, board)) == 4


def test_plan_the_year_leaves_out_quarters_that_have_a_meeting(browser, db, board, seat, make_meeting):
    existing = make_meeting(name="Frühjahrssitzung")
    existing.starts_at = datetime(NEXT_YEAR, 4, 20, 16, 0, tzinfo=UTC)
    existing.ends_at = datetime(NEXT_YEAR, 4, 20, 18, 0, tzinfo=UTC)
    db.add(existing)
    db.commit()
    browser.sign_in(seat(MemberRole.CHAIR).email)
    browser.submit(f"/boards/{board.id}/plan", {"year": str(NEXT_YEAR), "start_time": "19:00"})
    months = [meeting.starts_at.astimezone(BERLIN).month for meeting in meetings_of(db, board)]
    assert months == [2, 4, 8, 11]


def test_second_tuesdays_of_the_quarters_middle_months():
    assert quarterly_dates(2027) == [date(2027, 2, 9), date(2027, 5, 11), date(2027, 8, 10), date(2027, 11, 9)]


def test_a_cancelled_meeting_shows_its_reason_and_can_no_longer_be_changed(app, browser, db, board, seat,
                                                                         make_meeting):
    meeting = make_meeting()
    browser.sign_in(seat(MemberRole.CHAIR).email)
    without_reason = browser.submit(f"/meetings/{meeting.id}/cancel?lang=en", {"reason": ""})
    assert without_reason.status_code == 422 and 'id="reason-error"' in without_reason.get_data(as_text=True)
    response = browser.submit(f"/meetings/{meeting.id}/cancel", {"reason": "Der Saal ist belegt."})
    assert response.status_code == 302
    page = Browser(app.test_client()).get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "This meeting has been cancelled." in page and "Der Saal ist belegt." in page
    edit = browser.submit(f"/meetings/{meeting.id}/edit?lang=en", meeting_form())
    assert edit.status_code == 422 and "can no longer be changed" in edit.get_data(as_text=True)
    again = browser.submit(f"/meetings/{meeting.id}/cancel?lang=en", {"reason": "Nochmal"})
    assert again.status_code == 422
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "meeting.cancelled")).one()
    assert entry.reason == "Der Saal ist belegt." and entry.after == {"state": "cancelled"}


def test_editing_a_meeting_is_audited_with_what_changed(browser, db, board, seat, make_meeting):
    meeting = make_meeting()
    browser.sign_in(seat(MemberRole.CHAIR).email)
    response = browser.submit(f"/meetings/{meeting.id}/edit", meeting_form(name="1. Quartalssitzung",
                                                                           location="Bürgerhaus Seedorf"))
    assert response.status_code == 302
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "meeting.changed")).one()
    assert entry.after["location"] == "Bürgerhaus Seedorf" and "name" not in entry.after


def test_a_non_public_meeting_stays_with_members_and_staff_on_every_route(app, db, board, seat, make_user,
                                                                          make_meeting):
    public = make_meeting(name="Öffentliche Sitzung")
    internal = make_meeting(name="Klausurtagung", days_ahead=40, is_public=False)
    visitor = Browser(app.test_client())
    resident = Browser(app.test_client())
    resident.sign_in(make_user(Role.RESIDENT).email)
    for outsider in (visitor, resident):
        assert outsider.get(f"/meetings/{internal.id}").status_code == 404
        assert outsider.get(f"/meetings/{internal.id}.ics").status_code == 404
        assert "Klausurtagung" not in outsider.get(f"/boards/{board.id}").get_data(as_text=True)
        calendar = outsider.get("/calendar.ics").get_data(as_text=True)
        assert "Öffentliche Sitzung" in calendar and "Klausurtagung" not in calendar
    for insider_user in (seat(MemberRole.MEMBER), make_user(Role.STAFF)):
        insider = Browser(app.test_client())
        insider.sign_in(insider_user.email)
        assert insider.get(f"/meetings/{internal.id}").status_code == 200
        assert "Klausurtagung" in insider.get(f"/boards/{board.id}").get_data(as_text=True)
        assert insider.get(f"/meetings/{internal.id}.ics").status_code == 200
    assert public.id != internal.id


def test_meeting_ics_is_a_calendar_file_with_a_stable_uid(client, board, make_meeting):
    meeting = make_meeting(name="Quartalssitzung im Bürgerhaus")
    response = client.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.id}@127.0.0.1"
    assert str(event["SUMMARY"]) == "Projektbeirat: Quartalssitzung im Bürgerhaus"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert client.get(f"/meetings/{meeting.id}.ics").data == response.data


def test_the_board_page_separates_upcoming_and_past_meetings(client, board, make_meeting):
    make_meeting(name="Kommende Sitzung", days_ahead=10)
    make_meeting(name="Vergangene Sitzung", days_ahead=-80)
    page = client.get(f"/boards/{board.id}?lang=en").get_data(as_text=True)
    upcoming, past = page.split('id="past-title"')
    assert "Kommende Sitzung" in upcoming and "Vergangene Sitzung" in past and "Vergangene Sitzung" not in upcoming
