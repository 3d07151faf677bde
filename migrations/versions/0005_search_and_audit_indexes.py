"""search and audit-log indexes for large companies

Candidate search gets GIN indexes on (company_id, trigrams) instead of
trigrams alone (btree_gin, a trusted extension, lets a GIN index hold the
company id), so searching a common name in one company no longer reads the
matches of every company. On SQLite they are plain (company_id, column)
indexes under the same names. The audit log gets (company_id, id DESC) for
its newest-first pages and (company_id, action|object_type) for its filters.
Measured at 1M cases: see bench/results and the README's benchmark section.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 20:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

SEARCH = {'full_name': ('ix_candidates_name_trgm', 'ix_candidates_company_name_trgm'),
          'passport_number': ('ix_candidates_passport_trgm',
                              'ix_candidates_company_passport_trgm')}
AUDIT = {'ix_audit_events_company_action': 'action',
         'ix_audit_events_company_object_type': 'object_type'}


def _search_index(batch_op, name: str, columns: list[str], column: str, postgres: bool) -> None:
    if postgres:
        batch_op.create_index(name, columns, unique=False, postgresql_using='gin',
                              postgresql_ops={column: 'gin_trgm_ops'})
    else:
        batch_op.create_index(name, columns, unique=False)


def upgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    if postgres:
        op.execute('CREATE EXTENSION IF NOT EXISTS btree_gin')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        for column, (old, new) in SEARCH.items():
            batch_op.drop_index(old)
            _search_index(batch_op, new, ['company_id', column], column, postgres)
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index('ix_audit_events_company_id',
                              ['company_id', sa.literal_column('id DESC')], unique=False)
        for name, column in AUDIT.items():
            batch_op.create_index(name, ['company_id', column], unique=False)


def downgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        for name in AUDIT:
            batch_op.drop_index(name)
        batch_op.drop_index('ix_audit_events_company_id')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        for column, (old, new) in SEARCH.items():
            batch_op.drop_index(new)
            _search_index(batch_op, old, [column], column, postgres)
