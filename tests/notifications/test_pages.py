"""The notification list, the mail settings, the unsubscribe link and the count in the header."""

import re

import pytest
from sqlalchemy import event

from participation.accounts.models import Role
from participation.notifications.kinds import NotificationKind
from participation.notifications.models import EmailMode, Notification
from participation.notifications.services import email_mode, notify, set_email_mode, unsubscribe_token

COMMENT = NotificationKind.COMMENT_ON_FOLLOWED_IDEA


@pytest.fixture
def notify_user(app, db):
    def send(user, count=1, **params):
        with app.app_context():
            created = [notify(db, [user], COMMENT, f"/ideas/{number + 1}",
                              {"idea_title": f"Idee {number + 1}", "actor_name": "Anna", **params})
                       for number in range(count)]
        db.commit()
        return [notification for group in created for notification in group]

    return send


@pytest.mark.parametrize("path", ["/account/notifications", "/account/notifications/settings"])
def test_pages_need_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login?next=")


def test_marking_needs_sign_in(client, make_user, notify_user):
    [notification] = notify_user(make_user())
    response = client.post(f"/account/notifications/{notification.id}/read")
    assert response.status_code in (302, 400)
    assert response.status_code == 400 or response.headers["Location"].startswith("/auth/login")


def test_list_shows_newest_first_and_marks_unread_in_text(sign_in_as, browser, notify_user, db):
    user = sign_in_as(Role.RESIDENT)
    first, second = notify_user(user, count=2)
    first.read_at = first.created_at
    db.add(first)
    db.commit()
    page = browser.get("/account/notifications").get_data(as_text=True)
    assert page.index("Idee 2") < page.index("Idee 1")
    assert 'href="/ideas/2"' in page and 'href="/ideas/1"' in page
    assert page.count('class="badge">Ungelesen<') + page.count('class="badge">Unread<') == 1
    assert f'action="/account/notifications/{second.id}/read"' in page
    assert f'action="/account/notifications/{first.id}/read"' not in page


def test_empty_list(sign_in_as, browser):
    sign_in_as(Role.RESIDENT)
    response = browser.get("/account/notifications")
    assert response.status_code == 200 and "<h1>" in response.get_data(as_text=True)


def test_mark_read_and_mark_all_read(sign_in_as, browser, notify_user, db):
    user = sign_in_as(Role.RESIDENT)
    first, second, third = notify_user(user, count=3)
    response = browser.submit(f"/account/notifications/{first.id}/read", {"next": "/account/notifications"},
                              form_page="/account/notifications")
    assert response.status_code == 302 and response.headers["Location"] == "/account/notifications"
    db.refresh(first)
    assert first.read_at is not None

    response = browser.submit(f"/account/notifications/{second.id}/read", {"next": "link"},
                              form_page="/account/notifications")
    assert response.headers["Location"] == "/ideas/2"

    response = browser.submit("/account/notifications/read", {}, form_page="/account/notifications")
    assert response.status_code == 302
    db.refresh(third)
    assert third.read_at is not None


def test_next_must_stay_on_this_site(sign_in_as, browser, notify_user):
    user = sign_in_as(Role.RESIDENT)
    [notification] = notify_user(user)
    response = browser.submit(f"/account/notifications/{notification.id}/read", {"next": "https://evil.example/"},
                              form_page="/account/notifications")
    assert response.headers["Location"] == "/account/notifications"


def test_marking_another_users_notification_is_not_found(sign_in_as, browser, make_user, notify_user, db):
    sign_in_as(Role.RESIDENT)
    [foreign] = notify_user(make_user())
    # The signed-in user's own list is empty, so the token comes from the settings page.
    response = browser.submit(f"/account/notifications/{foreign.id}/read", {},
                              form_page="/account/notifications/settings")
    assert response.status_code == 404
    db.refresh(foreign)
    assert foreign.read_at is None
    missing = browser.submit("/account/notifications/999999/read", {}, form_page="/account/notifications/settings")
    assert missing.status_code == 404


def test_marking_without_csrf_token_is_refused(sign_in_as, browser, notify_user, db):
    user = sign_in_as(Role.RESIDENT)
    [notification] = notify_user(user)
    assert browser.client.post(f"/account/notifications/{notification.id}/read").status_code == 400
    db.refresh(notification)
    assert notification.read_at is None


def test_settings_show_and_save_the_choice(sign_in_as, browser, db):
    user = sign_in_as(Role.RESIDENT)
    page = browser.get("/account/notifications/settings").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*value="immediate"', page)
    assert "<fieldset" in page and "<legend>" in page
    response = browser.submit("/account/notifications/settings", {"email_mode": "digest"})
    assert response.status_code == 302
    assert email_mode(db, user) is EmailMode.DIGEST
    page = browser.get("/account/notifications/settings").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*value="digest"', page)


