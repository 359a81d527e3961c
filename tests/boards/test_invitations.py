"""A board's chair or secretary invites the members to a meeting: one mail each through the outbox, with the whole
agenda and the meeting's .ics attached; members confirm or decline on the meeting's page."""

from email.message import Message

from icalendar import Calendar
from sqlmodel import col, select

from participation.audit.models import AuditEntry
from participation.boards.models import (
    AgendaItem,
    Invitation,
    InvitationResponse,
    MeetingState,
    MemberRole,
    Membership,
)
from participation.db import utcnow
from participation.notifications.models import OutboxMail
from participation.notifications.services import send_due_mail
from tests.conftest import Browser


def queued(db) -> list[OutboxMail]:
    db.expire_all()
    return list(db.exec(select(OutboxMail).order_by(col(OutboxMail.id))))


def audit_actions(db, action: str) -> list[AuditEntry]:
    db.expire_all()
    return list(db.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(col(AuditEntry.id))))


def parts(message: Message) -> tuple[str, Message]:
    """The text of a mail and its calendar attachment."""
    text = calendar = None
    for part in message.walk():
        if part.get_content_type() == "text/plain" and part.get_filename() is None:
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        elif part.get_content_type() == "text/calendar":
            calendar = part
    assert text is not None and calendar is not None
    return text, calendar


def invite(browser: Browser, meeting, lang="en"):
    return browser.submit(f"/meetings/{meeting.id}/invite?lang={lang}", {}, form_page="/ideas/new",
                          follow_redirects=True)


def with_agenda(db, meeting) -> None:
    db.add_all([AgendaItem(meeting_id=meeting.id, position=1, title="Haushalt 2027"),
                AgendaItem(meeting_id=meeting.id, position=2, title="Personalangelegenheiten", is_public=False)])
    db.commit()


def test_secretary_invites_every_member_with_an_address(app, db, board, seat, make_user, make_meeting, browser,
                                                        mailbox):
    meeting = make_meeting()
    with_agenda(db, meeting)
    secretary = seat(MemberRole.MEMBER, is_secretary=True)
    member = seat(MemberRole.MEMBER)
    member.locale = "en"
    db.add(member)
    unverified = make_user(verified=False)
    former = make_user()
    db.add_all([
        Membership(board_id=board.id, user_id=unverified.id, role=MemberRole.MEMBER.value),
        Membership(board_id=board.id, person_name="Erika Extern", contact="erika@verein.example", is_external=True),
        Membership(board_id=board.id, person_name="Otto Ohnemail", contact="0151 2345678", is_external=True),
        Membership(board_id=board.id, user_id=former.id, end_date=utcnow().date().replace(year=2000)),
    ])
    db.commit()

    browser.sign_in(secretary.email)
    page = invite(browser, meeting).get_data(as_text=True)
    assert "Invitations sent to 3 members. 2 members have no e-mail address on record." in page

    mails = queued(db)
    assert sorted(mail.recipient for mail in mails) == sorted([secretary.email, member.email,
                                                               "erika@verein.example"])
    assert all(mail.attachment_name == f"meeting-{meeting.id}.ics" for mail in mails)
    german = next(mail for mail in mails if mail.recipient == secretary.email)
    assert german.subject.startswith("Einladung: Projektbeirat: 1. Quartalssitzung am ")
    english = next(mail for mail in mails if mail.recipient == member.email)
    assert english.subject.startswith("Invitation: Projektbeirat: 1. Quartalssitzung on ")
    db.refresh(meeting)
    assert meeting.state == MeetingState.INVITED.value
    invitations = db.exec(select(Invitation).where(Invitation.meeting_id == meeting.id)).all()
    assert len(invitations) == 5 and {row.response for row in invitations} == {InvitationResponse.PENDING.value}
    [entry] = audit_actions(db, "meeting.invitations_sent")
    assert entry.after["sent"] == 3 and entry.after["unreachable"] == 2 and entry.before == {"state": "planned"}

    with app.app_context():
        assert send_due_mail(app.extensions["database"], utcnow()) == (3, 0)
    for address in (secretary.email, member.email, "erika@verein.example"):
        [message] = mailbox.to(address)
        text, attachment = parts(message)
        assert "1. Haushalt 2027" in text and "2. Personalangelegenheiten" in text
        assert f"/meetings/{meeting.id}" in text and "Rathaus, Ratssaal" in text
        assert attachment.get_filename() == f"meeting-{meeting.id}.ics"
        assert attachment.get_param("method") == "PUBLISH"
        calendar = Calendar.from_ical(attachment.get_payload(decode=True))
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]).startswith(f"meeting-{meeting.id}@")
        assert str(event["SUMMARY"]) == "Projektbeirat: 1. Quartalssitzung"
    member_text, _attachment = parts(mailbox.to(member.email)[0])
    assert "confirm or decline your attendance" in member_text and "Hello " in member_text
    external_text, _attachment = parts(mailbox.to("erika@verein.example")[0])
    assert "Erika Extern" in external_text and "Zusage" not in external_text and "confirm" not in external_text


