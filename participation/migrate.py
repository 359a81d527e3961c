"""Alembic, driven from the app: the schema of every database comes from the migrations."""

from alembic import command
from alembic.config import Config

import config as portal_config
from participation.db import Database

# Database objects the models cannot describe (full-text search); migrations create them by hand.
UNMODELLED_PREFIXES = ("idea_search", "ix_idea_fulltext", "site_search", "ix_site_search")


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's filter: leave the unmodelled objects out when comparing models and database."""
    return not (name or "").startswith(UNMODELLED_PREFIXES)


def alembic_config(database: Database) -> Config:
    alembic_cfg = Config()
    alembic_cfg.set_main_option("script_location", str(portal_config.PROJECT_ROOT / "migrations"))
    alembic_cfg.set_main_option("sqlalchemy.url", database.url.replace("%", "%%"))
    return alembic_cfg


class ForeignKeysBroken(RuntimeError):
    """After a migration on SQLite, rows refer to rows that do not exist; the migration was rolled back."""


def _set_sqlite_foreign_keys(connection, enforced: bool) -> None:
    connection.connection.dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")


def _run(database: Database, operation, *args, **kwargs) -> None:
    alembic_cfg = alembic_config(database)
    with database.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite changes a table by building a new one and dropping the old; with foreign keys enforced, the
            # drop deletes every row referring to the old table (ON DELETE CASCADE). Enforcement can only be
            # switched outside a transaction (the engine begins each one itself), so on the driver's connection;
            # it is off for the migration and the references are checked after.
            _set_sqlite_foreign_keys(connection, False)
        try:
            with connection.begin():
                alembic_cfg.attributes["connection"] = connection
                operation(alembic_cfg, *args, **kwargs)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise ForeignKeysBroken("the migration left rows referring to missing rows")
        finally:
            if sqlite:
                _set_sqlite_foreign_keys(connection, True)


def upgrade(database: Database, revision: str = "head") -> None:
    _run(database, command.upgrade, revision)


def downgrade(database: Database, revision: str) -> None:
    _run(database, command.downgrade, revision)


def create_revision(database: Database, message: str, autogenerate: bool) -> None:
    _run(database, command.revision, message=message, autogenerate=autogenerate)


def current_revision(database: Database) -> None:
    _run(database, command.current, verbose=True)
