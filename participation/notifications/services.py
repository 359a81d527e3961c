"""Notifications and the mail outbox.

`notify()` records what happened for each recipient and queues mail for those who want it at once;
`queue_due_digests()` queues the weekly digests; `send_due_mail()` sends the outbox, at most once per mail,
with retries and backoff. Services take the session (and the acting user) and only flush; the caller commits.
`send_due_mail()` is the exception: it works outside any request and commits its own short transactions,
because a mail must be claimed for good before it is sent.
"""

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel.speaklater import LazyString
from sqlalchemy import exists, func, or_, update
from sqlmodel import Session, col, select

from participation import mail
from participation.accounts.models import User
from participation.auth.tokens import TokenError, TokenPurpose, issue_token, read_token
from participation.db import Database, utcnow
from participation.i18n import ngettext
from participation.mail import public_url, public_url_for
from participation.notifications.kinds import NotificationKind, notification_text
from participation.notifications.models import (
    EmailMode,
    Notification,
    NotificationSetting,
    OutboxMail,
    OutboxStatus,
)
from participation.pagination import Page, paginate
from participation.security import is_safe_redirect

log = logging.getLogger(__name__)

DIGEST_INTERVAL = timedelta(days=7)
DIGEST_MAX_ITEMS = 50  # more are counted in the digest, not listed
# Wait after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure gives up.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(minutes=120))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
UNSUBSCRIBE_TOKEN_MAX_AGE = timedelta(days=365)
SUBJECT_MAX_LENGTH = 300


class NotificationNotFound(PermissionError):
    """No such notification, or it belongs to someone else (the route answers 404 either way)."""


# --- notifications -----------------------------------------------------------------------------------------


def notify(
    session: Session,
    recipients: Iterable[User | int | None],
    kind: NotificationKind | str,
    link: str,
    params: Mapping[str, Any] | None,
    actor: User | None = None,
) -> list[Notification]:
    """One notification per distinct recipient except the actor; mail at once to those who want it.

    `recipients` are users or user ids (e.g. from a followers query); None and duplicates are skipped.
    `link` is a path on this site, e.g. "/ideas/7#comment-12". `params` feed the kind's text (see kinds.py):
    plain strings are shown as they are, lazy strings (`_l`) are translated for each reader. Without an
    "actor_name" param, the actor's display name is used.
    """
    kind = NotificationKind(kind)
    if not is_safe_redirect(link):
        raise ValueError(f"a notification links to a path on this site, not {link!r}")
    stored_params = _storable_params(params, actor)
    actor_id = actor.id if actor is not None else None
    targets: dict[int, User] = {}
    wanted_ids: set[int] = set()
    for recipient in recipients:
        if isinstance(recipient, User):
            if recipient.id is not None:
                targets.setdefault(recipient.id, recipient)
        elif isinstance(recipient, int):
            wanted_ids.add(recipient)
    wanted_ids -= targets.keys()
    if wanted_ids:
        for user in session.exec(select(User).where(col(User.id).in_(wanted_ids))):
            targets[user.id] = user
    targets.pop(actor_id, None)
    if not targets:
        return []

    modes = _email_modes(session, list(targets))
    now = utcnow()
    notifications = []
    for user_id, user in targets.items():
        notification = Notification(user_id=user_id, kind=kind.value, params=dict(stored_params), link=link,
                                    created_at=now)
        if modes[user_id] is EmailMode.IMMEDIATE and can_receive_mail(user):
            session.add(_event_mail(user, notification, now))
            notification.mailed_at = now
        session.add(notification)
        notifications.append(notification)
    session.flush()
    return notifications


def can_receive_mail(user: User) -> bool:
    """Only confirmed addresses of accounts that are not blocked get notification mails."""
    return user.is_verified and not user.is_blocked


def unread_count(session: Session, user: User) -> int:
    query = select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, col(Notification.read_at).is_(None))
    return session.exec(query).one()


def list_for_user(session: Session, user: User, page: int, per_page: int) -> Page[Notification]:
    """The user's notifications, newest first."""
    query = (select(Notification).where(Notification.user_id == user.id)
             .order_by(col(Notification.created_at).desc(), col(Notification.id).desc()))
    return paginate(session, query, page, per_page)


