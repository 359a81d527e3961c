"""`flask backup`, then `flask restore` into an empty database, gives back every row."""

import os
import shutil
import sqlite3
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import SQLModel

import participation.models  # noqa: F401  (every table in SQLModel.metadata)
from participation import create_app
from tests.conftest import portal_test_config


@contextmanager
def portal_cli(database_url: str, tmp_path):
    app = create_app(portal_test_config(database_url, tmp_path / "mail", UPLOAD_DIR=str(tmp_path / "uploads")))
    try:
        yield app.test_cli_runner()
    finally:
        app.extensions["database"].dispose()


def run(runner, *args: str) -> str:
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def row_counts(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        counts = {table.name: connection.scalar(select(func.count()).select_from(table))
                  for table in SQLModel.metadata.sorted_tables}
    engine.dispose()
    return counts


def backup_of_demo(database_url: str, tmp_path, backup_file) -> dict[str, int]:
    """Fill the database with the demo municipality, back it up; the row counts at that moment."""
    with portal_cli(database_url, tmp_path) as runner:
        run(runner, "db", "upgrade")
        run(runner, "seed-demo")
        assert f"Backup written to {backup_file}" in run(runner, "backup", "--output", str(backup_file))
    counts = row_counts(database_url)
    assert counts["user_account"] > 10 and counts["idea"] > 10 and counts["meeting"] > 0
    return counts


def assert_restores(database_url: str, tmp_path, backup_file, expected: dict[str, int], migrate_first: bool):
    with portal_cli(database_url, tmp_path) as runner:
        if migrate_first:
            run(runner, "db", "upgrade")
        assert "Database restored" in run(runner, "restore", str(backup_file))
        run(runner, "db", "upgrade")  # the restored database is at a revision Alembic knows
    assert row_counts(database_url) == expected


# --- SQLite ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("source")
    backup_file = tmp_path / "backup.db"
    return backup_file, backup_of_demo(f"sqlite:///{tmp_path / 'source.db'}", tmp_path, backup_file)


@pytest.mark.parametrize("migrate_first", [False, True], ids=["new-file", "migrated-empty"])
def test_sqlite_restore_into_an_empty_database_gives_back_every_row(sqlite_backup, tmp_path, migrate_first):
    backup_file, expected = sqlite_backup
    assert_restores(f"sqlite:///{tmp_path / 'restored.db'}", tmp_path, backup_file, expected, migrate_first)


def test_restore_refuses_a_database_that_holds_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    with portal_cli(url, tmp_path) as runner:
        run(runner, "db", "upgrade")
        run(runner, "create-user", "--email", "before@example.org", "--name", "Before", "--password",
            "lange genug 12345")
        run(runner, "backup", "--output", str(tmp_path / "backup.db"))
        run(runner, "create-user", "--email", "after@example.org", "--name", "After", "--password",
            "lange genug 12345")

        result = runner.invoke(args=["restore", str(tmp_path / "backup.db")])

    assert result.exit_code == 1
    assert "not empty" in result.output and "user_account" in result.output
    live = sqlite3.connect(tmp_path / "live.db")
    assert live.execute("SELECT email FROM user_account ORDER BY id").fetchall() == [
        ("before@example.org",), ("after@example.org",)]
    live.close()


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    (tmp_path / "notes.db").write_text("not a database")
    with portal_cli(f"sqlite:///{tmp_path / 'restored.db'}", tmp_path) as runner:
        result = runner.invoke(args=["restore", str(tmp_path / "notes.db")])
    assert result.exit_code == 1
    assert "is not a backup of the portal" in result.output


# --- PostgreSQL -----------------------------------------------------------------------------------------------
# `flask backup` dumps the whole database, and pg_restore cannot move objects into another schema, so these tests
# use throwaway databases on the TEST_DATABASE_URL server (not schemas of the `test` database), dropped after.

def postgresql_server() -> str:
    server_url = os.environ.get("TEST_DATABASE_URL", "")
    if not server_url.startswith("postgresql"):
        pytest.skip("TEST_DATABASE_URL does not point at PostgreSQL")
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not on PATH")
    return server_url


@contextmanager
def throwaway_database(server_url: str, prefix: str):
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin_engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin_engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as error:
        admin_engine.dispose()
        pytest.skip(f"cannot create a database on the test server: {error}")
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin_engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin_engine.dispose()


@pytest.fixture(scope="module")
def postgresql_backup(tmp_path_factory):
    server_url = postgresql_server()
    tmp_path = tmp_path_factory.mktemp("pg_source")
    backup_file = tmp_path / "backup.dump"
    with throwaway_database(server_url, "backup_source") as source_url:
        return server_url, backup_file, backup_of_demo(source_url, tmp_path, backup_file)


@pytest.mark.parametrize("migrate_first", [False, True], ids=["new-database", "migrated-empty"])
def test_postgresql_restore_into_an_empty_database_gives_back_every_row(postgresql_backup, tmp_path, migrate_first):
    server_url, backup_file, expected = postgresql_backup
    with throwaway_database(server_url, "backup_target") as target_url:
        assert_restores(target_url, tmp_path, backup_file, expected, migrate_first)
