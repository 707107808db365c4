"""Idempotency-Key on REST POSTs (seed 001), through the certify endpoint."""
from __future__ import annotations

import asyncio
import uuid

from sqlalchemy import func, select

from app.certificates.models import Certificate
from app.demo import JANE_EMAIL, demo_id
from tests.rest.helpers import bearer, error_of

JANE = demo_id("user", JANE_EMAIL)
PYTHON = demo_id("content", "intro-to-python")
URL = f"/incoming/v2/users/{JANE}/certify"
BODY = {"userId": JANE, "resourceType": "course", "resourceId": PYTHON}


def keyed(key: str, api_key: str | None = None) -> dict:
    return {**(bearer(api_key) if api_key else bearer()), "Idempotency-Key": key}


async def _api_certificates(db) -> int:
    async with db() as s:
        return await s.scalar(select(func.count()).select_from(Certificate).where(Certificate.source == "api"))


async def test_retry_returns_the_first_response_without_a_second_certificate(http, db, demo):
    first = await http.post(URL, headers=keyed("cert-1"), json=BODY)
    retry = await http.post(URL, headers=keyed("cert-1"), json=dict(reversed(list(BODY.items()))))
    assert first.status_code == retry.status_code == 200
    assert retry.content == first.content
    assert retry.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert retry.headers["content-type"].startswith("application/json")
    assert await _api_certificates(db) == 1
    # A new key (or none) issues again.
    assert (await http.post(URL, headers=keyed("cert-2"), json=BODY)).status_code == 200
    assert (await http.post(URL, headers=bearer(), json=BODY)).status_code == 200
    assert await _api_certificates(db) == 3


async def test_same_key_with_another_body_is_422(http, db, demo):
    await http.post(URL, headers=keyed("k"), json=BODY)
    response = await http.post(URL, headers=keyed("k"), json={**BODY, "sendEmail": True})
    assert response.status_code == 422
    assert error_of(response) == {"code": "IDEMPOTENCY_KEY_REUSED", "field": "Idempotency-Key"}
    other_path = f"/incoming/v2/users/{uuid.uuid4()}/certify"
    assert (await http.post(other_path, headers=keyed("k"), json=BODY)).status_code == 422
    assert await _api_certificates(db) == 1


async def test_keys_belong_to_one_api_key(http, db, demo, make_key):
    other = await make_key(["certificates:write"])
    assert (await http.post(URL, headers=keyed("shared"), json=BODY)).status_code == 200
    response = await http.post(URL, headers=keyed("shared", other), json=BODY)
    assert response.status_code == 200 and "idempotent-replayed" not in response.headers
    assert await _api_certificates(db) == 2


async def test_error_responses_are_replayed(http, db, demo):
    missing = {**BODY, "resourceId": str(uuid.uuid4())}
    first = await http.post(URL, headers=keyed("err"), json=missing)
    retry = await http.post(URL, headers=keyed("err"), json=missing)
    assert first.status_code == retry.status_code == 404 and retry.content == first.content
    assert retry.headers["idempotent-replayed"] == "true"


async def test_invalid_key_and_unauthenticated_requests_claim_nothing(http, db, demo):
    response = await http.post(URL, headers=keyed(""), json=BODY)
    assert response.status_code == 400 and error_of(response)["field"] == "Idempotency-Key"
    response = await http.post(URL, headers={"Idempotency-Key": "anon"}, json=BODY)
    assert response.status_code == 401
    assert (await http.post(URL, headers=keyed("anon"), json=BODY)).status_code == 200
    assert await _api_certificates(db) == 1


async def test_concurrent_retries_issue_one_certificate(http, db, demo):
    responses = await asyncio.gather(*(http.post(URL, headers=keyed("race"), json=BODY) for _ in range(6)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.content for r in responses}) == 1
    assert sum(1 for r in responses if "idempotent-replayed" not in r.headers) == 1
    assert await _api_certificates(db) == 1
