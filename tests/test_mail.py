"""The mail backends."""

import logging

from participation import create_app, mail
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
