"""Scoped API keys: validation, the CLI, and enforcement on REST and GraphQL."""
from __future__ import annotations

import pytest

from app.apikeys.service import SCOPES, create_api_key, find_api_key, validate_scopes
from app.cli import main
from app.errors import AppError
from tests.factories.users import learners


@pytest.fixture
async def user_url(db) -> str:
    [jane] = await learners(db, "jane@example.com")
    return f"/incoming/v2/users/{jane}"


def test_scopes_are_validated_and_canonical():
    assert validate_scopes(None) is None
    assert validate_scopes(["graphql", "users:read", "graphql"]) == ["users:read", "graphql"]
    assert set(SCOPES) == {"users:read", "users:write", "learners:write", "certificates:read",
                           "certificates:write", "certification_records:read", "certification_records:write", "graphql",
                           "catalog:read", "catalog:write", "webhooks:read", "webhooks:write"}
    for bad in (["users:read", "users:admin"], ["*"], []):
        with pytest.raises(AppError) as err:
            validate_scopes(bad)
        assert err.value.code.value == "BAD_USER_INPUT" and err.value.field == "scopes"


async def test_created_key_carries_its_scopes(db):
    async with db() as s:
        _row, secret = await create_api_key(s, name="reader", scopes=["users:read"])
        _row, full = await create_api_key(s, name="full")
        await s.commit()
    async with db() as s:
        reader = await find_api_key(s, secret=secret)
        everything = await find_api_key(s, secret=full)
    assert reader.scopes == ("users:read",) and reader.allows("users:read") and not reader.allows("graphql")
    assert everything.scopes is None and all(everything.allows(scope) for scope in SCOPES)


@pytest.fixture
def cli_env(monkeypatch, database_url, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "cli-test-secret-" + "x" * 32)


def test_cli_refuses_unknown_scopes(cli_env, capsys):
    assert main(["create-api-key", "--name", "bad", "--scopes", "users:read,users:admin"]) == 2
    assert "Unknown scope(s): users:admin" in capsys.readouterr().err
    assert main(["create-api-key", "--name", "empty", "--scopes", ""]) == 2


def test_cli_creates_scoped_key(cli_env, capsys):
    assert main(["create-api-key", "--name", "ci", "--scopes", "graphql, users:read"]) == 0
    secret = capsys.readouterr().out.strip()
    assert len(secret) > 20
    assert main(["list-api-keys"]) == 0
    listing = capsys.readouterr().out
    assert "ci" in listing and "scopes=['users:read', 'graphql']" in listing


async def test_graphql_needs_the_graphql_scope(gql, make_key):
    without = await make_key(["users:read", "certificates:write"])
    response = await gql.post("{ __typename }", api_key=without)
    assert response.status_code == 403
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and "data" not in body
    with_scope = await make_key(["graphql"])
    assert (await gql.post("{ __typename }", api_key=with_scope)).json()["data"] == {"__typename": "Query"}
    # Keys made before scopes existed (scopes NULL) keep full access.
    assert (await gql.post("{ __typename }")).status_code == 200


async def test_rest_scopes(http, user_url, make_key):
    graphql_only = await make_key(["graphql"])
    response = await http.get(user_url, headers={"Authorization": f"Bearer {graphql_only}"})
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    response = await http.post(f"{user_url}/certify", headers={"Authorization": f"Bearer {graphql_only}"},
                               json={})
    assert response.status_code == 403
    reader = await make_key(["users:read"])
    assert (await http.get(user_url, headers={"Authorization": f"Bearer {reader}"})).status_code == 200
