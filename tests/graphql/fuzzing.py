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


async def _fuzz(database_url: str, count: int, seed: int) -> Counter:
    """The long run: a fresh database with the demo instance, `count` documents; failures kept."""
    import httpx

    from app.apikeys.service import create_api_key
    from app.db import create_engine, session_factory
    from app.demo import ADMIN_EMAIL, DEMO_PASSWORD, JANE_EMAIL, seed_demo
    from app.main import create_app
    from app.migrate import upgrade
    from app.settings import Settings
    from tests.conftest import TEST_API_KEY, TEST_SECRET, GraphQLClient

    engine = create_engine(database_url)
    await upgrade(engine)
    async with session_factory(engine)() as session:
        await seed_demo(session)
        await create_api_key(session, name="fuzz", key=TEST_API_KEY, rate_limit_capacity=10**9,
                             rate_limit_restore_rate=10**6)
        await session.commit()
    settings = Settings(database_url=database_url, secret_key=TEST_SECRET, api_key_cache_seconds=0)
    application = create_app(settings, engine=engine)
    try:
        async with application.router.lifespan_context(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://fuzz") as http:
                client = GraphQLClient(http)
                tokens = [await client.login(JANE_EMAIL, DEMO_PASSWORD), await client.login(ADMIN_EMAIL, DEMO_PASSWORD),
                          None]

                def report(document, problem, response):
                    print(f"{problem}: {keep(document).name}: {response.text[:200]}", flush=True)

                counts = Counter()
                for start in range(0, count, 500):  # fresh tokens now and then (a document may log out)
                    tokens[:2] = [await client.login(JANE_EMAIL, DEMO_PASSWORD),
                                  await client.login(ADMIN_EMAIL, DEMO_PASSWORD)]
                    batch = documents(min(500, count - start), seed=seed + start + 1)
                    counts += await run(client, batch, tokens, on_failure=report)
                    print(f"{start + len(batch)} documents: {dict(counts)}", flush=True)
                return counts
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    import argparse
    import asyncio
    import os
    import tempfile

    parser = argparse.ArgumentParser(description="Send generated GraphQL documents; count server errors.")
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=os.environ.get("FUZZ_DATABASE_URL"),
                        help="an empty database to use (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/fuzz.db"
        counts = asyncio.run(_fuzz(url, args.count, args.seed))
    errors = sum(n for outcome, n in counts.items() if outcome.startswith(("HTTP 5", "not JSON", "INTERNAL")))
    print(f"total: {sum(counts.values())} documents, {errors} server errors: {dict(counts)}")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
