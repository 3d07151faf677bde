"""candidates: (company_id, created_at, id) index for the newest-first search

The case form's Candidate field asks /candidates/lookup with a blank search
when it opens, and gets the company's 20 newest candidates (ORDER BY
created_at DESC, id DESC). Measured on the bench data set (1M candidates, a
20,000-candidate employer): ORDER BY id DESC walked the primary key backwards
through every company's rows (300-750 ms), and a (company_id, id) index did
not stop the planner from doing so; this index answers in 0.05 ms.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 22:30:00

"""
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index('ix_candidates_company_created', ['company_id', 'created_at', 'id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_candidates_company_created')
