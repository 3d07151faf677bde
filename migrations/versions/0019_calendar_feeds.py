"""calendar feeds: one secret feed URL per user, stored hashed (issue 18)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 23:55:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'calendar_feeds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('scope', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("scope in ('mine', 'company')",
                           name=op.f('ck_calendar_feeds_scope_known')),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'],
                                name=op.f('fk_calendar_feeds_company_id_companies')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_calendar_feeds_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash')),
        sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feeds_user_id')),
    )


def downgrade():
    op.drop_table('calendar_feeds')
