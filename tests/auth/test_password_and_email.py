"""Password reset by mail, changing the password, changing the e-mail address."""

from sqlmodel import select

from participation.accounts.models import User
from participation.auth.models import LoginSession
from tests.conftest import TEST_PASSWORD, Browser

NEW_PASSWORD = "a brand new passphrase 2026"


def test_reset_answers_alike_for_known_and_unknown_addresses(browser, make_user, mailbox):
    user = make_user()
    known = browser.submit("/auth/reset", {"email": user.email})
    unknown = browser.submit("/auth/reset", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert mailbox.link(user.email, "/auth/reset/")
    assert mailbox.to("nobody@example.org") == []


def test_reset_sets_a_new_password_and_signs_out_everywhere(app, browser, make_user, mailbox, db):
    user = make_user()
    elsewhere = app.test_client()
    Browser(elsewhere).sign_in(user.email)
    browser.submit("/auth/reset", {"email": user.email})
    link = mailbox.link(user.email, "/auth/reset/")
    response = browser.submit(link, {"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert response.headers["Location"] == "/auth/login"
    assert elsewhere.get("/account/").status_code == 302
    assert browser.sign_in(user.email, TEST_PASSWORD).status_code == 401
    assert browser.sign_in(user.email, NEW_PASSWORD).status_code == 302


def test_reset_link_works_only_once(browser, make_user, mailbox):
    user = make_user()
    browser.submit("/auth/reset", {"email": user.email})
    link = mailbox.link(user.email, "/auth/reset/")
    browser.submit(link, {"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    reused = browser.get(link)
    assert reused.status_code == 400
    assert "bereits verwendet" in reused.get_data(as_text=True)


def test_reset_with_short_password_is_explained(browser, make_user, mailbox):
    user = make_user()
    browser.submit("/auth/reset", {"email": user.email})
    link = mailbox.link(user.email, "/auth/reset/")
    response = browser.submit(link, {"password": "short", "password_confirmation": "short"})
    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)
    assert browser.sign_in(user.email, TEST_PASSWORD).status_code == 302


def test_reset_is_rate_limited(app, browser, make_user):
    app.config["RATELIMIT_RESET"] = "2 per hour"
    statuses = [browser.submit("/auth/reset", {"email": "x@example.org"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_change_password_keeps_this_device_and_signs_out_others(app, browser, make_user, db):
    user = make_user()
    elsewhere = app.test_client()
    Browser(elsewhere).sign_in(user.email, remember=True)
    browser.sign_in(user.email)
    response = browser.submit("/account/password", {"current_password": TEST_PASSWORD, "password": NEW_PASSWORD,
                                                    "password_confirmation": NEW_PASSWORD})
    assert response.status_code == 302
    assert browser.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302
    assert len(db.exec(select(LoginSession).where(LoginSession.user_id == user.id)).all()) == 1


def test_change_password_needs_the_current_one(browser, make_user):
    user = make_user()
    browser.sign_in(user.email)
    response = browser.submit("/account/password", {"current_password": "wrong wrong wrong", "password": NEW_PASSWORD,
                                                    "password_confirmation": NEW_PASSWORD})
    assert response.status_code == 422
    assert 'id="current_password-error"' in response.get_data(as_text=True)


def test_change_email_after_confirmation_from_the_new_address(browser, make_user, mailbox, db):
    user = make_user()
    browser.sign_in(user.email)
    browser.submit("/account/email", {"email": "Neu@Example.org", "current_password": TEST_PASSWORD})
    assert db.get(User, user.id).email == user.email  # not before confirmation
    link = mailbox.link("neu@example.org", "/account/email/confirm/")
    assert browser.submit(link, {}).status_code == 302
    assert db.get(User, user.id).email == "neu@example.org"
    assert browser.get(link).status_code == 400  # used


def test_change_email_to_a_taken_address_reveals_nothing_and_changes_nothing(browser, make_user, mailbox, db):
    user = make_user()
    other = make_user(email_address="taken@example.org")
    browser.sign_in(user.email)
    response = browser.submit("/account/email", {"email": other.email, "current_password": TEST_PASSWORD})
    assert response.status_code == 302
    assert mailbox.to(other.email) == []
    assert db.get(User, user.id).email == user.email


def test_change_email_needs_the_password(browser, make_user, mailbox):
    user = make_user()
    browser.sign_in(user.email)
    response = browser.submit("/account/email", {"email": "neu@example.org", "current_password": "wrong password"})
    assert response.status_code == 422
    assert mailbox.to("neu@example.org") == []
