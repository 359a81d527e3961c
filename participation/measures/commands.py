"""`flask --app wsgi remind-reviews`: remind responsible staff of this quarter's missing reviews. Run daily."""

import click
from flask import current_app
from flask.cli import with_appcontext

from participation.db import get_session
from participation.measures.quarters import today_in
from participation.measures.services import send_review_reminders


@click.command("remind-reviews", help="In a quarter's last month, remind the responsible staff of missing "
                                      "quarterly reviews (once per measure and quarter).")
@with_appcontext
def remind_reviews_command():
    session = get_session()
    reminded = send_review_reminders(session, today_in(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    session.commit()
    click.echo(f"Review reminders sent: {reminded}.")
