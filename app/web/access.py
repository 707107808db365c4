"""The outermost middleware: the request id, one access log line and the HTTP metrics per request.

The request id is fixed here, before anything else runs: the client's `x-request-id` when it is
a plain token, else a new one, written into the request's headers so that the pipeline's frame
(app/pipeline/frame.py) uses the same id, and set for every log line of the request.

The access line carries method, path (never the query string, which may hold `apiKey`), status,
latency and what later steps annotate (`annotate()`: API key name, GraphQL operations).
"""
from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

from app.observability import metrics
from app.observability.logs import request_id_var

log = logging.getLogger("app.access")
_VALID_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")
_annotations: contextvars.ContextVar[dict | None] = contextvars.ContextVar("access_annotations", default=None)
QUIET_PATHS = frozenset({"/livez", "/readyz", "/healthz", "/metrics"})


def annotate(**fields) -> None:
    """Add fields to the current request's access line (no-op outside a request)."""
    current = _annotations.get()
    if current is not None:
        for name, value in fields.items():
            if isinstance(value, list):
                current.setdefault(name, []).extend(value)
            else:
                current[name] = value


class AccessMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        id_token = request_id_var.set(request_id)
        fields: dict = {}
        fields_token = _annotations.set(fields)
        status = 500
        start = time.perf_counter()

        async def send_with_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = message.setdefault("headers", [])
                if not any(name.lower() == b"x-request-id" for name, _ in headers):
                    headers.append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            elapsed = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = scope["method"]
            metrics.HTTP_REQUESTS.labels(route, method, str(status)).inc()
            metrics.HTTP_LATENCY.labels(route, method).observe(elapsed)
            path = scope["path"]
            if path not in QUIET_PATHS or status >= 400:
                if "operations" in fields:
                    fields["operations"] = ",".join(fields["operations"])
                log.info("%s %s %d", method, path, status,
                         extra={"method": method, "path": path, "status": status,
                                "latency_ms": round(elapsed * 1000, 2), **fields})
            _annotations.reset(fields_token)
            request_id_var.reset(id_token)


def _request_id(scope) -> str:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            if _VALID_ID.match(value):
                return value.decode()
            break
    request_id = uuid.uuid4().hex
    scope["headers"] = [(n, v) for n, v in scope["headers"] if n != b"x-request-id"]
    scope["headers"].append((b"x-request-id", request_id.encode()))
    return request_id
