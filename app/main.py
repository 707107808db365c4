"""create_app(settings) -> Starlette: routes, and a lifespan that owns the database engine."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from app.apikeys.cache import ApiKeyCache
from app.db import engine_from_settings, session_factory
from app.graphql.engine.documents import DocumentStore
from app.graphql.http import graphql_endpoint
from app.graphql.schema import LearnerSchema
from app.graphql.schema import schema as default_schema
from app.hot_reads import HotReader
from app.idempotency import purger
from app.observability import health, tracing
from app.persisted_queries.store import PersistedQueries
from app.ratelimit import create_limiter
from app.rest.routes import ROUTES as REST_ROUTES
from app.security import TokenVerifier
from app.services import Services
from app.settings import Settings
from app.usage.recorder import UsageRecorder
from app.web.access import AccessMiddleware
from app.web.body_limits import BodyLimits
from app.web.cors import cors_middleware
from app.web.responses import ORJSONResponse

STATIC_DIR = Path(__file__).resolve().parent / "static"
log = logging.getLogger("app")


def create_app(settings: Settings, *, engine: AsyncEngine | None = None,
               schema: LearnerSchema | None = None) -> Starlette:
    """The ASGI app. Pass `engine` to share one engine (tests); otherwise the app owns one."""
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        own_engine = engine is None
        eng = engine or engine_from_settings(settings)
        app.state.services = services = build_services(settings, eng, schema or default_schema)
        services.usage.start()
        # With SMTP_URL set, the outbox (certificate e-mails) is delivered in the background.
        tasks = [asyncio.create_task(purger.run_forever(services.session_factory,
                                                        interval=settings.idempotency_purge_seconds))]
        if settings.smtp_url:
            from app.notifications.sender import run_forever

            tasks.append(asyncio.create_task(run_forever(services.session_factory, settings.smtp_url)))
        if settings.background_tasks:  # webhook deliveries and the certificate expiry task
            from app.certificates import expiry
            from app.webhooks import delivery

            tasks += [asyncio.create_task(delivery.run_forever(services.session_factory, secret_key=settings.secret_key,
                                                               allow_private=settings.webhook_allow_private)),
                      asyncio.create_task(expiry.run_forever(
                          services.session_factory, interval=settings.certificate_expiry_interval_seconds))]
        tracing.instrument_engine(eng)
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            health_redis = getattr(app.state, "health_redis", None)
            if health_redis is not None:
                await health_redis.aclose()
            await services.usage.close()  # the ledger's last counts
            await services.limiter.close()
            await services.persisted_queries.close()
            await services.hot_reads.close()
            if own_engine:
                await eng.dispose()

    routes = [
        Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
        Route("/helium", graphql_endpoint, methods=["GET", "POST"]),
        Route("/livez", health.livez, methods=["GET"]),
        Route("/readyz", health.readyz, methods=["GET"]),
        Route("/healthz", health.readyz, methods=["GET"]),
        Route("/metrics", health.metrics_endpoint, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        *REST_ROUTES,
    ]
    middleware = [Middleware(AccessMiddleware),
                  Middleware(BodyLimits, max_bytes=settings.max_body_bytes, timeout_seconds=settings.body_timeout_seconds),
                  *cors_middleware(settings)]
    application = Starlette(routes=routes, lifespan=lifespan, middleware=middleware,
                            exception_handlers={404: _json_http_error, 405: _json_http_error,
                                                Exception: _json_server_error})
    tracing.instrument_app(application)
    return application


def build_services(settings: Settings, engine: AsyncEngine, schema: LearnerSchema) -> Services:
    factory = session_factory(engine)
    return Services(
        settings=settings, engine=engine, session_factory=factory, schema=schema,
        limiter=create_limiter(settings), api_key_cache=ApiKeyCache(settings.api_key_cache_seconds),
        tokens=TokenVerifier(settings.secret_key), hot_reads=HotReader(engine),
        usage=UsageRecorder(factory, interval=settings.usage_flush_seconds, redis_url=settings.redis_url),
        documents=DocumentStore(schema, max_tokens=settings.max_document_tokens, max_nodes=settings.max_nodes,
                                timeout_seconds=settings.request_timeout_seconds,
                                max_response_bytes=settings.max_response_bytes),
        persisted_queries=PersistedQueries(factory, max_entries=settings.persisted_queries_max,
                                           redis_url=settings.redis_url),
    )


async def _json_http_error(request: Request, exc) -> ORJSONResponse:
    code = "NOT_FOUND" if exc.status_code == 404 else "BAD_USER_INPUT"
    message = "No such endpoint" if exc.status_code == 404 else "Method not allowed"
    return ORJSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                          status_code=exc.status_code, headers=getattr(exc, "headers", None))


async def _json_server_error(request: Request, exc: Exception) -> ORJSONResponse:
    """An error no endpoint caught (a database gone for good, say): JSON like every error, not
    Starlette's text/plain page. Starlette then raises it again, so it is logged."""
    return ORJSONResponse({"errors": [{"message": "Internal server error", "extensions": {
        "code": "INTERNAL_SERVER_ERROR", "requestId": getattr(request.state, "request_id", None)}}]}, status_code=500)
