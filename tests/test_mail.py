"""The mail backends, and mail while the mail server is down: it waits in the outbox for `send-mail`."""

import email
import logging
import smtplib
import socket
import socketserver
import threading

import pytest
from sqlmodel import select

from participation import create_app, mail
from participation.accounts.models import User
from participation.notifications.models import OutboxMail
from tests.auth.test_register import registration
from tests.conftest import Mailbox


class FakeSMTP:
    sent = []
    calls = []

    def __init__(self, host, port, timeout):
        self.calls.append(("connect", host, port))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self, context):
        self.calls.append(("starttls",))

    def login(self, username, password):
        self.calls.append(("login", username, password))

    def send_message(self, message):
        self.sent.append(message)


def send_test_mail(app):
    with app.test_request_context():
        mail.send_message(mail.build_message("anna@example.org", "Betreff äöü", "Hallo Anna"))


def test_smtp_backend_uses_starttls_and_login(app_config, monkeypatch):
    FakeSMTP.sent, FakeSMTP.calls = [], []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    app = create_app({**app_config, "MAIL_BACKEND": "smtp", "SMTP_HOST": "mail.example.de", "SMTP_PORT": 587,
                      "SMTP_STARTTLS": True, "SMTP_USERNAME": "portal", "SMTP_PASSWORD": "geheim"})
    send_test_mail(app)
    assert FakeSMTP.calls == [("connect", "mail.example.de", 587), ("starttls",), ("login", "portal", "geheim")]
    assert FakeSMTP.sent[0]["To"] == "anna@example.org" and FakeSMTP.sent[0]["Subject"] == "Betreff äöü"
    app.extensions["database"].dispose()


def test_file_backend_writes_one_eml_per_mail(app_config, mail_dir):
    app = create_app(app_config)
    send_test_mail(app)
    send_test_mail(app)
    messages = Mailbox(mail_dir).messages()
    assert len(messages) == 2 and Mailbox.body(messages[0]).strip() == "Hallo Anna"
    app.extensions["database"].dispose()


def test_console_backend_logs_the_mail(app_config, caplog):
    app = create_app({**app_config, "MAIL_BACKEND": "console"})
    with caplog.at_level(logging.INFO, logger="participation.mail"):
        send_test_mail(app)
    assert "anna@example.org" in caplog.text
    app.extensions["database"].dispose()


def test_a_long_subject_with_umlauts_arrives_with_its_spaces(app_config, mail_dir):
    subject = "Beteiligungsportal Beispielstadt: Ein Platz ist für Sie frei geworden: Repair-Café: Geräte annehmen"
    app = create_app(app_config)
    with app.app_context():
        mail.send_message(mail.build_message("anna@example.org", subject, "Hallo Anna"))
    [message] = Mailbox(mail_dir).messages()
    assert Mailbox.subject(message) == subject
    app.extensions["database"].dispose()


# --- the mail server is down ----------------------------------------------------------------------------------


class SMTPSession(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 for smtplib: every command succeeds, DATA is kept."""

    def handle(self):
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            command = line.decode().strip().split(" ", 1)[0].upper()
            if command == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = b""
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    data += line[1:] if line.startswith(b".") else line  # undo dot-stuffing
                self.server.messages.append(email.message_from_bytes(data))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")

    def reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")


class SMTPSink(socketserver.ThreadingTCPServer):
    """A mail server on 127.0.0.1:`port`, in a thread, for as long as the `with` block lasts."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int):
        super().__init__(("127.0.0.1", port), SMTPSession)
        self.messages: list[email.message.Message] = []

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


@pytest.fixture
def smtp_port(app) -> int:
    """The app sends by SMTP to a port of 127.0.0.1 where no mail server listens (until a test starts one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_TIMEOUT=5)
    return port


def outbox_to(db, address: str) -> list[OutboxMail]:
    return db.exec(select(OutboxMail).where(OutboxMail.recipient == address)).all()


def test_registration_succeeds_while_the_mail_server_is_down_and_send_mail_delivers_later(
        browser, db, runner, smtp_port):
    response = browser.submit("/auth/register", registration(email="lena@example.org"))
    assert response.status_code == 302 and response.headers["Location"] == "/auth/check-mail"
    assert db.exec(select(User).where(User.email == "lena@example.org")).one()
    [queued] = outbox_to(db, "lena@example.org")
    assert queued.status == "queued" and queued.attempts == 1 and "ConnectionRefusedError" in queued.last_error

    with SMTPSink(smtp_port) as server:
        result = runner.invoke(args=["send-mail"])
    assert "Mails sent: 1." in result.output, result.output
    [delivered] = server.messages
    assert delivered["To"] == "lena@example.org"
    assert "/auth/verify/" in Mailbox.body(delivered)
    db.refresh(queued)
    assert queued.status == "sent" and queued.sent_at is not None


def test_while_the_mail_server_stays_down_send_mail_keeps_the_mail_queued(browser, db, runner, smtp_port):
    browser.submit("/auth/register", registration(email="lena@example.org"))
    result = runner.invoke(args=["send-mail"])
    assert "Mails sent: 0. Failed attempts: 1." in result.output, result.output
    [queued] = outbox_to(db, "lena@example.org")
    assert queued.status == "queued" and queued.attempts == 2 and queued.next_attempt_at > queued.created_at


class FailingSMTP:
    """A mail server that answers the connection, then fails with `error`."""

    error: Exception

    def __init__(self, host, port, timeout):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, message):
        raise self.error


@pytest.mark.parametrize("error", [
    TimeoutError("timed out"),
    smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    smtplib.SMTPDataError(451, b"4.3.0 try again later"),
], ids=["timeout", "disconnected", "temporary failure"])
def test_a_password_reset_is_queued_when_the_mail_server_fails(app, browser, db, make_user, monkeypatch, error):
    user = make_user()
    monkeypatch.setattr(FailingSMTP, "error", error, raising=False)
    monkeypatch.setattr(mail.smtplib, "SMTP", FailingSMTP)
    app.config["MAIL_BACKEND"] = "smtp"
    response = browser.submit("/auth/reset", {"email": user.email})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/check-mail"
    [queued] = outbox_to(db, user.email)
    assert queued.status == "queued" and type(error).__name__ in queued.last_error
    assert "/auth/reset/" in queued.body
