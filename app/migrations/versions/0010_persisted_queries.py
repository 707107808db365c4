"""persisted queries (automatic persisted queries, shared by every process)

Revision ID: 0010_persisted_queries
Revises: 0009_course_groups
"""
import sqlalchemy as sa
from alembic import op

import app.db

revision = '0010_persisted_queries'
down_revision = '0009_course_groups'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('persisted_queries',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_persisted_queries'))
    )
    op.create_index('ix_persisted_queries_created_at', 'persisted_queries', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_persisted_queries_created_at', table_name='persisted_queries')
    op.drop_table('persisted_queries')
