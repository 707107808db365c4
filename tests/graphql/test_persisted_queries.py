"""Automatic persisted queries over HTTP, as Apollo's createPersistedQueryLink sends them."""
from __future__ import annotations

import hashlib

import orjson
import pytest

from tests.graphql.conftest import LEARNER_EMAIL
from tests.graphql.test_metering import _create_test_key, client_of
from tests.ratelimit.redis_support import random_prefix, require_redis

KEY = {"Authorization": "Bearer test-api-key"}
ME = "query Me { CurrentUser { email } }"


def persisted(query: str) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(query.encode()).hexdigest()}}


async def test_unknown_hash_then_hash_with_query_then_hash_alone(http, learner_token):
    headers = {**KEY, "authToken": learner_token}
    unknown = await http.post("/graphql", json={"extensions": persisted(ME), "operationName": "Me"}, headers=headers)
    assert unknown.status_code == 200
    error = unknown.json()["errors"][0]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert unknown.json()["extensions"]["cost"]["actualQueryCost"] == 0

    registered = await http.post("/graphql", json={"query": ME, "extensions": persisted(ME)}, headers=headers)
    assert registered.json()["data"] == {"CurrentUser": {"email": LEARNER_EMAIL}}
    alone = await http.post("/graphql", json={"extensions": persisted(ME)}, headers=headers)
    assert alone.json()["data"] == {"CurrentUser": {"email": LEARNER_EMAIL}}


async def test_a_hash_that_does_not_match_the_query_is_refused(http, people):
    body = {"query": ME, "extensions": persisted("{ Languages { code } }")}
    response = await http.post("/graphql", json=body, headers=KEY)
    assert response.json()["errors"][0]["extensions"]["code"] == "PROVIDED_SHA_DOES_NOT_MATCH"
    assert "data" not in response.json()


async def test_get_with_a_hash_runs_a_stored_query(http, learner_token):
    await http.post("/graphql", json={"query": ME, "extensions": persisted(ME)}, headers=KEY)
    response = await http.get("/graphql", params={"extensions": orjson.dumps(persisted(ME)).decode(),
                                                  "apiKey": "test-api-key"}, headers={"authToken": learner_token})
    assert response.json()["data"] == {"CurrentUser": {"email": LEARNER_EMAIL}}


async def test_persisted_queries_work_inside_batches(http, learner_token):
    languages = "{ Languages { code } }"
    headers = {**KEY, "authToken": learner_token}
    first = await http.post("/graphql", json=[{"extensions": persisted(ME)}, {"query": languages}], headers=headers)
    missing, ran = first.json()
    assert missing["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND" and ran["data"]
    again = await http.post("/graphql", json=[{"query": ME, "extensions": persisted(ME)},
                                              {"extensions": persisted(ME)}], headers=headers)
    assert [r["data"] for r in again.json()] == [{"CurrentUser": {"email": LEARNER_EMAIL}}] * 2


async def test_the_store_is_shared_by_every_process(settings, engine, people):
    async with client_of(settings, engine) as one, client_of(settings, engine) as two:
        await _create_test_key(engine)
        await one.http.post("/graphql", json={"query": ME, "extensions": persisted(ME)}, headers=KEY)
        response = await two.http.post("/graphql", json={"extensions": persisted(ME)}, headers=KEY)
        assert response.json()["data"] == {"CurrentUser": None}


async def test_the_store_can_live_in_redis(settings, engine, people):
    url = await require_redis()

    shared = settings.model_copy(update=dict(redis_url=url, redis_key_prefix=random_prefix()))
    query = f"{{ Languages {{ code }} }} # {random_prefix()}"
    async with client_of(shared, engine) as one, client_of(shared, engine) as two:
        await _create_test_key(engine)
        await one.http.post("/graphql", json={"query": query, "extensions": persisted(query)}, headers=KEY)
        response = await two.http.post("/graphql", json={"extensions": persisted(query)}, headers=KEY)
        assert response.json()["data"]["Languages"]


@pytest.mark.parametrize("extensions", [{"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}},
                                        {"persistedQuery": {"version": 1, "sha256Hash": "short"}}])
async def test_malformed_persisted_query_extensions(http, people, extensions):
    response = await http.post("/graphql", json={"extensions": extensions}, headers=KEY)
    assert response.json()["errors"][0]["extensions"]["code"] in ("PERSISTED_QUERY_NOT_SUPPORTED", "BAD_USER_INPUT")
