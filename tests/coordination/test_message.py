"""The coordinator writes to the volunteers of the project or of one shift: one mail per volunteer through the
outbox, each addressed to that person alone; the page says how many got it, never who."""

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from participation.accounts.models import Role
from participation.notifications.models import OutboxMail
from participation.volunteering.models import Shift
from tests.coordination.helpers import post

ADDRESSES = ("mia@example.org", "max@example.org", "nora@example.org", "willi@example.org", "clara@example.org",
             "otto@example.org", "carla@example.org", "nils@example.org")


def _send(browser, space, audience: int, include_waiting: bool = False, **fields):
    data = {"audience": str(audience), "subject": "Treffpunkt geändert",
            "body": "Wir treffen uns am Dorfgemeinschaftshaus.", **fields}
    if include_waiting:
        data["include_waiting"] = "y"
    return post(browser, f"{space.path}/message?lang=en", data)


def _outbox(db) -> list[OutboxMail]:
    return list(db.exec(select(OutboxMail).order_by(OutboxMail.id)))


def test_a_message_to_a_shift_reaches_each_volunteer_alone(db, space, signed_in, runner, mailbox):
    browser = signed_in(space.coordinator)
    form = browser.get(f"{space.path}/message?lang=en").get_data(as_text=True)
    assert "Shift “Obstbäume schneiden” on" in form and "@example.org" not in form
    response = _send(browser, space, space.morning.id)
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your message has been sent to 2 volunteers." in page
    assert not any(address in page for address in ADDRESSES)

    queued = _outbox(db)
    assert sorted(mail.recipient for mail in queued) == ["max@example.org", "mia@example.org"]
    assert all(mail.subject.endswith(": Streuobstwiese pflegen: Treffpunkt geändert") for mail in queued)

    assert runner.invoke(args=["send-mail"]).exit_code == 0
    messages = mailbox.messages()
    assert sorted(message["To"] for message in messages) == ["max@example.org", "mia@example.org"]
    for message in messages:
        assert message["Cc"] is None and message["Bcc"] is None
        text = mailbox.body(message) + str(message)
        others = [address for address in ADDRESSES if address != message["To"]]
        assert not any(address in text for address in others), message["To"]
        assert "Wir treffen uns am Dorfgemeinschaftshaus." in mailbox.body(message)
        assert "Carla Koordination" in mailbox.body(message)
        assert f"/volunteer/projects/{space.project.id}" in mailbox.body(message)


def test_a_message_to_the_project_reaches_everyone_signed_up_and_the_waitlist_on_request(db, space, signed_in):
    browser = signed_in(space.coordinator)
    assert _send(browser, space, 0).status_code == 302
    assert sorted(mail.recipient for mail in _outbox(db)) == ["max@example.org", "mia@example.org",
                                                              "nora@example.org"]
    assert _send(browser, space, 0, include_waiting=True).status_code == 302
    assert sorted(mail.recipient for mail in _outbox(db)[3:]) == ["max@example.org", "mia@example.org",
                                                                  "nora@example.org", "willi@example.org"]


def test_volunteers_without_a_confirmed_address_are_counted_not_mailed(db, space, signed_in):
    nora = space.afternoon_volunteer
    nora.email_verified_at = None
    db.add(nora)
    db.commit()
    browser = signed_in(space.coordinator)
    response = _send(browser, space, space.afternoon.id)
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "sent to 0 volunteers" in page and "1 could not be reached" in page
    assert _outbox(db) == []


@pytest.mark.parametrize("member", ["partner_member", "added volunteer"])
def test_members_who_do_not_coordinate_cannot_write_to_the_volunteers(member, db, space, signed_in):
    if member == "added volunteer":
        post(signed_in(space.coordinator), f"{space.path}/members", {"user": str(space.afternoon_volunteer.id)})
        user = space.afternoon_volunteer
    else:
        user = space.partner_member
    browser = signed_in(user)
    assert browser.get(space.path).status_code == 200
    assert "Message volunteers" not in browser.get(space.path + "?lang=en").get_data(as_text=True)
    assert browser.get(f"{space.path}/message").status_code == 403
    assert _send(browser, space, 0).status_code == 403
    assert [mail for mail in _outbox(db) if "Treffpunkt" in mail.subject] == []


def test_a_shift_of_another_project_or_an_empty_message_is_refused_at_the_field(db, space, signed_in):
    browser = signed_in(space.coordinator)
    response = _send(browser, space, space.other_shift.id)
    assert response.status_code == 422 and 'id="audience-error"' in response.get_data(as_text=True)
    response = _send(browser, space, 0, subject="", body="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="subject-error"' in page and 'id="body-error"' in page
    assert db.exec(select(func.count()).select_from(OutboxMail)).one() == 0


def test_a_shift_nobody_signed_up_for_is_refused(db, space, signed_in):
    empty = Shift(task_id=space.morning.task_id, starts_at=space.afternoon.ends_at,
                  ends_at=space.afternoon.ends_at + timedelta(hours=2), slots=2)
    db.add(empty)
    db.commit()
    response = _send(signed_in(space.coordinator), space, empty.id)
    assert response.status_code == 422 and "there is nobody to write to" in response.get_data(as_text=True)


def test_an_admin_who_is_no_member_gets_404(space, signed_in, make_user):
    admin = signed_in(make_user(Role.ADMIN))
    assert admin.get(f"{space.path}/message").status_code == 404
    assert _send(admin, space, 0).status_code == 404
