"""Secrets stay out of logs (issue 14, part 7)."""
from __future__ import annotations

import logging

from app.db import create_engine
from app.web.access_log import RedactApiKey


def test_the_access_log_redacts_api_keys():
    # The record uvicorn's access logger makes: client, method, path with query, HTTP version, status.
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "GET", "/graphql?query=x&apiKey=lk_secret&b=1", "1.1", 200), None)
    assert RedactApiKey().filter(record)
    line = record.getMessage()
    assert "lk_secret" not in line and "apiKey=[redacted]&b=1" in line


def test_engines_hide_sql_parameters():
    assert create_engine("sqlite+aiosqlite:///:memory:").sync_engine.hide_parameters
    assert create_engine("postgresql+asyncpg://u@localhost/db").pool._pre_ping