def test_sending_again_mails_everyone_and_keeps_the_answers(db, board, seat, make_meeting, browser):
    meeting = make_meeting()
    chair = seat(MemberRole.CHAIR)
    member = seat(MemberRole.MEMBER)
    browser.sign_in(chair.email)
    invite(browser, meeting)
    membership = db.exec(select(Membership).where(Membership.user_id == member.id)).one()
    invitation = db.get(Invitation, (meeting.id, membership.id))
    invitation.response = InvitationResponse.ACCEPTED.value
    db.add(invitation)
    db.commit()
    page = invite(browser, meeting).get_data(as_text=True)
    assert "Invitations sent to 2 members." in page
    assert len(queued(db)) == 4
    db.expire_all()
    assert db.get(Invitation, (meeting.id, membership.id)).response == InvitationResponse.ACCEPTED.value
    db.refresh(meeting)
    assert meeting.state == MeetingState.INVITED.value
    assert len(audit_actions(db, "meeting.invitations_sent")) == 2


def test_member_accepts_then_declines(app, db, board, seat, make_meeting, browser):
    meeting = make_meeting()
    member = seat(MemberRole.MEMBER)
    browser.sign_in(member.email)
    page = browser.get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "No answer yet" in page and "I will attend" in page and "I cannot attend" in page
    assert "Send invitations" not in page and "Answers of the members" not in page

    response = browser.submit(f"/meetings/{meeting.id}/respond/accept?lang=en", {},
                              form_page="/ideas/new", follow_redirects=True)
    assert "Will attend" in response.get_data(as_text=True)
    membership = db.exec(select(Membership).where(Membership.user_id == member.id)).one()
    db.expire_all()
    invitation = db.get(Invitation, (meeting.id, membership.id))
    assert invitation.response == InvitationResponse.ACCEPTED.value and invitation.responded_at is not None

    response = browser.submit(f"/meetings/{meeting.id}/respond/decline?lang=en", {},
                              form_page="/ideas/new", follow_redirects=True)
    assert "Cannot attend" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Invitation, (meeting.id, membership.id)).response == InvitationResponse.DECLINED.value
    entries = audit_actions(db, "meeting.attendance_answered")
    assert [(entry.before["response"], entry.after["response"]) for entry in entries] == [
        ("pending", "accepted"), ("accepted", "declined")]
    assert all(entry.actor_id == member.id for entry in entries)


def test_runner_sees_the_answers(app, db, board, seat, make_meeting, browser):
    meeting = make_meeting()
    chair = seat(MemberRole.CHAIR)
    member = seat(MemberRole.MEMBER)
    membership = db.exec(select(Membership).where(Membership.user_id == member.id)).one()
    db.add(Invitation(meeting_id=meeting.id, membership_id=membership.id,
                      response=InvitationResponse.DECLINED.value))
    db.commit()
    browser.sign_in(chair.email)
    page = browser.get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "Send invitations" in page and "Answers of the members" in page
    assert member.display_name in page and "Cannot attend" in page and "Not invited yet" in page
    anonymous = Browser(app.test_client()).get(f"/meetings/{meeting.id}?lang=en").get_data(as_text=True)
    assert "Answers of the members" not in anonymous and "I will attend" not in anonymous


def test_non_member_may_not_respond(app, db, board, seat, make_user, make_meeting, browser):
    meeting = make_meeting()
    outsider = make_user()
    browser.sign_in(outsider.email)
    response = browser.submit(f"/meetings/{meeting.id}/respond/accept", {}, form_page="/ideas/new")
    assert response.status_code == 403
    assert db.exec(select(Invitation)).all() == []


def test_plain_member_may_not_invite(db, board, seat, make_meeting, browser):
    meeting = make_meeting()
    member = seat(MemberRole.MEMBER)
    browser.sign_in(member.email)
    response = browser.submit(f"/meetings/{meeting.id}/invite", {}, form_page="/ideas/new")
    assert response.status_code == 403
    assert queued(db) == []


def test_cancelled_or_past_meetings_are_not_invited_to(db, board, seat, make_meeting, browser):
    cancelled = make_meeting(state=MeetingState.CANCELLED.value, cancel_reason="Krankheit")
    past = make_meeting(name="Alte Sitzung", days_ahead=-3)
    secretary = seat(MemberRole.MEMBER, is_secretary=True)
    browser.sign_in(secretary.email)
    page = invite(browser, cancelled).get_data(as_text=True)
    assert "flash-error" in page and "This meeting has been cancelled." in page
    assert "Send invitations" not in page
    page = invite(browser, past).get_data(as_text=True)
    assert "flash-error" in page and "This meeting has already begun." in page
    assert queued(db) == []
    assert audit_actions(db, "meeting.invitations_sent") == []
    db.refresh(cancelled)
    assert cancelled.state == MeetingState.CANCELLED.value


def test_members_cannot_answer_for_a_cancelled_meeting(db, board, seat, make_meeting, browser):
    meeting = make_meeting(state=MeetingState.CANCELLED.value, cancel_reason="Krankheit")
    member = seat(MemberRole.MEMBER)
    browser.sign_in(member.email)
    response = browser.submit(f"/meetings/{meeting.id}/respond/accept?lang=en", {},
                              form_page="/ideas/new", follow_redirects=True)
    assert "This meeting has been cancelled." in response.get_data(as_text=True)
    assert db.exec(select(Invitation)).all() == []
