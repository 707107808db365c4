"""bookmarks: folders get default_folder, deleted, external_resource_id; the bookmarks table

Revision ID: 0011_bookmarks
Revises: 0010_persisted_queries
"""
import sqlalchemy as sa
from alembic import op

import app.db

revision = '0011_bookmarks'
down_revision = '0010_persisted_queries'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('bookmark_folders', schema=None) as batch_op:
        # server defaults fill the existing rows, then go: the models set these values
        batch_op.add_column(sa.Column('default_folder', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('deleted', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('external_resource_id', sa.String(length=100), nullable=True))
    with op.batch_alter_table('bookmark_folders', schema=None) as batch_op:
        batch_op.alter_column('default_folder', server_default=None)
        batch_op.alter_column('deleted', server_default=None)

    op.create_table('bookmarks',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('folder_id', sa.String(length=36), nullable=False),
    sa.Column('course_id', sa.String(length=36), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['content_items.id'], name=op.f('fk_bookmarks_course_id_content_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['folder_id'], ['bookmark_folders.id'], name=op.f('fk_bookmarks_folder_id_bookmark_folders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_bookmarks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bookmarks'))
    )
    with op.batch_alter_table('bookmarks', schema=None) as batch_op:
        batch_op.create_index('ix_bookmarks_folder_created', ['folder_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookmarks_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bookmarks_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bookmarks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bookmarks_user_id'))
        batch_op.drop_index(batch_op.f('ix_bookmarks_course_id'))
        batch_op.drop_index('ix_bookmarks_folder_created')
    op.drop_table('bookmarks')
    with op.batch_alter_table('bookmark_folders', schema=None) as batch_op:
        batch_op.drop_column('external_resource_id')
        batch_op.drop_column('deleted')
        batch_op.drop_column('default_folder')
