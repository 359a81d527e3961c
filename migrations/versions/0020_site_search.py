"""site-wide search: FTS5 tables kept by triggers on SQLite, German tsvector indexes on PostgreSQL

Hand-written. participation/search/queries.py reads what this creates; the texts here and there must agree
(on PostgreSQL the query's expression must equal the index's, or the index is not used).

SQLite: one FTS5 table per kind, rowid = the object's id, filled from the existing rows and kept in step by
triggers, so no service has to remember the index. Note: SQLite drops a table's triggers with the table, so a
later migration that rebuilds one of these tables (batch mode "recreate") must create its triggers again: it runs
`sqlite_triggers(table)` (see 0021). tests/search/test_index.py fails if a trigger is missing.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 10:00:00
"""
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# Text of the current (highest-numbered) version of a document: what its PDF says. Capped, so that no PDF can
# outgrow PostgreSQL's tsvector limit of 1 MB; SQLite keeps the same cap, so both find the same.
FILE_TEXT_LIMIT = 200000
CURRENT_FILE_TEXT = (
    "coalesce((SELECT substr(version.extracted_text, 1, {limit}) FROM document_version AS version"
    " WHERE version.document_id = document.id ORDER BY version.number DESC LIMIT 1), '')"
).format(limit=FILE_TEXT_LIMIT)

# FTS5 table, the table its rows come from, the text of its columns (SQL on that table's row), and the columns
# whose change re-indexes a row.
SQLITE_SOURCES = [
    ('site_search_idea', 'idea', {'title': 'title', 'body': "body || char(10) || official_answer"},
     ('title', 'body', 'official_answer')),
    ('site_search_measure', 'measure', {'title': 'title', 'body': "description || char(10) || contribution"},
     ('title', 'description', 'contribution')),
    ('site_search_paper', 'paper', {'title': "reference || ' ' || title", 'body': "text || char(10) || contribution"},
     ('reference', 'title', 'text', 'contribution')),
    ('site_search_meeting', 'meeting', {'title': 'name', 'body': "location || char(10) || cancel_reason"},
     ('name', 'location', 'cancel_reason')),
    ('site_search_agenda_item', 'agenda_item', {'title': 'title', 'body': 'text'}, ('title', 'text')),
    # Minutes apart from the item: they are public only once the meeting's minutes are published.
    ('site_search_minutes', 'agenda_item', {'body': "minutes || char(10) || decision_text"},
     ('minutes', 'decision_text')),
    ('site_search_news', 'news_post', {'title': 'title', 'body': "teaser || char(10) || body"},
     ('title', 'teaser', 'body')),
    ('site_search_document', 'document', {'title': 'title', 'body': "description || char(10) || " + CURRENT_FILE_TEXT},
     ('title', 'description')),
    ('site_search_project', 'project', {'title': 'title', 'body': 'description'}, ('title', 'description')),
]

# Index name, table, indexed text (queries repeat it exactly).
POSTGRESQL_INDEXES = [
    ('ix_site_search_idea', 'idea', "title || ' ' || body || ' ' || official_answer"),
    ('ix_site_search_measure', 'measure', "title || ' ' || description || ' ' || contribution"),
    ('ix_site_search_paper', 'paper', "reference || ' ' || title || ' ' || text || ' ' || contribution"),
    ('ix_site_search_meeting', 'meeting', "name || ' ' || location || ' ' || cancel_reason"),
    ('ix_site_search_agenda_item', 'agenda_item', "title || ' ' || text"),
    ('ix_site_search_minutes', 'agenda_item', "minutes || ' ' || decision_text"),
    ('ix_site_search_news', 'news_post', "title || ' ' || teaser || ' ' || body"),
    ('ix_site_search_document', 'document', "title || ' ' || description"),
    ('ix_site_search_document_version', 'document_version', f"left(extracted_text, {FILE_TEXT_LIMIT})"),
    ('ix_site_search_project', 'project', "title || ' ' || description"),
]


def _refresh(fts: str, source: str, columns: dict[str, str], object_id: str) -> str:
    """Statements that replace the index row of one object with its current text (none if it is gone)."""
    names = ', '.join(columns)
    texts = ', '.join(columns.values())
    return (f"DELETE FROM {fts} WHERE rowid = {object_id}; "
            f"INSERT INTO {fts} (rowid, {names}) SELECT id, {texts} FROM {source} WHERE id = {object_id};")


def _source_triggers(fts: str, source: str, columns: dict[str, str], watched: tuple[str, ...]) -> list[str]:
    return [f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {source} BEGIN "
            f"{_refresh(fts, source, columns, 'new.id')} END",
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {', '.join(watched)} ON {source} BEGIN "
            f"DELETE FROM {fts} WHERE rowid = old.id; {_refresh(fts, source, columns, 'new.id')} END",
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {source} BEGIN "
            f"DELETE FROM {fts} WHERE rowid = old.id; END"]


def _document_version_triggers() -> list[str]:
    # A new, changed or removed version changes the document's searchable file text.
    fts, source, columns, _watched = next(entry for entry in SQLITE_SOURCES if entry[0] == 'site_search_document')
    return ["CREATE TRIGGER site_search_document_version_insert AFTER INSERT ON document_version BEGIN "
            f"{_refresh(fts, source, columns, 'new.document_id')} END",
            "CREATE TRIGGER site_search_document_version_update "
            "AFTER UPDATE OF extracted_text, number, document_id ON document_version BEGIN "
            f"{_refresh(fts, source, columns, 'old.document_id')} {_refresh(fts, source, columns, 'new.document_id')} END",
            "CREATE TRIGGER site_search_document_version_delete AFTER DELETE ON document_version BEGIN "
            f"{_refresh(fts, source, columns, 'old.document_id')} END"]


def sqlite_triggers(table: str) -> list[str]:
    """The CREATE TRIGGER statements on `table` that keep the index in step: a later migration that rebuilds the
    table on SQLite runs them again."""
    statements = [statement for fts, source, columns, watched in SQLITE_SOURCES if source == table
                  for statement in _source_triggers(fts, source, columns, watched)]
    return statements + (_document_version_triggers() if table == 'document_version' else [])


def _upgrade_sqlite() -> None:
    for fts, source, columns, _watched in SQLITE_SOURCES:
        op.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, "
                   "tokenize = 'unicode61 remove_diacritics 2')")
        op.execute(f"INSERT INTO {fts} (rowid, {', '.join(columns)}) "
                   f"SELECT id, {', '.join(columns.values())} FROM {source}")
    tables = [*dict.fromkeys(source for _fts, source, _columns, _watched in SQLITE_SOURCES), 'document_version']
    for table in tables:
        for statement in sqlite_triggers(table):
            op.execute(statement)


def _downgrade_sqlite() -> None:
    for trigger in ('insert', 'update', 'delete'):
        op.execute(f"DROP TRIGGER site_search_document_version_{trigger}")
    for fts, _source, _columns, _watched in reversed(SQLITE_SOURCES):
        for trigger in ('insert', 'update', 'delete'):
            op.execute(f"DROP TRIGGER {fts}_{trigger}")
        op.execute(f"DROP TABLE {fts}")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        _upgrade_sqlite()
    elif dialect == 'postgresql':
        for name, table, indexed_text in POSTGRESQL_INDEXES:
            op.execute(f"CREATE INDEX {name} ON {table} USING gin (to_tsvector('german', {indexed_text}))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        _downgrade_sqlite()
    elif dialect == 'postgresql':
        for name, _table, _text in reversed(POSTGRESQL_INDEXES):
            op.execute(f"DROP INDEX {name}")
