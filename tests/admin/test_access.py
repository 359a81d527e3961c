"""Every admin page: visitors are sent to sign in, signed-in users without the admin role get 403."""

import pytest

from participation.accounts.models import Role

ADMIN_PAGES = ["/admin/", "/admin/users", "/admin/users/{user_id}", "/admin/audit", "/admin/pages/imprint"]
NON_ADMIN_ROLES = [Role.RESIDENT, Role.MODERATOR, Role.STAFF, Role.BOARD_MEMBER, Role.PARTNER_COORDINATOR]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_visitors_are_asked_to_sign_in(client, path):
    response = client.get(path.format(user_id=1))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_other_roles_are_refused(sign_in_as, browser, role):
    user = sign_in_as(role)
    for path in ADMIN_PAGES:
        assert browser.get(path.format(user_id=user.id)).status_code == 403, path


@pytest.mark.parametrize("role", NON_ADMIN_ROLES)
def test_other_roles_cannot_change_roles(sign_in_as, browser, make_user, role, db):
    sign_in_as(role)
    target = make_user()
    token_page = browser.get("/account/password").get_data(as_text=True)
    from tests.conftest import csrf_token_from
    response = browser.client.post(f"/admin/users/{target.id}",
                                   data={"roles": ["admin"], "reason": "x", "csrf_token": csrf_token_from(token_page)})
    assert response.status_code == 403
    db.refresh(target)
    assert Role.ADMIN not in target.roles


def test_admins_open_every_admin_page(sign_in_as, browser):
    admin = sign_in_as(Role.ADMIN)
    for path in ADMIN_PAGES:
        assert browser.get(path.format(user_id=admin.id)).status_code == 200, path


def test_admin_link_is_shown_only_to_admins(sign_in_as, browser):
    sign_in_as(Role.MODERATOR)
    assert 'href="/admin/"' not in browser.get("/").get_data(as_text=True)
    browser.sign_out()
    sign_in_as(Role.ADMIN)
    assert 'href="/admin/"' in browser.get("/").get_data(as_text=True)
