"""candidates: a STEM degree may be "not known" (NULL), like the other facts

A blank answer used to be stored as "no", which made TechTAS's STEM rule fail
where it should answer "unknown". Existing rows keep their stored answer.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.alter_column('stem_degree', existing_type=sa.Boolean(), nullable=True)


def downgrade():
    op.execute("UPDATE candidates SET stem_degree = false WHERE stem_degree IS NULL")
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.alter_column('stem_degree', existing_type=sa.Boolean(), nullable=False)
