"""/livez, /readyz (and /healthz, its older name) and /metrics.

- /livez: the process answers (no I/O); a supervisor restarts the process when it fails.
- /readyz: the database answers `SELECT 1` and, when REDIS_URL is set, Redis answers PING, each
  within READY_TIMEOUT; a load balancer stops sending traffic while it fails (503).
- /metrics: Prometheus text; behind `Authorization: Bearer METRICS_TOKEN` when that is set.
"""
from __future__ import annotations

import asyncio
import hmac
import logging

from sqlalchemy import func, select, text
from starlette.requests import Request
from starlette.responses import Response

from app.observability import metrics
from app.observability.logs import Throttled
from app.services import Services
from app.web.responses import ORJSONResponse

READY_TIMEOUT = 2.0
log = logging.getLogger("app.health")
_failures = Throttled(log, interval=60.0)


async def livez(request: Request) -> ORJSONResponse:
    return ORJSONResponse({"status": "ok"})


async def readyz(request: Request) -> ORJSONResponse:
    services: Services | None = getattr(request.app.state, "services", None)
    if services is None:
        return ORJSONResponse({"status": "starting"}, status_code=503)
    checks = {"database": _check_database(services)}
    if services.settings.redis_url:
        checks["redis"] = _check_redis(request, services.settings.redis_url)
    results = dict(zip(checks, await asyncio.gather(*checks.values())))
    for name, ok in results.items():
        metrics.DEPENDENCY_UP.labels(name).set(1 if ok else 0)
    ready = all(results.values())
    body = {"status": "ok" if ready else "unavailable",
            "checks": {name: "ok" if ok else "unavailable" for name, ok in results.items()}}
    return ORJSONResponse(body, status_code=200 if ready else 503)


async def _check_database(services: Services) -> bool:
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            async with services.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        _failures.warning("database", "readiness: database unavailable", error=error)
        return False
    _failures.recovered("database", "readiness: database reachable again")
    return True


async def _check_redis(request: Request, url: str) -> bool:
    client = getattr(request.app.state, "health_redis", None)
    if client is None:
        from redis import asyncio as aioredis

        client = request.app.state.health_redis = aioredis.Redis.from_url(
            url, socket_connect_timeout=READY_TIMEOUT, socket_timeout=READY_TIMEOUT)
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            await client.ping()
    except Exception as error:  # noqa: BLE001
        _failures.warning("redis", "readiness: Redis unavailable", error=error)
        return False
    _failures.recovered("redis", "readiness: Redis reachable again")
    return True


async def metrics_endpoint(request: Request) -> Response:
    services: Services = request.app.state.services
    token = services.settings.metrics_token
    if token:
        sent = request.headers.get("authorization", "")
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            return ORJSONResponse({"errors": [{"message": "METRICS_TOKEN required",
                                               "extensions": {"code": "UNAUTHENTICATED"}}]}, status_code=401)
    await _sample(services)
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


async def _sample(services: Services) -> None:
    """Gauges read at scrape time."""
    from app.notifications.models import PENDING, OutboxMessage

    pool = services.engine.pool
    if hasattr(pool, "checkedout"):
        metrics.DB_POOL_IN_USE.set(pool.checkedout())
        metrics.DB_POOL_SIZE.set(pool.size())
    metrics.USAGE_PENDING.set(services.usage.pending)
    try:
        async with services.session_factory() as session:
            backlog = await session.scalar(select(func.count()).select_from(OutboxMessage)
                                           .where(OutboxMessage.status == PENDING))
        metrics.OUTBOX_BACKLOG.set(backlog or 0)
    except Exception as error:  # noqa: BLE001 - the other metrics are still worth serving
        _failures.warning("outbox", "metrics: could not count the outbox", error=error)
