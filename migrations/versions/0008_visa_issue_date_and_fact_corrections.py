"""cases.visa_issued_on; case_stage_events.kind (a move, or a correction of a fact)

The visa issue date lets the stage dates be checked in order (visa on or after
the approval, arrival on or after the visa, the limit of stay after the visa);
cases recorded before keep it empty. A correction of a recorded fact is a
timeline entry of kind "correction"; every existing entry is a move.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visa_issued_on', sa.Date(), nullable=True))
    with op.batch_alter_table('case_stage_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), server_default='move',
                                      nullable=False))
        batch_op.create_check_constraint(op.f('ck_case_stage_events_kind_known'),
                                         "kind in ('move', 'correction')")


def downgrade():
    with op.batch_alter_table('case_stage_events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_case_stage_events_kind_known'), type_='check')
        batch_op.drop_column('kind')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('visa_issued_on')
