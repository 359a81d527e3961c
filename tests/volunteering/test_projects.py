"""Coordinators start projects, add tasks and shifts; bad input is refused at its field and writes nothing;
the list filters by district, date, skill and free places."""

import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlmodel import func, select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.volunteering.models import PartnerOrganisation, Project, ProjectCoordinator, Shift, Task
from participation.volunteering.queries import district_ids
from tests.volunteering.conftest import soon

BERLIN = ZoneInfo("Europe/Berlin")


def _shift_form(starts_at, hours=3, slots=2, **extra):
    local = starts_at.astimezone(BERLIN)
    return {"date": local.date().isoformat(), "start_time": local.strftime("%H:%M"),
            "end_time": (local + timedelta(hours=hours)).strftime("%H:%M"), "slots": str(slots),
            "cancel_cutoff_hours": "24", "is_public": "y", **extra}


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 20)).save(output, format="PNG")
    return output.getvalue()


def test_a_coordinator_creates_a_project_with_a_task_and_two_shifts(db, signed_in, coordinator, districts):
    browser = signed_in(coordinator)
    response = browser.submit("/volunteer/projects/new", {
        "title": "Repair-Café im Dorfgemeinschaftshaus", "description": "Wir **reparieren** gemeinsam.",
        "districts": [str(districts[0].id)], "status": "active", "partner": "0", "measure": "0",
        "image": (io.BytesIO(_png()), "foto.png")}, content_type="multipart/form-data")
    assert response.status_code == 302
    project = db.exec(select(Project)).one()
    assert project.image_content_type == "image/png"
    assert db.get(ProjectCoordinator, (project.id, coordinator.id)) is not None

    response = browser.submit(f"/volunteer/projects/{project.id}/tasks/new", {
        "title": "Geräte annehmen", "place": "Dorfgemeinschaftshaus", "skills": "Organisation, Elektrik"})
    task = db.exec(select(Task)).one()
    assert response.headers["Location"].endswith(f"/volunteer/tasks/{task.id}/shifts/new")
    assert task.skills == "Organisation, Elektrik"
    for days in (7, 14):
        response = browser.submit(f"/volunteer/tasks/{task.id}/shifts/new", _shift_form(soon(days)))
        assert response.status_code == 302
    page = browser.get(f"/volunteer/projects/{project.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Repair-Café im Dorfgemeinschaftshaus" in page and "<strong>reparieren</strong>" in page
    assert page.count("2 places free") == 2
    assert browser.get(f"/volunteer/projects/{project.id}/image").mimetype == "image/png"
    assert db.exec(select(AuditEntry.action)).all() == ["project.created"]


@pytest.mark.parametrize("case, field_name, message", [
    ("end before start", "end_time", "must end after it starts"),
    ("in the past", "date", "must start in the future"),
    ("no places", "slots", "from 1 to 500"),
])
def test_bad_shifts_are_refused_at_their_field(db, signed_in, coordinator, make_shift, case, field_name, message):
    context = make_shift()
    browser = signed_in(coordinator)
    data = _shift_form(soon(10))
    if case == "end before start":
        data["end_time"] = "08:00"
        data["start_time"] = "09:00"
    elif case == "in the past":
        data = _shift_form(soon(-2))
    else:
        data["slots"] = "0"
    before = db.exec(select(func.count()).select_from(Shift)).one()
    response = browser.submit(f"/volunteer/tasks/{context.task.id}/shifts/new", data,
                              headers={"Accept-Language": "en"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field_name}-error"' in html and message in html
    assert db.exec(select(func.count()).select_from(Shift)).one() == before


def test_fewer_places_than_people_signed_up_is_refused(db, app, signed_in, coordinator, make_shift, make_user):
    context = make_shift(slots=3)
    people = [make_user() for _ in range(2)]
    for person in people:
        assert signed_in(person).submit(f"/volunteer/shifts/{context.shift.id}/sign-up", {},
                                        form_page=f"/volunteer/projects/{context.project.id}").status_code == 303
    browser = signed_in(coordinator)
    response = browser.submit(f"/volunteer/shifts/{context.shift.id}/edit",
                              _shift_form(context.shift.starts_at, slots=1), headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "2 people have already signed up" in response.get_data(as_text=True)
    db.refresh(context.shift)
    assert context.shift.slots == 3


def test_more_places_go_to_those_waiting(db, signed_in, coordinator, make_shift, make_user, mailbox, runner):
    context = make_shift(slots=1)
    first, second = make_user(), make_user()
    for person in (first, second):
        signed_in(person).submit(f"/volunteer/shifts/{context.shift.id}/sign-up", {},
                                 form_page=f"/volunteer/projects/{context.project.id}")
    response = signed_in(coordinator).submit(f"/volunteer/shifts/{context.shift.id}/edit",
                                             _shift_form(context.shift.starts_at, slots=2))
    assert response.status_code == 302
    runner.invoke(args=["send-mail"])
    assert len(mailbox.to(second.email)) == 1
    assert "Repair-Café: Geräte annehmen" in mailbox.subject(mailbox.to(second.email)[0])


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.STAFF, Role.PARTNER_COORDINATOR])
def test_only_the_projects_coordinators_change_it(db, signed_in, make_user, make_shift, role):
    context = make_shift()
    outsider = make_user(role) if role else make_user()
    browser = signed_in(outsider)
    for path in (f"/volunteer/projects/{context.project.id}/edit",
                 f"/volunteer/projects/{context.project.id}/tasks/new",
                 f"/volunteer/tasks/{context.task.id}/edit",
                 f"/volunteer/tasks/{context.task.id}/shifts/new",
                 f"/volunteer/shifts/{context.shift.id}/edit",
                 f"/volunteer/shifts/{context.shift.id}/call-off",
                 f"/volunteer/shifts/{context.shift.id}/people"):
        assert browser.get(path).status_code == 403, path


def test_residents_cannot_start_projects_and_visitors_are_asked_to_sign_in(signed_in, make_user, districts):
    assert signed_in(make_user()).get("/volunteer/projects/new").status_code == 403
    assert signed_in(None).get("/volunteer/projects/new").status_code == 302


def test_a_partner_coordinator_runs_projects_only_for_their_own_organisation(db, signed_in, coordinator,
                                                                             districts):
    other = PartnerOrganisation(name="Heimatverein")
    db.add(other)
    db.commit()
    response = signed_in(coordinator).submit("/volunteer/projects/new", {
        "title": "Heimatfest vorbereiten", "description": "Zelte aufbauen.", "districts": [str(districts[0].id)],
        "status": "planning", "partner": str(other.id), "measure": "0"}, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "organisations you belong to" in response.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(Project)).one() == 0


def test_a_project_image_that_is_not_an_image_is_refused(db, signed_in, coordinator, districts):
    response = signed_in(coordinator).submit("/volunteer/projects/new", {
        "title": "Repair-Café", "description": "Wir reparieren.", "districts": [str(districts[0].id)],
        "status": "active", "partner": "0", "measure": "0",
        "image": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "foto.png")},
        content_type="multipart/form-data", headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert "not a JPEG, PNG or WebP image" in response.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(Project)).one() == 0


