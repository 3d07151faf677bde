"""candidate portal: accounts, invitations, sign-in codes, requests, answers, uploads
(issue 19), and the company's invitation validity in days

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 00:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def fk(table, column, target):
    """A foreign key named as the models' naming convention names it."""
    return sa.ForeignKeyConstraint([column], [f'{target}.id'],
                                   name=op.f(f'fk_{table}_{column}_{target}'))


def check(table, name, condition):
    return sa.CheckConstraint(condition, name=op.f(f'ck_{table}_{name}'))


def upgrade():
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('portal_invitation_days', sa.Integer(),
                                      server_default='7', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_companies_portal_invitation_days_in_range'),
            'portal_invitation_days >= 1 AND portal_invitation_days <= 30')

    op.create_table(
        'portal_accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('candidate_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=True),
        sa.Column('session_version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('revoked_at', TIME, nullable=True),
        sa.Column('revoked_by_id', sa.Integer(), nullable=True),
        sa.Column('language', sa.String(length=10), server_default='en', nullable=False),
        sa.Column('created_at', TIME, nullable=False),
        sa.Column('last_signed_in_at', TIME, nullable=True),
        check('portal_accounts', 'language_known', "language in ('en', 'zh_Hant')"),
        check('portal_accounts', 'revoked_has_time', 'active OR revoked_at IS NOT NULL'),
        fk('portal_accounts', 'company_id', 'companies'),
        fk('portal_accounts', 'candidate_id', 'candidates'),
        fk('portal_accounts', 'revoked_by_id', 'users'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_accounts')),
        sa.UniqueConstraint('candidate_id', name=op.f('uq_portal_accounts_candidate_id')),
    )
    op.create_index(op.f('ix_portal_accounts_email'), 'portal_accounts', ['email'])

    op.create_table(
        'portal_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', TIME, nullable=False),
        sa.Column('expires_at', TIME, nullable=False),
        sa.Column('used_at', TIME, nullable=True),
        fk('portal_invitations', 'company_id', 'companies'),
        fk('portal_invitations', 'account_id', 'portal_accounts'),
        fk('portal_invitations', 'created_by_id', 'users'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_invitations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_portal_invitations_token_hash')),
    )
    op.create_index(op.f('ix_portal_invitations_account_id'), 'portal_invitations',
                    ['account_id'])

    op.create_table(
        'portal_sign_in_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', TIME, nullable=False),
        sa.Column('expires_at', TIME, nullable=False),
        sa.Column('used_at', TIME, nullable=True),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        check('portal_sign_in_codes', 'attempts_in_range', 'attempts >= 0 AND attempts <= 5'),
        fk('portal_sign_in_codes', 'account_id', 'portal_accounts'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_sign_in_codes')),
    )
    op.create_index(op.f('ix_portal_sign_in_codes_account_id'), 'portal_sign_in_codes',
                    ['account_id'])

    op.create_table(
        'portal_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('account_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('section', sa.String(length=20), nullable=True),
        sa.Column('document_code', sa.String(length=40), nullable=True),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=10), server_default='requested', nullable=False),
        sa.Column('reason', sa.Text(), server_default='', nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('requested_at', TIME, nullable=False),
        sa.Column('submitted_at', TIME, nullable=True),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', TIME, nullable=True),
        check('portal_requests', 'kind_known', "kind in ('section', 'document')"),
        check('portal_requests', 'status_known',
              "status in ('requested', 'submitted', 'accepted', 'returned')"),
        check('portal_requests', 'kind_has_its_subject',
              "(kind = 'section' AND section IS NOT NULL AND document_code IS NULL) OR "
              "(kind = 'document' AND document_code IS NOT NULL AND section IS NULL)"),
        fk('portal_requests', 'company_id', 'companies'),
        fk('portal_requests', 'case_id', 'cases'),
        fk('portal_requests', 'account_id', 'portal_accounts'),
        fk('portal_requests', 'requested_by_id', 'users'),
        fk('portal_requests', 'reviewed_by_id', 'users'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_requests')),
    )
    op.create_index('ix_portal_requests_account_status', 'portal_requests',
                    ['account_id', 'status'])
    op.create_index('ix_portal_requests_company_case', 'portal_requests',
                    ['company_id', 'case_id'])

    op.create_table(
        'portal_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('field', sa.String(length=60), nullable=False),
        sa.Column('value', sa.Text(), server_default='', nullable=False),
        sa.Column('status', sa.String(length=10), server_default='pending', nullable=False),
        sa.Column('reason', sa.Text(), server_default='', nullable=False),
        sa.Column('updated_at', TIME, nullable=False),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', TIME, nullable=True),
        check('portal_answers', 'status_known', "status in ('pending', 'accepted', 'returned')"),
        fk('portal_answers', 'company_id', 'companies'),
        fk('portal_answers', 'request_id', 'portal_requests'),
        fk('portal_answers', 'reviewed_by_id', 'users'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_answers')),
        sa.UniqueConstraint('request_id', 'field', name=op.f('uq_portal_answers_request_id_field')),
    )

    op.create_table(
        'portal_uploads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=False),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('uploaded_at', TIME, nullable=False),
        sa.Column('status', sa.String(length=10), server_default='pending', nullable=False),
        sa.Column('reason', sa.Text(), server_default='', nullable=False),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', TIME, nullable=True),
        check('portal_uploads', 'status_known', "status in ('pending', 'accepted', 'returned')"),
        check('portal_uploads', 'size_not_negative', 'size_bytes >= 0'),
        fk('portal_uploads', 'company_id', 'companies'),
        fk('portal_uploads', 'request_id', 'portal_requests'),
        fk('portal_uploads', 'reviewed_by_id', 'users'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_uploads')),
    )
    op.create_index(op.f('ix_portal_uploads_request_id'), 'portal_uploads', ['request_id'])


def downgrade():
    for table in ('portal_uploads', 'portal_answers', 'portal_requests',
                  'portal_sign_in_codes', 'portal_invitations', 'portal_accounts'):
        op.drop_table(table)
    with op.batch_alter_table('companies', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_companies_portal_invitation_days_in_range'),
                                 type_='check')
        batch_op.drop_column('portal_invitation_days')
