"""Secrets stay out of logs (issue 14, part 7)."""
from __future__ import annotations

from app.db import create_engine


def test_engines_hide_sql_parameters():
    assert create_engine("sqlite+aiosqlite:///:memory:").sync_engine.hide_parameters
    assert create_engine("postgresql+asyncpg://u@localhost/db").pool._pre_ping
