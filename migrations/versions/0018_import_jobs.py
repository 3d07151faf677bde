"""import jobs and the remembered column mappings (issue 18: import from spreadsheets)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 23:40:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('headers', sa.JSON(), nullable=False),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.Column('mapping', sa.JSON(), nullable=False),
        sa.Column('marks', sa.JSON(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('new_count', sa.Integer(), nullable=False),
        sa.Column('update_count', sa.Integer(), nullable=False),
        sa.Column('unchanged_count', sa.Integer(), nullable=False),
        sa.Column('error_count', sa.Integer(), nullable=False),
        sa.Column('written_count', sa.Integer(), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('valid_only', sa.Boolean(), nullable=False),
        sa.Column('message', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status in ('mapping', 'checking', 'previewed', 'writing', 'done', "
                           "'failed')", name=op.f('ck_import_jobs_status_known')),
        sa.CheckConstraint('progress >= 0 AND progress <= 100',
                           name=op.f('ck_import_jobs_progress_percent')),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'],
                                name=op.f('fk_import_jobs_company_id_companies')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_import_jobs_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_jobs')),
    )
    op.create_index('ix_import_jobs_company_created', 'import_jobs',
                    ['company_id', 'created_at'], unique=False)
    op.create_table(
        'import_mappings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('mapping', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['company_id'], ['companies.id'],
                                name=op.f('fk_import_mappings_company_id_companies')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_mappings')),
        sa.UniqueConstraint('company_id', 'kind', name=op.f('uq_import_mappings_company_id_kind')),
    )


def downgrade():
    op.drop_table('import_mappings')
    op.drop_index('ix_import_jobs_company_created', table_name='import_jobs')
    op.drop_table('import_jobs')
