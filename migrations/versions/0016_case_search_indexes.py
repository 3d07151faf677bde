"""cases: trigram indexes for the one search (ImmD reference, visa number, job title)

The search in the navigation (tracker/search) finds cases by any part of these
three columns; (company_id, column gin_trgm_ops) indexes (btree_gin, migration
0005) keep a rare term fast at a million cases. A common term is served by the
newest-first index instead (the planner's choice under the search's LIMIT). On
SQLite they are plain indexes, as for the candidates' search.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 23:10:00

"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

INDEXES = {'ix_cases_company_immd_reference_trgm': 'immd_reference',
           'ix_cases_company_visa_number_trgm': 'visa_number',
           'ix_cases_company_job_title_trgm': 'job_title'}


def upgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name, column in INDEXES.items():
            if postgres:
                batch_op.create_index(name, ['company_id', column], unique=False,
                                      postgresql_using='gin',
                                      postgresql_ops={column: 'gin_trgm_ops'})
            else:
                batch_op.create_index(name, ['company_id', column], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
