"""Request bodies are bounded before authentication and before buffering (issue 14, part 5)."""
from __future__ import annotations

import asyncio

import httpx
import orjson

from app.main import create_app
from app.web.body_limits import BodyLimits


async def test_a_declared_length_over_the_limit_is_refused_before_authentication(settings, engine, db):
    application = create_app(settings.model_copy(update={"max_body_bytes": 1000}), engine=engine)
    async with application.router.lifespan_context(application):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://t") as http:
            response = await http.post("/graphql", content=b"x" * 1001, headers={"content-type": "application/json"})
            assert response.status_code == 413  # not 401: nothing was read or authenticated
            assert response.json()["errors"][0]["extensions"]["code"] == "BODY_TOO_LARGE"

            async def chunks():  # no Content-Length: the limit holds while streaming
                for _ in range(10):
                    yield b"x" * 200

            streamed = await http.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
            assert streamed.status_code == 413
            small = await http.post("/graphql", json={"query": "{ __typename }"})
            assert small.status_code == 401  # within the limit: on to authentication


async def _call(middleware, receive) -> list[dict]:
    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/graphql", "headers": []}
    await middleware(scope, receive, send)
    return sent


async def test_reading_stops_as_soon_as_the_body_passes_the_limit():
    received = 0

    async def endless():
        nonlocal received
        received += 1
        return {"type": "http.request", "body": b"x" * 100, "more_body": True}

    async def app(scope, receive, send):
        raise AssertionError("the app must not be called")

    sent = await _call(BodyLimits(app, max_bytes=1000, timeout_seconds=5), endless)
    assert sent[0]["status"] == 413 and received == 11


async def test_a_body_that_arrives_too_slowly_is_refused_with_408():
    async def slow():
        await asyncio.sleep(3600)

    async def app(scope, receive, send):
        raise AssertionError("the app must not be called")

    sent = await _call(BodyLimits(app, max_bytes=1000, timeout_seconds=0.05), slow)
    assert sent[0]["status"] == 408
    assert orjson.loads(sent[1]["body"])["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"


async def test_the_app_gets_the_body_unchanged():
    parts = [{"type": "http.request", "body": b"ab", "more_body": True},
             {"type": "http.request", "body": b"cd", "more_body": False}]

    async def receive():
        return parts.pop(0)

    async def app(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message["body"]
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})

    sent = await _call(BodyLimits(app, max_bytes=1000, timeout_seconds=5), receive)
    assert sent[0]["status"] == 200 and sent[1]["body"] == b"abcd"
