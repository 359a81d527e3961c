"""The accessibility feedback form (§12b BGG): reachable from every page, open to visitors and residents, its
messages reach the admins, who mark them handled."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import col, select

from participation.accounts.models import Role
from participation.audit.models import AuditEntry
from participation.notifications.models import Notification, OutboxMail
from participation.site.models import AccessibilityFeedback
from tests.conftest import csrf_token_from

FORM = "/accessibility/feedback"
FOOTER_LINK = re.compile(r'<footer.*<a href="(/accessibility/feedback[^"]*)">', re.S)


def footer_link(page: str) -> str:
    match = FOOTER_LINK.search(page)
    assert match, "no feedback link in the footer"
    return unescape(match.group(1))


def stored(db) -> list[AccessibilityFeedback]:
    return list(db.exec(select(AccessibilityFeedback).order_by(col(AccessibilityFeedback.id))))


@pytest.mark.parametrize(("path", "expected_from"), [
    ("/", "/"),
    ("/ideas/?sort=supported", "/ideas/?sort=supported"),
    ("/imprint", "/imprint"),
    ("/auth/login", "/auth/login"),
    ("/no-such-page", "/no-such-page"),
])
def test_the_footer_links_the_form_with_the_page_the_reader_is_on(client, path, expected_from):
    link = footer_link(client.get(path).get_data(as_text=True))
    assert client.get(link).status_code == 200
    assert parse_qs(urlsplit(link).query)["from"] == [expected_from]


def test_on_the_form_itself_the_footer_keeps_the_page_it_was_opened_from(client):
    page = client.get(FORM + "?from=/ideas/").get_data(as_text=True)
    assert footer_link(page) == FORM + "?from=/ideas/"


def test_a_visitor_reports_a_barrier_and_every_admin_is_told(browser, make_user, db):
    admins = [make_user(Role.ADMIN), make_user(Role.ADMIN)]
    moderator = make_user(Role.MODERATOR)
    form_path = FORM + "?from=/ideas/7"
    page = browser.get(form_path).get_data(as_text=True)
    assert 'href="/ideas/7"' in page  # the page concerned is shown

    response = browser.submit(form_path, {"message": "Der Knopf „Unterstützen“ ist mit der Tastatur nicht erreichbar.",
                                          "name": "Erika", "email": "erika@example.org"})
    assert response.status_code == 302 and response.headers["Location"] == "/ideas/7"
    assert "Vielen Dank für Ihre Nachricht" in browser.get("/ideas/7").get_data(as_text=True)
    [feedback] = stored(db)
    assert (feedback.page_url, feedback.name, feedback.email, feedback.user_id) == \
        ("/ideas/7", "Erika", "erika@example.org", None)
    assert "Tastatur" in feedback.message

    told = db.exec(select(Notification).where(Notification.kind == "accessibility_feedback")).all()
    assert sorted(n.user_id for n in told) == sorted(admin.id for admin in admins)
    assert {n.link for n in told} == {f"/admin/feedback/{feedback.id}"}
    assert moderator.id not in {n.user_id for n in told}
    mails = db.exec(select(OutboxMail).where(col(OutboxMail.recipient).in_([a.email for a in admins]))).all()
    assert len(mails) == 2
    assert all("Tastatur" not in mail.body and "erika@example.org" not in mail.body for mail in mails)


def test_a_signed_in_resident_is_recorded_as_the_sender(sign_in_as, browser, make_user, db):
    make_user(Role.ADMIN)
    resident = sign_in_as(Role.RESIDENT)
    response = browser.submit(FORM, {"message": "Der Kontrast der Tabelle ist zu schwach."})
    assert response.status_code == 302 and response.headers["Location"] == "/accessibility"
    [feedback] = stored(db)
    assert feedback.user_id == resident.id and feedback.page_url == "" and feedback.email == ""


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"message": "  "}, "message", "Please describe the barrier."),
    ({"message": "x" * 5001}, "message", "at most 5,000 characters"),
    ({"message": "Zu kleine Schrift", "email": "erika-at-example"}, "email", "valid e-mail address"),
    ({"message": "Zu kleine Schrift", "name": "n" * 121}, "name", "at most 120 characters"),
])
def test_invalid_input_is_refused_at_its_field(browser, make_user, db, data, field, message):
    make_user(Role.ADMIN)
    response = browser.submit(FORM + "?lang=en", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = re.search(rf'<p class="error-message" id="{field}-error">([^<]*)</p>', page)
    assert error and message in unescape(error.group(1))
    assert stored(db) == []
    assert db.exec(select(Notification)).all() == []


@pytest.mark.parametrize("origin", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "ideas/7",
                                    "/" + "a" * 600])
def test_a_from_that_is_not_a_page_of_this_site_is_dropped(browser, db, origin):
    page = browser.get(FORM, query_string={"from": origin}).get_data(as_text=True)
    main = page[page.index("<main"):page.index("</main>")]
    assert 'class="facts"' not in main and "evil.example" not in main  # no page concerned is shown
    response = browser.client.post(FORM, query_string={"from": origin},
                                   data={"message": "Barriere", "csrf_token": csrf_token_from(page)})
    assert response.headers["Location"] == "/accessibility"  # not sent off-site after submitting
    assert stored(db)[0].page_url == ""


def test_posting_is_rate_limited(app, browser, db):
    app.config["RATELIMIT_FEEDBACK"] = "2 per hour"
    statuses = [browser.submit(FORM, {"message": f"Barriere {n}"}).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert len(stored(db)) == 2


# --- the admins' list -----------------------------------------------------------------------------------------


def report(signed_in, message: str, origin: str = "/") -> None:
    assert signed_in(None).submit(f"{FORM}?from={origin}", {"message": message}).status_code == 302


def test_admins_see_open_reports_first_and_mark_them_handled(sign_in_as, browser, signed_in, db):
    admin = sign_in_as(Role.ADMIN)
    report(signed_in, "Erste Meldung", "/news/")
    report(signed_in, "Zweite Meldung", "/ideas/")
    first, _second = stored(db)

    listing = browser.get("/admin/feedback?lang=en").get_data(as_text=True)
    assert listing.index("Zweite Meldung") < listing.index("Erste Meldung")  # newest first
    item = browser.get(f"/admin/feedback/{first.id}?lang=en").get_data(as_text=True)
    assert "Erste Meldung" in item and 'href="/news/"' in item

    empty = browser.submit(f"/admin/feedback/{first.id}", {"answer_note": ""})
    assert empty.status_code == 422
    assert 'id="answer_note-error"' in empty.get_data(as_text=True)

    response = browser.submit(f"/admin/feedback/{first.id}", {"answer_note": "Kontrast korrigiert, Antwort geschickt"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/feedback"
    db.refresh(first)
    assert first.handled_by_id == admin.id and first.handled_at is not None
    assert first.answer_note == "Kontrast korrigiert, Antwort geschickt"
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "accessibility_feedback.handled")).one()
    assert entry.actor_id == admin.id and entry.object_id == str(first.id)
    assert entry.after["answer_note"] == "Kontrast korrigiert, Antwort geschickt"
    assert "Kontrast korrigiert" in browser.get(f"/admin/feedback/{first.id}?lang=en").get_data(as_text=True)


def test_open_reports_come_before_newer_handled_ones(sign_in_as, browser, signed_in, db):
    sign_in_as(Role.ADMIN)
    report(signed_in, "Alte offene Meldung")
    report(signed_in, "Neue erledigte Meldung")
    newer = stored(db)[1]
    browser.submit(f"/admin/feedback/{newer.id}", {"answer_note": "erledigt"})
    listing = browser.get("/admin/feedback").get_data(as_text=True)
    assert listing.index("Alte offene Meldung") < listing.index("Neue erledigte Meldung")


def test_the_list_is_paginated(app, sign_in_as, browser, signed_in):
    app.config["ADMIN_PAGE_SIZE"] = 2
    sign_in_as(Role.ADMIN)
    for n in range(3):
        report(signed_in, f"Meldung Nummer {n}")
    first_page = browser.get("/admin/feedback").get_data(as_text=True)
    assert "Meldung Nummer 2" in first_page and "Meldung Nummer 0" not in first_page
    assert 'href="/admin/feedback?page=2"' in first_page
    assert "Meldung Nummer 0" in browser.get("/admin/feedback?page=2").get_data(as_text=True)


def test_the_admin_start_page_links_the_reports(sign_in_as, browser):
    sign_in_as(Role.ADMIN)
    assert 'href="/admin/feedback"' in browser.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR, Role.STAFF])
def test_only_admins_read_and_handle_reports(sign_in_as, browser, signed_in, db, role):
    report(signed_in, "Meldung")
    feedback = stored(db)[0]
    sign_in_as(role)
    assert browser.get("/admin/feedback").status_code == 403
    assert browser.get(f"/admin/feedback/{feedback.id}").status_code == 403
    response = browser.submit(f"/admin/feedback/{feedback.id}", {"answer_note": "x"}, form_page=FORM)
    assert response.status_code == 403
    db.refresh(feedback)
    assert feedback.handled_at is None


def test_visitors_are_asked_to_sign_in_for_the_list(client):
    response = client.get("/admin/feedback")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_an_unknown_report_is_404(sign_in_as, browser):
    sign_in_as(Role.ADMIN)
    assert browser.get("/admin/feedback/999999").status_code == 404
    assert browser.submit("/admin/feedback/999999", {"answer_note": "x"}, form_page=FORM).status_code \
        == 404
