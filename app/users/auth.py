"""Login, logout and resolving a login token to its user."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.errors import AppError, ErrorCode
from app.hot_reads import HotQuery, HotReader
from app.security import TokenClaims, TokenVerifier, encode_token, verify_password
from app.users.emails import normalize_email_loose
from app.users.models import AuthSession, LoginThrottle, User, UserRecord

# Helium's Login component (packages/user/src/components/login/login.tsx) shows its own text only
# for these exact messages; the codes (extensions.code) stay ours.
INVALID_CREDENTIALS_MESSAGE = "401 Unauthorized"
ACCOUNT_DISABLED_MESSAGE = "423 Locked"
THROTTLED_MESSAGE = "User Throttled"
EMAIL_NOT_VERIFIED_MESSAGE = "Email verification required"


async def login(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    secret_key: str,
    token_ttl_seconds: int,
    max_failures: int,
    lockout_seconds: int,
) -> str:
    """A signed token for the user, or an error; failures are counted per email.

    The caller commits even when this raises INVALID_CREDENTIALS, so that the failure
    count is kept.
    """
    key = normalize_email_loose(email)
    now = utcnow()
    throttle = await session.get(LoginThrottle, key)
    if throttle and throttle.locked_until and throttle.locked_until > now:
        retry = int((throttle.locked_until - now).total_seconds()) + 1
        raise AppError(ErrorCode.THROTTLED, THROTTLED_MESSAGE, retryAfter=retry)

    user = await session.scalar(select(User).where(User.email == key))
    # verify_password runs argon2 even without a user, so both paths take comparable time.
    if not verify_password(password, user.password_hash if user else None):
        await _record_failure(session, key, throttle, now, max_failures, lockout_seconds)
        raise AppError(ErrorCode.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)
    if user.disabled:
        raise AppError(ErrorCode.ACCOUNT_DISABLED, ACCOUNT_DISABLED_MESSAGE)
    if not user.email_verified:
        raise AppError(ErrorCode.EMAIL_NOT_VERIFIED, EMAIL_NOT_VERIFIED_MESSAGE)

    if throttle:
        await session.delete(throttle)
    token, claims = encode_token(user.id, secret_key, token_ttl_seconds, now=now)
    session.add(AuthSession(jti=claims.jti, user_id=user.id, created_at=now, expires_at=claims.expires_at))
    user.last_active_at = now
    await session.flush()
    return token


async def _record_failure(session, key, throttle, now, max_failures, lockout_seconds) -> None:
    window = timedelta(seconds=lockout_seconds)
    if throttle is None:
        throttle = LoginThrottle(email=key, failures=0, window_started_at=now)
        session.add(throttle)
    elif now - throttle.window_started_at > window:
        throttle.failures = 0
        throttle.window_started_at = now
        throttle.locked_until = None
    throttle.failures += 1
    if throttle.failures >= max_failures:
        throttle.locked_until = now + window
    await session.flush()


async def logout(session: AsyncSession, *, claims: TokenClaims | None) -> bool:
    if claims is None:
        raise AppError(ErrorCode.UNAUTHENTICATED, "Log in first: no valid authToken was sent")
    result = await session.execute(
        update(AuthSession)
        .where(AuthSession.jti == claims.jti, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    if result.rowcount != 1:
        raise AppError(ErrorCode.UNAUTHENTICATED, "This authToken is no longer valid")
    return True


_USERS = User.__table__
_SESSIONS = AuthSession.__table__
# The session and its user in one statement, by the session's primary key.
_VIEWER = HotQuery(
    select(_USERS)
    .join(_SESSIONS, _SESSIONS.c.user_id == _USERS.c.id)
    .where(
        _SESSIONS.c.jti == bindparam("jti"),
        _SESSIONS.c.user_id == bindparam("user_id"),
        _SESSIONS.c.revoked_at.is_(None),
        _SESSIONS.c.expires_at > bindparam("now"),
        _USERS.c.disabled.is_(False),
    )
)


async def user_for_token(reader: HotReader, tokens: TokenVerifier, token: str) -> tuple[UserRecord, TokenClaims] | None:
    """The token's user when the token is genuine, unexpired and not revoked (one indexed read;
    the session row is never cached, so a logout is refused by every process at once)."""
    now = utcnow()
    claims = tokens.claims(token, now)
    if claims is None:
        return None
    row = await reader.first(_VIEWER, {"jti": claims.jti, "user_id": claims.user_id, "now": now})
    return (UserRecord(row), claims) if row is not None else None
