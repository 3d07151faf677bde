"""cases: list indexes and trigram search

Each case-list filter gets an index ending in id DESC (the default order), so
a page is an index range scan at any size; the start-date sort gets one too,
and so does each "needs attention" reason (limit of stay, HKID due, passport).
Candidate name / passport substring search uses trigram GIN indexes on
PostgreSQL (pg_trgm, a trusted extension since PostgreSQL 13); on SQLite the
same index names are plain indexes, so the schema matches the models.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:26:02.700588

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

FILTER_INDEXES = {
    'ix_cases_company_allotment': 'allotment_id',
    'ix_cases_company_owner': 'owner_id',
    'ix_cases_company_scheme': 'scheme',
}
# The needs-attention reasons, one index each (tracker/cases/attention.py).
ATTENTION_INDEXES = {
    'ix_cases_company_limit_of_stay': 'limit_of_stay_until',
    'ix_cases_company_hkid_due': 'hkid_due_on',
}
TRIGRAM_INDEXES = {
    'ix_candidates_name_trgm': 'full_name',
    'ix_candidates_passport_trgm': 'passport_number',
}


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index('ix_candidates_company_passport_expiry',
                              ['company_id', 'passport_expiry'], unique=False)
        for name, column in TRIGRAM_INDEXES.items():
            batch_op.create_index(name, [column], unique=False, postgresql_using='gin',
                                  postgresql_ops={column: 'gin_trgm_ops'})

    with op.batch_alter_table('cases', schema=None) as batch_op:
        for name, column in FILTER_INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, ['company_id', column, sa.literal_column('id DESC')],
                                  unique=False)
        batch_op.create_index('ix_cases_company_start',
                              ['company_id', 'intended_start_date', sa.literal_column('id DESC')],
                              unique=False)
        for name, column in ATTENTION_INDEXES.items():
            batch_op.create_index(name, ['company_id', column], unique=False)
        # Replaces ix_cases_candidate_id (its first column) and covers the passport reason.
        batch_op.drop_index('ix_cases_candidate_id')
        batch_op.create_index('ix_cases_candidate_stage',
                              ['candidate_id', 'company_id', 'stage', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_candidate_stage')
        batch_op.create_index('ix_cases_candidate_id', ['candidate_id'], unique=False)
        for name in ATTENTION_INDEXES:
            batch_op.drop_index(name)
        batch_op.drop_index('ix_cases_company_start')
        for name, column in FILTER_INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, ['company_id', column], unique=False)

    with op.batch_alter_table('candidates', schema=None) as batch_op:
        for name in TRIGRAM_INDEXES:
            batch_op.drop_index(name)
        batch_op.drop_index('ix_candidates_company_passport_expiry')
    # pg_trgm stays installed: other objects may use it.
