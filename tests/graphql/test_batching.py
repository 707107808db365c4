"""Batched requests (a JSON array, Apollo's BatchHttpLink): results in order, metered per operation."""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from app.usage.models import ApiUsage
from app.users.models import AuthSession
from tests.factories import PASSWORD
from tests.graphql.conftest import LEARNER_EMAIL
from tests.graphql.test_metering import _create_test_key, client_of, clock  # noqa: F401 (fixture)

KEY = {"Authorization": "Bearer test-api-key"}
ME = "{ CurrentUser { email } }"
LANGUAGES = "{ Languages { code } }"
LOGIN = "mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }"


async def _ledger(app, db) -> dict[str, tuple[int, int]]:
    await app.state.services.usage.flush()
    async with db() as session:
        rows = (await session.execute(select(ApiUsage.operation, ApiUsage.points, ApiUsage.calls))).all()
    return {op: (points, calls) for op, points, calls in rows}


async def test_a_batch_answers_an_array_in_order_each_with_its_cost(http, app, db, learner_token, clock):
    response = await http.post("/graphql", json=[{"query": ME}, {"query": LANGUAGES},
                                                 {"query": "{ UserRecentContent { id } }"}],
                               headers={**KEY, "authToken": learner_token})
    assert response.status_code == 200
    first, second, third = response.json()
    assert first["data"] == {"CurrentUser": {"email": LEARNER_EMAIL}}
    assert [lang["code"] for lang in second["data"]["Languages"]][:2] == ["en", "fr"]
    assert "UserRecentContent" in third["data"]
    assert [r["extensions"]["cost"]["actualQueryCost"] for r in (first, second, third)] == [1, 1, 4]
    # One take of 6 points for the batch (the clock stands still; the login took 1 before it was installed).
    assert int(response.headers["X-RateLimit-Remaining"]) == first["extensions"]["cost"]["throttleStatus"][
        "currentlyAvailable"] == 1000 - 6 - 1
    ledger = await _ledger(app, db)
    assert ledger["CurrentUser"] == (1, 1) and ledger["Languages"] == (1, 1) and ledger["UserRecentContent"] == (4, 1)


async def test_one_failing_operation_does_not_fail_the_others(http, people, db):
    response = await http.post("/graphql", json=[
        {"query": LOGIN, "variables": {"e": LEARNER_EMAIL, "p": "wrong"}},
        {"query": "{ CurrentUser { nope } }"},
        {"query": LOGIN, "variables": {"e": LEARNER_EMAIL, "p": PASSWORD}},
        {"query": LANGUAGES},
    ], headers=KEY)
    failed, invalid, login, languages = response.json()
    assert failed["data"] is None and failed["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"
    assert "data" not in invalid and invalid["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert invalid["extensions"]["cost"]["actualQueryCost"] == 1  # an invalid document costs 1 point
    assert isinstance(login["data"]["Login"], str) and languages["data"]["Languages"]
    async with db() as session:  # the failed login did not undo the successful one (own transactions)
        assert await session.scalar(select(func.count()).select_from(AuthSession)) == 1


async def test_mutations_run_in_order(http, learner_token):
    # Logout first, then CurrentUser in the same batch sees the revoked token only in a later request.
    response = await http.post("/graphql", json=[{"query": "mutation { Logout }"}, {"query": "mutation { Logout }"}],
                               headers={**KEY, "authToken": learner_token})
    first, second = response.json()
    assert first["data"] == {"Logout": True}
    assert second["data"] is None and second["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_batch_over_max_batch_size_runs_nothing(http, app, db, people):
    response = await http.post("/graphql", json=[{"query": LANGUAGES}] * 11, headers=KEY)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BATCH_TOO_LARGE", "size": 11, "maximum": 10}
    assert await _ledger(app, db) == {}


async def test_a_batch_that_does_not_fit_the_budget_is_refused_whole(settings, engine, people, db):
    async with client_of(settings.model_copy(update=dict(rate_limit_capacity=5, rate_limit_restore_rate=0.001)),
                         engine) as client:
        await _create_test_key(engine)
        assert (await client.http.post("/graphql", json=[{"query": LANGUAGES}] * 4, headers=KEY)).status_code == 200
        refused = await client.http.post("/graphql", json=[{"query": LANGUAGES}] * 2, headers=KEY)
        assert refused.status_code == 429 and "Retry-After" in refused.headers
        body = refused.json()
        assert body["errors"][0]["extensions"]["code"] == "THROTTLED"
        assert body["extensions"]["cost"]["requestedQueryCost"] == 2
        # Nothing of the refused batch ran: one point is still there.
        assert (await client.http.post("/graphql", json={"query": LANGUAGES}, headers=KEY)).status_code == 200


async def test_limits_apply_per_operation_and_to_the_whole_batch(settings, engine, people):
    async with client_of(settings.model_copy(update=dict(max_query_depth=2, max_query_aliases=3)), engine) as client:
        await _create_test_key(engine)
        deep = "{ CurrentUser { client { id } } }"
        response = await client.http.post("/graphql", json=[{"query": deep}, {"query": LANGUAGES}], headers=KEY)
        too_deep, languages = response.json()
        assert too_deep["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP" and "data" not in too_deep
        assert languages["data"]["Languages"]
        two_aliases = "{ a: Languages { code } b: Languages { code } }"
        whole = await client.http.post("/graphql", json=[{"query": two_aliases}] * 2, headers=KEY)
        assert whole.status_code == 400 and whole.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"


async def test_an_idempotency_key_covers_the_whole_batch(http, db, people):
    batch = [{"query": LOGIN, "variables": {"e": LEARNER_EMAIL, "p": PASSWORD}}, {"query": LANGUAGES}]
    headers = {**KEY, "Idempotency-Key": "batch-1"}
    first = await http.post("/graphql", json=batch, headers=headers)
    again = await http.post("/graphql", json=batch, headers=headers)
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    other = await http.post("/graphql", json=batch[:1], headers=headers)
    assert other.status_code == 422
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(AuthSession)) == 1


async def test_concurrent_batches_count_every_operation_in_the_ledger(http, app, db, people):
    await asyncio.gather(*(http.post("/graphql", json=[{"query": LANGUAGES}, {"query": ME}], headers=KEY)
                           for _ in range(10)))
    ledger = await _ledger(app, db)
    assert ledger["Languages"] == (10, 10) and ledger["CurrentUser"] == (10, 10)
