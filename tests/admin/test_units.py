"""Admins maintain the administrative units that are responsible for measures: create, rename, order,
archive and restore; never delete; every change audited."""

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.measures.models import Measure
from participation.measures.services import MeasureDraft, create_measure
from participation.municipality import services
from participation.municipality.models import ActionArea, OrgUnit, Strategy
from tests.conftest import csrf_token_from

CONTRIBUTION = ("Die Maßnahme stärkt die Zusammenarbeit von Stadt und Bürgerschaft und macht die Umsetzung des "
                "Stadtentwicklungsprojekts nachvollziehbar.")


def make_units(db, *names):
    units = [OrgUnit(name=name, position=n) for n, name in enumerate(names)]
    db.add_all(units)
    db.commit()
    return units


def ordered_names(db) -> list[str]:
    return list(db.exec(select(OrgUnit.name).order_by(OrgUnit.position, OrgUnit.name)))


def actions(db) -> list[str]:
    return [entry.action for entry in db.exec(select(AuditEntry).where(AuditEntry.object_type == "org_unit")
                                              .order_by(AuditEntry.id))]


def test_visitors_are_asked_to_sign_in(client):
    for path in ("/admin/units", "/admin/units/new"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("role", [Role.STAFF, Role.MODERATOR, Role.RESIDENT])
def test_only_admins_maintain_units(sign_in_as, browser, db, role):
    [unit] = make_units(db, "Fachbereich Bauen")
    sign_in_as(role)
    for path in ("/admin/units", "/admin/units/new", f"/admin/units/{unit.id}/edit"):
        assert browser.get(path).status_code == 403, path
    token_page = browser.get("/account/password").get_data(as_text=True)
    response = browser.client.post(f"/admin/units/{unit.id}/archive",
                                   data={"csrf_token": csrf_token_from(token_page)})
    assert response.status_code == 403
    assert db.get(OrgUnit, unit.id).archived_at is None


def test_the_services_refuse_non_admins(db, make_user):
    [unit] = make_units(db, "Fachbereich Bauen")
    staff = make_user(Role.STAFF)
    with pytest.raises(services.NotAllowed):
        services.save_org_unit(db, staff, None, "Ordnungsamt")
    with pytest.raises(services.NotAllowed):
        services.set_archived(db, staff, unit, True)


def test_the_dashboard_links_to_the_units(sign_in_as, browser):
    sign_in_as(Role.ADMIN)
    assert 'href="/admin/units"' in browser.get("/admin/").get_data(as_text=True)


def test_admin_creates_and_renames_a_unit(sign_in_as, browser, db):
    make_units(db, "Fachbereich Bauen")
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/units/new", {"name": "  Ordnungsamt "})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/units"
    unit = db.exec(select(OrgUnit).where(OrgUnit.name == "Ordnungsamt")).one()
    assert ordered_names(db) == ["Fachbereich Bauen", "Ordnungsamt"]  # a new unit comes last
    response = browser.submit(f"/admin/units/{unit.id}/edit", {"name": "Ordnungs- und Bürgeramt"})
    assert response.status_code == 302
    assert db.get(OrgUnit, unit.id).name == "Ordnungs- und Bürgeramt"
    page = browser.get("/admin/units").get_data(as_text=True)
    assert "Ordnungs- und Bürgeramt" in page and "Fachbereich Bauen" in page
    assert actions(db) == ["org_unit.created", "org_unit.changed"]
    changed = db.exec(select(AuditEntry).where(AuditEntry.action == "org_unit.changed")).one()
    assert (changed.before, changed.after) == ({"name": "Ordnungsamt"}, {"name": "Ordnungs- und Bürgeramt"})
    assert changed.object_id == str(unit.id)


def test_names_must_be_given_and_unique(sign_in_as, browser, db):
    bauen, kasse = make_units(db, "Fachbereich Bauen", "Stadtkasse")
    sign_in_as(Role.ADMIN)
    response = browser.submit("/admin/units/new", {"name": ""})
    assert response.status_code == 422 and 'id="name-error"' in response.get_data(as_text=True)
    response = browser.submit("/admin/units/new", {"name": " fachbereich bauen"})
    assert response.status_code == 422 and 'id="name-error"' in response.get_data(as_text=True)
    response = browser.submit(f"/admin/units/{kasse.id}/edit", {"name": "Fachbereich Bauen"})
    assert response.status_code == 422 and 'id="name-error"' in response.get_data(as_text=True)
    assert ordered_names(db) == ["Fachbereich Bauen", "Stadtkasse"]
    # Its own name, in other letters, is no clash.
    assert browser.submit(f"/admin/units/{bauen.id}/edit", {"name": "FACHBEREICH BAUEN"}).status_code == 302
    assert actions(db) == ["org_unit.changed"]


def test_the_order_can_be_changed(sign_in_as, browser, db):
    first, second, third = make_units(db, "Erstens", "Zweitens", "Drittens")
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/admin/units/{third.id}/up", {}, form_page="/admin/units")
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/units#unit-{third.id}"
    assert ordered_names(db) == ["Erstens", "Drittens", "Zweitens"]
    browser.submit(f"/admin/units/{first.id}/down", {}, form_page="/admin/units")
    assert ordered_names(db) == ["Drittens", "Erstens", "Zweitens"]
    browser.submit(f"/admin/units/{third.id}/up", {}, form_page="/admin/units")  # already first: nothing happens
    assert ordered_names(db) == ["Drittens", "Erstens", "Zweitens"]
    assert actions(db) == ["org_unit.moved", "org_unit.moved"]


def test_archiving_keeps_the_measures_of_the_unit(sign_in_as, browser, db, make_user):
    unit, other = make_units(db, "Fachbereich Bauen", "Stadtkasse")
    strategy = Strategy(title="Gemeinsam für Teststadt")
    db.add(strategy)
    db.flush()
    area = ActionArea(strategy_id=strategy.id, title="Kooperation stärken")
    db.add(area)
    db.commit()
    staff = make_user(Role.STAFF)
    measure = create_measure(db, staff, MeasureDraft(
        title="Dorfgemeinschaftshaus sanieren", description="Dach erneuern.", contribution=CONTRIBUTION,
        action_area_ids=[area.id], unit_id=unit.id, responsible_id=staff.id))
    db.commit()
    sign_in_as(Role.ADMIN)
    response = browser.submit(f"/admin/units/{unit.id}/archive", {}, form_page="/admin/units")
    assert response.status_code == 302
    assert db.get(OrgUnit, unit.id).archived_at is not None
    assert db.get(Measure, measure.id).unit_id == unit.id
    page = browser.get("/admin/units?lang=en").get_data(as_text=True)
    assert "Fachbereich Bauen" in page and "Archived" in page
    # No longer offered for new measures, still shown on the measure that names it.
    new_measure_form = browser.get("/measures/new").get_data(as_text=True)
    assert "Stadtkasse" in new_measure_form and "Fachbereich Bauen" not in new_measure_form
    assert "Fachbereich Bauen" in browser.get(f"/measures/{measure.id}").get_data(as_text=True)
    browser.submit(f"/admin/units/{unit.id}/restore", {}, form_page="/admin/units")
    assert db.get(OrgUnit, unit.id).archived_at is None
    assert actions(db) == ["org_unit.archived", "org_unit.restored"]
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "org_unit.archived")).one()
    assert (entry.object_label, entry.after) == ("Fachbereich Bauen", {"archived": True})


