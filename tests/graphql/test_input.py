"""Input that must not reach the database (issue 14, part 4): refused at the API boundary with a code."""
from __future__ import annotations

import pytest

CREATE = "mutation($e: String!, $f: String!) { CreateLearner(email: $e, firstName: $f, lastName: \"L\") { id } }"


def _code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


@pytest.mark.parametrize("variables, field", [
    ({"e": "n\u0000ul@example.com", "f": "N"}, "variables.e"),
    ({"e": "ok@example.com", "f": "bad\u0000name"}, "variables.f"),
])
async def test_nul_bytes_in_variables_are_refused(gql, people, variables, field):
    body = await gql(CREATE, variables)
    assert _code(body) == "BAD_USER_INPUT" and body["errors"][0]["extensions"]["field"] == field
    assert "data" not in body


async def test_nul_bytes_in_document_strings_are_refused(gql, people):
    body = await gql('mutation { CreateLearner(email: "n\\u0000ul@example.com", firstName: "N", lastName: "L") { id } }')
    assert _code(body) == "BAD_USER_INPUT"
    assert (await gql.data('{ ApiUsage(days: 1) { operation } }'))  # the server goes on


async def test_unknown_operation_name_is_a_json_request_error(http, gql, people):
    response = await http.post("/graphql", json={"query": "query A { __typename }", "operationName": "B"},
                               headers={"Authorization": "Bearer test-api-key",
                                        "Accept": "application/graphql-response+json"})
    assert response.status_code == 400 and response.headers["content-type"].startswith("application/graphql-response+json")
    assert _code(response.json()) == "GRAPHQL_VALIDATION_FAILED" and "Unknown operation" in response.json()["errors"][0]["message"]
    plain = await gql.post("query A { __typename } query C { __typename }")  # two operations, no name
    assert plain.status_code == 200 and _code(plain.json()) == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize("days", [0, -1, 1_000_000])
async def test_api_usage_days_out_of_range(gql, people, days):
    body = await gql("query($d: Int!) { ApiUsage(days: $d) { operation } }", {"d": days})
    assert _code(body) == "BAD_USER_INPUT"
