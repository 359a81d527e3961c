"""Command-line tasks: `flask --app wsgi db upgrade | seed-demo | create-user | backup | restore | send-mail`."""

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlmodel import SQLModel

import participation.models  # noqa: F401  (every table in SQLModel.metadata, for restore's emptiness check)
from participation import migrate
from participation.accounts.models import Role
from participation.accounts.services import AccountError, create_user
from participation.audit.services import record
from participation.db import Database, database, get_session
from participation.demo import seed_demo_data
from participation.measures.commands import remind_reviews_command
from participation.notifications.commands import send_mail_command
from participation.privacy.commands import purge_command
from participation.volunteering.commands import remind_shifts_command


def register_commands(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(remind_reviews_command)
    app.cli.add_command(remind_shifts_command)
    app.cli.add_command(purge_command)


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
        _require_postgresql_tool("pg_dump")
        output = output or backup_dir / f"participation-{stamp}.dump"
        output.parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["pg_dump", "--format=custom", f"--file={output}", f"--dbname={_libpq_url(url)}"],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise click.ClickException(f"pg_dump failed: {result.stderr.strip()}")
    else:
        raise click.ClickException(f"no backup method for {url.get_backend_name()}")
    click.echo(f"Backup written to {output}.")


@click.command("restore", help="Load a backup written by `flask backup` into the configured database, "
                               "which must be empty (stop the portal first).")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(backup_file: Path):
    url = make_url(database().url)
    # Empty means no row in any of the portal's tables: a freshly migrated database qualifies, one that anybody
    # has used does not, so a mistyped DATABASE_URL cannot overwrite a live portal.
    used = _tables_with_rows(database())
    if used:
        raise click.ClickException(f"the database is not empty ({len(used)} tables hold rows, e.g. "
                                   f"{', '.join(used[:3])}); restore only into an empty database")
    database().dispose()  # no pooled connection of ours may hold the old contents open
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"{backup_file.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(url.database)
        try:
            source.execute("SELECT version_num FROM alembic_version")
            with target:
                # Page by page into the target's own transaction, so its WAL stays consistent and a failure
                # leaves the target as it was (unlike copying the file over it).
                source.backup(target)
        except sqlite3.DatabaseError as error:
            raise click.ClickException(f"{backup_file} is not a backup of the portal: {error}") from error
        finally:
            source.close()
            target.close()
    elif url.get_backend_name() == "postgresql":
        _require_postgresql_tool("pg_restore")
        # `backup` writes pg_dump's custom format, which pg_restore reads. One transaction: a failed restore
        # leaves nothing behind. --clean --if-exists: a migrated empty database already has the tables.
        # --no-owner: the tables belong to the portal's database user here, whoever owned them before.
        result = subprocess.run(["pg_restore", "--single-transaction", "--exit-on-error", "--clean", "--if-exists",
                                 "--no-owner", f"--dbname={_libpq_url(url)}", str(backup_file)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise click.ClickException(f"pg_restore failed: {result.stderr.strip()}")
    else:
        raise click.ClickException(f"no restore method for {url.get_backend_name()}")
    click.echo(f"Database restored from {backup_file}. Run `flask --app wsgi db upgrade` before starting the portal.")


def _tables_with_rows(db: Database) -> list[str]:
    present = set(inspect(db.engine).get_table_names())
    with db.read_only_engine.connect() as connection:
        return [table.name for table in SQLModel.metadata.sorted_tables
                if table.name in present and connection.scalar(select(func.count()).select_from(table))]


def _require_postgresql_tool(name: str) -> None:
    if shutil.which(name) is None:
        raise click.ClickException(f"{name} is not installed (Debian: apt install postgresql-client)")


def _libpq_url(url: URL) -> str:
    """The database URL as the PostgreSQL tools take it (without SQLAlchemy's driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)
