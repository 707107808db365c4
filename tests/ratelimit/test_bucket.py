"""The leaky bucket, in the process and in Redis (same behaviour), driven by an injectable clock."""
from __future__ import annotations

import asyncio

import pytest

from app.ratelimit.bucket import InMemoryBuckets, create_limiter
from app.ratelimit.redis_bucket import RedisBuckets
from app.settings import Settings
from tests.ratelimit.redis_support import FakeClock, delete_prefix, random_prefix, require_redis


@pytest.fixture(params=["memory", "redis"])
async def buckets(request):
    clock = FakeClock()
    if request.param == "memory":
        yield InMemoryBuckets(clock)
        return
    url = await require_redis()
    prefix = random_prefix()
    limiter = RedisBuckets(url, prefix=prefix, clock=clock)
    try:
        yield limiter
    finally:
        await limiter.close()
        await delete_prefix(prefix)


async def test_a_new_bucket_is_full_and_takes_until_empty(buckets):
    state = await buckets.take("k", 4, capacity=10, restore_rate=1)
    assert state.allowed and state.available == 6 and state.capacity == 10 and state.restore_rate == 1
    assert (await buckets.take("k", 6, capacity=10, restore_rate=1)).available == 0
    refused = await buckets.take("k", 1, capacity=10, restore_rate=1)
    assert not refused.allowed and refused.available == 0
    assert refused.seconds_until(1) == 1 and refused.seconds_until_full == 10


async def test_refill_over_time_is_capped_at_capacity(buckets):
    await buckets.take("k", 10, capacity=10, restore_rate=2)
    buckets.clock.advance(1.5)
    state = await buckets.take("k", 0, capacity=10, restore_rate=2)
    assert state.allowed and state.available == pytest.approx(3)
    assert not (await buckets.take("k", 4, capacity=10, restore_rate=2)).allowed  # a refusal takes nothing
    buckets.clock.advance(0.5)
    assert (await buckets.take("k", 4, capacity=10, restore_rate=2)).available == pytest.approx(0)
    buckets.clock.advance(3600)
    assert (await buckets.take("k", 0, capacity=10, restore_rate=2)).available == 10


async def test_a_refund_gives_points_back_up_to_capacity(buckets):
    await buckets.take("k", 8, capacity=10, restore_rate=1)
    assert (await buckets.take("k", -5, capacity=10, restore_rate=1)).available == 7
    assert (await buckets.take("k", -50, capacity=10, restore_rate=1)).available == 10


async def test_keys_have_separate_buckets_and_a_clock_going_back_refills_nothing(buckets):
    await buckets.take("a", 10, capacity=10, restore_rate=1)
    assert (await buckets.take("b", 10, capacity=10, restore_rate=1)).allowed
    buckets.clock.advance(-100)  # another process's clock, behind
    assert (await buckets.take("a", 0, capacity=10, restore_rate=1)).available == 0
    buckets.clock.advance(102)
    assert (await buckets.take("a", 0, capacity=10, restore_rate=1)).available == 2


async def test_a_lowered_capacity_applies_at_once(buckets):
    await buckets.take("k", 1, capacity=100, restore_rate=1)
    assert (await buckets.take("k", 0, capacity=10, restore_rate=1)).available == 10


async def test_concurrent_takes_never_overspend(buckets):
    results = await asyncio.gather(*[buckets.take("k", 3, capacity=10, restore_rate=1) for _ in range(10)])
    assert sum(r.allowed for r in results) == 3
    assert (await buckets.take("k", 0, capacity=10, restore_rate=1)).available == 1


async def test_unreachable_redis_falls_back_to_the_process_buckets(caplog):
    clock = FakeClock()
    limiter = RedisBuckets("redis://127.0.0.1:1", prefix="x:", clock=clock)
    try:
        assert (await limiter.take("k", 6, capacity=10, restore_rate=1)).available == 4
        assert not (await limiter.take("k", 6, capacity=10, restore_rate=1)).allowed
    finally:
        await limiter.close()
    assert "Redis unreachable" in caplog.text


def test_create_limiter_picks_redis_only_with_a_url():
    assert isinstance(create_limiter(Settings()), InMemoryBuckets)
    assert isinstance(create_limiter(Settings(redis_url="redis://127.0.0.1:6379")), RedisBuckets)
