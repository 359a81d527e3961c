"""papers' files become documents of the library

Hand-written. Every paper_file row becomes a document (category "paper", `document.paper_id` set, public if its paper
is submitted, else for staff only, under the paper's first action area, dated the day it was uploaded in the
municipality's time zone) with one version (no extracted text: the search finds such a file by its title until a new
upload); then paper_file is dropped. The files move from UPLOAD_DIR/papers/ to UPLOAD_DIR/documents/, where the
library reads them; missing files are skipped. The downgrade does the reverse, keeping the document ids as paper_file
ids.

The files get new ids (the documents'), so OParl File URLs of migrated files change; their submitted papers'
`updated_at` moves, so that registers synchronising by modification fetch the papers with their new files. Deletions
of paper files recorded before (kind "paper_file") keep their old ids and are no longer reported; removed attachments
are recorded with kind "document" and the document id.

SQLite rebuilds the document table to add the foreign key, which drops its search triggers: they are created again
from migration 0020's statements (see `_alter_document` for the versions' part in it).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 09:00:00
"""
import importlib.util
import os
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from flask import current_app, has_app_context

import config as portal_config
import participation.db

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

TITLE_MAX_LENGTH = 200
PAPERS_FOLDER, DOCUMENTS_FOLDER = 'papers', 'documents'


