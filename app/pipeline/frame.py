"""The request frame: what every later step reads, taken from the HTTP request once."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from starlette.requests import Request

AUTH_TOKEN_HEADER = "authtoken"
AUTH_TOKEN_COOKIE = "authToken"


@dataclass
class Frame:
    request: Request
    request_id: str
    body: bytes
    # The request's media type, lower-cased, without parameters ("" when absent).
    media_type: str
    api_key_secret: str | None
    auth_token: str | None
    # The token came from the cookie alone (no authToken header): the request needs CSRF checks.
    token_from_cookie: bool = False
    # Headers every response of this request carries.
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return self.request.method


def api_key_of(request: Request) -> str | None:
    """`Authorization: Bearer KEY`, or `?apiKey=KEY` as Helium clients send it."""
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return request.query_params.get("apiKey") or None


async def build_frame(request: Request) -> Frame:
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    request.state.request_id = request_id
    header_token = request.headers.get(AUTH_TOKEN_HEADER) or None
    cookie_token = None if header_token else (request.cookies.get(AUTH_TOKEN_COOKIE) or None)
    body = await request.body() if request.method in ("POST", "PUT", "PATCH", "DELETE") else b""
    return Frame(
        request=request, request_id=request_id, body=body,
        media_type=request.headers.get("content-type", "").split(";")[0].strip().lower(),
        api_key_secret=api_key_of(request), auth_token=header_token or cookie_token,
        token_from_cookie=cookie_token is not None, headers={"x-request-id": request_id},
    )
