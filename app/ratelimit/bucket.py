"""A leaky bucket of API points per key, with an injectable clock.

A bucket holds at most `capacity` points and refills at `restore_rate` points per second.
A request takes its cost when it fits, else it is refused and told how long to wait; a
negative take gives points back (the refund when a request ran for less than it asked).
The bucket of a key not seen yet is full.
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

Clock = Callable[[], float]


@dataclass(frozen=True)
class BucketState:
    allowed: bool
    available: float
    capacity: int
    restore_rate: float

    def seconds_until(self, points: float) -> float:
        """Seconds until `points` are available (0 if they are now)."""
        missing = min(points, self.capacity) - self.available
        return max(0.0, missing / self.restore_rate) if missing > 0 else 0.0

    @property
    def seconds_until_full(self) -> float:
        return self.seconds_until(self.capacity)


def refill(available: float, updated: float, now: float, capacity: int, restore_rate: float) -> tuple[float, float]:
    """The bucket at `now`. A clock behind the last update (another process's) refills nothing."""
    if now > updated:
        available += (now - updated) * restore_rate
        updated = now
    return min(available, capacity), updated


class Limiter(Protocol):
    clock: Clock

    async def take(self, key: str, cost: float, *, capacity: int, restore_rate: float) -> BucketState: ...

    async def close(self) -> None: ...


class InMemoryBuckets:
    """Buckets in this process: the default, when no REDIS_URL is set.

    `take` does not await, so under asyncio it is atomic without a lock.
    """

    def __init__(self, clock: Clock | None = None):
        self.clock = clock or time.time
        self._buckets: dict[str, tuple[float, float]] = {}

    def take_now(self, key: str, cost: float, *, capacity: int, restore_rate: float) -> BucketState:
        now = self.clock()
        available, updated = self._buckets.get(key, (float(capacity), now))
        available, updated = refill(available, updated, now, capacity, restore_rate)
        allowed = cost <= available
        if allowed:
            available = min(available - cost, capacity)
        self._buckets[key] = (available, updated)
        return BucketState(allowed, available, capacity, restore_rate)

    async def take(self, key: str, cost: float, *, capacity: int, restore_rate: float) -> BucketState:
        return self.take_now(key, cost, capacity=capacity, restore_rate=restore_rate)

    async def close(self) -> None:
        return None


def create_limiter(settings, clock: Clock | None = None) -> Limiter:
    """Redis buckets when `settings.redis_url` is set (several processes share one budget), else in-process."""
    if settings.redis_url:
        from app.ratelimit.redis_bucket import RedisBuckets

        return RedisBuckets(settings.redis_url, prefix=settings.redis_key_prefix, clock=clock)
    return InMemoryBuckets(clock)


def ceil_seconds(seconds: float) -> int:
    return int(math.ceil(seconds - 1e-9))
