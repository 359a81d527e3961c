"""Alembic, driven from the app: the schema of every database comes from the migrations."""

from alembic import command
from alembic.config import Config
from flask import Flask

import config as portal_config
from participation.db import Database


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


def upgrade(app: Flask, revision: str = "head") -> None:
    _run(app.extensions["database"], command.upgrade, revision)


def downgrade(app: Flask, revision: str) -> None:
    _run(app.extensions["database"], command.downgrade, revision)


def create_revision(app: Flask, message: str, autogenerate: bool) -> None:
    _run(app.extensions["database"], command.revision, message=message, autogenerate=autogenerate)


def current_revision(app: Flask) -> None:
    _run(app.extensions["database"], command.current, verbose=True)
