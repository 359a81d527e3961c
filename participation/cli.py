"""Command-line tasks: `flask --app wsgi db upgrade | seed-demo | create-user | backup | send-mail`."""

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.engine import make_url

from participation import migrate
from participation.accounts.models import Role
from participation.accounts.services import AccountError, create_user
from participation.audit.services import record
from participation.db import database, get_session
from participation.demo import seed_demo_data
from participation.measures.commands import remind_reviews_command
from participation.notifications.commands import send_mail_command
from participation.volunteering.commands import remind_shifts_command


def register_commands(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(remind_reviews_command)
    app.cli.add_command(remind_shifts_command)


db_group = AppGroup("db", help="Database schema migrations (Alembic).")


@db_group.command("upgrade", help="Apply the migrations up to REVISION (default: the newest).")
@click.argument("revision", default="head")
def db_upgrade(revision: str):
    migrate.upgrade(database(), revision)
    click.echo(f"Database upgraded to {revision}.")


@db_group.command("downgrade", help="Undo migrations down to REVISION (e.g. -1, or base).")
@click.argument("revision")
def db_downgrade(revision: str):
    migrate.downgrade(database(), revision)
    click.echo(f"Database downgraded to {revision}.")


@db_group.command("current", help="Show the revision the database is at.")
def db_current():
    migrate.current_revision(database())


@db_group.command("revision", help="Create a migration; with --autogenerate from the model changes.")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate", is_flag=True)
def db_revision(message: str, autogenerate: bool):
    migrate.create_revision(database(), message, autogenerate)


@click.command("seed-demo", help="Fill an empty database with the fictional demo municipality.")
@with_appcontext
def seed_demo_command():
    session = get_session()
    if not seed_demo_data(session):
        click.echo("The database already holds data; demo data not loaded.")
        return
    session.commit()
    click.echo("Demo data loaded.")


@click.command("create-user", help="Create a verified account with the given roles.")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True)
@click.option("--password", required=True, help="At least 12 characters.")
@click.option("--role", "roles", multiple=True, type=click.Choice([role.value for role in Role]),
              help="Repeat for several roles; every account is a resident.")
@with_appcontext
def create_user_command(email: str, display_name: str, password: str, roles: tuple[str, ...]):
    session = get_session()
    try:
        user = create_user(session, email=email, display_name=display_name, password=password,
                           roles={Role(role) for role in roles}, verified=True)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    record(session, None, "user.created", object_type="user", object_id=user.id, object_label=user.display_name,
           after={"email": user.email, "roles": sorted(role.value for role in user.roles)},
           reason="flask create-user")
    session.commit()
    click.echo(f"Created user {user.email} (id {user.id}) with roles: "
               f"{', '.join(sorted(role.value for role in user.roles))}.")


@click.command("backup", help="Write a consistent copy of the database (SQLite backup API or pg_dump).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; default: instance/backups/participation-<time>.(db|dump).")
@with_appcontext
def backup_command(output: Path | None):
    url = make_url(database().url)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup_dir = Path(current_app.instance_path) / "backups"
    if url.get_backend_name() == "sqlite":
        output = output or backup_dir / f"participation-{stamp}.db"
        output.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(url.database)
        target = sqlite3.connect(output)
        with target:
            source.backup(target)  # consistent even while the portal writes
        source.close()
        target.close()
    elif url.get_backend_name() == "postgresql":
        if shutil.which("pg_dump") is None:
            raise click.ClickException("pg_dump is not installed (Debian: apt install postgresql-client)")
        output = output or backup_dir / f"participation-{stamp}.dump"
        output.parent.mkdir(parents=True, exist_ok=True)
        libpq_url = url.set(drivername="postgresql").render_as_string(hide_password=False)
        result = subprocess.run(["pg_dump", "--format=custom", f"--file={output}", f"--dbname={libpq_url}"],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise click.ClickException(f"pg_dump failed: {result.stderr.strip()}")
    else:
        raise click.ClickException(f"no backup method for {url.get_backend_name()}")
    click.echo(f"Backup written to {output}.")
