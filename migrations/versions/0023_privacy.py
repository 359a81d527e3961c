"""privacy: consent records, accessibility feedback; supports and sign-ups outlive deleted accounts

support.user_id and sign_up.user_id become nullable with ON DELETE SET NULL. Their foreign keys were created
unnamed; the naming convention gives them the name PostgreSQL gave them, so batch mode on SQLite finds them too.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 00:01:01.576976
"""
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import participation.db

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

UNNAMED_FOREIGN_KEYS = {'fk': '%(table_name)s_%(column_0_name)s_fkey'}


def _relink_user(table: str, *, nullable: bool, ondelete: str) -> None:
    with op.batch_alter_table(table, naming_convention=UNNAMED_FOREIGN_KEYS) as batch_op:
        batch_op.drop_constraint(f'{table}_user_id_fkey', type_='foreignkey')
        batch_op.alter_column('user_id', existing_type=sa.INTEGER(), nullable=nullable)
        batch_op.create_foreign_key(f'{table}_user_id_fkey', 'user_account', ['user_id'], ['id'], ondelete=ondelete)


def _user_ids_never_reused(never: bool) -> None:
    """SQLite: AUTOINCREMENT, so the id of a deleted account is never given to a new one (PostgreSQL's sequence
    never reuses ids anyway)."""
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table('user_account', recreate='always',
                                  table_kwargs={'sqlite_autoincrement': never}):
            pass


def upgrade() -> None:
    _user_ids_never_reused(True)
    op.create_table('accessibility_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('page_url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('message', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('handled_at', participation.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('answer_note', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user_account.id'], ondelete='SET NULL', name='fk_accessibility_feedback_handled_by_id_user_account'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='SET NULL', name='fk_accessibility_feedback_user_id_user_account'),
    sa.PrimaryKeyConstraint('id', name='pk_accessibility_feedback')
    )
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accessibility_feedback_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_accessibility_feedback_user_id'), ['user_id'], unique=False)

    op.create_table('consent_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('given_at', participation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', participation.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('user_id IS NOT NULL OR membership_id IS NOT NULL', name='ck_consent_record_has_person'),
    sa.ForeignKeyConstraint(['membership_id'], ['membership.id'], ondelete='CASCADE', name='fk_consent_record_membership_id_membership'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], ondelete='SET NULL', name='fk_consent_record_recorded_by_id_user_account'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ondelete='CASCADE', name='fk_consent_record_user_id_user_account'),
    sa.PrimaryKeyConstraint('id', name='pk_consent_record')
    )
    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_record_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index('ix_consent_record_user_subject', ['user_id', 'subject'], unique=False)

    for table in ('sign_up', 'support'):
        _relink_user(table, nullable=True, ondelete='SET NULL')


def downgrade() -> None:
    _user_ids_never_reused(False)
    for table in ('sign_up', 'support'):
        # Rows left by deleted accounts cannot go back to NOT NULL: they are removed, as before they would have been.
        op.execute(f'DELETE FROM {table} WHERE user_id IS NULL')
        _relink_user(table, nullable=False, ondelete='CASCADE')

    with op.batch_alter_table('consent_record', schema=None) as batch_op:
        batch_op.drop_index('ix_consent_record_user_subject')
        batch_op.drop_index(batch_op.f('ix_consent_record_membership_id'))

    op.drop_table('consent_record')
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accessibility_feedback_user_id'))
        batch_op.drop_index(batch_op.f('ix_accessibility_feedback_created_at'))

    op.drop_table('accessibility_feedback')
