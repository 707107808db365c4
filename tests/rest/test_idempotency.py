"""Idempotency-Key on REST POSTs (seed 001), through the certify endpoint."""
from __future__ import annotations

import asyncio
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.certificates.models import Certificate
from tests.factories.catalog import build, course, id_of
from tests.factories.users import learners
from tests.rest.helpers import bearer, error_of


@pytest.fixture
async def w(db):
    """A learner and a course: the certify request's w.url and body."""
    await build(db, courses=[course("python")])
    [jane] = await learners(db, "jane@example.com")
    body = {"userId": jane, "resourceType": "course", "resourceId": await id_of(db, "content", "python")}
    return SimpleNamespace(url=f"/incoming/v2/users/{jane}/certify", body=body)


def keyed(key: str, api_key: str | None = None) -> dict:
    return {**(bearer(api_key) if api_key else bearer()), "Idempotency-Key": key}


async def _api_certificates(db) -> int:
    async with db() as s:
        return await s.scalar(select(func.count()).select_from(Certificate).where(Certificate.source == "api"))


async def test_retry_returns_the_first_response_without_a_second_certificate(http, db, w):
    first = await http.post(w.url, headers=keyed("cert-1"), json=w.body)
    retry = await http.post(w.url, headers=keyed("cert-1"), json=dict(reversed(list(w.body.items()))))
    assert first.status_code == retry.status_code == 200
    assert retry.content == first.content
    assert retry.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert retry.headers["content-type"].startswith("application/json")
    assert await _api_certificates(db) == 1
    # A new key (or none) issues again.
    assert (await http.post(w.url, headers=keyed("cert-2"), json=w.body)).status_code == 200
    assert (await http.post(w.url, headers=bearer(), json=w.body)).status_code == 200
    assert await _api_certificates(db) == 3


async def test_same_key_with_another_body_is_422(http, db, w):
    await http.post(w.url, headers=keyed("k"), json=w.body)
    response = await http.post(w.url, headers=keyed("k"), json={**w.body, "sendEmail": True})
    assert response.status_code == 422
    assert error_of(response) == {"code": "IDEMPOTENCY_KEY_REUSED", "field": "Idempotency-Key"}
    other_path = f"/incoming/v2/users/{uuid.uuid4()}/certify"
    assert (await http.post(other_path, headers=keyed("k"), json=w.body)).status_code == 422
    assert await _api_certificates(db) == 1


async def test_keys_belong_to_one_api_key(http, db, w, make_key):
    other = await make_key(["certificates:write"])
    assert (await http.post(w.url, headers=keyed("shared"), json=w.body)).status_code == 200
    response = await http.post(w.url, headers=keyed("shared", other), json=w.body)
    assert response.status_code == 200 and "idempotent-replayed" not in response.headers
    assert await _api_certificates(db) == 2


async def test_error_responses_are_replayed(http, db, w):
    missing = {**w.body, "resourceId": str(uuid.uuid4())}
    first = await http.post(w.url, headers=keyed("err"), json=missing)
    retry = await http.post(w.url, headers=keyed("err"), json=missing)
    assert first.status_code == retry.status_code == 404 and retry.content == first.content
    assert retry.headers["idempotent-replayed"] == "true"


async def test_invalid_key_and_unauthenticated_requests_claim_nothing(http, db, w):
    response = await http.post(w.url, headers=keyed(""), json=w.body)
    assert response.status_code == 400 and error_of(response)["field"] == "Idempotency-Key"
    response = await http.post(w.url, headers={"Idempotency-Key": "anon"}, json=w.body)
    assert response.status_code == 401
    assert (await http.post(w.url, headers=keyed("anon"), json=w.body)).status_code == 200
    assert await _api_certificates(db) == 1


async def test_concurrent_retries_issue_one_certificate(http, db, w):
    responses = await asyncio.gather(*(http.post(w.url, headers=keyed("race"), json=w.body) for _ in range(6)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.content for r in responses}) == 1
    assert sum(1 for r in responses if "idempotent-replayed" not in r.headers) == 1
    assert await _api_certificates(db) == 1
