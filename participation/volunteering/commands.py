"""`flask --app wsgi remind-shifts`: remind volunteers of their shifts tomorrow. Run daily (e.g. at 17:00),
then `send-mail` sends the reminders."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext

from participation.db import get_session, utcnow
from participation.volunteering.services import queue_reminders


@click.command("remind-shifts", help="Queue a reminder mail to everyone signed up for a shift tomorrow (once per "
                                     "shift; `send-mail` sends them).")
@with_appcontext
def remind_shifts_command():
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    now = utcnow()
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    session = get_session()
    queued = queue_reminders(session, datetime.combine(tomorrow, time(0, 0), tzinfo=zone),
                             datetime.combine(tomorrow + timedelta(days=1), time(0, 0), tzinfo=zone), now)
    session.commit()
    click.echo(f"Shift reminders queued: {queued}.")
