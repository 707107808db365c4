"""Small helpers for the REST tests."""
from __future__ import annotations

from tests.conftest import TEST_API_KEY


def bearer(key: str = TEST_API_KEY) -> dict:
    return {"Authorization": f"Bearer {key}"}


def error_of(response) -> dict:
    """The first error's extensions."""
    return response.json()["errors"][0]["extensions"]
