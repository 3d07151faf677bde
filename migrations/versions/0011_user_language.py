"""users: the interface language each user chose (NULL: follow the browser)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 20:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_users_language_known'), "language IS NULL OR language IN ('en', 'zh_Hant')")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_language_known'), type_='check')
        batch_op.drop_column('language')
