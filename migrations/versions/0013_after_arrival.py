"""after arrival: case kinds and chains, dependants on their principal, the top-tier flag

A case now has a kind: "entry" (every existing case), "extension" (of stay),
"change_of_employment", "dependant" (an ID 997 application) or "record" (a status
recorded without an application, e.g. an IANG graduate hired as they are).
`parent_case_id` links a case to the one it continues (an extension to the case whose
stay it extends, a dependant's case to the sponsor's); `superseded_by_id` marks a case
whose limit of stay a later approved case replaced, so its reminder series stops.
An extension records how it was filed (`submission_channel`), a change of employment
the employer the person leaves (`previous_employer`).

A dependant is a candidate row (the same person facts, passport reminders and name
search) linked to their principal by `principal_id` with a `relation`.
`top_tier` marks a person with HK$2M+ assessable income (the 3+5 / 2+6 stay pattern).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

KINDS = "kind in ('entry', 'extension', 'change_of_employment', 'dependant', 'record')"
CHANNELS = "submission_channel in ('', 'online', 'paper')"
RELATIONS = "relation in ('spouse', 'partner', 'child')"


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=24), server_default='entry',
                                      nullable=False))
        batch_op.add_column(sa.Column('parent_case_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('superseded_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('submission_channel', sa.String(length=10),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('previous_employer', sa.String(length=200),
                                      server_default='', nullable=False))
        batch_op.create_foreign_key(op.f('fk_cases_parent_case_id_cases'), 'cases',
                                    ['parent_case_id'], ['id'])
        batch_op.create_foreign_key(op.f('fk_cases_superseded_by_id_cases'), 'cases',
                                    ['superseded_by_id'], ['id'])
        batch_op.create_check_constraint(op.f('ck_cases_kind_known'), KINDS)
        batch_op.create_check_constraint(op.f('ck_cases_submission_channel_known'), CHANNELS)
        batch_op.create_index('ix_cases_parent_case_id', ['parent_case_id'], unique=False)
    # Outside the batch: SQLite's batch mode cannot copy an index on an expression.
    op.create_index('ix_cases_company_kind', 'cases', ['company_id', 'kind', sa.text('id DESC')],
                    unique=False)
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('principal_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('relation', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('top_tier', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_foreign_key(op.f('fk_candidates_principal_id_candidates'), 'candidates',
                                    ['principal_id'], ['id'])
        batch_op.create_check_constraint(op.f('ck_candidates_relation_known'), RELATIONS)
        batch_op.create_check_constraint(
            op.f('ck_candidates_dependant_has_relation'),
            '(principal_id IS NULL) = (relation IS NULL)')
        batch_op.create_index('ix_candidates_company_principal', ['company_id', 'principal_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_candidates_company_principal')
        batch_op.drop_constraint(op.f('ck_candidates_dependant_has_relation'), type_='check')
        batch_op.drop_constraint(op.f('ck_candidates_relation_known'), type_='check')
        batch_op.drop_constraint(op.f('fk_candidates_principal_id_candidates'),
                                 type_='foreignkey')
        batch_op.drop_column('top_tier')
        batch_op.drop_column('relation')
        batch_op.drop_column('principal_id')
    op.drop_index('ix_cases_company_kind', table_name='cases')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_parent_case_id')
        batch_op.drop_constraint(op.f('ck_cases_submission_channel_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_cases_kind_known'), type_='check')
        batch_op.drop_constraint(op.f('fk_cases_superseded_by_id_cases'), type_='foreignkey')
        batch_op.drop_constraint(op.f('fk_cases_parent_case_id_cases'), type_='foreignkey')
        batch_op.drop_column('previous_employer')
        batch_op.drop_column('submission_channel')
        batch_op.drop_column('superseded_by_id')
        batch_op.drop_column('parent_case_id')
        batch_op.drop_column('kind')
