"""Granting and revoking roles, always with a reason in the audit log."""

from sqlmodel import select

from participation.accounts.models import Role, User
from participation.audit.models import AuditEntry


def change_roles(browser, user, roles, reason="Neue Aufgabe in der Moderation"):
    return browser.submit(f"/admin/users/{user.id}", {"roles": [role.value for role in roles], "reason": reason})


def test_admin_grants_and_revokes_roles(sign_in_as, browser, make_user, db):
    admin = sign_in_as(Role.ADMIN)
    user = make_user()
    response = change_roles(browser, user, [Role.RESIDENT, Role.MODERATOR, Role.STAFF])
    assert response.status_code == 302
    assert db.get(User, user.id).roles == {Role.RESIDENT, Role.MODERATOR, Role.STAFF}

    change_roles(browser, user, [Role.RESIDENT, Role.STAFF], reason="Moderation abgegeben")
    assert db.get(User, user.id).roles == {Role.RESIDENT, Role.STAFF}

    entries = db.exec(select(AuditEntry).where(AuditEntry.object_id == str(user.id))
                      .order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_id, e.reason) for e in entries] == [
        ("user.roles_changed", admin.id, "Neue Aufgabe in der Moderation"),
        ("user.roles_changed", admin.id, "Moderation abgegeben"),
    ]
    assert entries[1].before == {"roles": ["moderator", "resident", "staff"]}
    assert entries[1].after == {"roles": ["resident", "staff"]}


def test_a_role_change_needs_a_reason(sign_in_as, browser, make_user, db):
    sign_in_as(Role.ADMIN)
    user = make_user()
    response = change_roles(browser, user, [Role.RESIDENT, Role.MODERATOR], reason="")
    assert response.status_code == 422
    assert 'id="reason-error"' in response.get_data(as_text=True)
    assert db.get(User, user.id).roles == {Role.RESIDENT}
    assert db.exec(select(AuditEntry)).all() == []


def test_an_unknown_role_is_refused_at_the_field(sign_in_as, browser, make_user, db):
    sign_in_as(Role.ADMIN)
    user = make_user()
    response = browser.submit(f"/admin/users/{user.id}", {"roles": ["emperor"], "reason": "Versuch"})
    assert response.status_code == 422
    assert 'id="roles-error"' in response.get_data(as_text=True)
    assert db.get(User, user.id).roles == {Role.RESIDENT}


def test_admins_cannot_revoke_their_own_admin_role(sign_in_as, browser, db):
    admin = sign_in_as(Role.ADMIN)
    response = change_roles(browser, admin, [Role.RESIDENT], reason="Aufräumen")
    assert response.status_code == 422
    assert Role.ADMIN in db.get(User, admin.id).roles


def test_unknown_user_is_404(sign_in_as, browser):
    sign_in_as(Role.ADMIN)
    assert browser.get("/admin/users/999999").status_code == 404


def test_user_list_filters_by_text_and_role(sign_in_as, browser, make_user):
    sign_in_as(Role.ADMIN)
    make_user(Role.MODERATOR, name="Martha Moderatorin")
    make_user(name="Rainer Resident")
    page = browser.get("/admin/users?role=moderator").get_data(as_text=True)
    assert "Martha Moderatorin" in page and "Rainer Resident" not in page
    page = browser.get("/admin/users?q=rainer").get_data(as_text=True)
    assert "Rainer Resident" in page and "Martha Moderatorin" not in page


def test_user_list_paginates(sign_in_as, browser, make_user, app):
    app.config["ADMIN_PAGE_SIZE"] = 2
    sign_in_as(Role.ADMIN)
    for _ in range(3):
        make_user()
    first = browser.get("/admin/users").get_data(as_text=True)
    assert "Seite 1 von 2" in first and 'rel="next"' in first
    assert "Seite 2 von 2" in browser.get("/admin/users?page=2").get_data(as_text=True)
    assert "Seite 2 von 2" in browser.get("/admin/users?page=99").get_data(as_text=True)
