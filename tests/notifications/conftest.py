"""Helpers for the notification tests: run services in an app context, read the outbox."""

import pytest
from sqlmodel import col, select

from participation.notifications.models import OutboxMail


@pytest.fixture
def in_app(app):
    """An app context for services that render mails (no request, as in `flask send-mail`)."""
    with app.app_context():
        yield app


@pytest.fixture
def outbox(db):
    def read(recipient: str | None = None) -> list[OutboxMail]:
        db.expire_all()
        query = select(OutboxMail).order_by(col(OutboxMail.id))
        if recipient is not None:
            query = query.where(OutboxMail.recipient == recipient)
        return list(db.exec(query))

    return read
