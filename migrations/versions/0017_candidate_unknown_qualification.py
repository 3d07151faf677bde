"""candidates: the highest qualification and the years of experience may be "not known"

The candidate form no longer guesses them (a bachelor's degree, 0 years): NULL means
not known, as for every other fact, and the rules then answer "unknown"
(tracker/rules/profile.py). Existing rows keep their values.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 23:30:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.alter_column('qualification_level', existing_type=sa.String(length=20),
                              nullable=True)
        batch_op.alter_column('years_experience', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # The old columns need a value: the form's former defaults.
    op.execute("UPDATE candidates SET qualification_level = 'bachelor' "
               "WHERE qualification_level IS NULL")
    op.execute("UPDATE candidates SET years_experience = 0 WHERE years_experience IS NULL")
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.alter_column('years_experience', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('qualification_level', existing_type=sa.String(length=20),
                              nullable=False)
