"""coordination spaces: added members, message board, shared documents with versions, task list

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 17:22:51.949854
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import participation.db


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], ondelete=ondelete,
                                   name=f'fk_{table}_{column}_{target}')


def upgrade() -> None:
    op.create_table('space_member',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    _fk('space_member', 'project_id', 'project', 'CASCADE'),
    _fk('space_member', 'user_id', 'user_account', 'CASCADE'),
    _fk('space_member', 'added_by_id', 'user_account', 'SET NULL'),
    sa.PrimaryKeyConstraint('project_id', 'user_id', name='pk_space_member')
    )
    with op.batch_alter_table('space_member', schema=None) as batch_op:
        batch_op.create_index('ix_space_member_user_id', ['user_id'], unique=False)

    op.create_table('space_thread',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_post_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    _fk('space_thread', 'project_id', 'project', 'CASCADE'),
    _fk('space_thread', 'created_by_id', 'user_account', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name='pk_space_thread')
    )
    with op.batch_alter_table('space_thread', schema=None) as batch_op:
        batch_op.create_index('ix_space_thread_project_id', ['project_id'], unique=False)

    op.create_table('space_post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    _fk('space_post', 'thread_id', 'space_thread', 'CASCADE'),
    _fk('space_post', 'author_id', 'user_account', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name='pk_space_post')
    )
    with op.batch_alter_table('space_post', schema=None) as batch_op:
        batch_op.create_index('ix_space_post_thread_id', ['thread_id'], unique=False)

    op.create_table('space_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('version_count', sa.Integer(), nullable=False, server_default='0'),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    _fk('space_document', 'project_id', 'project', 'CASCADE'),
    _fk('space_document', 'created_by_id', 'user_account', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name='pk_space_document')
    )
    with op.batch_alter_table('space_document', schema=None) as batch_op:
        batch_op.create_index('ix_space_document_project_id', ['project_id'], unique=False)

    op.create_table('space_document_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha512', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    _fk('space_document_version', 'document_id', 'space_document', 'CASCADE'),
    _fk('space_document_version', 'uploaded_by_id', 'user_account', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name='pk_space_document_version'),
    sa.UniqueConstraint('document_id', 'number', name='uq_space_document_version_number'),
    sa.UniqueConstraint('stored_name', name='uq_space_document_version_stored_name')
    )
    with op.batch_alter_table('space_document_version', schema=None) as batch_op:
        batch_op.create_index('ix_space_document_version_document_id', ['document_id'], unique=False)

    op.create_table('space_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('is_done', sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done_at', participation.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    _fk('space_task', 'project_id', 'project', 'CASCADE'),
    _fk('space_task', 'assignee_id', 'user_account', 'SET NULL'),
    _fk('space_task', 'created_by_id', 'user_account', 'SET NULL'),
    _fk('space_task', 'done_by_id', 'user_account', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name='pk_space_task')
    )
    with op.batch_alter_table('space_task', schema=None) as batch_op:
        batch_op.create_index('ix_space_task_project_id', ['project_id'], unique=False)


def downgrade() -> None:
    for table, index in (('space_task', 'ix_space_task_project_id'),
                         ('space_document_version', 'ix_space_document_version_document_id'),
                         ('space_document', 'ix_space_document_project_id'),
                         ('space_post', 'ix_space_post_thread_id'),
                         ('space_thread', 'ix_space_thread_project_id'),
                         ('space_member', 'ix_space_member_user_id')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(index)
        op.drop_table(table)
