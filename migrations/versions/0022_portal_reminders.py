"""candidate portal reminders (issue 19): each company's rhythm for reminding candidates
of what they still have to send, in days before the due date, and one reminder once a
request is overdue by so many days (0: none)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 01:00:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('portal_reminder_offsets', sa.String(length=100),
                                      server_default='7,3,1', nullable=False))
        batch_op.add_column(sa.Column('portal_overdue_days', sa.Integer(),
                                      server_default='3', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_companies_portal_overdue_days_in_range'),
            'portal_overdue_days >= 0 AND portal_overdue_days <= 30')


def downgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_companies_portal_overdue_days_in_range'),
                                 type_='check')
        batch_op.drop_column('portal_overdue_days')
        batch_op.drop_column('portal_reminder_offsets')