def _site_search():
    """Migration 0020, whose trigger statements this one runs again (its file name is no module name)."""
    spec = importlib.util.spec_from_file_location('site_search_0020', Path(__file__).with_name('0020_site_search.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _setting(name: str, default: str) -> str:
    """A setting as the app reads it: from the running app (flask db upgrade), else from the environment."""
    if has_app_context():
        return current_app.config[name] or default
    return os.environ.get(name) or default


def _upload_dir() -> Path:
    instance_path = os.environ.get('INSTANCE_PATH') or portal_config.DEFAULT_INSTANCE_PATH
    return Path(_setting('UPLOAD_DIR', str(Path(instance_path) / 'uploads')))


def _move_files(stored_names: list[str], source: str, target: str) -> None:
    upload_dir = _upload_dir()
    for stored_name in stored_names:
        old_path = upload_dir / source / Path(stored_name).name
        if old_path.is_file():
            (upload_dir / target).mkdir(parents=True, exist_ok=True)
            os.replace(old_path, upload_dir / target / Path(stored_name).name)


def _alter_document(change) -> None:
    """Run `change(batch_op)` on the document table. SQLite rebuilds the table for it (participation.migrate keeps
    foreign keys unenforced meanwhile, so the versions stay), and renaming the new table fails while the versions'
    search triggers name a missing table: they step aside, and afterwards the search triggers of both tables are
    created again (SQLite dropped the document's with its table)."""
    if op.get_bind().dialect.name != 'sqlite':
        with op.batch_alter_table('document', schema=None) as batch_op:
            change(batch_op)
        return
    for event in ('insert', 'update', 'delete'):
        op.execute(f'DROP TRIGGER site_search_document_version_{event}')
    with op.batch_alter_table('document', schema=None) as batch_op:
        change(batch_op)
    site_search = _site_search()
    for statement in site_search.sqlite_triggers('document') + site_search.sqlite_triggers('document_version'):
        op.execute(statement)


TIMESTAMP = participation.db.UTCDateTime(timezone=True)


def _table(name: str, texts: tuple[str, ...], numbers: tuple[str, ...], **others) -> sa.TableClause:
    return sa.table(name, *(sa.column(column, sa.String) for column in texts),
                    *(sa.column(column, sa.Integer) for column in numbers),
                    *(sa.column(column, column_type) for column, column_type in others.items()))


paper = _table('paper', ('reference', 'status'), ('id',), updated_at=TIMESTAMP)
paper_file = _table('paper_file', ('name', 'stored_name', 'content_type', 'sha512'),
                    ('id', 'paper_id', 'size', 'uploaded_by_id'), uploaded_at=TIMESTAMP)
document = _table('document', ('title', 'description', 'category', 'audience'),
                  ('id', 'paper_id', 'action_area_id', 'version_count', 'created_by_id'),
                  document_date=sa.Date, created_at=TIMESTAMP, updated_at=TIMESTAMP)
document_version = _table('document_version',
                          ('name', 'stored_name', 'content_type', 'sha512', 'extracted_text', 'note'),
                          ('id', 'document_id', 'number', 'size', 'uploaded_by_id'), uploaded_at=TIMESTAMP)
deleted_record = _table('deleted_record', ('kind',), ())


def _first_action_area_id(bind, paper_id: int) -> int | None:
    """The first of the paper's action areas as its page lists them."""
    return bind.execute(sa.text(
        "SELECT action_area.id FROM paper_action_area"
        " JOIN action_area ON action_area.id = paper_action_area.action_area_id"
        " WHERE paper_action_area.paper_id = :paper_id"
        " ORDER BY action_area.position, action_area.title, action_area.id LIMIT 1"), {'paper_id': paper_id}).scalar()


def _title(file_name: str, reference: str) -> str:
    """As the papers area titles an attachment: the file's name without its suffix, then the paper's reference."""
    tail = f' ({reference})'
    return file_name.rsplit('.', 1)[0][:TITLE_MAX_LENGTH - len(tail)] + tail


def upgrade() -> None:
    def add_paper_id(batch_op) -> None:
        batch_op.add_column(sa.Column('paper_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_document_paper_id'), ['paper_id'], unique=False)
        batch_op.create_foreign_key('fk_document_paper_id_paper', 'paper', ['paper_id'], ['id'], ondelete='CASCADE')

    _alter_document(add_paper_id)

    bind = op.get_bind()
    zone = ZoneInfo(_setting('BABEL_DEFAULT_TIMEZONE', portal_config.DefaultConfig.BABEL_DEFAULT_TIMEZONE))
    rows = bind.execute(sa.select(paper_file, paper.c.reference, paper.c.status)
                        .join(paper, paper.c.id == paper_file.c.paper_id).order_by(paper_file.c.id)).all()
    for row in rows:
        document_id = bind.execute(document.insert().values(
            title=_title(row.name, row.reference), description='', category='paper',
            audience='public' if row.status == 'submitted' else 'staff', paper_id=row.paper_id,
            action_area_id=_first_action_area_id(bind, row.paper_id),
            document_date=row.uploaded_at.astimezone(zone).date(), version_count=1, created_by_id=row.uploaded_by_id,
            created_at=row.uploaded_at, updated_at=row.uploaded_at).returning(document.c.id)).scalar_one()
        bind.execute(document_version.insert().values(
            document_id=document_id, number=1, name=row.name, stored_name=row.stored_name,
            content_type=row.content_type, size=row.size, sha512=row.sha512, extracted_text='', note='',
            uploaded_by_id=row.uploaded_by_id, uploaded_at=row.uploaded_at))
    submitted = {row.paper_id for row in rows if row.status == 'submitted'}
    if submitted:
        bind.execute(paper.update().where(paper.c.id.in_(submitted)).values(updated_at=datetime.now(timezone.utc)))

    with op.batch_alter_table('paper_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_file_paper_id'))
    op.drop_table('paper_file')
    # Last, when nothing else can fail: the files are not part of the transaction.
    _move_files([row.stored_name for row in rows], PAPERS_FOLDER, DOCUMENTS_FOLDER)


def downgrade() -> None:
    op.create_table('paper_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha512', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['paper_id'], ['paper.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stored_name')
    )
    with op.batch_alter_table('paper_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_file_paper_id'), ['paper_id'], unique=False)

    bind = op.get_bind()
    # The current (highest-numbered) version of each attachment is the paper's file; the id stays the document's.
    newer = document_version.alias('newer')
    current = ~sa.exists().where(newer.c.document_id == document_version.c.document_id,
                                 newer.c.number > document_version.c.number)
    rows = bind.execute(sa.select(document.c.id, document.c.paper_id, document_version)
                        .join(document_version, document_version.c.document_id == document.c.id)
                        .where(document.c.paper_id.is_not(None), current).order_by(document.c.id)).all()
    for row in rows:
        bind.execute(paper_file.insert().values(
            id=row.id, paper_id=row.paper_id, name=row.name, stored_name=row.stored_name,
            content_type=row.content_type, size=row.size, sha512=row.sha512, uploaded_by_id=row.uploaded_by_id,
            uploaded_at=row.uploaded_at))
    if rows and bind.dialect.name == 'postgresql':
        op.execute("SELECT setval(pg_get_serial_sequence('paper_file', 'id'), (SELECT max(id) FROM paper_file))")
    attachments = sa.select(document.c.id).where(document.c.paper_id.is_not(None))
    bind.execute(document_version.delete().where(document_version.c.document_id.in_(attachments)))
    bind.execute(document.delete().where(document.c.paper_id.is_not(None)))
    bind.execute(deleted_record.update().where(deleted_record.c.kind == 'document').values(kind='paper_file'))

    def drop_paper_id(batch_op) -> None:
        batch_op.drop_constraint('fk_document_paper_id_paper', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_document_paper_id'))
        batch_op.drop_column('paper_id')

    _alter_document(drop_paper_id)
    _move_files([row.stored_name for row in rows], DOCUMENTS_FOLDER, PAPERS_FOLDER)
