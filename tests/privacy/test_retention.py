"""Retention: `flask purge` deletes what the portal no longer needs, and keeps the rest."""

from datetime import timedelta

from sqlmodel import select

from participation.accounts.models import Role, RoleGrant, User
from participation.auth.models import LoginSession
from participation.db import utcnow
from participation.notifications.models import OutboxMail, OutboxStatus
from participation.privacy.retention import purge


def age(db, user: User, days: int) -> User:
    user.created_at = utcnow() - timedelta(days=days)
    db.add(user)
    db.commit()
    return user


def mail(db, subject: str, status: OutboxStatus, days: int) -> None:
    queued_at = utcnow() - timedelta(days=days)
    db.add(OutboxMail(recipient="someone@example.org", subject=subject, body="…", status=status.value,
                      created_at=queued_at, next_attempt_at=queued_at,
                      sent_at=queued_at if status == OutboxStatus.SENT else None))
    db.commit()


def login_session(db, user: User, token_hash: str, expires_in: timedelta) -> None:
    db.add(LoginSession(user_id=user.id, token_hash=token_hash, expires_at=utcnow() + expires_in))
    db.commit()


def emails(db) -> set[str]:
    return set(db.exec(select(User.email)))


def test_unverified_accounts_go_after_seven_days_verified_ones_stay(app, db, make_user):
    gone = age(db, make_user(verified=False, email_address="gone@example.org"), days=8)
    age(db, make_user(verified=False, email_address="young@example.org"), days=6)
    age(db, make_user(email_address="verified@example.org"), days=400)

    report = purge(db, utcnow(), app.config)
    db.commit()

    assert report.unverified_accounts == 1
    assert emails(db) == {"young@example.org", "verified@example.org"}
    # The row is deleted, so what hangs on it goes too (ON DELETE CASCADE).
    assert db.exec(select(RoleGrant).where(RoleGrant.user_id == gone.id)).all() == []


def test_an_unverified_account_an_administrator_gave_a_role_stays(app, db, make_user):
    age(db, make_user(Role.STAFF, verified=False, email_address="new-colleague@example.org"), days=30)

    assert purge(db, utcnow(), app.config).unverified_accounts == 0
    assert emails(db) == {"new-colleague@example.org"}


def test_retention_days_come_from_the_settings(app, db, make_user):
    age(db, make_user(verified=False, email_address="young@example.org"), days=6)

    assert purge(db, utcnow(), {**app.config, "UNVERIFIED_ACCOUNT_RETENTION_DAYS": 5}).unverified_accounts == 1
    assert emails(db) == set()


def test_sent_and_failed_mails_go_after_ninety_days_unsent_ones_stay(app, db):
    mail(db, "sent long ago", OutboxStatus.SENT, days=91)
    mail(db, "failed long ago", OutboxStatus.FAILED, days=91)
    mail(db, "sent recently", OutboxStatus.SENT, days=89)
    mail(db, "still queued", OutboxStatus.QUEUED, days=91)
    mail(db, "being sent", OutboxStatus.SENDING, days=1)

    report = purge(db, utcnow(), app.config)
    db.commit()

    assert report.outbox_mails == 2
    assert set(db.exec(select(OutboxMail.subject))) == {"sent recently", "still queued", "being sent"}
    assert report.old_unsent_mails == 1


def test_expired_login_sessions_go_live_ones_stay(app, db, make_user):
    user = make_user()
    login_session(db, user, "expired", timedelta(minutes=-1))
    login_session(db, user, "live", timedelta(hours=1))
    login_session(db, user, "remembered", timedelta(days=29))

    assert purge(db, utcnow(), app.config).login_sessions == 1
    assert set(db.exec(select(LoginSession.token_hash))) == {"live", "remembered"}


def test_purge_command_removes_and_reports_the_counts(runner, db, make_user):
    age(db, make_user(verified=False), days=8)
    mail(db, "sent long ago", OutboxStatus.SENT, days=91)
    mail(db, "failed long ago", OutboxStatus.FAILED, days=100)
    user = make_user()
    for number in range(3):
        login_session(db, user, f"expired-{number}", timedelta(hours=-1))

    result = runner.invoke(args=["purge"])

    assert result.exit_code == 0, result.output
    assert "Purged: 1 unverified accounts, 2 outbox mails, 3 expired login sessions." in result.output
    db.expire_all()
    assert db.exec(select(OutboxMail)).all() == [] and db.exec(select(LoginSession)).all() == []
    assert emails(db) == {user.email}


def test_purge_command_warns_of_mails_left_unsent_for_months(runner, db):
    mail(db, "never went out", OutboxStatus.QUEUED, days=120)

    result = runner.invoke(args=["purge"])

    assert result.exit_code == 0, result.output
    assert "Purged: 0 unverified accounts, 0 outbox mails, 0 expired login sessions." in result.output
    assert "Kept 1 unsent outbox mails older than 90 days" in result.output
    assert db.exec(select(OutboxMail.subject)).all() == ["never went out"]
