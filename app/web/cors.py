"""CORS for browser front-ends on their own origin (`CORS_ALLOWED_ORIGINS`), with Starlette's middleware."""
from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from app.settings import Settings

# What a Helium front-end sends: the instance key, the learner's token, retries and cost reports.
ALLOWED_HEADERS = ["authToken", "Authorization", "Content-Type", "Accept", "Idempotency-Key", "X-Cost-Debug",
                   "X-Request-Id"]
EXPOSED_HEADERS = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After",
                   "x-request-id", "Idempotent-Replayed"]


def cors_middleware(settings: Settings) -> list[Middleware]:
    """Preflight answered and credentials sent for the listed origins only; none listed, no CORS."""
    if not settings.cors_allowed_origins:
        return []
    return [Middleware(CORSMiddleware, allow_origins=list(settings.cors_allowed_origins), allow_credentials=True,
                       allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"], allow_headers=ALLOWED_HEADERS,
                       expose_headers=EXPOSED_HEADERS, max_age=600)]
