"""API points over HTTP: extensions.cost, rate-limit headers, budgets (429), limits, batches, Redis sharing."""
from __future__ import annotations

import asyncio
import contextlib

import httpx
import pytest
from graphql import parse, validate

from app.apikeys.service import create_api_key
from app.graphql.engine.costs import HELIUM_OPERATION_COSTS
from app.main import create_app
from tests.conftest import GraphQLClient
from tests.factories import PASSWORD
from tests.graphql.conftest import LEARNER_EMAIL
from tests.graphql.engine.test_costs import operation_document
from tests.ratelimit.redis_support import FakeClock, delete_prefix, random_prefix, require_redis

ME = "{ CurrentUser { email } }"
SMALL_KEY = "small-budget-key"


@pytest.fixture
def clock(app) -> FakeClock:
    fake = FakeClock()
    app.state.services.limiter.clock = fake
    return fake


@pytest.fixture
async def small(app, db, http, clock) -> GraphQLClient:
    """A client whose key holds 5 points and restores 1 point per second."""
    async with db() as session:
        await create_api_key(session, name="small", key=SMALL_KEY, rate_limit_capacity=5, rate_limit_restore_rate=1)
        await session.commit()
    return GraphQLClient(http, api_key=SMALL_KEY)


@contextlib.asynccontextmanager
async def client_of(settings, engine, clock: FakeClock | None = None):
    """Another app instance on the same database (its own buckets unless they are in Redis)."""
    application = create_app(settings, engine=engine)
    async with application.router.lifespan_context(application):
        if clock is not None:
            application.state.services.limiter.clock = clock
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield GraphQLClient(http)


async def test_every_response_reports_its_cost_and_the_budget(gql, people, clock):
    response = await gql.post("{ a: CurrentUser { email } b: CurrentUser { email } __typename }")
    assert response.status_code == 200
    assert response.json()["extensions"]["cost"] == {
        "requestedQueryCost": 2, "actualQueryCost": 2,
        "throttleStatus": {"maximumAvailable": 1000, "currentlyAvailable": 998, "restoreRate": 50.0}}
    assert response.headers["X-RateLimit-Limit"] == "1000"
    assert response.headers["X-RateLimit-Remaining"] == "998"
    assert response.headers["X-RateLimit-Reset"] == "1"  # seconds until the bucket is full again
    assert "fields" not in response.json()["extensions"]["cost"]


async def test_the_debug_header_breaks_the_cost_down_per_root_field(gql, people, clock):
    body = await gql("{ me: CurrentUser { email } ...F } fragment F on Query { UserRecentContent { id } }",
                     headers={"X-Cost-Debug": "1"})
    assert body["extensions"]["cost"]["fields"] == [
        {"alias": "me", "field": "CurrentUser", "points": 1},
        {"alias": "UserRecentContent", "field": "UserRecentContent", "points": 4}]


async def test_each_implemented_operation_reports_its_points(gql, people, clock):
    """The HTTP side of the 29: every Helium operation our schema has (the calculator test covers all 29)."""
    from app.graphql.schema import schema

    ours = schema._schema
    checked = 0
    for name, points in HELIUM_OPERATION_COSTS.items():
        kind = "query" if name in ours.query_type.fields else "mutation" if name in ours.mutation_type.fields else None
        if kind is None:
            continue
        document = operation_document(ours, kind, name)
        assert validate(ours, parse(document)) == [], name
        # Without variables, execution stops at variable coercion: requested is reported, nothing is charged.
        cost = (await gql(document))["extensions"]["cost"]
        assert cost["requestedQueryCost"] == points, name
        checked += 1
    assert checked >= 3


async def test_ten_aliases_of_user_recent_content_cost_40(gql, clock, learner_token):
    fields = " ".join(f"r{i}: UserRecentContent {{ id }}" for i in range(10))
    response = await gql.post(f"{{ {fields} }}", token=learner_token)
    body = response.json()
    assert "errors" not in body, body
    assert body["extensions"]["cost"]["requestedQueryCost"] == 40
    assert body["extensions"]["cost"]["actualQueryCost"] == 40
    assert response.headers["X-RateLimit-Remaining"] == str(1000 - 1 - 40)  # the Login of learner_token, then 40


