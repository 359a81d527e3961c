"""Attacks on accounts: finding out who has one, poisoning mailed links, and replaying or forging their tokens."""

import re

import pytest

from tests.conftest import TEST_PASSWORD, csrf_token_from

UNKNOWN = "nobody@example.org"


def page_without_token(response) -> str:
    return re.sub(r'value="[^"]+"', "", response.get_data(as_text=True))


def answer(browser, path: str, data: dict):
    response = browser.submit(path, data)
    return response.status_code, response.headers.get("Location"), page_without_token(response)


@pytest.mark.parametrize("path, data", [
    ("/auth/register", {"display_name": "Neu", "password": TEST_PASSWORD, "password_confirmation": TEST_PASSWORD,
                        "district": "0", "privacy_consent": "y"}),
    ("/auth/reset", {}),
    ("/auth/resend", {}),
    ("/auth/login", {"password": "wrong password, long enough"}),
])
def test_answers_do_not_reveal_whether_an_address_has_an_account(make_user, app, path, data):
    known = make_user(email_address="known@example.org", verified=path != "/auth/resend")
    from tests.conftest import Browser

    for_known = answer(Browser(app.test_client()), path, {**data, "email": known.email})
    for_unknown = answer(Browser(app.test_client()), path, {**data, "email": UNKNOWN})
    assert for_known == for_unknown


def test_a_forged_host_header_never_reaches_the_reset_mail(app, client, make_user, mailbox):
    user = make_user()
    page = client.get("/auth/reset", headers={"Host": "evil.example"})
    response = client.post("/auth/reset", headers={"Host": "evil.example"},
                           data={"email": user.email, "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert response.status_code in (302, 400)
    for message in mailbox.to(user.email):
        body = mailbox.body(message)
        assert "evil.example" not in body
        assert app.config["PUBLIC_URL"] + "/auth/reset/" in body


def test_a_reset_token_for_another_account_or_tampered_is_refused(browser, make_user, mailbox):
    victim, attacker = make_user(), make_user()
    browser.submit("/auth/reset", {"email": attacker.email})
    link = mailbox.link(attacker.email, "/auth/reset/")
    token = link.rsplit("/", 1)[1]
    payload, _, signature = token.partition(".")
    tampered = payload.replace(payload[:4], "eyJ2") + "." + signature
    assert browser.get(f"/auth/reset/{tampered}").status_code == 400
    assert browser.get(f"/auth/reset/{token}x").status_code == 400
    assert browser.submit(link, {"password": "a brand new passphrase", "password_confirmation":
                                 "a brand new passphrase"}).status_code == 302
    assert browser.get(link).status_code == 400  # used
    assert browser.sign_in(victim.email).status_code == 302  # the victim's password was never touched
