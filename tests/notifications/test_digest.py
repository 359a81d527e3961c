"""The weekly digest: one mail per digest reader and week, listing what is new and unread."""

from datetime import timedelta

from sqlmodel import select

from participation.db import utcnow
from participation.notifications.kinds import NotificationKind
from participation.notifications.models import EmailMode, Notification, NotificationSetting
from participation.notifications.services import mark_read, notify, queue_due_digests, set_email_mode

COMMENT = NotificationKind.COMMENT_ON_FOLLOWED_IDEA


def digest_reader(db, make_user, **kwargs):
    user = make_user(**kwargs)
    set_email_mode(db, user, EmailMode.DIGEST)
    db.commit()
    return user


def test_one_digest_lists_all_new_notifications(in_app, db, make_user, outbox):
    reader = digest_reader(db, make_user, name="Ben")
    for number in range(3):
        notify(db, [reader], COMMENT, f"/ideas/{number}", {"idea_title": f"Idee {number}", "actor_name": "Anna"})
    db.commit()
    assert outbox() == []

    now = utcnow()
    assert queue_due_digests(db, now) == 1
    db.commit()
    [mail] = outbox()
    assert mail.recipient == reader.email
    assert "3" in mail.subject
    assert "Hallo Ben," in mail.body
    for number in range(3):
        assert f"http://127.0.0.1:5000/ideas/{number}" in mail.body and f"Idee {number}" in mail.body
    assert mail.unsubscribe_url and mail.unsubscribe_url in mail.body
    assert all(n.mailed_at == now for n in db.exec(select(Notification)))
    assert db.get(NotificationSetting, reader.id).last_digest_at == now

    assert queue_due_digests(db, now) == 0  # nothing new: no second digest
    assert len(outbox()) == 1


def test_next_digest_comes_a_week_later_with_only_the_new_ones(in_app, db, make_user, outbox):
    reader = digest_reader(db, make_user)
    notify(db, [reader], COMMENT, "/ideas/1", {"idea_title": "Erste"})
    first = utcnow()
    queue_due_digests(db, first)
    notify(db, [reader], COMMENT, "/ideas/2", {"idea_title": "Zweite"})
    db.commit()

    assert queue_due_digests(db, first + timedelta(days=6, hours=23)) == 0
    assert queue_due_digests(db, first + timedelta(days=7)) == 1
    db.commit()
    mails = outbox()
    assert len(mails) == 2
    assert "Zweite" in mails[1].body and "Erste" not in mails[1].body


def test_read_notifications_are_left_out_and_nothing_new_means_no_digest(in_app, db, make_user, outbox):
    reader = digest_reader(db, make_user)
    [seen] = notify(db, [reader], COMMENT, "/ideas/1", {"idea_title": "Gelesen"})
    mark_read(db, reader, seen.id)
    assert queue_due_digests(db, utcnow()) == 0
    notify(db, [reader], COMMENT, "/ideas/2", {"idea_title": "Neu"})
    assert queue_due_digests(db, utcnow()) == 1
    db.commit()
    [mail] = outbox()
    assert "Neu" in mail.body and "Gelesen" not in mail.body


def test_only_digest_readers_get_digests(in_app, db, make_user, outbox):
    immediate, off, digest = make_user(), make_user(), digest_reader(db, make_user)
    set_email_mode(db, off, EmailMode.OFF)
    notify(db, [immediate, off, digest], COMMENT, "/ideas/1", {"idea_title": "X"})
    db.commit()
    assert len(outbox()) == 1  # the immediate mail
    assert queue_due_digests(db, utcnow()) == 1
    db.commit()
    assert sorted(mail.recipient for mail in outbox()) == sorted([immediate.email, digest.email])


def test_digests_are_grouped_per_reader(in_app, db, make_user, outbox):
    first, second = digest_reader(db, make_user), digest_reader(db, make_user)
    for number in range(2):
        notify(db, [first, second], COMMENT, f"/ideas/{number}", {"idea_title": f"Idee {number}"})
    assert queue_due_digests(db, utcnow()) == 2
    db.commit()
    assert sorted(mail.recipient for mail in outbox()) == sorted([first.email, second.email])


def test_long_digests_list_the_first_fifty(in_app, db, make_user, outbox):
    reader = digest_reader(db, make_user)
    for number in range(53):
        notify(db, [reader], COMMENT, f"/ideas/{number}", {"idea_title": f"Idee {number}"})
    queue_due_digests(db, utcnow())
    db.commit()
    [mail] = outbox()
    assert "/ideas/49\n" in mail.body and "/ideas/50\n" not in mail.body
    assert "3" in mail.body.split("/ideas/49")[1]
