"""Bounded work per request (issue 14, part 1): node estimates, token and expansion limits, the
execution deadline and the answer's size limit."""
from __future__ import annotations

import asyncio
import contextlib
import re

import httpx
import pytest
from graphql import get_introspection_query, parse

from app.graphql.engine.documents import DocumentStore
from app.graphql.engine.limits import check_nodes, estimate_nodes
from app.graphql.schema import schema
from app.main import create_app
from app.settings import Settings
from tests.conftest import GraphQLClient
from tests.graphql.engine.hostile_documents import nested_license_bomb
from tests.helium_documents import OPERATIONS
from tests.reference import SEED_002

DEFAULTS = Settings()


def _code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


def _seed_documents() -> dict[str, str]:
    """Every operation printed in seed 002, and Helium's own documents."""
    text = SEED_002.read_text()
    docs = {}
    for match in re.finditer(r"^(query|mutation) (\w+)", text, re.M):
        depth, start = 0, text.index("{", match.start())
        for end in range(start, len(text)):
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            if depth == 0:
                break
        docs[f"seed:{match.group(2)}"] = text[match.start():end + 1]
    docs.update({f"helium:{p.stem}": p.read_text() for p in OPERATIONS.glob("*.graphql")})
    docs["graphiql:introspection"] = get_introspection_query()
    return docs


@pytest.mark.parametrize("name, query", sorted(_seed_documents().items()))
def test_helium_and_seed_documents_are_admitted(name, query):
    store = DocumentStore(schema, max_tokens=DEFAULTS.max_document_tokens, max_nodes=DEFAULTS.max_nodes)
    prepared = store.prepare(query)
    assert prepared.errors == (), prepared.errors
    assert check_nodes(schema._schema, prepared.document, None, {}, DEFAULTS.max_estimated_nodes) <= DEFAULTS.max_estimated_nodes


def _estimate(query: str, variables: dict | None = None, limit: int = 10**9) -> int:
    return estimate_nodes(schema._schema, parse(query), None, variables, limit)


def test_lists_multiply_by_their_argument_or_their_bound():
    # UserRecentContent: bound 20 (LIST_BOUNDS); each item has `id` and `title`.
    assert _estimate("{ UserRecentContent { id title } }") == 20 + 20 * 2
    assert _estimate("{ UserRecentContent(limit: 3) { id title } }") == 3 + 3 * 2
    assert _estimate("query($n: Int) { UserRecentContent(limit: $n) { id } }", {"n": 4}) == 4 + 4
    # Aliases are separate fields; a nested list multiplies again (default bound 10).
    assert _estimate("{ a: UserRecentContent(limit: 2) { id } b: UserRecentContent(limit: 2) { id } }") == 2 * (2 + 2)
    assert _estimate("{ CurrentUser { adminClients { licenses { id } } } }") == 1 + 10 + 10 * 10 + 100


def test_the_estimate_stops_at_its_limit():
    assert _estimate(nested_license_bomb(13), limit=1000) == 1001


@contextlib.asynccontextmanager
async def client_of(settings, engine):
    application = create_app(settings, engine=engine)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield application, GraphQLClient(http)


@pytest.mark.parametrize("document", [
    nested_license_bomb(13),
    nested_license_bomb(13, aliases=30),
    nested_license_bomb(13, unused_fragment=True),  # invalid: refused before validation all the same
], ids=["bomb", "bomb-30-aliases", "bomb-unused-fragment"])
async def test_the_audit_bombs_are_refused_before_they_run_and_cost_a_point(gql, administrator_token, document):
    response = await gql.post(document, token=administrator_token)
    body = response.json()
    assert _code(body) == "QUERY_TOO_LARGE" and body.get("data") is None
    assert body["extensions"]["cost"]["actualQueryCost"] == 1
    assert response.headers["X-RateLimit-Remaining"] == str(int(response.headers["X-RateLimit-Limit"]) - 1)


async def test_an_estimate_over_max_nodes_is_refused(settings, engine, administrator_token):
    small = settings.model_copy(update={"max_estimated_nodes": 100})
    async with client_of(small, engine) as (_app, client):
        refused = await client.post("{ CurrentUser { adminClients { licenses { id } } } }", token=administrator_token)
        assert refused.status_code == 400 and _code(refused.json()) == "QUERY_TOO_LARGE"
        assert refused.json()["errors"][0]["extensions"]["maximum"] == 100
        admitted = await client("{ CurrentUser { adminClients(first: 2) { id } } }", token=administrator_token)
        assert "errors" not in admitted or _code(admitted) != "QUERY_TOO_LARGE"


async def test_a_document_over_the_token_limit_is_refused_before_parsing_completes(gql, people):
    body = await gql("{ " + "a " * (Settings().max_document_tokens + 1) + "}")  # within MAX_DOCUMENT_BYTES
    assert _code(body) == "DOCUMENT_TOO_LARGE" and body["extensions"]["cost"]["actualQueryCost"] == 1


@pytest.mark.parametrize("levels", [200, 1500])
async def test_absurd_nesting_is_a_clear_error(gql, administrator_token, levels):
    # Valid at any depth: Client.licenses and License.client lead to each other.
    query = "{ CurrentUser { adminClients " + "{ licenses { client " * levels + "{ id" + " } }" * levels + " } }"
    response = await gql.post(query, token=administrator_token)
    assert response.status_code in (200, 400)
    assert _code(response.json()) in ("QUERY_TOO_DEEP", "GRAPHQL_PARSE_FAILED")


async def test_an_answer_over_max_response_bytes_is_refused(settings, engine, learner_token):
    async with client_of(settings.model_copy(update={"max_response_bytes": 200}), engine) as (_app, client):
        body = await client("{ UserContentItems { id title slug } }", token=learner_token)
        assert _code(body) == "RESPONSE_TOO_LARGE" and body["data"] is None
        assert body["extensions"]["cost"]["actualQueryCost"] == 3  # it ran: charged
        assert (await client("{ CurrentUser { email } }", token=learner_token))["data"]


async def test_the_deadline_stops_a_runaway_request_while_healthz_answers(settings, engine, learner_token, monkeypatch):

    started = asyncio.Event()

    async def forever(*_args, **_kwargs):
        started.set()
        await asyncio.sleep(3600)

    async with client_of(settings.model_copy(update={"request_timeout_seconds": 0.5}), engine) as (application, client):
        field = application.state.services.schema._schema.query_type.fields["CurrentUser"]
        monkeypatch.setattr(field, "resolve", forever)
        heavy = asyncio.create_task(client("{ CurrentUser { email } }", token=learner_token))
        await started.wait()
        health = await client.http.get("/healthz")
        assert health.status_code == 200 and not heavy.done()  # answered while the request still runs
        body = await heavy
        assert _code(body) == "REQUEST_TIMEOUT" and body["data"] is None
        # What it held was released: the next request works.
        assert (await client.data("{ UserContentItems { id } }", token=learner_token))["UserContentItems"]
