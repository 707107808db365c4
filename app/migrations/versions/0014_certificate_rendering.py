"""certificate rendering: credential keys, status list positions, webhook endpoints, expiry notices, task leases

Revision ID: 0014_certificate_rendering
Revises: 0013_certification_records
Create Date: 2026-12-01 16:45:57.331761
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB(astext_type=Text()))
from sqlalchemy.dialects import postgresql

import app.db

revision = '0014_certificate_rendering'
down_revision = '0013_certification_records'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('credential_keys',
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('algorithm', sa.String(length=20), nullable=False),
    sa.Column('public_jwk', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('private_jwk_sealed', sa.Text(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('retired_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('kid', name=op.f('pk_credential_keys'))
    )
    with op.batch_alter_table('credential_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credential_keys_created_at'), ['created_at'], unique=False)

    op.create_table('task_leases',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('holder', sa.String(length=100), nullable=False),
    sa.Column('lease_until', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_task_leases'))
    )
    op.create_table('webhook_endpoints',
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=True),
    sa.Column('event_types', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('secret_sealed', sa.Text(), nullable=False),
    sa.Column('deleted_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_endpoints'))
    )
    op.create_table('certificate_expiry_notices',
    sa.Column('certificate_id', sa.String(length=36), nullable=False),
    sa.Column('reminder_sent_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('expired_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_certificate_expiry_notices_certificate_id_certificates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('certificate_id', name=op.f('pk_certificate_expiry_notices'))
    )
    op.create_table('certificate_status_indices',
    sa.Column('certificate_id', sa.String(length=36), nullable=False),
    sa.Column('list_index', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], name=op.f('fk_certificate_status_indices_certificate_id_certificates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('certificate_id', name=op.f('pk_certificate_status_indices')),
    sa.UniqueConstraint('list_index', name=op.f('uq_certificate_status_indices_list_index'))
    )


def downgrade() -> None:
    op.drop_table('certificate_status_indices')
    op.drop_table('certificate_expiry_notices')
    op.drop_table('webhook_endpoints')
    op.drop_table('task_leases')
    with op.batch_alter_table('credential_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_credential_keys_created_at'))

    op.drop_table('credential_keys')
