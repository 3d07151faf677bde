"""cases: statistics telling the planner that an owner, and mostly a scheme, go with a company

The Workforce list (tracker/people/workforce.py) reads a company's statuses in order of
the limit of stay (ix_cases_company_limit_of_stay) and stops after a page. Filtered by
owner or scheme, PostgreSQL took the filter as independent of the company: an owner
belongs to one company, so it expected a few dozen rows where a large employer has
thousands, and chose to fetch and sort every one of them instead of reading the index in
order (README, Benchmark). Functional-dependency statistics correct the estimate. They are PostgreSQL's only (SQLite has none), and
ANALYZE (autovacuum's, or an operator's) fills them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 22:30:00

"""
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

STATISTICS = {
    'st_cases_company_owner': ('company_id', 'owner_id'),
    'st_cases_company_scheme': ('company_id', 'scheme'),
}


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for name, columns in STATISTICS.items():
        op.execute(f"CREATE STATISTICS {name} (dependencies) ON {', '.join(columns)} "
                   "FROM cases")
    op.execute("ANALYZE cases")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for name in STATISTICS:
        op.execute(f"DROP STATISTICS IF EXISTS {name}")
