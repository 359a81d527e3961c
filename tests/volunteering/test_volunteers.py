"""Residents sign up and cancel through the pages; a full shift has a waitlist, a cancellation promotes the next
person (who is mailed), "my shifts" lists everything with calendar files and a personal calendar feed."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlmodel import select

from participation.accounts.models import Role
from participation.db import utcnow
from participation.volunteering.models import Shift, SignUp
from tests.volunteering.conftest import soon

EN = {"Accept-Language": "en"}


def _sign_up(browser, context):
    # The token from "my shifts": the project's page rightly offers no button where signing up is refused.
    return browser.submit(f"/volunteer/shifts/{context.shift.id}/sign-up", {}, form_page="/volunteer/my-shifts",
                          headers=EN)


def _withdraw(browser, context):
    return browser.submit(f"/volunteer/shifts/{context.shift.id}/withdraw", {}, form_page="/volunteer/my-shifts",
                          headers=EN)


def _flash(browser, response) -> str:
    return browser.get(response.headers["Location"], headers=EN).get_data(as_text=True)


def test_the_full_journey_sign_up_waitlist_cancel_and_move_up(db, signed_in, make_user, make_shift, mailbox,
                                                              runner):
    context = make_shift(slots=2)
    people = [make_user(name=f"Helfer {number}") for number in range(4)]
    browsers = [signed_in(person) for person in people]
    pages = [_flash(browser, _sign_up(browser, context)) for browser, person in zip(browsers, people)]
    assert "You have signed up for this shift" in pages[0] and "You have signed up for this shift" in pages[1]
    assert "You are number 1 on the waitlist" in pages[2] and "number 2 on the waitlist" in pages[3]

    page = _flash(browsers[0], _withdraw(browsers[0], context))
    assert "You have cancelled" in page
    runner.invoke(args=["send-mail"])
    [mail] = mailbox.to(people[2].email)
    assert "Repair-Café: Geräte annehmen" in mailbox.subject(mail)
    assert any(part.get_filename() == f"shift-{context.shift.id}.ics" for part in mail.walk())
    assert mailbox.to(people[3].email) == []
    mine = browsers[2].get("/volunteer/my-shifts", headers=EN).get_data(as_text=True)
    assert "You have a place." in mine
    still_waiting = browsers[3].get("/volunteer/my-shifts", headers=EN).get_data(as_text=True)
    assert "You are number 2 on the waitlist" in still_waiting
    db.refresh(context.shift)
    assert context.shift.taken == 2


def test_signing_up_twice_is_refused_with_a_message(db, signed_in, make_user, make_shift):
    context = make_shift()
    browser = signed_in(make_user())
    _sign_up(browser, context)
    assert "already signed up" in _flash(browser, _sign_up(browser, context))
    assert len(db.exec(select(SignUp)).all()) == 1


def test_a_cancelled_shift_takes_no_sign_ups_and_its_people_are_told(db, signed_in, make_user, make_shift,
                                                                       coordinator, mailbox, runner):
    context = make_shift()
    volunteer = make_user()
    _sign_up(signed_in(volunteer), context)
    response = signed_in(coordinator).submit(f"/volunteer/shifts/{context.shift.id}/call-off",
                                             {"reason": "Sturmwarnung"}, headers=EN)
    assert response.status_code == 302
    runner.invoke(args=["send-mail"])
    [mail] = mailbox.to(volunteer.email)
    assert "Sturmwarnung" in mailbox.body(mail)
    latecomer = signed_in(make_user())
    assert "has been cancelled" in _flash(latecomer, _sign_up(latecomer, context))
    assert db.exec(select(SignUp).where(SignUp.user_id != volunteer.id)).all() == []


def test_cancelling_after_the_cut_off_is_refused(db, signed_in, make_user, make_shift):
    context = make_shift(starts_at=soon(days=0.5) + timedelta(hours=2), cutoff=24)
    browser = signed_in(make_user())
    _sign_up(browser, context)
    assert "too late to cancel" in _flash(browser, _withdraw(browser, context))
    assert db.exec(select(SignUp)).one().state == "signed_up"


def test_a_past_shift_takes_no_sign_ups(db, signed_in, make_user, make_shift):
    context = make_shift()
    context.shift.starts_at, context.shift.ends_at = utcnow() - timedelta(hours=3), utcnow() - timedelta(hours=1)
    db.add(context.shift)
    db.commit()
    browser = signed_in(make_user())
    assert "already begun" in _flash(browser, _sign_up(browser, context))


def test_sign_up_needs_an_account_and_a_token(db, signed_in, make_user, make_shift, client):
    context = make_shift()
    visitor = signed_in(None)
    response = visitor.client.post(f"/volunteer/shifts/{context.shift.id}/sign-up")
    assert response.status_code in (302, 400) and "/auth/login" in response.headers.get("Location", "/auth/login")
    browser = signed_in(make_user())
    assert browser.client.post(f"/volunteer/shifts/{context.shift.id}/sign-up").status_code == 400
    assert db.exec(select(SignUp)).all() == []


def test_nobody_cancels_for_someone_else(db, signed_in, make_user, make_shift):
    context = make_shift()
    owner = make_user()
    _sign_up(signed_in(owner), context)
    response = signed_in(make_user()).submit(f"/volunteer/shifts/{context.shift.id}/withdraw", {},
                                             form_page="/volunteer/my-shifts")
    assert response.status_code == 404
    assert db.exec(select(SignUp)).one().state == "signed_up"


def test_a_shift_as_a_calendar_file(db, client, make_shift):
    context = make_shift()
    response = client.get(f"/volunteer/shifts/{context.shift.id}.ics")
    assert response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(event["summary"]) == "Repair-Café: Geräte annehmen"
    assert event.decoded("dtstart") == context.shift.starts_at
    assert str(event["location"]) == "Dorfgemeinschaftshaus"


def test_the_personal_calendar_feed_is_secret_and_revocable(db, signed_in, make_user, make_shift):
    mine, other = make_shift(), make_shift(task_title="Kaffee kochen", starts_at=soon(9))
    volunteer = make_user()
    browser = signed_in(volunteer)
    _sign_up(browser, mine)
    response = browser.submit("/volunteer/my-shifts/calendar", {}, form_page="/volunteer/my-shifts")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    feed = html.split('id="feed-url" class="feed-url" type="text" readonly value="')[1].split('"')[0]
    path = feed.split("://", 1)[1].split("/", 1)[1]
    calendar = Calendar.from_ical(signed_in(None).get(f"/{path}").data)
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == ["Repair-Café: Geräte annehmen"]
    assert feed not in browser.get("/volunteer/my-shifts").get_data(as_text=True)  # shown once only

    browser.submit("/volunteer/my-shifts/calendar/revoke", {}, form_page="/volunteer/my-shifts")
    assert signed_in(None).get(f"/{path}").status_code == 404
    assert signed_in(None).get("/volunteer/calendar/not-a-token.ics").status_code == 404
    assert other.task.title not in str(calendar.to_ical())


def test_a_new_calendar_address_replaces_the_old_one(db, signed_in, make_user):
    browser = signed_in(make_user())

    def new_feed_path():
        html = browser.submit("/volunteer/my-shifts/calendar", {}, form_page="/volunteer/my-shifts").get_data(
            as_text=True)
        return "/" + html.split('readonly value="')[1].split('"')[0].split("://", 1)[1].split("/", 1)[1]

    first, second = new_feed_path(), new_feed_path()
    assert browser.get(first).status_code == 404 and browser.get(second).status_code == 200


def test_public_shifts_appear_in_the_portal_calendar(db, client, make_shift):
    make_shift(task_title="Öffentlicher Einsatz")
    make_shift(task_title="Interne Vorbereitung", is_public=False, starts_at=soon(8))
    summaries = [str(event["summary"]) for event in Calendar.from_ical(client.get("/calendar.ics").data).walk("VEVENT")]
    assert summaries == ["Repair-Café: Öffentlicher Einsatz"]


@pytest.mark.parametrize("hours, accepted", [("2.5", True), ("30", False)])
def test_coordinators_confirm_attendance_and_hours_are_counted(db, app, signed_in, make_user, make_shift,
                                                               coordinator, hours, accepted):
    context = make_shift(slots=3, hours=3)
    came, missed = make_user(), make_user()
    for person in (came, missed):
        _sign_up(signed_in(person), context)
    browser = signed_in(coordinator)
    early = browser.get(f"/volunteer/shifts/{context.shift.id}/people", headers=EN).get_data(as_text=True)
    assert "once the shift has begun" in early
    shift = db.get(Shift, context.shift.id)
    shift.starts_at, shift.ends_at = utcnow() - timedelta(hours=4), utcnow() - timedelta(hours=1)
    db.add(shift)
    db.commit()
    entries = {entry.user_id: entry.id for entry in db.exec(select(SignUp))}
    response = browser.submit(f"/volunteer/shifts/{context.shift.id}/people", {
        "entries-0-sign_up_id": str(entries[came.id]), "entries-0-attended": "y", "entries-0-hours": hours,
        "entries-1-sign_up_id": str(entries[missed.id]), "entries-1-hours": ""}, headers=EN)
    total = signed_in(came).get("/volunteer/my-shifts", headers=EN).get_data(as_text=True)
    if accepted:
        assert response.status_code == 302
        assert "confirmed 2.5 hours of your volunteering" in total
        assert "not attended" in signed_in(missed).get("/volunteer/my-shifts", headers=EN).get_data(as_text=True)
    else:
        assert response.status_code == 422
        assert "between 0.25 and 24 hours" in response.get_data(as_text=True)
        assert "not confirmed yet" in total and "hours of your volunteering" not in total


def test_confirming_someone_of_another_shift_is_refused(db, signed_in, make_user, make_shift, coordinator):
    context, other = make_shift(), make_shift(task_title="Anderer Einsatz")
    person = make_user()
    _sign_up(signed_in(person), other)
    for shift_id in (context.shift.id,):
        shift = db.get(Shift, shift_id)
        shift.starts_at, shift.ends_at = utcnow() - timedelta(hours=4), utcnow() - timedelta(hours=1)
        db.add(shift)
    db.commit()
    foreign = db.exec(select(SignUp)).one()
    response = signed_in(coordinator).submit(f"/volunteer/shifts/{context.shift.id}/people", {
        "entries-0-sign_up_id": str(foreign.id), "entries-0-attended": "y", "entries-0-hours": "3"},
        form_page="/volunteer/my-shifts", headers=EN)
    assert response.status_code == 422
    db.refresh(foreign)
    assert foreign.attended is None


def test_confirmed_hours_are_counted_per_district_and_year(db, app, signed_in, make_user, make_shift, coordinator,
                                                           districts):
    context = make_shift(slots=2, hours=3)
    people = [make_user(), make_user()]
    for person in people:
        _sign_up(signed_in(person), context)
    shift = db.get(Shift, context.shift.id)
    shift.starts_at, shift.ends_at = utcnow() - timedelta(hours=4), utcnow() - timedelta(hours=1)
    db.add(shift)
    db.commit()
    entries = [entry.id for entry in db.exec(select(SignUp).order_by(SignUp.id))]
    signed_in(coordinator).submit(f"/volunteer/shifts/{context.shift.id}/people", {
        "entries-0-sign_up_id": str(entries[0]), "entries-0-attended": "y", "entries-0-hours": "",
        "entries-1-sign_up_id": str(entries[1]), "entries-1-attended": "y", "entries-1-hours": "1.5"})
    year = shift.starts_at.astimezone(ZoneInfo("Europe/Berlin")).year
    row = f'<tr><th scope="row">{year}</th><td>4.5</td><td>2</td></tr>'
    assert row in signed_in(None).get(f"/volunteer/?district={districts[0].id}").get_data(as_text=True)
    assert row not in signed_in(None).get(f"/volunteer/?district={districts[1].id}").get_data(as_text=True)
    staff_view = signed_in(make_user(Role.STAFF)).get(f"/my-district/{districts[0].id}").get_data(as_text=True)
    assert row in staff_view
