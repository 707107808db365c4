"""Who is calling: the instance API key and the learner's authToken, from a Starlette request."""
from __future__ import annotations

from starlette.requests import Request


def api_key_of(request: Request) -> str | None:
    """`Authorization: Bearer KEY`, or `?apiKey=KEY` as Helium clients send it."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return request.query_params.get("apiKey") or None


def auth_token_of(request: Request) -> str | None:
    return request.headers.get("authtoken") or request.cookies.get("authToken") or None

