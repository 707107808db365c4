"""Authenticate: the instance API key (through the per-process cache) and the learner's token."""
from __future__ import annotations

from app.apikeys.service import ApiKeyIdentity
from app.errors import AppError, ErrorCode
from app.pipeline.frame import Frame
from app.pipeline.retry import read_retried
from app.security import TokenClaims
from app.services import Services
from app.users.auth import user_for_token
from app.users.models import UserRecord


async def authenticate_key(services: Services, frame: Frame, *, scope: str | None) -> ApiKeyIdentity:
    """The request's API key, or UNAUTHENTICATED; FORBIDDEN when it lacks `scope` (None: any key)."""
    if not frame.api_key_secret:
        raise AppError(ErrorCode.UNAUTHENTICATED,
                       "An API key is required: send `Authorization: Bearer KEY` or `?apiKey=KEY`")
    cache = services.api_key_cache
    api_key = cache.fresh(frame.api_key_secret)
    if api_key is None:
        secret = frame.api_key_secret

        async def find():
            async with services.session_factory() as session:
                return await cache.find(session, secret=secret)

        api_key = await read_retried(find)
    if api_key is None:
        raise AppError(ErrorCode.UNAUTHENTICATED, "The API key is not valid")
    if scope is not None and not api_key.allows(scope):
        raise AppError(ErrorCode.FORBIDDEN, f"This API key lacks the `{scope}` scope")
    return api_key


async def authenticate_token(services: Services, frame: Frame) -> tuple[UserRecord, TokenClaims] | None:
    """The token's user and claims; None without a token or with a rejected one (see `Viewer`)."""
    if not frame.auth_token:
        return None
    token = frame.auth_token
    return await read_retried(lambda: user_for_token(services.hot_reads, services.tokens, token))


def check_cookie_session(frame: Frame, settings) -> None:
    """A request authenticated by the `authToken` cookie alone must not be a cross-site forgery.

    Browsers send cookies with cross-site form posts, so such a request must carry a non-simple
    content type (a form cannot, and fetch from another origin then needs a CORS preflight), and a
    present `Origin` must be this server's own or one of `CORS_ALLOWED_ORIGINS`. GET runs queries
    only, which change nothing.
    """
    if not frame.token_from_cookie:
        return
    request = frame.request
    origin = request.headers.get("origin")
    if origin is not None and settings.cors_allowed_origins:
        own = f"{request.url.scheme}://{request.url.netloc}"
        if origin != own and origin not in settings.cors_allowed_origins:
            raise AppError(ErrorCode.FORBIDDEN, f"Requests from {origin} may not use the authToken cookie")
    if frame.method != "GET" and frame.media_type not in ("application/json", "application/graphql",
                                                          "application/graphql-response+json"):
        raise AppError(ErrorCode.FORBIDDEN,
                       "A request authenticated by the authToken cookie must be sent as application/json")
