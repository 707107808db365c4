"""The GraphQL tests build their data with tests/factories: learners get a password through their
invitation and log in, so every test hashes and verifies a few passwords. Those hashes use argon2
with the smallest cost here (the same scheme and code path, about 60 times faster); the production
cost is kept by the tests of the users domain, which time and count verifications."""
from __future__ import annotations

import pytest
from passlib.context import CryptContext

from app import security

CHEAP_ARGON2 = CryptContext(schemes=["argon2"], argon2__memory_cost=8, argon2__time_cost=1, argon2__parallelism=1)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    monkeypatch.setattr(security, "_passwords", CHEAP_ARGON2)
