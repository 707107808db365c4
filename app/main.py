"""create_app(settings) -> Starlette: routes, and a lifespan that owns the database engine."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from app.apikeys.cache import ApiKeyCache
from app.db import create_engine, session_factory
from app.graphql.http import graphql_endpoint
from app.graphql.schema import LearnerSchema, schema as default_schema
from app.graphql.engine.documents import DocumentStore
from app.hot_reads import HotReader
from app.persisted_queries.store import PersistedQueries
from app.ratelimit import create_limiter
from app.security import TokenVerifier
from app.rest.routes import ROUTES as REST_ROUTES
from app.services import Services
from app.settings import Settings
from app.usage.recorder import UsageRecorder
from app.web import access_log
from app.web.body_limits import BodyLimits
from app.web.cors import cors_middleware
from app.web.responses import ORJSONResponse

STATIC_DIR = Path(__file__).resolve().parent / "static"
log = logging.getLogger("app")


async def healthz(request: Request) -> ORJSONResponse:
    services: Services | None = getattr(request.app.state, "services", None)
    if services is None:
        return ORJSONResponse({"status": "starting"}, status_code=503)
    try:
        async with services.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        log.exception("health check failed")
        return ORJSONResponse({"status": "database unavailable"}, status_code=503)
    return ORJSONResponse({"status": "ok"})


def create_app(settings: Settings, *, engine: AsyncEngine | None = None,
               schema: LearnerSchema | None = None) -> Starlette:
    """The ASGI app. Pass `engine` to share one engine (tests); otherwise the app owns one."""
    access_log.install()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        own_engine = engine is None
        eng = engine or create_engine(settings.database_url)
        app.state.services = services = build_services(settings, eng, schema or default_schema)
        services.usage.start()
        # With SMTP_URL set, the outbox (certificate e-mails) is delivered in the background.
        sender = None
        if settings.smtp_url:
            from app.notifications.sender import run_forever

            sender = asyncio.create_task(run_forever(app.state.services.session_factory, settings.smtp_url))
        try:
            yield
        finally:
            if sender is not None:
                sender.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sender
            await services.usage.close()  # the ledger's last counts
            await services.limiter.close()
            await services.persisted_queries.close()
            services.hot_reads.close()
            if own_engine:
                await eng.dispose()

    routes = [
        Route("/graphql", graphql_endpoint, methods=["GET", "POST"]),
        Route("/helium", graphql_endpoint, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
        *REST_ROUTES,
    ]
    middleware = [Middleware(BodyLimits, max_bytes=settings.max_body_bytes,
                             timeout_seconds=settings.body_timeout_seconds), *cors_middleware(settings)]
    return Starlette(routes=routes, lifespan=lifespan, middleware=middleware,
                     exception_handlers={404: _json_http_error, 405: _json_http_error})


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
