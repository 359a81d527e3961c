"""Outgoing mail through the configured backend: `smtp`, `file` (one .eml per mail) or `console`."""

import email.policy
import logging
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)

MAIL_BACKENDS = ("smtp", "file", "console")
# Headers are folded only beyond RFC 5322's hard limit: Python's folding of long subjects with umlauts drops the
# space between adjacent encoded words ("Repair-Café: Geräte" arrived as "Repair-Café:Geräte").
MAIL_POLICY = email.policy.default.clone(max_line_length=998)


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
    """Render `templates/mail/<template>.txt` in the recipient's language and send it.

    `subject` is a lazy string (`_l`), so it is translated here, in the recipient's language.
    """
    with force_locale(locale):
        body = render_template(f"mail/{template}.txt", **context)
        message = build_message(recipient, f"{current_app.config['SITE_NAME']}: {subject}", body)
    send_message(message)
