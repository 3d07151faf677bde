"""case_stage_events: the Reports page's two indexes (cases per stage, time in stages)

The Reports page reads a company's moves twice: those since a year ago, by time, to
wind today's counts per stage back to each month's end; and all of them, case by
case in time order, to pair each move with the next (the time spent in a stage).
Both were read through the case_id index one case at a time (twenty thousand
probes for a large employer). (company_id, moved_at, …) serves the first and
(company_id, case_id, moved_at, id, …) the second, in the order the window function
needs; the trailing columns make both covering, so neither reads the table.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 01:25:00

"""
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_case_stage_events_company_moved': ['company_id', 'moved_at', 'kind', 'from_stage',
                                           'to_stage'],
    'ix_case_stage_events_company_case': ['company_id', 'case_id', 'moved_at', 'id', 'kind',
                                          'to_stage'],
}


def upgrade():
    with op.batch_alter_table('case_stage_events', schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    with op.batch_alter_table('case_stage_events', schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
