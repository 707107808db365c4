"""Stored responses sealed at rest: an idempotent replay may carry a secret (a Login token, an
invitation token), so the body kept in `idempotency_keys` is encrypted and authenticated
(app/secretbox.py, its own key). A body that does not open (another SECRET_KEY) is not replayed."""
from __future__ import annotations

from cryptography.fernet import InvalidToken

from app.secretbox import IDEMPOTENT_RESPONSES, fernet


def seal(body: bytes, secret_key: str) -> bytes:
    return fernet(secret_key, IDEMPOTENT_RESPONSES).encrypt(body)


def unseal(sealed: bytes, secret_key: str) -> bytes | None:
    """The body, or None when it was not sealed with this SECRET_KEY."""
    try:
        return fernet(secret_key, IDEMPOTENT_RESPONSES).decrypt(sealed)
    except InvalidToken:
        return None
