"""Login, logout and resolving a login token to its user."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, case, delete, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.errors import AppError, ErrorCode
from app.hot_reads import HotQuery, HotReader
from app.security import TokenClaims, TokenVerifier, encode_token, verify_password
from app.users.emails import MAX_EMAIL_LENGTH, normalize_email_loose
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

    The caller commits even when this raises INVALID_CREDENTIALS, so that the attempt
    is counted (`_claim_attempt`).
    """
    key = normalize_email_loose(email)
    if len(key) > MAX_EMAIL_LENGTH:  # no account has it: the answer of an unknown email
        verify_password(password, None)
        raise AppError(ErrorCode.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)
    now = utcnow()
    attempt, locked_until = await _claim_attempt(session, key, now, max_failures, lockout_seconds)
    if attempt > max_failures:
        retry = int((locked_until - now).total_seconds()) + 1 if locked_until else lockout_seconds
        raise AppError(ErrorCode.THROTTLED, THROTTLED_MESSAGE, retryAfter=max(retry, 1))

    user = await session.scalar(select(User).where(User.email == key))
    # verify_password runs argon2 even without a user (and for an over-long password), so every
    # path takes comparable time and gives the same answer.
    if not verify_password(password, user.password_hash if user else None):
        raise AppError(ErrorCode.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)
    if user.disabled:
        raise AppError(ErrorCode.ACCOUNT_DISABLED, ACCOUNT_DISABLED_MESSAGE)
    if not user.email_verified:
        raise AppError(ErrorCode.EMAIL_NOT_VERIFIED, EMAIL_NOT_VERIFIED_MESSAGE)

    await session.execute(delete(LoginThrottle).where(LoginThrottle.email == key))
    token, claims = encode_token(user.id, secret_key, token_ttl_seconds, now=now)
    session.add(AuthSession(jti=claims.jti, user_id=user.id, created_at=now, expires_at=claims.expires_at))
    user.last_active_at = now
    await session.flush()
    return token


async def _claim_attempt(session: AsyncSession, key: str, now, max_failures: int,
                         lockout_seconds: int) -> tuple[int, datetime | None]:
    """Count one login attempt for `key` in one atomic upsert: (its number in the window, locked until).

    The attempt is counted before the password is checked, so concurrent guesses each get their
    own number and at most `max_failures` of them are checked; the one that reaches the limit
    locks the email for `lockout_seconds`. A new window starts when the lock (or the window)
    has passed. The row is locked until the caller's transaction ends (PostgreSQL), and a
    successful login deletes it.
    """
    table = LoginThrottle.__table__
    window = timedelta(seconds=lockout_seconds)
    insert = (pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert)(table)
    current = table.c
    restart = or_(current.window_started_at <= now - window,
                  and_(current.locked_until.is_not(None), current.locked_until <= now))
    attempts = case((restart, 1), else_=current.failures + 1)
    # Literals typed as the columns, so that SQLite stores them as it stores the columns.
    now_value = literal(now, current.window_started_at.type)
    lock_at = literal(now + window, current.locked_until.type)
    statement = insert.values(
        email=key, failures=1, window_started_at=now, locked_until=now + window if max_failures <= 1 else None,
    ).on_conflict_do_update(
        index_elements=[current.email],
        set_={
            "failures": attempts,
            "window_started_at": case((restart, now_value), else_=current.window_started_at),
            "locked_until": case((attempts >= max_failures, case((restart, lock_at), else_=func.coalesce(
                current.locked_until, lock_at))), else_=None),
        },
    ).returning(table.c.failures, table.c.locked_until)
    failures, locked_until = (await session.execute(statement)).one()
    return failures, locked_until


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
