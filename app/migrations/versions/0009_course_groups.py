"""course groups: a catalog course is stored as kind courseGroup, its sessions stay kind course

Revision ID: 0009_course_groups
Revises: 0008_merge
Create Date: 2026-11-25

Helium models a course in the catalog as a course group (kind `courseGroup`) with sessions of
kind `course` under it, and its dashboard asks for `courseGroup` (app/content/kinds.py). Until
now a plain course was stored as `course`; every such item that is not a session (it names no
course group) becomes a `courseGroup`. Sessions keep kind `course`. Data only, no schema change.

Downgrade turns every `courseGroup` back into `course` (before this revision no item was stored
as `courseGroup` by the application, so nothing else is affected).
"""
from __future__ import annotations

from alembic import op

revision = "0009_course_groups"
down_revision = "0008_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "UPDATE content_items SET kind = 'courseGroup' "
        "WHERE kind = 'course' AND course_group_id IS NULL"
    )


def downgrade() -> None:
    op.execute("UPDATE content_items SET kind = 'course' WHERE kind = 'courseGroup'")
