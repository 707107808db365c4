"""The `authToken` session cookie that Helium's app expects Login to set."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from app.graphql.context import SessionCookie
from app.pipeline.frame import AUTH_TOKEN_COOKIE


def apply_session_cookie(response: Response, cookie: SessionCookie, request: Request, *, always_secure: bool) -> None:
    """HttpOnly, SameSite=Lax, Path=/; Secure over https (uvicorn's --proxy-headers sets the scheme
    from X-Forwarded-Proto for trusted proxies, FORWARDED_ALLOW_IPS) or with COOKIE_SECURE=1."""
    secure = always_secure or request.url.scheme == "https"
    if cookie.token is not None:
        response.set_cookie(AUTH_TOKEN_COOKIE, cookie.token, max_age=cookie.max_age, path="/", httponly=True,
                            samesite="lax", secure=secure)
    elif cookie.clear:
        response.delete_cookie(AUTH_TOKEN_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)