def test_the_list_filters_by_district_date_skill_and_free_places(db, signed_in, make_shift, make_user):
    full = make_shift(slots=1, title="Dorfladen Seedorf", task_title="Verkauf", skills="Kasse",
                      starts_at=soon(3))
    make_shift(slots=5, title="Bachputzaktion Altstadt", task_title="Müll sammeln", district=1,
               starts_at=soon(30))
    signed_in(make_user()).submit(f"/volunteer/shifts/{full.shift.id}/sign-up", {},
                                  form_page=f"/volunteer/projects/{full.project.id}")
    visitor = signed_in(None)

    def titles(query: str) -> set[str]:
        html = visitor.get(f"/volunteer/?{query}").get_data(as_text=True)
        return {title for title in ("Dorfladen Seedorf", "Bachputzaktion Altstadt") if title in html}

    assert titles("") == {"Dorfladen Seedorf", "Bachputzaktion Altstadt"}
    assert titles(f"district={district_ids(db, full.project.id)[0]}") == {"Dorfladen Seedorf"}
    assert titles("skill=Kasse") == {"Dorfladen Seedorf"}
    assert titles("free_slots=y") == {"Bachputzaktion Altstadt"}
    in_two_weeks = soon(14).astimezone(BERLIN).date().isoformat()
    assert titles(f"date_from={in_two_weeks}") == {"Bachputzaktion Altstadt"}
    assert titles(f"date_until={in_two_weeks}") == {"Dorfladen Seedorf"}
    assert titles("district=nonsense&date_from=yesterday&skill=%3Cscript%3E") == titles("")
