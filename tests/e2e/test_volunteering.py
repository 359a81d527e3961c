"""Volunteering in a real browser: axe checks every page for visitors, volunteers and coordinators in both
languages, also with form errors; and the issue's "done when": a coordinator creates a project with two shifts,
residents fill one and its waitlist, a cancellation promotes the next person (mailed), the volunteer's calendar
feed parses, hours are confirmed and counted."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from sqlmodel import select

from participation.accounts.models import Role
from participation.accounts.services import create_user, find_user_by_email
from participation.db import get_session, utcnow
from participation.notifications.services import send_due_mail
from participation.volunteering.models import Project, ProjectStatus, Shift, SignUp, Task
from tests.e2e.helpers import DEMO_PASSWORD, LANGUAGES, sign_in, visit_all
from tests.e2e.test_accessibility import assert_accessible, in_language

pytestmark = pytest.mark.e2e

COORDINATOR_EMAIL = "partner@beispielstadt.example"  # Paula Partner runs the repair café
RESIDENT_EMAIL = "bewohnerin@beispielstadt.example"


@pytest.fixture(scope="module")
def demo(live_server) -> dict[str, int]:
    with live_server.app.app_context():
        db = get_session()
        café = db.exec(select(Project).where(Project.title == "Repair-Café in der Altstadt")).one()
        shift = db.exec(select(Shift).join(Task, Task.id == Shift.task_id)
                        .where(Task.project_id == café.id, Shift.starts_at > utcnow())
                        .order_by(Shift.starts_at)).first()
        finished = db.exec(select(Project).where(Project.status == ProjectStatus.FINISHED.value)).first()
        return {"café": café.id, "task": shift.task_id, "shift": shift.id, "finished": finished.id}


def public_pages(ids):
    return [("/volunteer/", 200), ("/volunteer/?free_slots=y&skill=Elektrik", 200),
            (f"/volunteer/projects/{ids['café']}", 200), (f"/volunteer/projects/{ids['finished']}", 200)]


def coordinator_pages(ids):
    return [(f"/volunteer/projects/{ids['café']}", 200), ("/volunteer/projects/new", 200),
            (f"/volunteer/projects/{ids['café']}/edit", 200), (f"/volunteer/projects/{ids['café']}/tasks/new", 200),
            (f"/volunteer/tasks/{ids['task']}/edit", 200), (f"/volunteer/tasks/{ids['task']}/shifts/new", 200),
            (f"/volunteer/shifts/{ids['shift']}/edit", 200), (f"/volunteer/shifts/{ids['shift']}/call-off", 200),
            (f"/volunteer/shifts/{ids['shift']}/people", 200)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_volunteer_pages_for_visitors(signed_in, demo, lang):
    visit_all(signed_in("", lang), public_pages(demo), lang, "visitor")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_volunteer_pages_for_a_resident(signed_in, demo, lang):
    visit_all(signed_in(RESIDENT_EMAIL, lang), [*public_pages(demo), ("/volunteer/my-shifts", 200)], lang,
              "resident")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_volunteer_pages_for_a_coordinator(signed_in, demo, lang):
    visit_all(signed_in(COORDINATOR_EMAIL, lang), coordinator_pages(demo), lang, "coordinator")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_shift_that_ends_before_it_starts_is_shown_with_its_error(signed_in, demo, lang):
    page = signed_in(COORDINATOR_EMAIL, lang)
    page.goto(in_language(f"/volunteer/tasks/{demo['task']}/shifts/new", lang))
    page.fill("#date", (utcnow() + timedelta(days=20)).date().isoformat())
    page.fill("#start_time", "14:00")
    page.fill("#end_time", "12:00")
    page.fill("#slots", "3")
    with page.expect_response(lambda r: r.request.method == "POST") as submitted:
        page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert submitted.value.status == 422
    expect(page.locator(".error-summary[role=alert]")).to_be_visible()
    expect(page.locator("#end_time")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"shift form with errors [{lang}]")


def test_my_shifts_with_a_new_calendar_address(make_page, demo):
    page = make_page(locale="en-GB")
    sign_in(page, RESIDENT_EMAIL, DEMO_PASSWORD)
    page.goto("/volunteer/my-shifts")
    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.locator("#feed-url")).to_be_visible()
    assert_accessible(page, "my shifts with the new calendar address")


def test_a_project_from_creation_to_confirmed_hours(make_page, live_server, mailbox):
    """The issue's "done when", tried as a new coordinator would."""
    with live_server.app.app_context():
        db = get_session()
        coordinator = create_user(db, email="neue-koordination@example.org", display_name="Nora Neu",
                                  password=DEMO_PASSWORD, roles={Role.PARTNER_COORDINATOR}, verified=True)
        residents = [create_user(db, email=f"helfende-{number}@example.org", display_name=f"Helfende {number}",
                                 password=DEMO_PASSWORD, roles={Role.RESIDENT}, verified=True) for number in range(4)]
        db.commit()
        emails = [resident.email for resident in residents]

    page = make_page(locale="en-GB")
    sign_in(page, coordinator.email, DEMO_PASSWORD)
    page.locator("nav.main-nav a[href='/volunteer/']").click()
    page.get_by_role("link", name="Start a project").click()
    page.fill("#title", "Apfelernte auf der Streuobstwiese")
    page.fill("#description", "Wir ernten Äpfel für den **Dorfsaft**.")
    page.get_by_label("Wiesenthal").check()
    page.select_option("#status", "active")
    page.get_by_role("button", name="Create project").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.get_by_role("link", name="Add a task").click()
    page.fill("#title", "Äpfel pflücken")
    page.fill("#place", "Streuobstwiese am Storchenhof")
    page.get_by_role("button", name="Save task").click()
    day = (utcnow() + timedelta(days=10)).date().isoformat()
    for start, end, slots in (("09:00", "12:00", "2"), ("13:00", "16:00", "5")):
        page.fill("#date", day)
        page.fill("#start_time", start)
        page.fill("#end_time", end)
        page.fill("#slots", slots)
        page.get_by_role("button", name="Save shift").click()
        expect(page.locator(".flash-success")).to_be_visible()
        if slots == "2":
            page.get_by_role("link", name="Add a shift").click()
    project_url = page.url.split("#")[0]
    assert_accessible(page, "the new project, by its coordinator")

    volunteers = []
    for email in emails[:3]:
        volunteer = make_page(locale="en-GB")
        sign_in(volunteer, email, DEMO_PASSWORD)
        volunteer.goto(project_url)
        volunteer.locator(".shift").first.get_by_role("button").first.click()
        expect(volunteer.locator(".flash-success")).to_be_visible()
        volunteers.append(volunteer)
    expect(volunteers[2].locator(".flash-success")).to_contain_text("number 1 on the waitlist")
    expect(volunteers[2].locator(".shift").first).to_contain_text("Full")

    volunteers[0].get_by_role("link", name="My shifts").click()
    volunteers[0].get_by_role("button", name="Cancel my place").click()
    expect(volunteers[0].locator(".flash-success")).to_contain_text("You have cancelled")
    with live_server.app.app_context():
        send_due_mail(live_server.app.extensions["database"], utcnow())
    [promotion] = mailbox.to(emails[2])
    assert "Äpfel pflücken" in mailbox.subject(promotion)

    promoted = volunteers[2]
    promoted.get_by_role("link", name="My shifts").click()
    expect(promoted.locator("main")).to_contain_text("You have a place.")
    promoted.get_by_role("button", name="Make my calendar address").click()
    feed = promoted.locator("#feed-url").input_value()
    calendar = Calendar.from_ical(promoted.request.get(feed).body())
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == [
        "Apfelernte auf der Streuobstwiese: Äpfel pflücken"]

    with live_server.app.app_context():  # the day of the harvest has come and gone
        db = get_session()
        project = db.exec(select(Project).where(Project.title == "Apfelernte auf der Streuobstwiese")).one()
        shift = db.exec(select(Shift).join(Task, Task.id == Shift.task_id).where(Task.project_id == project.id)
                        .order_by(Shift.starts_at)).first()
        shift.starts_at, shift.ends_at = utcnow() - timedelta(hours=5), utcnow() - timedelta(hours=2)
        db.add(shift)
        db.commit()
        shift_id = shift.id
    page.goto(f"/volunteer/shifts/{shift_id}/people")
    page.get_by_label("Helfende 1 came").check()
    page.get_by_label("Helfende 2 came").check()
    page.get_by_label("Hours of Helfende 2").fill("2.5")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert_accessible(page, "attendance confirmed")
    promoted.goto("/volunteer/my-shifts")
    expect(promoted.locator(".lead")).to_contain_text("2.5 hours")
    with live_server.app.app_context():
        db = get_session()
        hours = {entry.user_id: entry.hours for entry in db.exec(select(SignUp).where(SignUp.shift_id == shift_id))}
        assert hours[find_user_by_email(db, emails[1]).id] == 3.0
        assert hours[find_user_by_email(db, emails[2]).id] == 2.5