def mark_read(session: Session, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notifications as read; raises NotificationNotFound for any other id."""
    notification = session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotificationNotFound(notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
        session.add(notification)
        session.flush()
    return notification


def mark_all_read(session: Session, user: User) -> int:
    """Mark every unread notification of the user as read; returns how many there were."""
    result = session.exec(
        update(Notification)
        .where(col(Notification.user_id) == user.id, col(Notification.read_at).is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    session.flush()
    return result.rowcount


# --- e-mail settings and unsubscribe -----------------------------------------------------------------------


def email_mode(session: Session, user: User) -> EmailMode:
    setting = session.get(NotificationSetting, user.id)
    return _as_mode(setting.email_mode) if setting is not None else EmailMode.IMMEDIATE


def set_email_mode(session: Session, user: User, mode: EmailMode | str) -> bool:
    """Choose immediate mails, a weekly digest or none; returns whether anything changed."""
    mode = EmailMode(mode)
    setting = session.get(NotificationSetting, user.id)
    if setting is None:
        if mode is EmailMode.IMMEDIATE:
            return False  # the default needs no row
        setting = NotificationSetting(user_id=user.id)
    elif setting.email_mode == mode.value:
        return False
    setting.email_mode = mode.value
    session.add(setting)
    session.flush()
    return True


def unsubscribe_token(secret_key: str, user: User) -> str:
    return issue_token(secret_key, TokenPurpose.UNSUBSCRIBE, {"user": user.id})


def user_for_unsubscribe_token(session: Session, secret_key: str, token: str) -> User:
    """The user a mailed unsubscribe link was made for; raises TokenError("invalid" | "expired")."""
    payload = read_token(secret_key, TokenPurpose.UNSUBSCRIBE, token,
                         int(UNSUBSCRIBE_TOKEN_MAX_AGE.total_seconds()))
    user = session.get(User, payload["user"])
    if user is None:
        raise TokenError("invalid")
    return user


def unsubscribe(session: Session, secret_key: str, token: str) -> User:
    """Turn notification mails off for the token's user (the signed token is the authorisation)."""
    user = user_for_unsubscribe_token(session, secret_key, token)
    set_email_mode(session, user, EmailMode.OFF)
    return user


# --- digests -----------------------------------------------------------------------------------------------


def queue_due_digests(session: Session, now: datetime) -> int:
    """Queue one digest for every digest reader whose week is over and who has unread news not yet mailed.

    Returns the number of digests queued. Safe to run concurrently: each user's digest is claimed by a
    conditional update of their setting row, so two runs never queue the same digest.
    """
    session.flush()
    cutoff = now - DIGEST_INTERVAL
    is_due = or_(col(NotificationSetting.last_digest_at).is_(None), col(NotificationSetting.last_digest_at) <= cutoff)
    has_news = exists().where(Notification.user_id == NotificationSetting.user_id, _waits_for_digest())
    user_ids = session.exec(
        select(NotificationSetting.user_id)
        .where(NotificationSetting.email_mode == EmailMode.DIGEST.value, is_due, has_news)
        .order_by(NotificationSetting.user_id)
    ).all()
    queued = 0
    for user_id in user_ids:
        user = session.get(User, user_id)
        if user is None or not can_receive_mail(user):
            continue
        claimed = session.exec(
            update(NotificationSetting)
            .where(col(NotificationSetting.user_id) == user_id,
                   col(NotificationSetting.email_mode) == EmailMode.DIGEST.value, is_due)
            .values(last_digest_at=now)
        )
        if claimed.rowcount != 1:
            continue  # another run took it, or the user changed their choice meanwhile
        items = session.exec(
            select(Notification).where(Notification.user_id == user_id, _waits_for_digest())
            .order_by(col(Notification.created_at), col(Notification.id))
        ).all()
        if not items:
            continue
        session.exec(
            update(Notification)
            .where(col(Notification.id).in_([item.id for item in items]), col(Notification.mailed_at).is_(None))
            .values(mailed_at=now)
        )
        session.add(_digest_mail(user, items, now))
        queued += 1
    session.flush()
    return queued


def _waits_for_digest():
    return (col(Notification.mailed_at).is_(None)) & (col(Notification.read_at).is_(None))


# --- sending the outbox ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ClaimedMail:
    id: int
    recipient: str
    subject: str
    body: str
    unsubscribe_url: str | None
    attempts: int
    attachment_name: str | None = None
    attachment_type: str | None = None
    attachment: str | None = None


def send_due_mail(
    database: Database, now: datetime, send: Callable[[EmailMessage], None] = mail.send_message
) -> tuple[int, int]:
    """Send every queued mail that is due; returns (sent, failed attempts).

    Each mail is claimed in a short transaction of its own (queued → sending) before it is sent, outside any
    transaction; two runs at once never claim the same mail. A mail left in "sending" by a crash is never
    sent again: at most once. A failure puts it back in the queue with a growing delay, and after
    MAX_ATTEMPTS marks it failed. Needs an app context (for the mail settings).
    """
    sent = failed = 0
    last_id = 0
    while True:
        claimed = _claim_next(database, now, last_id)
        if claimed is None:
            return sent, failed
        if claimed is False:
            continue
        last_id = claimed.id
        try:
            send(build_outbox_message(claimed))
        except Exception as error:  # any failure of the backend: retry later
            failed += 1
            _record_failure(database, claimed, now, error)
        else:
            sent += 1
            _finish(database, claimed.id, status=OutboxStatus.SENT, sent_at=utcnow(), last_error="")


def build_outbox_message(outbox_mail) -> EmailMessage:
    message = mail.build_message(outbox_mail.recipient, outbox_mail.subject, outbox_mail.body)
    if outbox_mail.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{outbox_mail.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if getattr(outbox_mail, "attachment", None) is not None:
        _attach(message, outbox_mail.attachment, outbox_mail.attachment_name or "attachment.txt",
                outbox_mail.attachment_type or "text/plain")
    return message


def _attach(message: EmailMessage, content: str, filename: str, content_type: str) -> None:
    """A text attachment, base64-encoded so its bytes arrive as stored (an .ics needs its CRLF line ends);
    `content_type` may carry parameters, e.g. "text/calendar; method=PUBLISH"."""
    kind, *parameters = (part.strip() for part in content_type.split(";"))
    maintype, _slash, subtype = kind.partition("/")
    params = dict(parameter.split("=", 1) for parameter in parameters if "=" in parameter)
    if maintype.lower() == "text":
        params.setdefault("charset", "utf-8")
    message.add_attachment(content.encode("utf-8"), maintype=maintype or "application",
                           subtype=subtype or "octet-stream", filename=filename, params=params)


def _claim_next(database: Database, now: datetime, after_id: int) -> "_ClaimedMail | bool | None":
    """Claim the next due mail: the mail, False if another run was quicker, None when nothing is due."""
    with database.new_session() as session:
        due = ((col(OutboxMail.status) == OutboxStatus.QUEUED.value) & (col(OutboxMail.next_attempt_at) <= now)
               & (col(OutboxMail.id) > after_id))
        mail_id = session.exec(select(OutboxMail.id).where(due).order_by(OutboxMail.id).limit(1)).first()
        if mail_id is None:
            return None
        result = session.exec(
            update(OutboxMail)
            .where(col(OutboxMail.id) == mail_id, due)
            .values(status=OutboxStatus.SENDING.value, attempts=OutboxMail.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            session.rollback()
            return False
        row = session.exec(select(OutboxMail.recipient, OutboxMail.subject, OutboxMail.body,
                                  OutboxMail.unsubscribe_url, OutboxMail.attempts, OutboxMail.attachment_name,
                                  OutboxMail.attachment_type, OutboxMail.attachment)
                           .where(OutboxMail.id == mail_id)).one()
        session.commit()
    return _ClaimedMail(mail_id, *row)


def _record_failure(database: Database, claimed: _ClaimedMail, now: datetime, error: Exception) -> None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    if claimed.attempts >= MAX_ATTEMPTS:
        log.error("mail %s to %s failed for good after %d attempts: %s", claimed.id, claimed.recipient,
                  claimed.attempts, reason)
        _finish(database, claimed.id, status=OutboxStatus.FAILED, last_error=reason)
    else:
        retry_at = now + RETRY_DELAYS[claimed.attempts - 1]
        log.warning("mail %s to %s failed (attempt %d), retry at %s: %s", claimed.id, claimed.recipient,
                    claimed.attempts, retry_at.isoformat(), reason)
        _finish(database, claimed.id, status=OutboxStatus.QUEUED, next_attempt_at=retry_at, last_error=reason)


def _finish(database: Database, mail_id: int, status: OutboxStatus, **values) -> None:
    with database.new_session() as session:
        session.exec(
            update(OutboxMail)
            .where(col(OutboxMail.id) == mail_id, col(OutboxMail.status) == OutboxStatus.SENDING.value)
            .values(status=status.value, **values)
            .execution_options(synchronize_session=False)
        )
        session.commit()


# --- rendering mails ---------------------------------------------------------------------------------------


def queue_personal_mail(session: Session, user: User, now: datetime, render: Callable[[], tuple[str, str]],
                        attachment: tuple[str, str, str] | None = None) -> OutboxMail | None:
    """Queue one mail to one account holder, whatever their notification settings (for mails about their own
    commitments, such as a shift). `render()` runs in the reader's language and gives (subject, body);
    `attachment` is (file name, content type, text). None for accounts that may not receive mail."""
    if not can_receive_mail(user):
        return None
    with force_locale(_reader_locale(user)):
        subject, body = render()
        subject = _subject(subject)
    name, content_type, content = attachment or (None, None, None)
    mail = OutboxMail(recipient=user.email, subject=subject, body=body, attachment_name=name,
                      attachment_type=content_type, attachment=content, next_attempt_at=now, created_at=now)
    session.add(mail)
    return mail


def _mail_links(user: User) -> dict[str, str]:
    return {
        "settings_url": public_url_for("notifications.settings"),
        "list_url": public_url_for("notifications.index"),
        "unsubscribe_url": public_url_for(
            "notifications.unsubscribe", token=unsubscribe_token(current_app.config["SECRET_KEY"], user)),
    }


def _reader_locale(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _subject(text: str) -> str:
    subject = f"{current_app.config['SITE_NAME']}: {' '.join(text.split())}"
    if len(subject) > SUBJECT_MAX_LENGTH:
        subject = subject[:SUBJECT_MAX_LENGTH - 1] + "…"
    return subject


def _event_mail(user: User, notification: Notification, now: datetime) -> OutboxMail:
    links = _mail_links(user)
    with force_locale(_reader_locale(user)):
        text = notification_text(notification.kind, notification.params)
        body = render_template("mail/notifications/event.txt", user=user, text=text,
                               link=public_url(notification.link), **links)
        subject = _subject(text)
    return OutboxMail(recipient=user.email, subject=subject, body=body, unsubscribe_url=links["unsubscribe_url"],
                      next_attempt_at=now, created_at=now)


def _digest_mail(user: User, notifications: list[Notification], now: datetime) -> OutboxMail:
    links = _mail_links(user)
    listed = notifications[:DIGEST_MAX_ITEMS]
    with force_locale(_reader_locale(user)):
        items = [{"text": notification_text(item.kind, item.params), "link": public_url(item.link),
                  "created_at": item.created_at} for item in listed]
        body = render_template("mail/notifications/digest.txt", user=user, items=items,
                               total=len(notifications), more=len(notifications) - len(listed), **links)
        subject = _subject(ngettext("Your weekly summary: %(num)d new notification",
                                    "Your weekly summary: %(num)d new notifications", len(notifications)))
    return OutboxMail(recipient=user.email, subject=subject, body=body, unsubscribe_url=links["unsubscribe_url"],
                      next_attempt_at=now, created_at=now)


# --- helpers -----------------------------------------------------------------------------------------------


def _as_mode(value: str) -> EmailMode:
    try:
        return EmailMode(value)
    except ValueError:
        return EmailMode.IMMEDIATE


def _email_modes(session: Session, user_ids: list[int]) -> dict[int, EmailMode]:
    rows = session.exec(select(NotificationSetting.user_id, NotificationSetting.email_mode)
                        .where(col(NotificationSetting.user_id).in_(user_ids))).all()
    modes = dict.fromkeys(user_ids, EmailMode.IMMEDIATE)
    modes.update({user_id: _as_mode(mode) for user_id, mode in rows})
    return modes


def _storable_params(params: Mapping[str, Any] | None, actor: User | None) -> dict[str, Any]:
    """Params as JSON: lazy strings keep their msgid (translated per reader), anything else becomes text."""
    stored: dict[str, Any] = {}
    for key, value in (params or {}).items():
        if isinstance(value, LazyString):
            stored[str(key)] = _lazy_param(value)
        elif value is None or isinstance(value, (str, int, float, bool)):
            stored[str(key)] = value
        else:
            stored[str(key)] = str(value)
    if actor is not None and "actor_name" not in stored:
        stored["actor_name"] = actor.display_name
    return stored


def _lazy_param(value: LazyString) -> Any:
    args = getattr(value, "_args", ())
    if not getattr(value, "_kwargs", None) and len(args) == 1 and isinstance(args[0], str):
        return {"msgid": args[0]}
    return str(value)  # a lazy string with arguments cannot be stored untranslated

