"""Request bodies bounded before anything reads them: size (MAX_BODY_BYTES) and time (BODY_TIMEOUT_SECONDS).

An ASGI middleware in front of every route: a `Content-Length` over the limit is answered 413 at
once, without reading; otherwise the body is read as it streams, and refused with 413 as soon as
it passes the limit (a missing or false `Content-Length` changes nothing), or with 408 when it has
not arrived within the timeout (a client sending slowly holds no worker for long). Both happen
before authentication, so an anonymous client cannot make the server buffer more than the limit.
The body read is handed to the app unchanged.
"""
from __future__ import annotations

import asyncio

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import ErrorCode


class BodyLimits:
    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout_seconds: float):
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send, 413, ErrorCode.BODY_TOO_LARGE,
                               f"The request body is {declared} bytes; the maximum is {self.max_bytes}")
            return
        try:
            messages = await asyncio.wait_for(self._read(receive), self.timeout_seconds)
        except TimeoutError:
            await self._refuse(send, 408, ErrorCode.REQUEST_TIMEOUT,
                               f"The request body did not arrive within {self.timeout_seconds:g} s")
            return
        except _TooLarge:
            await self._refuse(send, 413, ErrorCode.BODY_TOO_LARGE,
                               f"The request body is larger than {self.max_bytes} bytes")
            return
        if messages is None:  # the client went away
            return
        await self.app(scope, _replay(messages, receive), send)

    async def _read(self, receive: Receive) -> list[Message] | None:
        messages, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                raise _TooLarge
            messages.append(message)
            if not message.get("more_body", False):
                return messages

    @staticmethod
    async def _refuse(send: Send, status: int, code: ErrorCode, message: str) -> None:
        body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code.value}}]})
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()  # after the body: the disconnect, when it comes

    return replay
