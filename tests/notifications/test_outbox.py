"""send_due_mail() and `flask send-mail`: every mail at most once, retries with backoff, gives up after 5."""

from datetime import timedelta

from participation.db import utcnow
from participation.notifications.models import OutboxMail, OutboxStatus
from participation.notifications.services import MAX_ATTEMPTS, send_due_mail


def queue(db, count=1, **values) -> list[OutboxMail]:
    mails = [OutboxMail(recipient=f"person{number}@example.org", subject=f"Betreff {number}", body=f"Text {number}",
                        **values) for number in range(count)]
    db.add_all(mails)
    db.commit()
    return mails


def database_of(app):
    return app.extensions["database"]


def test_each_queued_mail_is_sent_once(in_app, db, mailbox, outbox):
    queue(db, 3, unsubscribe_url="http://127.0.0.1:5000/notifications/unsubscribe/abc")
    now = utcnow()
    assert send_due_mail(database_of(in_app), now) == (3, 0)
    assert send_due_mail(database_of(in_app), now) == (0, 0)
    assert send_due_mail(database_of(in_app), now + timedelta(days=1)) == (0, 0)
    messages = mailbox.messages()
    assert sorted(message["To"] for message in messages) == [f"person{n}@example.org" for n in range(3)]
    assert all(mail.status == OutboxStatus.SENT.value and mail.sent_at and mail.attempts == 1 for mail in outbox())
    message = mailbox.to("person0@example.org")[0]
    assert message["Subject"] == "Betreff 0" and mailbox.body(message).strip() == "Text 0"
    assert message["List-Unsubscribe"] == "<http://127.0.0.1:5000/notifications/unsubscribe/abc>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_mail_without_unsubscribe_link_has_no_unsubscribe_header(in_app, db, mailbox):
    queue(db)
    send_due_mail(database_of(in_app), utcnow())
    assert mailbox.messages()[0]["List-Unsubscribe"] is None


def test_mail_not_yet_due_waits(in_app, db, mailbox):
    now = utcnow()
    queue(db, next_attempt_at=now + timedelta(minutes=10))
    assert send_due_mail(database_of(in_app), now) == (0, 0)
    assert send_due_mail(database_of(in_app), now + timedelta(minutes=10)) == (1, 0)


def test_failures_are_retried_with_growing_delays_then_given_up(in_app, db, mailbox, outbox):
    queue(db)
    calls = []

    def failing(message):
        calls.append(message["To"])
        raise ConnectionRefusedError("mail server down")

    now = utcnow()
    expected_delays = [1, 5, 30, 120]
    for attempt, delay in enumerate(expected_delays, start=1):
        assert send_due_mail(database_of(in_app), now, send=failing) == (0, 1)
        [mail] = outbox()
        assert mail.status == OutboxStatus.QUEUED.value and mail.attempts == attempt
        assert mail.next_attempt_at == now + timedelta(minutes=delay)
        assert "ConnectionRefusedError: mail server down" in mail.last_error
        # Not due before the delay is over.
        assert send_due_mail(database_of(in_app), now + timedelta(minutes=delay, seconds=-1), send=failing) == (0, 0)
        now += timedelta(minutes=delay)

    assert send_due_mail(database_of(in_app), now, send=failing) == (0, 1)
    [mail] = outbox()
    assert mail.status == OutboxStatus.FAILED.value and mail.attempts == MAX_ATTEMPTS == 5
    assert send_due_mail(database_of(in_app), now + timedelta(days=30), send=failing) == (0, 0)
    assert len(calls) == 5 and mailbox.messages() == []


def test_a_retry_that_works_sends_the_mail(in_app, db, mailbox, outbox):
    queue(db)
    now = utcnow()

    def failing(message):
        raise OSError("timeout")

    send_due_mail(database_of(in_app), now, send=failing)
    assert send_due_mail(database_of(in_app), now + timedelta(minutes=1)) == (1, 0)
    [mail] = outbox()
    assert mail.status == OutboxStatus.SENT.value and mail.attempts == 2
    assert len(mailbox.messages()) == 1


def test_a_mail_left_in_sending_is_never_sent_again(in_app, db, mailbox):
    queue(db, status=OutboxStatus.SENDING.value, attempts=1)
    assert send_due_mail(database_of(in_app), utcnow() + timedelta(days=1)) == (0, 0)
    assert mailbox.messages() == []


def test_one_failure_does_not_stop_the_others(in_app, db, mailbox, outbox):
    queue(db, 3)
    from participation import mail as mail_module

    def picky(message):
        if message["To"] == "person1@example.org":
            raise OSError("rejected")
        mail_module.send_message(message)

    assert send_due_mail(database_of(in_app), utcnow(), send=picky) == (2, 1)
    assert sorted(m["To"] for m in mailbox.messages()) == ["person0@example.org", "person2@example.org"]


def test_send_mail_command_is_idempotent(app, runner, db, make_user, mailbox):
    from participation.notifications.kinds import NotificationKind
    from participation.notifications.models import EmailMode
    from participation.notifications.services import notify, set_email_mode

    immediate, digest = make_user(), make_user()
    with app.app_context():
        set_email_mode(db, digest, EmailMode.DIGEST)
        notify(db, [immediate, digest], NotificationKind.REPLY_TO_MY_COMMENT, "/ideas/3#comment-9",
               {"idea_title": "Spielplatz"})
    db.commit()

    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Digests queued: 1. Mails sent: 2. Failed attempts: 0."
    again = runner.invoke(args=["send-mail"])
    assert again.exit_code == 0 and again.output.strip() == "Digests queued: 0. Mails sent: 0. Failed attempts: 0."
    assert sorted(message["To"] for message in mailbox.messages()) == sorted([immediate.email, digest.email])
    body = mailbox.body(mailbox.to(immediate.email)[0])
    assert "http://127.0.0.1:5000/ideas/3#comment-9" in body
    assert mailbox.link(digest.email, "/notifications/unsubscribe/")


def test_mail_with_an_attachment_is_sent_with_it(in_app, db, mailbox):
    calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
    queue(db, attachment_name="meeting-7.ics", attachment_type="text/calendar; method=PUBLISH", attachment=calendar)
    assert send_due_mail(database_of(in_app), utcnow()) == (1, 0)
    [message] = mailbox.messages()
    assert message.is_multipart()
    text, attachment = [part for part in message.walk() if not part.is_multipart()]
    assert text.get_content_type() == "text/plain" and text.get_payload(decode=True).decode().strip() == "Text 0"
    assert attachment.get_content_type() == "text/calendar" and attachment.get_param("method") == "PUBLISH"
    assert attachment.get_filename() == "meeting-7.ics"
    assert attachment.get_payload(decode=True).decode() == calendar