@pytest.mark.parametrize("value", ["weekly", ""])
def test_settings_refuse_unknown_choices(sign_in_as, browser, db, value):
    user = sign_in_as(Role.RESIDENT)
    data = {"email_mode": value} if value else {}
    response = browser.submit("/account/notifications/settings", data)
    assert response.status_code == 422
    assert 'class="error-message"' in response.get_data(as_text=True)
    assert email_mode(db, user) is EmailMode.IMMEDIATE


def unsubscribe_path(app, user) -> str:
    return f"/notifications/unsubscribe/{unsubscribe_token(app.config['SECRET_KEY'], user)}"


def test_unsubscribe_page_does_not_unsubscribe_but_its_button_does(app, client, make_user, db):
    user = make_user()
    path = unsubscribe_path(app, user)
    page = client.get(path)
    assert page.status_code == 200 and "<form" in page.get_data(as_text=True)
    assert email_mode(db, user) is EmailMode.IMMEDIATE
    response = client.post(path)  # no CSRF token, not signed in: the signed token decides
    assert response.status_code == 200
    assert email_mode(db, user) is EmailMode.OFF


def test_one_click_unsubscribe_from_a_mail_program(app, client, make_user, db):
    user = make_user()
    with app.app_context():
        set_email_mode(db, user, EmailMode.DIGEST)
    db.commit()
    response = client.post(unsubscribe_path(app, user), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert email_mode(db, user) is EmailMode.OFF


def test_the_link_from_the_mail_works(app, client, make_user, db, mailbox, notify_user):
    user = make_user()
    notify_user(user)
    with app.app_context():
        from participation.db import utcnow
        from participation.notifications.services import send_due_mail
        send_due_mail(app.extensions["database"], utcnow())
    path = mailbox.link(user.email, "/notifications/unsubscribe/")
    assert client.post(path).status_code == 200
    assert email_mode(db, user) is EmailMode.OFF


@pytest.mark.parametrize("method", ["get", "post"])
def test_forged_tokens_are_refused(app, client, make_user, db, method):
    user = make_user()
    token = unsubscribe_token(app.config["SECRET_KEY"], user)
    for bad in ["garbage", token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                unsubscribe_token("another secret", user)]:
        response = getattr(client, method)(f"/notifications/unsubscribe/{bad}")
        assert response.status_code == 400
        assert "<h1>" in response.get_data(as_text=True)
    assert email_mode(db, user) is EmailMode.IMMEDIATE


def test_token_of_a_deleted_account_is_refused(app, client, make_user, db):
    user = make_user()
    path = unsubscribe_path(app, user)
    db.delete(user)
    db.commit()
    assert client.post(path).status_code == 400


def test_other_forms_still_need_csrf(sign_in_as, browser):
    sign_in_as(Role.RESIDENT)
    assert browser.client.post("/account/notifications/settings", data={"email_mode": "off"}).status_code == 400


def test_header_shows_unread_count(sign_in_as, browser, notify_user):
    user = sign_in_as(Role.RESIDENT)
    page = browser.get("/").get_data(as_text=True)
    assert 'href="/account/notifications"' in page and "unread" not in page.lower().split("<main")[0]
    notify_user(user, count=3)
    page = browser.get("/?lang=de").get_data(as_text=True)
    header = page.split("<main")[0]
    assert 'Benachrichtigungen <span aria-hidden="true">(3)</span>' in header or \
        'Notifications <span aria-hidden="true">(3)</span>' in header
    assert '<span class="visually-hidden">(3 ' in header


def test_visitors_see_no_notifications_link(client):
    assert 'href="/account/notifications"' not in client.get("/").get_data(as_text=True)


class QueryCounter:
    def __init__(self, engine):
        self.engine = engine
        self.statements = []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self.record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self.record)

    def record(self, _conn, _cursor, statement, *_args):
        self.statements.append(statement)

    def about_notifications(self):
        return [s for s in self.statements if Notification.__tablename__ in s.lower().replace('"', "")
                and "from notification" in s.lower().replace('"', "")]


def test_header_count_costs_one_query_and_none_for_visitors(app, client, sign_in_as, browser, notify_user):
    engine = app.extensions["database"].engine
    with QueryCounter(engine) as counter:
        client.get("/")
    assert counter.about_notifications() == []

    user = sign_in_as(Role.RESIDENT)
    notify_user(user, count=2)
    with QueryCounter(engine) as counter:
        assert browser.get("/").status_code == 200
    assert len(counter.about_notifications()) == 1
