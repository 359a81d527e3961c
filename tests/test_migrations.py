"""Models and migrations must describe the same schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import participation.models  # noqa: F401
from participation import create_app, migrate
from participation.migrate import include_name
from tests.conftest import portal_test_config


def test_migrations_create_exactly_the_models_schema(db):
    context = MigrationContext.configure(db.connection(), opts={"compare_type": True, "include_name": include_name})
    differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


ROWS_AT_0018 = """
INSERT INTO user_account (id, email, display_name, password_hash, locale, created_at, is_blocked)
    VALUES (1, 'a@example.org', 'A', 'x', 'de', '2026-01-01 00:00:00', 0);
INSERT INTO idea (id, title, body, status, is_hidden, official_answer, place, support_count, comment_count, created_at,
                  last_activity_at, version, hidden_reason, appeal)
    VALUES (1, 'Idee', 'Text', 'published', 0, '', '', 0, 2, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0, '', '');
INSERT INTO comment (id, idea_id, parent_id, author_id, body, stance, created_at, hidden_reason, appeal)
    VALUES (1, 1, NULL, 1, 'Kommentar', 'neutral', '2026-01-01 00:00:00', '', ''),
           (2, 1, 1, 1, 'Antwort', 'neutral', '2026-01-01 00:00:00', '', '');
INSERT INTO comment_flag (id, comment_id, user_id, reason, created_at)
    VALUES (1, 2, 1, 'Werbung', '2026-01-01 00:00:00');
"""


def test_rebuilding_a_table_on_sqlite_keeps_the_rows_referring_to_it(tmp_path, mail_dir):
    """Migration 0019 rebuilds `comment` on SQLite; replies and reports of comments must survive it, and foreign
    keys are enforced again afterwards."""
    app = create_app(portal_test_config(f"sqlite:///{tmp_path / 'upgrade.db'}", mail_dir))
    database = app.extensions["database"]
    try:
        migrate.upgrade(database, "0018")
        with database.engine.begin() as connection:
            for statement in ROWS_AT_0018.split(";"):
                if statement.strip():
                    connection.exec_driver_sql(statement)
        migrate.upgrade(database)
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM comment").scalar() == 2
            assert connection.exec_driver_sql("SELECT count(*) FROM comment_flag").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.dispose()
