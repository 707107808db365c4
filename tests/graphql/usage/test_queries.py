"""ApiUsage (GraphQL) and `python -m app usage`: the ledger totals after real requests."""
from __future__ import annotations

import pytest

from app.cli import main as cli
from app.usage.service import today

USAGE = "{ ApiUsage { day apiKeyName operation points calls refused } }"


async def _spend(gql, token: str) -> None:
    for _ in range(3):
        await gql.data("{ CurrentUser { email } }", token=token)
    await gql.data("{ a: UserRecentContent { id } b: UserRecentContent { id } }", token=token)
    await gql("{ CurrentUser { nope } }", token=token)  # invalid: not executed, charged 1 point


async def test_the_ledger_totals_after_requests(gql, learner_token, administrator_token):
    await _spend(gql, learner_token)
    rows = (await gql.data(USAGE))["ApiUsage"]  # the API key alone is an administrator
    by_op = {r["operation"]: r for r in rows}
    day = today().isoformat()
    assert by_op["CurrentUser"] == {"day": day, "apiKeyName": "tests", "operation": "CurrentUser",
                                    "points": 3, "calls": 3, "refused": 0}
    assert by_op["UserRecentContent"]["points"] == 8 and by_op["UserRecentContent"]["calls"] == 2
    assert by_op["Login"]["points"] == 2  # learner_token and administrator_token
    # An admin's token may read it too; the read itself was charged (1 point) and shows up.
    rows = (await gql.data(USAGE, token=administrator_token))["ApiUsage"]
    assert {r["operation"]: r["points"] for r in rows}["ApiUsage"] == 1


async def test_the_ledger_needs_an_administrator(gql, learner_token):
    body = await gql(USAGE, token=learner_token)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and body["data"] is None
    body = await gql(USAGE, token="not-a-token")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_throttled_requests_are_recorded_as_refused_not_charged(gql, db, http, people):
    from app.apikeys.service import create_api_key
    from tests.conftest import GraphQLClient

    async with db() as session:
        await create_api_key(session, name="tiny", key="tiny-key", rate_limit_capacity=4, rate_limit_restore_rate=0.001)
        await session.commit()
    tiny = GraphQLClient(http, api_key="tiny-key")
    assert (await tiny.post("{ UserRecentContent { id } }")).status_code == 200
    assert (await tiny.post("{ UserRecentContent { id } }")).status_code == 429
    rows = (await gql.data('{ ApiUsage(key: "tiny") { operation points calls refused } }'))["ApiUsage"]
    assert rows == [{"operation": "UserRecentContent", "points": 4, "calls": 1, "refused": 1}]


@pytest.fixture
def cli_env(monkeypatch, database_url):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "cli-test-secret-" + "x" * 32)


async def test_cli_usage_prints_the_ledger(gql, app, learner_token, cli_env, capsys):
    await _spend(gql, learner_token)
    await app.state.services.usage.flush()  # the server's counts reach the database at least once a second
    # The CLI runs its own event loop: run it in a thread, as a shell would in another process.
    import asyncio

    assert await asyncio.to_thread(cli, ["usage", "--days", "1", "--key", "tests"]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[2]: line.split() for line in out.splitlines() if line.startswith(today().isoformat())}
    assert lines["CurrentUser"][3:] == ["3", "3", "0"]
    assert lines["UserRecentContent"][3:] == ["2", "8", "0"]
    assert lines["(invalid"][4:] == ["1", "1", "0"]  # the operation's name is "(invalid document)"
    assert "total tests: 13 points" in out  # 3 + 8 + 1 + the Login of learner_token
    assert await asyncio.to_thread(cli, ["usage", "--key", "nobody"]) == 0
    assert "no usage recorded" in capsys.readouterr().out


async def test_cli_creates_keys_with_a_budget(db, cli_env, capsys):
    import asyncio

    assert await asyncio.to_thread(cli, ["create-api-key", "--name", "budgeted", "--capacity", "20",
                                         "--restore-rate", "0.5"]) == 0
    secret = capsys.readouterr().out.strip()
    assert await asyncio.to_thread(cli, ["list-api-keys"]) == 0
    assert "capacity=20 restore-rate=0.5" in capsys.readouterr().out
    from app.apikeys.service import find_api_key

    async with db() as session:
        key = await find_api_key(session, secret=secret)
    assert (key.rate_limit_capacity, key.rate_limit_restore_rate) == (20, 0.5)
    assert await asyncio.to_thread(cli, ["create-api-key", "--name", "bad", "--restore-rate", "0"]) == 2
