"""The administrators' page for the districts' numbers of inhabitants: admins only, a whole number or empty,
every change audited."""

import pytest
from sqlmodel import select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.municipality.models import District
from participation.refusals import NotAllowed, Refused
from participation.statistics.services import set_populations

PATH = "/admin/populations"


def field(district: District) -> str:
    return f"district_{district.id}"


def population_audit(db) -> list[AuditEntry]:
    return list(db.exec(select(AuditEntry).where(AuditEntry.action == "district.population_changed")
                        .order_by(AuditEntry.id)))


def test_only_administrators_may_open_and_send_the_page(client, browser, sign_in_as, districts):
    assert client.get(PATH).status_code == 302  # to the sign-in page
    sign_in_as(Role.STAFF, Role.MODERATOR)
    assert client.get(PATH).status_code == 403
    response = browser.submit(PATH, {field(districts["Seedorf"]): "5"}, form_page="/account/")
    assert response.status_code == 403


def test_the_dashboard_links_the_page(browser, sign_in_as, districts):
    sign_in_as(Role.ADMIN)
    assert f'href="{PATH}"' in browser.get("/admin/?lang=en").get_data(as_text=True)


def test_an_admin_sets_and_clears_populations_and_each_change_is_audited(db, browser, sign_in_as, districts):
    admin = sign_in_as(Role.ADMIN)
    seedorf, altstadt = districts["Seedorf"], districts["Altstadt"]
    page = browser.get(PATH + "?lang=en").get_data(as_text=True)
    assert 'value="2000"' in page and "<label" in page and "Seedorf" in page
    response = browser.submit(PATH, {field(seedorf): "", field(altstadt): "4.850"})
    assert response.status_code == 302
    db.refresh(seedorf)
    db.refresh(altstadt)
    assert (seedorf.population, altstadt.population) == (None, 4850)
    entries = population_audit(db)
    assert [(entry.object_id, entry.before, entry.after, entry.actor_id) for entry in entries] == [
        (str(seedorf.id), {"population": 2000}, {"population": None}, admin.id),
        (str(altstadt.id), {"population": None}, {"population": 4850}, admin.id)]
    # Sending the same numbers again changes nothing, and the log says nothing.
    again = browser.submit(PATH, {field(seedorf): "", field(altstadt): "4850"}, follow_redirects=True)
    assert again.status_code == 200 and len(population_audit(db)) == 2


def test_bad_numbers_are_refused_at_their_field_and_nothing_is_saved(db, browser, sign_in_as, districts):
    sign_in_as(Role.ADMIN)
    seedorf, altstadt = districts["Seedorf"], districts["Altstadt"]
    for bad in ("abc", "-5", "1,5", "12.5", "99999999999", "٣"):
        response = browser.submit(PATH + "?lang=en", {field(seedorf): "3000", field(altstadt): bad})
        assert response.status_code == 422, bad
        page = response.get_data(as_text=True)
        assert f'id="{field(altstadt)}-error"' in page and 'aria-invalid="true"' in page
        assert "whole number from 0 to 10,000,000" in page
        assert f'value="{bad}"' in page  # what was typed stays in the field to be corrected
    db.refresh(seedorf)
    assert seedorf.population == 2000 and population_audit(db) == []


def test_the_service_itself_refuses_non_admins_and_impossible_numbers(app, db, make_user, districts):
    seedorf = districts["Seedorf"]
    with app.test_request_context():
        with pytest.raises(NotAllowed):
            set_populations(db, make_user(Role.STAFF), {seedorf.id: 10})
        with pytest.raises(Refused) as refusal:
            set_populations(db, make_user(Role.ADMIN), {seedorf.id: -1})
    assert refusal.value.field == field(seedorf)
