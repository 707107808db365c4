"""Secrets stored in the database (signing keys, webhook secrets, idempotent responses), encrypted
with SECRET_KEY.

Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from SECRET_KEY with HKDF, one key per purpose,
so the database alone does not reveal them. Changing SECRET_KEY makes stored secrets unreadable
(rotate them).
"""
from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# HKDF's `info` of each purpose: a key serves one purpose only.
STORED_SECRETS = b"learner-api secretbox v1"
IDEMPOTENT_RESPONSES = b"learner-api idempotent responses"


@lru_cache(maxsize=8)
def fernet(secret_key: str, purpose: bytes = STORED_SECRETS) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def _stored_secrets(secret_key: str) -> Fernet:
    if not secret_key:
        raise ValueError("SECRET_KEY is required to store secrets")
    return fernet(secret_key)


def seal(secret_key: str, plaintext: str) -> str:
    return _stored_secrets(secret_key).encrypt(plaintext.encode()).decode()


def open_sealed(secret_key: str, token: str) -> str:
    return _stored_secrets(secret_key).decrypt(token.encode()).decode()
