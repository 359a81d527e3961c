"""archive strategies and action areas

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 02:26:47.212466
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
import participation.db


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('action_area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', participation.db.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('strategy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', participation.db.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('strategy', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('action_area', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

