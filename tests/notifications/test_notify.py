"""notify(): one notification per recipient, mail at once only for those who want it, never to the actor."""

import pytest
from sqlmodel import col, select

from participation.accounts.models import User
from participation.notifications.kinds import NotificationKind
from participation.notifications.models import EmailMode, Notification, NotificationSetting
from participation.notifications.services import (
    NotificationNotFound,
    email_mode,
    list_for_user,
    mark_all_read,
    mark_read,
    notify,
    set_email_mode,
    unread_count,
)

COMMENT = NotificationKind.COMMENT_ON_FOLLOWED_IDEA
PARAMS = {"idea_title": "Mehr Bänke am Markt"}


def notifications_of(db, user: User) -> list[Notification]:
    return list(db.exec(select(Notification).where(Notification.user_id == user.id)))


def test_one_notification_per_distinct_recipient_never_the_actor(in_app, db, make_user, outbox):
    actor, anna, ben = make_user(name="Actor"), make_user(), make_user()
    created = notify(db, [anna, None, actor, ben, anna], COMMENT, "/ideas/7#comment-3", PARAMS, actor=actor)
    db.commit()
    assert sorted(n.user_id for n in created) == sorted([anna.id, ben.id])
    assert notifications_of(db, actor) == []
    [note] = notifications_of(db, anna)
    assert note.kind == "comment_on_followed_idea" and note.link == "/ideas/7#comment-3"
    assert note.params == {"idea_title": "Mehr Bänke am Markt", "actor_name": "Actor"}
    assert note.read_at is None and note.mailed_at is not None
    assert sorted(mail.recipient for mail in outbox()) == sorted([anna.email, ben.email])


def test_recipients_may_be_given_as_ids(in_app, db, make_user, outbox):
    actor, anna, ben = make_user(), make_user(), make_user()
    created = notify(db, [anna.id, ben, ben.id, actor.id, 999999], COMMENT, "/ideas/1", PARAMS, actor=actor)
    assert sorted(n.user_id for n in created) == sorted([anna.id, ben.id])
    assert sorted(mail.recipient for mail in outbox()) == sorted([anna.email, ben.email])


def test_mail_at_once_only_for_immediate_readers(in_app, db, make_user, outbox):
    default, immediate, digest, off = make_user(), make_user(), make_user(), make_user()
    set_email_mode(db, immediate, EmailMode.IMMEDIATE)
    set_email_mode(db, digest, EmailMode.DIGEST)
    set_email_mode(db, off, EmailMode.OFF)
    notify(db, [default, immediate, digest, off], COMMENT, "/ideas/1", PARAMS)
    db.commit()
    assert sorted(mail.recipient for mail in outbox()) == sorted([default.email, immediate.email])
    assert all(len(notifications_of(db, user)) == 1 for user in (default, immediate, digest, off))
    assert notifications_of(db, digest)[0].mailed_at is None
    assert notifications_of(db, off)[0].mailed_at is None


def test_unconfirmed_or_blocked_accounts_get_no_mail(in_app, db, make_user, outbox):
    unconfirmed, blocked = make_user(verified=False), make_user()
    blocked.is_blocked = True
    db.add(blocked)
    notify(db, [unconfirmed, blocked], COMMENT, "/ideas/1", PARAMS)
    db.commit()
    assert outbox() == []
    assert len(notifications_of(db, unconfirmed)) == 1


def test_mail_is_written_in_the_readers_language_with_links(in_app, db, make_user, outbox):
    actor, reader = make_user(name="Anna"), make_user(name="Ben")
    reader.locale = "en"
    db.add(reader)
    notify(db, [reader], COMMENT, "/ideas/7#comment-3", PARAMS, actor=actor)
    db.commit()
    [mail] = outbox()
    assert mail.subject == "Beteiligungsportal Beispielstadt: Anna commented on “Mehr Bänke am Markt”"
    assert "Hello Ben," in mail.body and "Anna commented on “Mehr Bänke am Markt”" in mail.body
    assert "http://127.0.0.1:5000/ideas/7#comment-3" in mail.body
    assert mail.unsubscribe_url.startswith("http://127.0.0.1:5000/notifications/unsubscribe/")
    assert mail.unsubscribe_url in mail.body
    assert "http://127.0.0.1:5000/account/notifications/settings" in mail.body


def test_german_reader_gets_a_german_mail(in_app, db, make_user, outbox):
    reader = make_user(name="Ben")
    notify(db, [reader], COMMENT, "/ideas/7", PARAMS)
    db.commit()
    assert "Hallo Ben," in outbox()[0].body


def test_links_use_public_url(in_app, db, make_user, outbox):
    in_app.config["PUBLIC_URL"] = "https://beteiligung.example.de/portal/"
    notify(db, [make_user()], COMMENT, "/ideas/7", PARAMS)
    db.commit()
    [mail] = outbox()
    assert "https://beteiligung.example.de/portal/ideas/7" in mail.body
    assert mail.unsubscribe_url.startswith("https://beteiligung.example.de/portal/notifications/unsubscribe/")


@pytest.mark.parametrize("link", ["https://evil.example/", "//evil.example/x", "ideas/7", ""])
def test_links_must_be_paths_on_this_site(in_app, db, make_user, link):
    with pytest.raises(ValueError):
        notify(db, [make_user()], COMMENT, link, PARAMS)


def test_nobody_to_notify(in_app, db, make_user, outbox):
    actor = make_user()
    assert notify(db, [actor, None], COMMENT, "/ideas/1", PARAMS, actor=actor) == []
    assert outbox() == []


def test_unread_count_list_and_marking_read(in_app, db, make_user):
    reader, other = make_user(), make_user()
    for number in range(5):
        notify(db, [reader, other], COMMENT, f"/ideas/{number}", {"idea_title": f"Idee {number}"})
    db.commit()
    assert unread_count(db, reader) == 5
    page = list_for_user(db, reader, page=1, per_page=2)
    assert page.total == 5 and page.page_count == 3
    assert [n.link for n in page.items] == ["/ideas/4", "/ideas/3"]  # newest first

    first = page.items[0]
    assert mark_read(db, reader, first.id).read_at is not None
    assert mark_read(db, reader, first.id).read_at == first.read_at  # again: no change
    assert unread_count(db, reader) == 4
    assert mark_all_read(db, reader) == 4
    assert unread_count(db, reader) == 0 and unread_count(db, other) == 5


def test_marking_another_users_notification_is_refused(in_app, db, make_user):
    reader, other = make_user(), make_user()
    [foreign] = notify(db, [other], COMMENT, "/ideas/1", PARAMS)
    with pytest.raises(NotificationNotFound):
        mark_read(db, reader, foreign.id)
    with pytest.raises(NotificationNotFound):
        mark_read(db, reader, foreign.id + 1000)
    assert foreign.read_at is None


def test_email_mode_defaults_to_immediate_and_is_saved(db, make_user):
    user = make_user()
    assert email_mode(db, user) is EmailMode.IMMEDIATE
    assert set_email_mode(db, user, EmailMode.IMMEDIATE) is False
    assert db.get(NotificationSetting, user.id) is None
    assert set_email_mode(db, user, "digest") is True
    assert email_mode(db, user) is EmailMode.DIGEST
    assert set_email_mode(db, user, EmailMode.DIGEST) is False
    with pytest.raises(ValueError):
        set_email_mode(db, user, "sometimes")
    assert db.exec(select(NotificationSetting).where(col(NotificationSetting.user_id) == user.id)).one()