async def test_a_request_that_does_not_fit_is_refused_with_429(small, people, clock):
    for remaining in (4, 3, 2, 1, 0):
        response = await small.post(ME)
        assert response.status_code == 200 and response.headers["X-RateLimit-Remaining"] == str(remaining)
    refused = await small.post(ME)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "1"
    assert refused.headers["X-RateLimit-Remaining"] == "0" and refused.headers["X-RateLimit-Limit"] == "5"
    body = refused.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"] == {"code": "THROTTLED", "retryAfter": 1}
    assert body["extensions"]["cost"] == {
        "requestedQueryCost": 1, "actualQueryCost": 0,
        "throttleStatus": {"maximumAvailable": 5, "currentlyAvailable": 0, "restoreRate": 1.0}}


async def test_the_budget_recovers_over_time(small, people, clock):
    for _ in range(5):
        await small.post(ME)
    expensive = await small.post("{ UserRecentContent { id } }")  # 4 points, 0 available
    assert expensive.status_code == 429 and expensive.headers["Retry-After"] == "4"
    clock.advance(1)
    assert (await small.post(ME)).status_code == 200
    assert (await small.post(ME)).status_code == 429
    clock.advance(4)
    ok = await small.post("{ UserRecentContent { id } }")
    assert ok.status_code == 200 and ok.headers["X-RateLimit-Remaining"] == "0"
    clock.advance(60)
    assert (await small.post(ME)).headers["X-RateLimit-Remaining"] == "4"  # full again (5), minus 1


async def test_a_throttled_mutation_does_not_run(small, people, clock):
    token = await small.login(LEARNER_EMAIL, PASSWORD)  # 1 point
    for _ in range(4):
        await small.post(ME, token=token)
    refused = await small.post("mutation { Logout }", token=token)
    assert refused.status_code == 429 and "data" not in refused.json()
    clock.advance(10)
    # The session was not revoked: the token still works.
    assert (await small.data(ME, token=token)) == {"CurrentUser": {"email": LEARNER_EMAIL}}
    assert (await small.data("mutation { Logout }", token=token)) == {"Logout": True}
    assert (await small(ME, token=token))["data"] == {"CurrentUser": None}


