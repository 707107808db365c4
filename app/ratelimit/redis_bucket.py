"""Leaky buckets in Redis, so several server processes share one budget per API key.

Refill and take happen in one Lua script, atomically. The time comes from the caller's clock
(injectable for tests); processes should keep their clocks in sync (NTP): a clock behind the
bucket's last update refills nothing. An idle bucket's key expires once it would be full again.
If Redis cannot be reached the request is metered by this process's own buckets (logged), so
an outage degrades the limit to per-process instead of refusing or freeing every request.
"""
from __future__ import annotations

import logging
import time

from redis import asyncio as aioredis
from redis.exceptions import RedisError

from app.observability.logs import Throttled
from app.ratelimit.bucket import BucketState, Clock, InMemoryBuckets

log = logging.getLogger("app.ratelimit")

# KEYS[1]: the bucket. ARGV: capacity, restore rate (points/s), now (s), cost (negative: refund).
# Returns {allowed (0/1), available (string: Lua numbers returned to Redis become integers)}.
TAKE_SCRIPT = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'available', 'updated')
local available = tonumber(state[1])
local updated = tonumber(state[2])
if available == nil or updated == nil then
  available = capacity
  updated = now
end
if now > updated then
  available = available + (now - updated) * rate
  updated = now
end
if available > capacity then available = capacity end
local allowed = 0
if cost <= available then
  available = math.min(available - cost, capacity)
  allowed = 1
end
redis.call('HSET', KEYS[1], 'available', string.format('%.17g', available), 'updated', string.format('%.17g', updated))
redis.call('EXPIRE', KEYS[1], math.ceil((capacity - available) / rate) + 60)
return {allowed, string.format('%.17g', available)}
"""


class RedisBuckets:
    def __init__(self, url: str, *, prefix: str = "learner:ratelimit:", clock: Clock | None = None):
        self.clock = clock or time.time
        self.prefix = prefix
        self._redis = aioredis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self._script = self._redis.register_script(TAKE_SCRIPT)
        self._fallback = InMemoryBuckets(lambda: self.clock())
        self._failures = Throttled(log, interval=60.0)  # reported once a minute, not once per request

    async def take(self, key: str, cost: float, *, capacity: int, restore_rate: float) -> BucketState:
        now = self.clock()
        try:
            allowed, available = await self._script(
                keys=[self.prefix + key], args=[capacity, repr(float(restore_rate)), repr(float(now)), cost])
        except (RedisError, OSError) as error:
            self._failures.warning("redis", "Redis unreachable: metering API points in this process only", error=error)
            return self._fallback.take_now(key, cost, capacity=capacity, restore_rate=restore_rate)
        return BucketState(bool(allowed), float(available), capacity, restore_rate)

    async def close(self) -> None:
        await self._redis.aclose()
