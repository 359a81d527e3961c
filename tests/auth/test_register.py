"""Registration and e-mail verification."""

from datetime import timedelta

import pytest
from sqlmodel import select

from participation.accounts.models import Role, User
from participation.auth import services
from participation.auth.routes import token_settings
from tests.conftest import TEST_PASSWORD


def registration(email="neu@example.org", **changes):
    data = {"display_name": "Neue Bürgerin", "email": email, "password": TEST_PASSWORD,
            "password_confirmation": TEST_PASSWORD, "district": "0", "privacy_consent": "y"}
    data.update(changes)
    return data


def test_register_creates_unverified_resident_and_mails_a_link(browser, db, mailbox):
    response = browser.submit("/auth/register", registration(email="Neu@Example.org"))
    assert response.status_code == 302 and response.headers["Location"] == "/auth/check-mail"
    user = db.exec(select(User).where(User.email == "neu@example.org")).one()
    assert user.roles == {Role.RESIDENT} and not user.is_verified
    assert user.privacy_consent_at is not None
    assert mailbox.link("neu@example.org", "/auth/verify/")


def test_following_the_link_verifies_and_allows_sign_in(browser, db, mailbox):
    browser.submit("/auth/register", registration())
    assert browser.sign_in("neu@example.org").status_code == 403  # not yet verified
    response = browser.submit(mailbox.link("neu@example.org", "/auth/verify/"), {})
    assert response.status_code == 302
    assert db.exec(select(User).where(User.email == "neu@example.org")).one().is_verified
    assert browser.sign_in("neu@example.org").status_code == 302


def test_mail_is_written_in_the_language_of_registration(browser, mailbox):
    browser.get("/?lang=en")
    browser.submit("/auth/register", registration())
    message = mailbox.to("neu@example.org")[-1]
    assert "confirm your e-mail address" in message["Subject"]


def test_verification_link_works_only_once(browser, mailbox):
    browser.submit("/auth/register", registration())
    link = mailbox.link("neu@example.org", "/auth/verify/")
    browser.submit(link, {})
    again = browser.get(link)
    assert again.status_code == 400
    assert "bereits verwendet" in again.get_data(as_text=True)


def test_forged_token_is_refused(client):
    response = client.get("/auth/verify/eyJ1c2VyIjoxfQ.forged.signature")
    assert response.status_code == 400
    assert "nicht gültig" in response.get_data(as_text=True)


def test_token_signed_with_another_key_is_refused(app, client, make_user):
    user = make_user(verified=False)
    foreign = services.TokenSettings("another-key", timedelta(hours=1), timedelta(hours=1))
    response = client.get(f"/auth/verify/{services.verification_token(foreign, user)}")
    assert response.status_code == 400


def test_expired_token_is_refused(app, client, make_user):
    user = make_user(verified=False)
    with app.app_context():
        token = services.verification_token(token_settings(), user)
    app.config["EMAIL_TOKEN_MAX_AGE_HOURS"] = -1
    response = client.get(f"/auth/verify/{token}")
    assert response.status_code == 400
    assert "abgelaufen" in response.get_data(as_text=True)


def test_duplicate_email_answers_exactly_like_a_new_one(browser, make_user, mailbox, db):
    existing = make_user(email_address="vorhanden@example.org")
    new = browser.submit("/auth/register", registration(email="frei@example.org"))
    duplicate = browser.submit("/auth/register", registration(email="VORHANDEN@example.org"))
    assert (duplicate.status_code, duplicate.headers["Location"]) == (new.status_code, new.headers["Location"])
    assert db.exec(select(User).where(User.email == "vorhanden@example.org")).one().id == existing.id
    assert "bereits ein Konto" in mailbox.body(mailbox.to("vorhanden@example.org")[-1])


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"password": "kurz", "password_confirmation": "kurz"}, "password", "mindestens 12 Zeichen"),
    ({"password_confirmation": "something else entirely"}, "password_confirmation", "stimmen nicht überein"),
    ({"email": "keine-adresse"}, "email", "gültige E-Mail-Adresse"),
    ({"display_name": ""}, "display_name", "Namen"),
    ({"privacy_consent": ""}, "privacy_consent", "Datenschutzerklärung"),
    ({"district": "99999"}, "district", ""),
])
def test_bad_input_is_explained_at_the_field(browser, db, changes, field, message):
    response = browser.submit("/auth/register", registration(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{field}-error"' in page and message in page
    assert 'aria-invalid="true"' in page
    assert db.exec(select(User).where(User.email == "neu@example.org")).first() is None


def test_long_passphrase_is_accepted(browser, db):
    passphrase = "ein sehr langer Satz, den ich mir gut merken kann " * 5
    response = browser.submit("/auth/register",
                              registration(password=passphrase, password_confirmation=passphrase))
    assert response.status_code == 302


def test_missing_csrf_token_is_refused(client, db):
    response = client.post("/auth/register", data=registration())
    assert response.status_code == 400
    assert "Formular" in response.get_data(as_text=True)
    assert db.exec(select(User).where(User.email == "neu@example.org")).first() is None


def test_resend_answers_alike_for_known_and_unknown_addresses(browser, make_user, mailbox):
    make_user(email_address="offen@example.org", verified=False)
    known = browser.submit("/auth/resend", {"email": "offen@example.org"})
    unknown = browser.submit("/auth/resend", {"email": "niemand@example.org"})
    assert known.headers["Location"] == unknown.headers["Location"] == "/auth/check-mail"
    assert mailbox.link("offen@example.org", "/auth/verify/")
    assert mailbox.to("niemand@example.org") == []


def test_registration_is_rate_limited(app, browser):
    app.config["RATELIMIT_REGISTER"] = "2 per hour"
    statuses = [browser.submit("/auth/register", registration(email=f"r{n}@example.org")).status_code
                for n in range(3)]
    assert statuses == [302, 302, 429]


def test_opening_the_link_alone_does_not_use_it(browser, db, mailbox):
    """Mail scanners fetch links: only the button on the page confirms."""
    browser.submit("/auth/register", registration())
    link = mailbox.link("neu@example.org", "/auth/verify/")
    assert browser.get(link).status_code == 200
    assert not db.exec(select(User).where(User.email == "neu@example.org")).one().is_verified