async def test_an_invalid_document_costs_one_point_whatever_it_selects(gql, people, clock):
    invalid = await gql.post("{ a: CurrentUser { nope } b: UserRecentContent { id } }")
    cost = invalid.json()["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 5 and cost["actualQueryCost"] == 1
    assert invalid.headers["X-RateLimit-Remaining"] == "999"  # 5 taken before, 4 given back after
    syntax = await gql.post("{ CurrentUser { ")
    assert syntax.json()["extensions"]["cost"] == {**syntax.json()["extensions"]["cost"],
                                                   "requestedQueryCost": 1, "actualQueryCost": 1}
    assert syntax.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_a_mutation_stopped_early_is_charged_for_what_ran(gql, learner_token, clock):
    # Login is non-null: its failure nulls `data` and the next root field never runs.
    response = await gql.post('mutation { a: Login(email: "nobody@example.com", password: "x") b: Logout }',
                              token=learner_token)
    body = response.json()
    assert body["data"] is None and body["errors"][0]["path"] == ["a"]
    assert body["extensions"]["cost"]["requestedQueryCost"] == 2
    assert body["extensions"]["cost"]["actualQueryCost"] == 1
    assert (await gql.data(ME, token=learner_token)) == {"CurrentUser": {"email": LEARNER_EMAIL}}  # Logout did not run


async def test_a_failing_nullable_mutation_field_does_not_stop_the_next_one(gql, learner_token, clock):
    # RedeemBalance is nullable: its error leaves execution going, and the non-null
    # UnenrollFromWaitlist after it runs (and fails, nulling `data`): both are charged.
    unknown = "00000000-0000-0000-0000-000000000001"
    body = (await gql.post(f'mutation {{ a: RedeemBalance(contentType: courses, contentId: "{unknown}") '
                           f'b: UnenrollFromWaitlist(id: "{unknown}") }}', token=learner_token)).json()
    assert body["data"] is None and [e["path"] for e in body["errors"]] == [["a"], ["b"]]
    assert body["extensions"]["cost"]["actualQueryCost"] == 2


async def test_a_mutation_over_get_is_405_and_not_charged(http, people, clock):
    response = await http.get("/graphql", params={"query": "mutation { Logout }", "apiKey": "test-api-key"})
    assert response.status_code == 405
    assert response.json()["extensions"]["cost"]["actualQueryCost"] == 0
    assert response.headers["X-RateLimit-Remaining"] == "1000"


@pytest.mark.parametrize(("overrides", "query", "code", "status"), [
    ({"max_document_bytes": 30}, "{ CurrentUser { email firstName lastName } }", "DOCUMENT_TOO_LARGE", 413),
    ({"max_query_depth": 2}, "{ CurrentUser { client { id } } }", "QUERY_TOO_DEEP", 400),
    ({"max_query_aliases": 2}, "{ a: CurrentUser { id } b: CurrentUser { id } c: CurrentUser { id } }",
     "TOO_MANY_ALIASES", 400),
    ({"max_query_cost": 7}, "{ a: UserRecentContent { id } b: UserRecentContent { id } }", "QUERY_TOO_COSTLY", 400),
    ({"rate_limit_capacity": 3}, "{ UserRecentContent { id } }", "QUERY_TOO_COSTLY", 400),
])
async def test_limits_refuse_documents_before_they_run(settings, engine, people, overrides, query, code, status):
    async with client_of(settings.model_copy(update=overrides), engine) as client:
        await _create_test_key(engine)
        response = await client.post(query)
        assert response.status_code == status
        body = response.json()
        assert body["errors"][0]["extensions"]["code"] == code and "data" not in body
        assert body["extensions"]["cost"]["actualQueryCost"] == 0
        assert response.headers["X-RateLimit-Remaining"] == response.headers["X-RateLimit-Limit"]
        assert "Retry-After" not in response.headers
        assert (await client.post(ME)).status_code == 200  # the key is not penalised


async def _create_test_key(engine) -> None:
    from sqlalchemy import select

    from app.apikeys.models import ApiKey
    from app.db import session_factory
    from app.security import hash_api_key
    from tests.conftest import TEST_API_KEY

    async with session_factory(engine)() as session:
        if not await session.scalar(select(ApiKey.id).where(ApiKey.key_hash == hash_api_key(TEST_API_KEY))):
            await create_api_key(session, name="tests", key=TEST_API_KEY)
            await session.commit()


async def test_limit_errors_carry_details(settings, engine, people):
    async with client_of(settings.model_copy(update=dict(max_query_cost=7)), engine) as client:
        await _create_test_key(engine)
        body = await client("{ a: UserRecentContent { id } b: UserRecentContent { id } }")
        assert body["errors"][0]["extensions"] == {"code": "QUERY_TOO_COSTLY", "requestedQueryCost": 8, "maximum": 7}
        assert body["extensions"]["cost"]["requestedQueryCost"] == 8


async def test_api_keys_have_separate_budgets(small, gql, people, clock):
    for _ in range(5):
        await small.post(ME)
    assert (await small.post(ME)).status_code == 429
    assert (await gql.post(ME)).status_code == 200


async def test_two_app_instances_share_one_budget_through_redis(settings, engine, db, people):
    url = await require_redis()
    prefix = random_prefix()
    clock = FakeClock()
    shared = settings.model_copy(update=dict(redis_url=url, redis_key_prefix=prefix))
    async with db() as session:
        await create_api_key(session, name="shared", key="shared-key", rate_limit_capacity=5, rate_limit_restore_rate=1)
        await session.commit()
    try:
        async with client_of(shared, engine, clock) as one, client_of(shared, engine, clock) as two:
            one.api_key = two.api_key = "shared-key"
            responses = await asyncio.gather(*[(one if i % 2 else two).post(ME) for i in range(8)])
            assert sorted(r.status_code for r in responses) == [200] * 5 + [429] * 3
            clock.advance(2)
            assert (await one.post(ME)).status_code == 200
            assert (await two.post(ME)).headers["X-RateLimit-Remaining"] == "0"
            assert (await one.post(ME)).status_code == 429
        # Without Redis each process would have had its own 5 points.
        async with client_of(settings, engine, clock) as three, client_of(settings, engine, clock) as four:
            three.api_key = four.api_key = "shared-key"
            for _ in range(5):
                assert (await three.post(ME)).status_code == 200
            assert (await four.post(ME)).status_code == 200
    finally:
        await delete_prefix(prefix)
