"""ideas

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 01:04:12.682349
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import participation.db


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('idea',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('is_hidden', sa.Boolean(), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('official_answer', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('image_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('image_content_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('support_count', sa.Integer(), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_at', participation.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_activity_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('support_count >= 0', name='ck_idea_support_count_not_negative'),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['idea.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_last_activity_at'), ['last_activity_at'], unique=False)
        batch_op.create_index('ix_idea_status_created', ['status', 'created_at'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('stance', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('edited_at', participation.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', participation.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_id'], ['comment.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_comment_idea_created', ['idea_id', 'created_at'], unique=False)

    op.create_table('idea_action_area',
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('action_area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_area_id'], ['action_area.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'action_area_id')
    )
    with op.batch_alter_table('idea_action_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_action_area_action_area_id'), ['action_area_id'], unique=False)

    op.create_table('idea_follow',
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('following', sa.Boolean(), nullable=False),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('idea_id', 'user_id')
    )
    with op.batch_alter_table('idea_follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_follow_user_id'), ['user_id'], unique=False)

    op.create_table('idea_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('to_status', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('idea_status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_status_change_idea_id'), ['idea_id'], unique=False)

    op.create_table('idea_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('edited_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('idea_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_version_idea_id'), ['idea_id'], unique=False)

    op.create_table('support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idea_id', 'user_id', name='uq_support_idea_user')
    )
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_user_id'), ['user_id'], unique=False)

    op.create_table('comment_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', participation.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('comment_id', 'user_id', name='uq_comment_flag_comment_user')
    )
    with op.batch_alter_table('comment_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_flag_comment_id'), ['comment_id'], unique=False)
    # Full-text search (participation/ideas/search.py): FTS5 on SQLite, a German tsvector index on PostgreSQL.
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE idea_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')")
    elif dialect == "postgresql":
        op.execute("CREATE INDEX ix_idea_fulltext ON idea USING gin (to_tsvector('german', title || ' ' || body))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE idea_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX ix_idea_fulltext")
    with op.batch_alter_table('comment_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_flag_comment_id'))

    op.drop_table('comment_flag')
    with op.batch_alter_table('support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_user_id'))

    op.drop_table('support')
    with op.batch_alter_table('idea_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_version_idea_id'))

    op.drop_table('idea_version')
    with op.batch_alter_table('idea_status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_status_change_idea_id'))

    op.drop_table('idea_status_change')
    with op.batch_alter_table('idea_follow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_follow_user_id'))

    op.drop_table('idea_follow')
    with op.batch_alter_table('idea_action_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_action_area_action_area_id'))

    op.drop_table('idea_action_area')
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_idea_created')
        batch_op.drop_index(batch_op.f('ix_comment_author_id'))

    op.drop_table('comment')
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_index('ix_idea_status_created')
        batch_op.drop_index(batch_op.f('ix_idea_last_activity_at'))
        batch_op.drop_index(batch_op.f('ix_idea_district_id'))
        batch_op.drop_index(batch_op.f('ix_idea_author_id'))

    op.drop_table('idea')
