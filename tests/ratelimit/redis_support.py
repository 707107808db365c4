"""The local Redis for tests: REDIS_TEST_URL (default redis://127.0.0.1:6379), a random key prefix per test.

Skipped when Redis cannot be reached, except in CI (env CI set), where that is a failure.
"""
from __future__ import annotations

import os
import uuid

import pytest
from redis import asyncio as aioredis
from redis.exceptions import RedisError

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL") or "redis://127.0.0.1:6379"


async def require_redis() -> str:
    client = aioredis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        await client.ping()
    except (RedisError, OSError) as err:
        reason = f"Redis at {REDIS_TEST_URL} is unreachable ({err}); set REDIS_TEST_URL or start redis-server"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        await client.aclose()
    return REDIS_TEST_URL


async def delete_prefix(prefix: str) -> None:
    client = aioredis.Redis.from_url(REDIS_TEST_URL)
    try:
        keys = [k async for k in client.scan_iter(match=prefix + "*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


def random_prefix() -> str:
    return f"test:{uuid.uuid4().hex}:"


class FakeClock:
    """An injectable clock: time moves only when a test says so."""

    def __init__(self, start: float = 1_700_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
