"""The unread count in the page header: one query per page for signed-in users, none for visitors."""

from flask import Flask, g
from flask_login import current_user

from participation.db import get_session
from participation.notifications.kinds import notification_text
from participation.notifications.services import unread_count


def unread_notification_count() -> int:
    """Asked for by the layout; counted once per request, and only if a signed-in user's page shows it."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notification_count" not in g:
        g.unread_notification_count = unread_count(get_session(), current_user)
    return g.unread_notification_count


def register_notification_helpers(app: Flask) -> None:
    @app.context_processor
    def notification_context():
        return {"unread_notification_count": unread_notification_count, "notification_text": notification_text}
