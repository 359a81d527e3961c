"""Coordinators let volunteers of the project into the space and take them out again; both are audited. Other
members see who belongs, but cannot change it."""

from sqlmodel import select

from participation.audit.models import AuditEntry
from participation.coordination.models import SpaceMember
from participation.notifications.models import Notification
from tests.coordination.helpers import post


def _audit(db) -> list[tuple[str, dict | None, dict | None]]:
    return [(entry.action, entry.before, entry.after) for entry in db.exec(
        select(AuditEntry).where(AuditEntry.action.like("space.member%")).order_by(AuditEntry.id))]


def test_an_added_volunteer_opens_the_space_and_a_removed_one_gets_404_again(db, space, signed_in):
    volunteer = space.morning_volunteers[0]
    visitor = signed_in(volunteer)
    assert visitor.get(space.path).status_code == 404

    coordinator = signed_in(space.coordinator)
    page = coordinator.get(f"{space.path}/members?lang=en").get_data(as_text=True)
    assert "Mia Morgen (Obstbäume schneiden)" in page and "Willi Warteliste" in page
    assert "Clara Abgesagt" not in page and "Otto Anderswo" not in page  # cancelled; another project
    assert "@example.org" not in page  # names only, never addresses
    response = post(coordinator, f"{space.path}/members?lang=en", {"user": str(volunteer.id)})
    assert response.status_code == 302
    assert "Mia Morgen is now a member" in coordinator.get(response.headers["Location"]).get_data(as_text=True)

    assert visitor.get(space.path).status_code == 200
    [notification] = db.exec(select(Notification).where(Notification.user_id == volunteer.id)).all()
    assert notification.kind == "space_member_added" and notification.link == space.path

    assert post(coordinator, f"{space.path}/members/{volunteer.id}/remove").status_code == 302
    assert visitor.get(space.path).status_code == 404
    assert visitor.get(f"{space.path}/documents").status_code == 404
    assert _audit(db) == [("space.member_added", None, {"member_id": volunteer.id}),
                          ("space.member_removed", {"member_id": volunteer.id}, None)]


def test_other_members_see_the_members_but_cannot_change_them(db, space, signed_in):
    partner = signed_in(space.partner_member)
    page = partner.get(f"{space.path}/members?lang=en").get_data(as_text=True)
    assert "Carla Koordination" in page and "Coordinator" in page
    assert "Partner organisation: Naturschutzbund Ortsgruppe Seedorf" in page
    assert "Add a volunteer" not in page and "Mia Morgen" not in page
    assert post(partner, f"{space.path}/members", {"user": str(space.morning_volunteers[0].id)}).status_code == 403
    assert post(partner, f"{space.path}/members/{space.coordinator.id}/remove").status_code == 403
    assert db.exec(select(SpaceMember)).all() == [] and _audit(db) == []


def test_only_volunteers_of_the_project_can_be_added(db, space, signed_in):
    coordinator = signed_in(space.coordinator)
    response = post(coordinator, f"{space.path}/members?lang=en", {"user": str(space.other_volunteer.id)})
    assert response.status_code == 422 and 'id="user-error"' in response.get_data(as_text=True)
    assert db.exec(select(SpaceMember)).all() == [] and _audit(db) == []


def test_coordinators_and_partner_members_cannot_be_removed(db, space, signed_in):
    coordinator = signed_in(space.coordinator)
    response = post(coordinator, f"{space.path}/members/{space.partner_member.id}/remove")
    assert response.status_code == 302
    assert "cannot be removed here" in coordinator.get(response.headers["Location"] + "?lang=en").get_data(
        as_text=True)
    assert signed_in(space.partner_member).get(space.path).status_code == 200
    assert _audit(db) == []
