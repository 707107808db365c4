"""Generated GraphQL documents (hypothesis-graphql) against the live schema: what the suite's fuzz
test and `scripts/fuzz` share.

A generated document is sent as it is, with an administrator's token, a learner's token or none;
a server error is an HTTP 5xx, an answer that is not JSON, or an `INTERNAL_SERVER_ERROR` code.
Every failure found is kept in `fuzz_corpus/` (one `.graphql` file each) and replayed by the suite.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import hypothesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from app.graphql.schema import schema

CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"

CUSTOM_SCALARS = {
    "UUID": st.uuids().map(nodes.String),
    "Date": st.dates().map(lambda d: nodes.String(d.isoformat())),
    "Slug": st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True).map(nodes.String),
    "URL": st.sampled_from(["https://example.com/a.png", "http://localhost/x"]).map(nodes.String),
    "AbsoluteOrRelativeURL": st.sampled_from(["https://example.com/a", "/relative"]).map(nodes.String),
    "HexColor": st.sampled_from(["#aabbcc", "#000"]).map(nodes.String),
    "JSON": st.sampled_from([nodes.String("x"), nodes.Int(1), nodes.Boolean(True)]),
}


def documents(count: int, *, seed: int = 0) -> list[str]:
    """`count` generated documents (queries and mutations), the same ones for the same seed."""
    graphql_schema = schema._schema
    strategy = st.one_of(queries(graphql_schema, custom_scalars=CUSTOM_SCALARS),
                         mutations(graphql_schema, custom_scalars=CUSTOM_SCALARS))
    drawn: list[str] = []

    @settings(max_examples=count, database=None, derandomize=not seed, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(document: str) -> None:
        drawn.append(document)

    (hypothesis.seed(seed)(collect) if seed else collect)()
    return drawn


def corpus() -> list[str]:
    return [p.read_text() for p in sorted(CORPUS.glob("*.graphql"))]


def keep(document: str) -> Path:
    """Add a failing document to the corpus (named by its hash, so it is kept once)."""
    CORPUS.mkdir(exist_ok=True)
    path = CORPUS / f"{hashlib.sha256(document.encode()).hexdigest()[:16]}.graphql"
    path.write_text(document)
    return path


def server_error(response) -> str | None:
    """What is wrong with the response as a server error, or None."""
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    try:
        body = response.json()
    except ValueError:
        return f"not JSON ({response.headers.get('content-type')})"
    bodies = body if isinstance(body, list) else [body]
    for item in bodies:
        for error in item.get("errors") or ():
            if (error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR":
                return "INTERNAL_SERVER_ERROR"
    return None


async def run(client, docs: list[str], tokens: list[str | None], *, on_failure=None) -> Counter:
    """Send every document (with each caller in turn); counts of the outcomes."""
    counts: Counter = Counter()
    for index, document in enumerate(docs):
        response = await client.post(document, token=tokens[index % len(tokens)])
        problem = server_error(response)
        counts[problem or ("ok" if response.status_code == 200 else f"HTTP {response.status_code}")] += 1
        if problem and on_failure is not None:
            on_failure(document, problem, response)
    return counts
