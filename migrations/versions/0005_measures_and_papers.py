"""measures and papers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 03:00:55.631718
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import participation.db


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('org_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('archived_at', participation.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
    sa.Column('contribution', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('responsible_id', sa.Integer(), nullable=False),
    sa.Column('deputy_id', sa.Integer(), nullable=True),
    sa.Column('is_core', sa.Boolean(), nullable=False),
    sa.Column('planned_start', sa.Date(), nullable=True),
    sa.Column('planned_end', sa.Date(), nullable=True),
    sa.Column('estimated_cost', sa.Integer(), nullable=True),
    sa.Column('funding_source', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('partner_organisations', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('latest_review_period', sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True),
    sa.Column('latest_progress', sa.Integer(), nullable=True),
    sa.Column('latest_traffic_light', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('comment_count', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('comment_count >= 0', name='ck_measure_comment_count_not_negative'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['deputy_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['responsible_id'], ['user_account.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_latest_review_period'), ['latest_review_period'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_planned_end'), ['planned_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_responsible_id'), ['responsible_id'], unique=False)
        batch_op.create_index('ix_measure_status_updated', ['status', 'updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_measure_unit_id'), ['unit_id'], unique=False)

    op.create_table('paper',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('paper_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=False),
    sa.Column('contribution', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', participation.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference'),
    sa.UniqueConstraint('year', 'number', name='uq_paper_year_number')
    )
    with op.batch_alter_table('paper', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_status'), ['status'], unique=False)

    op.create_table('measure_action_area',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('action_area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_area_id'], ['action_area.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'action_area_id')
    )
    with op.batch_alter_table('measure_action_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_action_area_action_area_id'), ['action_area_id'], unique=False)

    op.create_table('measure_district',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'district_id')
    )
    with op.batch_alter_table('measure_district', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_district_district_id'), ['district_id'], unique=False)

    op.create_table('measure_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('from_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('to_status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('measure_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_event_measure_id'), ['measure_id'], unique=False)

    op.create_table('measure_follow',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('following', sa.Boolean(), nullable=False),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'user_id')
    )
    with op.batch_alter_table('measure_follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_follow_user_id'), ['user_id'], unique=False)

    op.create_table('measure_idea',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.Column('linked_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['linked_by_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'idea_id')
    )
    with op.batch_alter_table('measure_idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_measure_idea_idea_id'), ['idea_id'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_measure_id'), ['measure_id'], unique=False)
        batch_op.create_index('ix_milestone_open_due', ['done_on', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_milestone_owner_id'), ['owner_id'], unique=False)

    op.create_table('paper_action_area',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('action_area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_area_id'], ['action_area.id'], ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['paper_id'], ['paper.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'action_area_id')
    )
    with op.batch_alter_table('paper_action_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_action_area_action_area_id'), ['action_area_id'], unique=False)

    op.create_table('paper_measure',
    sa.Column('paper_id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['paper_id'], ['paper.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('paper_id', 'measure_id')
    )
    with op.batch_alter_table('paper_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paper_measure_measure_id'), ['measure_id'], unique=False)

    op.create_table('quarterly_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('traffic_light', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('done', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('next_steps', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('deviations', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('progress >= 0 AND progress <= 100', name='ck_quarterly_review_progress_percent'),
    sa.CheckConstraint('quarter >= 1 AND quarter <= 4', name='ck_quarterly_review_quarter'),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('measure_id', 'year', 'quarter', name='uq_quarterly_review_measure_quarter')
    )
    with op.batch_alter_table('quarterly_review', schema=None) as batch_op:
        batch_op.create_index('ix_quarterly_review_period', ['year', 'quarter'], unique=False)

    op.create_table('review_reminder',
    sa.Column('measure_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('sent_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['measure_id'], ['measure.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('measure_id', 'year', 'quarter')
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure_id', sa.Integer(), nullable=True))
        batch_op.alter_column('idea_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('ix_comment_measure_created', ['measure_id', 'created_at'], unique=False)
        batch_op.create_foreign_key('comment_measure_id_fkey', 'measure', ['measure_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint('ck_comment_one_subject', '(idea_id IS NULL) <> (measure_id IS NULL)')



def downgrade() -> None:
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint('ck_comment_one_subject', type_='check')
        batch_op.drop_constraint('comment_measure_id_fkey', type_='foreignkey')
        batch_op.drop_index('ix_comment_measure_created')
        batch_op.alter_column('idea_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('measure_id')

    op.drop_table('review_reminder')
    with op.batch_alter_table('quarterly_review', schema=None) as batch_op:
        batch_op.drop_index('ix_quarterly_review_period')

    op.drop_table('quarterly_review')
    with op.batch_alter_table('paper_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_measure_measure_id'))

    op.drop_table('paper_measure')
    with op.batch_alter_table('paper_action_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_action_area_action_area_id'))

    op.drop_table('paper_action_area')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_owner_id'))
        batch_op.drop_index('ix_milestone_open_due')
        batch_op.drop_index(batch_op.f('ix_milestone_measure_id'))

    op.drop_table('milestone')
    with op.batch_alter_table('measure_idea', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_idea_idea_id'))

    op.drop_table('measure_idea')
    with op.batch_alter_table('measure_follow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_follow_user_id'))

    op.drop_table('measure_follow')
    with op.batch_alter_table('measure_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_event_measure_id'))

    op.drop_table('measure_event')
    with op.batch_alter_table('measure_district', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_district_district_id'))

    op.drop_table('measure_district')
    with op.batch_alter_table('measure_action_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_action_area_action_area_id'))

    op.drop_table('measure_action_area')
    with op.batch_alter_table('paper', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paper_status'))

    op.drop_table('paper')
    with op.batch_alter_table('measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_measure_unit_id'))
        batch_op.drop_index('ix_measure_status_updated')
        batch_op.drop_index(batch_op.f('ix_measure_responsible_id'))
        batch_op.drop_index(batch_op.f('ix_measure_planned_end'))
        batch_op.drop_index(batch_op.f('ix_measure_latest_review_period'))

    op.drop_table('measure')
    op.drop_table('org_unit')
