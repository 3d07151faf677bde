"""calendar feeds: a random seed from which the secret address is derived with the app's
key, so its owner can see the address again without it ever being stored (issue 18)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 00:50:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable: a feed issued before this column cannot be shown again (its owner makes a
    # new address to see one); it keeps working meanwhile.
    op.add_column('calendar_feeds', sa.Column('seed', sa.String(length=64), nullable=True))


def downgrade():
    op.drop_column('calendar_feeds', 'seed')
