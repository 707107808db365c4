"""certification records: certificate types, external records and verification

Revision ID: 0013_certification_records
Revises: 0012_catalog_parity

Certificates get their identity in another system (external_source + external_id, unique
together), issuer and serial number, and a verification status. Existing uploads become
`self-reported` and `unverified`; everything else was issued by the platform and is `verified`
by that issuance (method = its source).
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB(astext_type=Text()))

import app.db

revision = '0013_certification_records'
down_revision = '0012_catalog_parity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificate_types',
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('published_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', app.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_types')),
    sa.UniqueConstraint('slug', name=op.f('uq_certificate_types_slug'))
    )
    with op.batch_alter_table('certificate_templates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificate_type_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_certificate_templates_certificate_type_id'), ['certificate_type_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_certificate_templates_certificate_type_id_certificate_types'), 'certificate_types', ['certificate_type_id'], ['id'])

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('external_source', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('issuer_name', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('serial_number', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('verification_status', sa.String(length=20), nullable=False,
                                      server_default='verified'))
        batch_op.add_column(sa.Column('verification_method', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('verification_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('last_verified_at', app.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint('uq_certificates_external', ['external_source', 'external_id'])

    certificates = sa.table('certificates', sa.column('source', sa.String), sa.column('verification_status', sa.String),
                            sa.column('verification_method', sa.String), sa.column('last_verified_at'),
                            sa.column('created_at'))
    op.execute(certificates.update().where(certificates.c.source == 'upload')
               .values(source='self-reported', verification_status='unverified'))
    op.execute(certificates.update().where(certificates.c.verification_status == 'verified')
               .values(verification_method=certificates.c.source, last_verified_at=certificates.c.created_at))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.alter_column('verification_status', server_default=None)


def downgrade() -> None:
    certificates = sa.table('certificates', sa.column('source', sa.String))
    op.execute(certificates.update().where(certificates.c.source == 'self-reported').values(source='upload'))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint('uq_certificates_external', type_='unique')
        batch_op.drop_column('last_verified_at')
        batch_op.drop_column('verification_note')
        batch_op.drop_column('verification_method')
        batch_op.drop_column('verification_status')
        batch_op.drop_column('serial_number')
        batch_op.drop_column('issuer_name')
        batch_op.drop_column('external_source')
        batch_op.drop_column('external_id')

    with op.batch_alter_table('certificate_templates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_certificate_templates_certificate_type_id_certificate_types'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_certificate_templates_certificate_type_id'))
        batch_op.drop_column('certificate_type_id')

    op.drop_table('certificate_types')
