"""candidates: the facts today's rules ask for (QMAS criteria and prerequisites, TechTAS
STEM rule, ASSG financial means, NET 2025/26)

Every column is nullable: NULL means "not known", and the rules then answer
"unknown" rather than guess (tracker/rules/profile.py).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 20:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

FLAGS = ('eligible_university', 'top100_stem_university', 'owns_listed_company',
         'financial_means', 'good_character', 'english_major', 'pgde_english',
         'tefl_tesl_certificate')
COUNTS = ('years_multinational', 'years_innovation_finance_trade', 'years_in_technology_area',
          'business_profit_hkd')


def upgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        for name in FLAGS:
            batch_op.add_column(sa.Column(name, sa.Boolean(), nullable=True))
        for name in COUNTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_candidates_today_facts_not_negative'),
            "years_multinational >= 0 AND years_innovation_finance_trade >= 0 AND "
            "years_in_technology_area >= 0 AND business_profit_hkd >= 0")


def downgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_candidates_today_facts_not_negative'), type_='check')
        for name in reversed(FLAGS + COUNTS):
            batch_op.drop_column(name)
