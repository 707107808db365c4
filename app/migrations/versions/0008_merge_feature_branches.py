"""Merge the feature branches 0003-0007 into one head.

Revision ID: 0008_merge
Revises: 0003_api_usage, 0004_idempotency, 0005_content_reads, 0006_badge_ranking, 0007_lifecycle
Create Date: 2026-11-24

Each feature issue branched from 0001 in parallel; from here on a new migration has a single
parent (scripts/make-migration "message" REV_ID).
"""
from __future__ import annotations

revision = "0008_merge"
down_revision = ("0003_api_usage", "0004_idempotency", "0005_content_reads", "0006_badge_ranking", "0007_lifecycle")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
