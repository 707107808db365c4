"""Password hashing, API key hashing and JWT encoding: pure functions."""
from __future__ import annotations

import hashlib
import secrets
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from passlib.context import CryptContext

JWT_ALGORITHM = "HS256"

_passwords = CryptContext(schemes=["argon2"], deprecated="auto")
# Verified against when the email is unknown, so both paths cost one argon2 verify.
_DUMMY_HASH = _passwords.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _passwords.hash(password)


def is_password_hash(value: str) -> bool:
    """Whether `value` is a hash of the scheme we store (an account carried over with its hash)."""
    try:
        return _passwords.identify(value) is not None
    except (ValueError, TypeError):
        return False


# No password can be set longer than this (app/users/provisioning.py), so a longer one is never
# right; it is refused before hashing (argon2's own limit would raise for it).
MAX_PASSWORD_LENGTH = 256


def verify_password(password: str, password_hash: str | None) -> bool:
    """Whether `password` matches; one argon2 verification on every path (unknown user, over-long
    password), so neither the answer nor its time tells them apart."""
    if not password_hash or len(password) > MAX_PASSWORD_LENGTH:
        _passwords.verify(password[:MAX_PASSWORD_LENGTH], _DUMMY_HASH)
        return False
    try:
        return _passwords.verify(password, password_hash)
    except (ValueError, TypeError):
        return False


def generate_api_key() -> str:
    return "lk_" + secrets.token_urlsafe(32)


def hash_api_key(key: str) -> str:
    # API keys are long random strings, so a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(key.encode()).hexdigest()


def generate_secret_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class TokenClaims:
    user_id: str
    jti: str
    issued_at: datetime
    expires_at: datetime


def encode_token(user_id: str, secret: str, ttl_seconds: int, now: datetime | None = None) -> tuple[str, TokenClaims]:
    now = now or datetime.now(UTC)
    claims = TokenClaims(
        user_id=user_id,
        jti=str(uuid.uuid4()),
        issued_at=now,
        expires_at=now + timedelta(seconds=ttl_seconds),
    )
    payload = {
        "sub": user_id,
        "jti": claims.jti,
        "iat": int(now.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
    }
    return jwt.encode(payload, secret, algorithm=JWT_ALGORITHM), claims


def decode_token(token: str, secret: str) -> TokenClaims | None:
    """The token's claims, or None when it is malformed, tampered, unsigned or expired."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["sub", "jti", "exp", "iat"]},
        )
    except jwt.PyJWTError:
        return None
    return TokenClaims(
        user_id=str(payload["sub"]),
        jti=str(payload["jti"]),
        issued_at=datetime.fromtimestamp(payload["iat"], UTC),
        expires_at=datetime.fromtimestamp(payload["exp"], UTC),
    )


class TokenVerifier:
    """decode_token, remembering the tokens this process has verified (bounded, least recently used out).

    A token's signature and claims never change, so a verified token needs only its expiry checked
    again; PyJWT's decode is about a fifth of a small request's CPU. What a logout changes, the
    session row, is still read on every request (app/users/auth.py).
    """

    def __init__(self, secret: str, *, maxsize: int = 4096):
        self._secret = secret
        self._maxsize = maxsize
        self._verified: OrderedDict[str, TokenClaims] = OrderedDict()

    def claims(self, token: str, now: datetime | None = None) -> TokenClaims | None:
        claims = self._verified.get(token)
        if claims is None:
            claims = decode_token(token, self._secret)
            if claims is None:
                return None
            self._verified[token] = claims
            if len(self._verified) > self._maxsize:
                self._verified.popitem(last=False)
        else:
            self._verified.move_to_end(token)
        if claims.expires_at <= (now or datetime.now(UTC)):
            self._verified.pop(token, None)
            return None
        return claims
