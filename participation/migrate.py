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


def _run(database: Database, operation, *args, **kwargs) -> None:
    alembic_cfg = alembic_config(database)
    with database.engine.begin() as connection:
        alembic_cfg.attributes["connection"] = connection
        operation(alembic_cfg, *args, **kwargs)


def upgrade(database: Database, revision: str = "head") -> None:
    _run(database, command.upgrade, revision)


def downgrade(database: Database, revision: str) -> None:
    _run(database, command.downgrade, revision)


def create_revision(database: Database, message: str, autogenerate: bool) -> None:
    _run(database, command.revision, message=message, autogenerate=autogenerate)


def current_revision(database: Database) -> None:
    _run(database, command.current, verbose=True)
