"""Idempotency-Key on POSTed GraphQL mutations (app/graphql/idempotency.py)."""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from app.users.models import AuthSession
from tests.factories import PASSWORD
from tests.graphql.conftest import ADMINISTRATOR_EMAIL, LEARNER_EMAIL

LOGIN = "mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }"
LEA = {"e": LEARNER_EMAIL, "p": PASSWORD}


async def _sessions(db) -> int:
    async with db() as s:
        return await s.scalar(select(func.count()).select_from(AuthSession))


async def test_retried_mutation_replays_the_first_response(gql, db, people):
    first = await gql.post(LOGIN, LEA, headers={"Idempotency-Key": "login-1"})
    again = await gql.post(LOGIN, LEA, headers={"Idempotency-Key": "login-1"})
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and "Login" in first.json()["data"]
    assert again.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert await _sessions(db) == 1
    # Without the header, each request does the work.
    await gql.post(LOGIN, LEA)
    assert await _sessions(db) == 2


async def test_same_key_other_mutation_is_refused(gql, db, people):
    await gql.post(LOGIN, LEA, headers={"Idempotency-Key": "k"})
    response = await gql.post(LOGIN, {"e": ADMINISTRATOR_EMAIL, "p": PASSWORD}, headers={"Idempotency-Key": "k"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["extensions"] == {"code": "IDEMPOTENCY_KEY_REUSED",
                                                         "field": "Idempotency-Key"}
    assert await _sessions(db) == 1


async def test_queries_and_gets_ignore_the_header(gql, http, people):
    for _ in range(2):
        response = await gql.post("{ __typename }", headers={"Idempotency-Key": "q"})
        assert "idempotent-replayed" not in response.headers
    response = await http.get("/graphql", params={"query": "{ __typename }", "apiKey": "test-api-key"},
                              headers={"Idempotency-Key": "q"})
    assert response.status_code == 200 and "idempotent-replayed" not in response.headers


async def test_keys_are_scoped_by_auth_token(gql, db, learner_token, administrator_token):
    """Two learners sharing the instance API key never get each other's response."""
    lea = await gql.post("mutation { Logout }", token=learner_token, headers={"Idempotency-Key": "logout"})
    admin = await gql.post("mutation { Logout }", token=administrator_token, headers={"Idempotency-Key": "logout"})
    assert lea.status_code == admin.status_code == 200
    assert "idempotent-replayed" not in admin.headers
    async with db() as s:
        revoked = await s.scalar(select(func.count()).select_from(AuthSession)
                                 .where(AuthSession.revoked_at.is_not(None)))
    assert revoked == 2


async def test_bad_key_and_missing_api_key(gql, people):
    response = await gql.post(LOGIN, LEA, headers={"Idempotency-Key": "two words"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["field"] == "Idempotency-Key"
    response = await gql.post(LOGIN, LEA, headers={"Idempotency-Key": "k"}, api_key=None)
    assert response.status_code == 401


async def test_concurrent_mutations_with_one_key_have_one_effect(gql, db, people):
    responses = await asyncio.gather(
        *(gql.post(LOGIN, LEA, headers={"Idempotency-Key": "race"}) for _ in range(6)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["data"]["Login"] for r in responses}) == 1
    assert sum(1 for r in responses if "idempotent-replayed" not in r.headers) == 1
    assert await _sessions(db) == 1


async def test_a_stored_response_holds_no_secret_in_clear(gql, db, people):
    from app.idempotency.models import IdempotencyKey

    first = await gql.post(LOGIN, LEA, headers={"Idempotency-Key": "login-secret"})
    token = first.json()["data"]["Login"]
    async with db() as s:
        stored = (await s.scalars(select(IdempotencyKey.response_body))).one()
    assert token.encode() not in stored and b"Login" not in stored
    again = await gql.post(LOGIN, LEA, headers={"Idempotency-Key": "login-secret"})
    assert again.json()["data"]["Login"] == token  # the replay opens it
