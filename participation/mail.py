"""Outgoing mail through the configured backend: `smtp`, `file` (one .eml per mail) or `console`.

A mail the backend cannot take (mail server down, refused, timed out) waits in the outbox, which `flask send-mail`
sends later with retries.
"""

import email.policy
import logging
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale

from participation.db import get_session, utcnow
from participation.notifications.models import OutboxMail

log = logging.getLogger(__name__)

MAIL_BACKENDS = ("smtp", "file", "console")
# Headers are folded only beyond RFC 5322's hard limit: Python's folding of long subjects with umlauts drops the
# space between adjacent encoded words ("Repair-Café: Geräte" arrived as "Repair-Café:Geräte").
MAIL_POLICY = email.policy.default.clone(max_line_length=998)


def public_url(path: str) -> str:
    """An absolute link to a path on this site, from PUBLIC_URL (never from the request's Host header: a forged
    one must not reach a mailed link; mails may also be sent outside any request)."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def public_url_for(endpoint: str, **values) -> str:
    """Like url_for(..., _external=True), but for PUBLIC_URL and without a request."""
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path.rstrip("/") or "/",
                                       url_scheme=parts.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def build_message(recipient: str, subject: str, body: str) -> EmailMessage:
    config = current_app.config
    message = EmailMessage(policy=MAIL_POLICY)
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="participation.invalid")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def send_message(message: EmailMessage) -> None:
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "file":
        directory = Path(config["MAIL_FILE_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
    elif backend == "smtp":
        _send_smtp(message)
    else:
        log.info("mail to %s\n%s", message["To"], message.as_string())


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    host, port, timeout = config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_TIMEOUT"]
    context = ssl.create_default_context()
    if config["SMTP_SSL"]:
        connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
    with connection:
        if config["SMTP_STARTTLS"] and not config["SMTP_SSL"]:
            connection.starttls(context=context)
        if config["SMTP_USERNAME"]:
            connection.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        connection.send_message(message)


def send_templated_mail(recipient: str, locale: str, template: str, subject: str, **context) -> None:
    """Render `templates/mail/<template>.txt` in the recipient's language and send it; if the backend fails, queue
    it in the outbox instead, so the action it belongs to still succeeds and the mail arrives later.

    `subject` is a lazy string (`_l`), so it is translated here, in the recipient's language. Call this after the
    action's commit: a queued mail is committed on the current session.
    """
    with force_locale(locale):
        body = render_template(f"mail/{template}.txt", **context)
        subject = f"{current_app.config['SITE_NAME']}: {subject}"
    try:
        send_message(build_message(recipient, subject, body))
    except OSError as error:  # refused, timed out, TLS or SMTP errors (smtplib.SMTPException is an OSError)
        _queue_after_failure(recipient, subject, body, error)


def _queue_after_failure(recipient: str, subject: str, body: str, error: OSError) -> None:
    """Keep a mail that could not be sent for `flask send-mail`; this try counts as its first attempt."""
    reason = f"{type(error).__name__}: {error}"[:2000]
    log.warning("mail to %s could not be sent, queued for send-mail: %s", recipient, reason)
    now = utcnow()
    # The request's own session: a second one would wait for the request's write lock on SQLite. Callers send
    # after their commit, so this commits the queued mail only. Due at once: the next send-mail run retries it.
    session = get_session()
    session.add(OutboxMail(recipient=recipient, subject=subject, body=body, attempts=1, last_error=reason,
                           next_attempt_at=now, created_at=now))
    session.commit()
