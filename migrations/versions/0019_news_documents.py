"""news posts, document library, district population

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 20:25:01.671383
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import participation.db


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


ONE_OF_TWO = '(idea_id IS NULL) <> (measure_id IS NULL)'
ONE_OF_THREE = ' + '.join(f'(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)'
                          for column in ('idea_id', 'measure_id', 'news_post_id')) + ' = 1'


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], ondelete=ondelete,
                                   name=f'fk_{table}_{column}_{target}')


def upgrade() -> None:
    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('action_area_id', sa.Integer(), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('document_date', sa.Date(), nullable=False),
    sa.Column('version_count', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    _fk('document', 'action_area_id', 'action_area', 'SET NULL'),
    _fk('document', 'board_id', 'board', 'RESTRICT'),
    _fk('document', 'created_by_id', 'user_account', 'SET NULL'),
    _fk('document', 'district_id', 'district', 'SET NULL'),
    _fk('document', 'meeting_id', 'meeting', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name='pk_document')
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_action_area_id'), ['action_area_id'], unique=False)
        batch_op.create_index('ix_document_audience_date', ['audience', 'document_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_board_id'), ['board_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('document_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha512', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('extracted_text', sa.Text(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    _fk('document_version', 'document_id', 'document', 'CASCADE'),
    _fk('document_version', 'uploaded_by_id', 'user_account', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name='pk_document_version'),
    sa.UniqueConstraint('document_id', 'number', name='uq_document_version_number'),
    sa.UniqueConstraint('stored_name', name='uq_document_version_stored_name')
    )
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_version_document_id'), ['document_id'], unique=False)

    op.create_table('news_post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('teaser', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
    sa.Column('image_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('image_content_type', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
    sa.Column('image_alt', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('measure_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('is_draft', sa.Boolean(), nullable=False),
    sa.Column('published_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('comments_allowed', sa.Boolean(), nullable=False),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    _fk('news_post', 'author_id', 'user_account', 'SET NULL'),
    _fk('news_post', 'idea_id', 'idea', 'SET NULL'),
    _fk('news_post', 'measure_id', 'measure', 'SET NULL'),
    _fk('news_post', 'meeting_id', 'meeting', 'SET NULL'),
    _fk('news_post', 'project_id', 'project', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name='pk_news_post')
    )
    with op.batch_alter_table('news_post', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_news_post_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_post_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_post_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_news_post_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_news_post_published', ['is_draft', 'published_at'], unique=False)

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('news_post_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_comment_news_post_created', ['news_post_id', 'created_at'], unique=False)
        batch_op.create_foreign_key('fk_comment_news_post_id_news_post', 'news_post', ['news_post_id'], ['id'],
                                    ondelete='CASCADE')
        batch_op.drop_constraint('ck_comment_one_subject', type_='check')
        batch_op.create_check_constraint('ck_comment_one_subject', ONE_OF_THREE)

    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.add_column(sa.Column('population', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('district', schema=None) as batch_op:
        batch_op.drop_column('population')

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint('ck_comment_one_subject', type_='check')
        batch_op.create_check_constraint('ck_comment_one_subject', ONE_OF_TWO)
        batch_op.drop_constraint('fk_comment_news_post_id_news_post', type_='foreignkey')
        batch_op.drop_index('ix_comment_news_post_created')
        batch_op.drop_column('news_post_id')

    with op.batch_alter_table('news_post', schema=None) as batch_op:
        batch_op.drop_index('ix_news_post_published')
        batch_op.drop_index(batch_op.f('ix_news_post_project_id'))
        batch_op.drop_index(batch_op.f('ix_news_post_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_news_post_measure_id'))
        batch_op.drop_index(batch_op.f('ix_news_post_idea_id'))

    op.drop_table('news_post')
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_version_document_id'))

    op.drop_table('document_version')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_document_district_id'))
        batch_op.drop_index(batch_op.f('ix_document_category'))
        batch_op.drop_index(batch_op.f('ix_document_board_id'))
        batch_op.drop_index('ix_document_audience_date')
        batch_op.drop_index(batch_op.f('ix_document_action_area_id'))

    op.drop_table('document')
