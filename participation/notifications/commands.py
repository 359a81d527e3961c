"""`flask --app wsgi send-mail`: queue due digests, then send the outbox. Safe to run from cron every minute."""

import click
from flask.cli import with_appcontext

from participation.db import database, get_session, utcnow
from participation.notifications.services import queue_due_digests, send_due_mail


@click.command("send-mail", help="Queue due weekly digests and send queued mails (retries with backoff).")
@with_appcontext
def send_mail_command():
    now = utcnow()
    session = get_session()
    digests = queue_due_digests(session, now)
    session.commit()
    session.close()
    sent, failed = send_due_mail(database(), now)
    click.echo(f"Digests queued: {digests}. Mails sent: {sent}. Failed attempts: {failed}.")
