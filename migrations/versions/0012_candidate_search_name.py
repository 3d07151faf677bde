"""candidates: a folded search key, so names are found in Traditional or Simplified

`search_name` holds the full name and the Chinese name folded by
tracker.text.search_key (Simplified characters, lower case); name searches
match it with LIKE, so 黃 and 黄 both find 黃嘉欣. Its trigram index
(company_id, search_name) replaces the one on full_name (migration 0005),
which no search reads any more; on SQLite it is a plain index, as there.
Existing rows are backfilled here; the model keeps the key in step after.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 20:45:00

"""
from alembic import op
import sqlalchemy as sa

from tracker.text import search_key


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

BATCH = 5000
OLD = ('ix_candidates_company_name_trgm', 'full_name')
NEW = ('ix_candidates_company_search_name_trgm', 'search_name')


def _search_index(batch_op, name: str, column: str, postgres: bool) -> None:
    if postgres:
        batch_op.create_index(name, ['company_id', column], unique=False,
                              postgresql_using='gin', postgresql_ops={column: 'gin_trgm_ops'})
    else:
        batch_op.create_index(name, ['company_id', column], unique=False)


def _backfill(connection) -> None:
    """Fold every candidate's names, a batch at a time (keyset by id)."""
    candidates = sa.table('candidates', sa.column('id', sa.Integer),
                          sa.column('full_name', sa.String), sa.column('chinese_name', sa.String),
                          sa.column('search_name', sa.Text))
    update = (candidates.update().where(candidates.c.id == sa.bindparam('key'))
              .values(search_name=sa.bindparam('folded')))
    last = 0
    while True:
        rows = connection.execute(
            sa.select(candidates.c.id, candidates.c.full_name, candidates.c.chinese_name)
            .where(candidates.c.id > last).order_by(candidates.c.id).limit(BATCH)).all()
        if not rows:
            return
        connection.execute(update, [{'key': row.id,
                                     'folded': search_key(row.full_name, row.chinese_name)}
                                    for row in rows])
        last = rows[-1].id


def upgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_name', sa.Text(), nullable=True))
    _backfill(op.get_bind())
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.alter_column('search_name', existing_type=sa.Text(), nullable=False)
        batch_op.drop_index(OLD[0])
        _search_index(batch_op, *NEW, postgres)


def downgrade():
    postgres = op.get_bind().dialect.name == 'postgresql'
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index(NEW[0])
        _search_index(batch_op, *OLD, postgres)
        batch_op.drop_column('search_name')
