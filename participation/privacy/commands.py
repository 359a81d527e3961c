"""`flask --app wsgi purge`: delete what is past its retention (see privacy.retention). Run it daily from cron."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from participation.db import get_session, utcnow
from participation.privacy.retention import purge

log = logging.getLogger(__name__)


@click.command("purge", help="Delete unverified accounts, old sent or failed outbox mails and expired login "
                             "sessions, in one transaction.")
@with_appcontext
def purge_command():
    session = get_session()
    report = purge(session, utcnow(), current_app.config)
    session.commit()
    summary = (f"Purged: {report.unverified_accounts} unverified accounts, {report.outbox_mails} outbox mails, "
               f"{report.login_sessions} expired login sessions.")
    log.info(summary)
    click.echo(summary)
    if report.old_unsent_mails:
        warning = (f"Kept {report.old_unsent_mails} unsent outbox mails older than "
                   f"{current_app.config['OUTBOX_RETENTION_DAYS']} days: is `flask send-mail` running?")
        log.warning(warning)
        click.echo(warning, err=True)