def test_unknown_operations_and_units_are_404(sign_in_as, browser, db):
    [unit] = make_units(db, "Eins")
    sign_in_as(Role.ADMIN)
    for path in (f"/admin/units/{unit.id}/delete", "/admin/units/999999/up"):
        assert browser.submit(path, {}, form_page="/admin/units").status_code == 404
    assert browser.get("/admin/units/999999/edit").status_code == 404
    assert db.get(OrgUnit, unit.id) is not None


def test_operations_need_the_form_token(sign_in_as, browser, db):
    [unit] = make_units(db, "Eins")
    sign_in_as(Role.ADMIN)
    assert browser.client.post(f"/admin/units/{unit.id}/archive").status_code == 400
    assert db.get(OrgUnit, unit.id).archived_at is None


def test_a_name_taken_at_the_same_moment_is_refused_too(db, make_user, monkeypatch):
    """The check before saving can miss a unit saved concurrently; the unique index still catches it."""
    make_units(db, "Stadtkasse")
    admin = make_user(Role.ADMIN)
    monkeypatch.setattr(services, "_ensure_unique", lambda *_args: None)
    with pytest.raises(services.StructureError):
        services.save_org_unit(db, admin, None, "Stadtkasse")
    assert ordered_names(db) == ["Stadtkasse"]
    assert actions(db) == []
