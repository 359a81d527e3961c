"""Staff create and edit measures; the two mandatory fields are enforced by the form and by the service."""

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.measures.models import Measure, MeasureStatus
from participation.measures.services import MeasureDraft, Refused, create_measure, edit_measure
from tests.conftest import csrf_token_from
from tests.measures.conftest import CONTRIBUTION, measure_form


def test_staff_creates_a_measure_as_a_draft_that_only_staff_see(db, browser, client, sign_in_as, structure):
    staff = sign_in_as(Role.STAFF)
    form_page = browser.get("/measures/new?lang=en").get_data(as_text=True)
    assert "Contribution to the urban-development project" in form_page
    assert "the development concept binds the administration" in form_page

    response = browser.submit("/measures/new?lang=en", measure_form(structure, staff))

    assert response.status_code == 302
    measure = db.exec(select(Measure)).one()
    assert measure.status_enum == MeasureStatus.DRAFT
    assert measure.estimated_cost == 250000 and measure.responsible_id == staff.id
    page = client.get(f"/measures/{measure.id}?lang=en").get_data(as_text=True)
    assert "Dorfgemeinschaftshaus sanieren" in page and "only the administration can see it" in page
    assert "Seedorf" in page and "Kooperation stärken" in page
    browser.sign_out()
    assert client.get(f"/measures/{measure.id}").status_code == 404
    assert "Dorfgemeinschaftshaus" not in client.get("/measures/").get_data(as_text=True)
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "measure.created")).one()
    assert entry.object_id == str(measure.id)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"contribution": ""}, "contribution", "Please describe what this contributes"),
    ({"contribution": "Zu kurz, um etwas zu sagen."}, "contribution", "in at least 50 characters"),
    ({"action_areas": None}, "action_areas", "Please choose at least one action area."),
    ({"unit": "0"}, "unit", "Please choose a responsible unit."),
    ({"responsible": "0"}, "responsible", "Please choose the responsible person."),
    ({"estimated_cost": "-5"}, "estimated_cost", "cannot be negative"),
    ({"planned_end": "2025-01-01"}, "planned_end", "cannot be before the planned start"),
])
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(db, browser, sign_in_as, structure, changes, field,
                                                                message):
    staff = sign_in_as(Role.STAFF)
    response = browser.submit("/measures/new?lang=en", measure_form(structure, staff, **changes))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html
    assert db.exec(select(Measure)).first() is None


def test_the_service_refuses_a_measure_without_contribution_or_action_area(app, db, structure, staff):
    base = dict(title="Ohne Pflichtfelder", description="Text", unit_id=structure["units"][0].id,
                responsible_id=staff.id)
    with app.test_request_context("/?lang=en"):
        with pytest.raises(Refused) as missing_contribution:
            create_measure(db, staff, MeasureDraft(contribution="  " + "x" * 20, action_area_ids=[
                structure["areas"][0].id], **base))
        with pytest.raises(Refused) as missing_area:
            create_measure(db, staff, MeasureDraft(contribution=CONTRIBUTION, action_area_ids=[], **base))
    assert missing_contribution.value.field == "contribution"
    assert missing_area.value.field == "action_areas"
    assert db.exec(select(Measure)).first() is None


def test_responsible_person_must_be_staff(app, db, structure, staff, make_user):
    resident = make_user()
    draft = MeasureDraft(title="Neue Bänke", description="Text", contribution=CONTRIBUTION,
                         action_area_ids=[structure["areas"][0].id], unit_id=structure["units"][0].id,
                         responsible_id=resident.id)
    with app.test_request_context("/?lang=en"), pytest.raises(Refused) as refusal:
        create_measure(db, staff, draft)
    assert refusal.value.field == "responsible"


def test_staff_of_another_unit_may_edit_and_the_audit_log_keeps_before_and_after(db, browser, sign_in_as,
                                                                                 structure, make_measure, staff):
    measure = make_measure(unit=0)
    other = sign_in_as(Role.STAFF)  # not responsible, not in that unit: any staff may edit
    response = browser.submit(f"/measures/{measure.id}/edit", measure_form(
        structure, staff, title="Projektbeirat und Öffentlichkeitsarbeit", unit=str(structure["units"][1].id),
        action_areas=[str(structure["areas"][0].id), str(structure["areas"][1].id)]))

    assert response.status_code == 302
    db.refresh(measure)
    assert measure.title == "Projektbeirat und Öffentlichkeitsarbeit" and measure.unit_id == structure["units"][1].id
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "measure.changed")).one()
    assert entry.actor_id == other.id
    assert entry.before["title"] == "Projektbeirat und Kommunikation"
    assert entry.after["action_area_ids"] == sorted(area.id for area in structure["areas"])


def test_editing_cannot_remove_the_mandatory_fields(app, db, structure, make_measure, staff):
    measure = make_measure()
    draft = MeasureDraft(title=measure.title, description="Text", contribution="kurz", action_area_ids=[],
                         unit_id=measure.unit_id, responsible_id=staff.id)
    with app.test_request_context("/"), pytest.raises(Refused):
        edit_measure(db, staff, measure, draft)


STAFF_ROUTES = [
    ("get", "/measures/new"), ("post", "/measures/new"), ("get", "/measures/{id}/edit"),
    ("post", "/measures/{id}/edit"), ("get", "/measures/{id}/status"), ("post", "/measures/{id}/status"),
    ("get", "/measures/{id}/milestones/new"), ("post", "/measures/{id}/milestones/new"),
    ("get", "/measures/{id}/reviews/new"), ("post", "/measures/{id}/reviews/new"),
    ("get", "/measures/{id}/ideas"), ("post", "/measures/{id}/ideas"), ("get", "/measures/reviews-due"),
    ("get", "/measures/overview"),
]


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.BOARD_MEMBER])
def test_residents_and_moderators_get_403_on_every_staff_route(client, sign_in_as, make_measure, role):
    measure = make_measure()
    sign_in_as(role)
    token = csrf_token_from(client.get("/account/").get_data(as_text=True))
    for method, path in STAFF_ROUTES:
        response = getattr(client, method)(path.format(id=measure.id), data={"csrf_token": token})
        assert response.status_code == 403, (method, path)


def test_anonymous_visitors_are_sent_to_sign_in_for_staff_routes(client, make_measure):
    measure = make_measure()
    response = client.get(f"/measures/{measure.id}/edit")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
