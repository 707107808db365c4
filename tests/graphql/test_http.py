"""The GraphQL over HTTP transport: API keys, GET/POST, media types, errors, masking."""
from __future__ import annotations

import logging

from tests.graphql.conftest import LEARNER_EMAIL

ME = "{ CurrentUser { email } }"


async def test_missing_api_key_is_401_without_data(http, people):
    response = await http.post("/graphql", json={"query": ME})
    assert response.status_code == 401
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED" and "data" not in body


async def test_wrong_api_key_is_401(http, people):
    response = await http.post("/graphql", json={"query": ME}, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/json")


async def test_revoked_api_key_is_refused(http, db, gql):
    from app.apikeys.service import revoke_api_key

    async with db() as s:
        await revoke_api_key(s, name_or_id="tests")
        await s.commit()
    assert (await gql.post("{ __typename }")).status_code == 401


async def test_api_key_in_query_string_on_helium_path(http, learner_token):
    response = await http.post("/helium?apiKey=test-api-key", json={"query": ME}, headers={"authToken": learner_token})
    assert response.status_code == 200
    assert response.json()["data"]["CurrentUser"]["email"] == LEARNER_EMAIL


async def test_get_runs_queries(http, learner_token):
    response = await http.get("/graphql", params={"query": ME, "apiKey": "test-api-key"},
                              headers={"authToken": learner_token})
    body = response.json()
    assert body["data"] == {"CurrentUser": {"email": LEARNER_EMAIL}} and "errors" not in body
    assert body["extensions"]["cost"]["actualQueryCost"] == 1  # app/graphql/metering.py


async def test_get_refuses_mutations(http, people):
    response = await http.get("/graphql", params={"query": "mutation { Logout }", "apiKey": "test-api-key"})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


async def test_graphql_response_json_media_type(gql, people):
    ok = await gql.post(ME, headers={"Accept": "application/graphql-response+json"})
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    bad = await gql.post("{ CurrentUser { nope } }", headers={"Accept": "application/graphql-response+json"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_application_json_keeps_200_for_validation_errors(gql, people):
    bad = await gql.post("{ CurrentUser { nope } }")
    assert bad.status_code == 200 and "data" not in bad.json()


async def test_syntax_errors_have_a_code(gql, people):
    body = await gql("{ CurrentUser { ")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_bad_variables_are_bad_user_input(gql, people):
    body = await gql("mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }", {"e": 5})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_malformed_bodies(http, people):
    headers = {"Authorization": "Bearer test-api-key", "content-type": "application/json"}
    assert (await http.post("/graphql", content=b"{nope", headers=headers)).status_code == 400
    assert (await http.post("/graphql", json={"query": 3}, headers=headers)).status_code == 400
    assert (await http.post("/graphql", json="x", headers=headers)).status_code == 400
    assert (await http.post("/graphql", json=[], headers=headers)).status_code == 400
    batch = await http.post("/graphql", json=[1], headers=headers)  # a batch whose one element is not an operation
    assert batch.status_code == 200 and batch.json()[0]["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    form = await http.post("/graphql", content=b"query=x", headers={**headers, "content-type": "text/plain"})
    assert form.status_code == 415 and form.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    body = (await http.post("/graphql", json={"query": "{ __typename }", "variables": "x"}, headers=headers)).json()
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "variables"}


async def test_unexpected_errors_are_masked_and_logged_with_the_request_id(gql, learner_token, monkeypatch, caplog):
    from app.graphql.context import Context

    def boom(self):
        raise RuntimeError("secret SQL detail")

    monkeypatch.setattr(Context, "viewer", boom)
    caplog.set_level(logging.ERROR)
    response = await gql.post(ME, token=learner_token, headers={"x-request-id": "req-123"})
    error = response.json()["errors"][0]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-123"}
    assert "secret SQL detail" not in response.text
    assert response.headers["x-request-id"] == "req-123"
    assert any("req-123" in r.getMessage() for r in caplog.records)


async def test_health_needs_no_key(http):
    response = await http.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


async def test_graphiql_page_needs_no_key(http):
    response = await http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]


async def test_a_subscription_is_refused_as_not_supported(gql):
    response = await gql.post("subscription { CurrentUser { id } }")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["message"] == "Subscriptions are not supported"
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
