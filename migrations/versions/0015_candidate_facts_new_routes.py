"""candidates: the facts the TTPS and IANG rules read (a degree from a TTPS-listed
university, when the degree was awarded, years of work in the last 5, a full-time
locally accredited degree from Hong Kong)

Every column is nullable: NULL means "not known", and the rules then answer
"unknown" rather than guess (tracker/rules/profile.py).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 23:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

FLAGS = ('eligible_university_degree', 'hk_full_time_degree')
CHECK = 'ck_candidates_recent_experience_in_range'


def upgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        for name in FLAGS:
            batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('degree_awarded_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('years_experience_last_5', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f(CHECK), "years_experience_last_5 >= 0 AND years_experience_last_5 <= 5")


def downgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CHECK), type_='check')
        batch_op.drop_column('years_experience_last_5')
        batch_op.drop_column('degree_awarded_on')
        for name in reversed(FLAGS):
            batch_op.drop_column(name)
