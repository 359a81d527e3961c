"""Signing in and out, sessions, remember me, and safe redirects."""

import pytest
from sqlmodel import select

from participation.auth.models import LoginSession


def test_sign_in_and_out(browser, make_user):
    user = make_user()
    response = browser.sign_in(user.email)
    assert response.status_code == 302
    assert user.display_name in browser.get("/").get_data(as_text=True)
    assert browser.sign_out().status_code == 302
    assert browser.get("/account/").status_code == 302


def test_wrong_password_is_explained_without_saying_which_part(browser, make_user):
    user = make_user()
    wrong_password = browser.sign_in(user.email, "not the password at all")
    unknown_user = browser.sign_in("unknown@example.org", "not the password at all")
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert "E-Mail-Adresse oder Passwort ist falsch" in wrong_password.get_data(as_text=True)


def test_blocked_account_cannot_sign_in(browser, make_user, db):
    user = make_user()
    user.is_blocked = True
    db.add(user)
    db.commit()
    assert browser.sign_in(user.email).status_code == 401


def test_eleventh_failed_login_within_a_minute_is_refused(browser, make_user):
    user = make_user()
    statuses = [browser.sign_in(user.email, "wrong password!!").status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
    assert "Zu viele Anfragen" in browser.sign_in(user.email).get_data(as_text=True)


def test_successful_logins_do_not_count_against_the_limit(browser, make_user):
    user = make_user()
    for _ in range(12):
        assert browser.sign_in(user.email).status_code == 302
        browser.sign_out()


def test_session_is_rotated_on_sign_in(browser, make_user, client):
    user = make_user()
    browser.get("/auth/login")
    before = client.get_cookie("participation_session").value
    browser.sign_in(user.email)
    assert client.get_cookie("participation_session").value != before


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"])
def test_next_parameter_never_leaves_the_site(browser, make_user, target):
    user = make_user()
    page = browser.get(f"/auth/login?next={target}")
    from tests.conftest import csrf_token_from
    response = browser.client.post(f"/auth/login?next={target}",
                                   data={"email": user.email, "password": "correct horse battery staple",
                                         "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert response.headers["Location"] == "/"


def test_next_parameter_leads_back_to_the_page(browser, make_user, client):
    user = make_user()
    login_redirect = client.get("/account/")
    assert login_redirect.status_code == 302
    login_url = login_redirect.headers["Location"]
    assert "next=%2Faccount%2F" in login_url
    page = client.get(login_url)
    from tests.conftest import csrf_token_from
    response = client.post(login_url, data={"email": user.email, "password": "correct horse battery staple",
                                            "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert response.headers["Location"] == "/account/"


def test_replayed_cookie_after_logout_does_not_sign_in(app, browser, make_user):
    user = make_user()
    browser.sign_in(user.email, remember=True)
    session_cookie = browser.client.get_cookie("participation_session").value
    remember_cookie = browser.client.get_cookie("participation_remember").value
    browser.sign_out()

    replay = app.test_client()
    replay.set_cookie("participation_session", session_cookie)
    assert replay.get("/account/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("participation_remember", remember_cookie)
    assert replay.get("/account/").status_code == 302


def test_remember_cookie_signs_in_a_new_browser_session(app, browser, make_user):
    user = make_user()
    browser.sign_in(user.email, remember=True)
    remember_cookie = browser.client.get_cookie("participation_remember")
    assert remember_cookie is not None
    later = app.test_client()
    later.set_cookie("participation_remember", remember_cookie.value)
    assert later.get("/account/").status_code == 200


def test_without_remember_me_no_remember_cookie(browser, make_user):
    user = make_user()
    browser.sign_in(user.email)
    assert browser.client.get_cookie("participation_remember") is None


def test_logout_needs_a_post_with_csrf(browser, make_user, client):
    user = make_user()
    browser.sign_in(user.email)
    assert client.get("/auth/logout").status_code == 200  # a confirmation page, still signed in
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/account/").status_code == 200


def test_sign_out_deletes_only_this_browsers_session(app, browser, make_user, db):
    user = make_user()
    other = app.test_client()
    from tests.conftest import Browser
    Browser(other).sign_in(user.email)
    browser.sign_in(user.email)
    browser.sign_out()
    assert other.get("/account/").status_code == 200
    assert len(db.exec(select(LoginSession).where(LoginSession.user_id == user.id)).all()) == 1
