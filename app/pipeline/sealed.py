"""Stored responses sealed at rest: an idempotent replay may carry a secret (a Login token, an
invitation token), so the body kept in `idempotency_keys` is encrypted and authenticated (Fernet)
with a key derived from SECRET_KEY. A body that does not open (another SECRET_KEY) is not replayed."""
from __future__ import annotations

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


@functools.lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"learner-api idempotent responses").derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def seal(body: bytes, secret_key: str) -> bytes:
    return _fernet(secret_key).encrypt(body)


def unseal(sealed: bytes, secret_key: str) -> bytes | None:
    """The body, or None when it was not sealed with this SECRET_KEY."""
    try:
        return _fernet(secret_key).decrypt(sealed)
    except InvalidToken:
        return None
