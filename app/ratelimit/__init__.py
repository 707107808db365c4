"""Leaky-bucket budgets of API points, per API key: in the process, or shared through Redis."""
from __future__ import annotations

from app.ratelimit.bucket import BucketState, InMemoryBuckets, Limiter, create_limiter

__all__ = ["BucketState", "InMemoryBuckets", "Limiter", "create_limiter"]
