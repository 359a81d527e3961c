"""documents of volunteer projects: document.project_id

Hand-written. SQLite rebuilds the document table to add the foreign key; migration 0021's `_alter_document` keeps
the search triggers of documents and their versions.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 22:00:00
"""
import importlib.util
from pathlib import Path

import sqlalchemy as sa

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

FOREIGN_KEY, INDEX = 'fk_document_project_id_project', 'ix_document_project_id'


def _alter_document(change) -> None:
    """Migration 0021's `_alter_document` (its file name is no module name)."""
    spec = importlib.util.spec_from_file_location(
        'paper_files_0021', Path(__file__).with_name('0021_paper_files_in_library.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module._alter_document(change)


def upgrade() -> None:
    def add(batch_op):
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_index(INDEX, ['project_id'], unique=False)
        batch_op.create_foreign_key(FOREIGN_KEY, 'project', ['project_id'], ['id'], ondelete='SET NULL')

    _alter_document(add)


def downgrade() -> None:
    def remove(batch_op):
        batch_op.drop_constraint(FOREIGN_KEY, type_='foreignkey')
        batch_op.drop_index(INDEX)
        batch_op.drop_column('project_id')

    _alter_document(remove)
