"""Secrets stored in the database (signing keys, webhook secrets), encrypted with SECRET_KEY.

Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from SECRET_KEY with HKDF, so the database
alone does not reveal them. Changing SECRET_KEY makes stored secrets unreadable (rotate them).
"""
from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


@lru_cache(maxsize=8)
def _fernet(secret_key: str) -> Fernet:
    if not secret_key:
        raise ValueError("SECRET_KEY is required to store secrets")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"learner-api secretbox v1").derive(
        secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret_key: str, plaintext: str) -> str:
    return _fernet(secret_key).encrypt(plaintext.encode()).decode()


def open_sealed(secret_key: str, token: str) -> str:
    return _fernet(secret_key).decrypt(token.encode()).decode()
