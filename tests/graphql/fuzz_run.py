"""`scripts/fuzz`: the long version of the fuzz test (issue 14, part 8), against running servers.

For each database: a fresh database with the demo instance and an API key without throttle, the API
served by `python -m app serve` on its own port (a process of its own, as in production), and
`--concurrency` client workers sending to it. Documents are generated in batches by `--generators`
processes, once for all the databases: every database gets the same documents. A server error is an
HTTP 5xx, an answer that is not JSON, an `INTERNAL_SERVER_ERROR` code or a broken connection (reset,
refused, timed out); each failing document is kept in `fuzz_corpus/`, which the suite replays.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.graphql.fuzzing import documents, keep, server_error

BATCH = 100  # documents per generator task (hypothesis slows down as one run grows)
TOKENS_EVERY = 500  # fresh tokens now and then: a document may log the caller out
SERVER_ERRORS = ("HTTP 5", "not JSON", "INTERNAL", "connection")


def _batch(seed: int) -> list[str]:
    return documents(BATCH, seed=seed)


@dataclass
class Target:
    """One database and the server in front of it."""

    name: str
    database_url: str
    port: int
    log: Path
    process: subprocess.Popen | None = None
    client: object = None
    tokens: list[str | None] = field(default_factory=lambda: [None, None, None])
    counts: Counter = field(default_factory=Counter)

    def errors(self) -> int:
        return sum(n for outcome, n in self.counts.items() if outcome.startswith(SERVER_ERRORS))


async def _prepare(database_url: str) -> None:
    from app.apikeys.service import create_api_key
    from app.db import create_engine, session_factory
    from app.demo import seed_demo
    from app.migrate import upgrade
    from tests.conftest import TEST_API_KEY

    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session:
            await seed_demo(session)
            await create_api_key(session, name="fuzz", key=TEST_API_KEY, rate_limit_capacity=10**9,
                                 rate_limit_restore_rate=10**6)
            await session.commit()
    finally:
        await engine.dispose()


async def _start(target: Target) -> None:
    from tests.conftest import TEST_SECRET

    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(DATABASE_URL=target.database_url, SECRET_KEY=TEST_SECRET, HOST="127.0.0.1", PORT=str(target.port),
               LOG_LEVEL="info")  # the access lines carry the request ids that error lines name
    with target.log.open("wb") as log:
        target.process = subprocess.Popen([sys.executable, "-m", "app", "serve", "--no-migrate"], env=env,
                                          stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{target.port}"
    async with httpx.AsyncClient(base_url=base) as http:
        for _ in range(600):
            if target.process.poll() is not None:
                raise RuntimeError(f"the {target.name} server exited: {target.log.read_text()[-2000:]}")
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the {target.name} server did not start: see {target.log}")


async def _refresh_tokens(target: Target) -> None:
    from app.demo import ADMIN_EMAIL, DEMO_PASSWORD, JANE_EMAIL

    for index, email in enumerate((JANE_EMAIL, ADMIN_EMAIL)):
        body = await target.client(  # type: ignore[operator]
            "mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }", {"e": email, "p": DEMO_PASSWORD})
        if (body.get("data") or {}).get("Login"):
            target.tokens[index] = body["data"]["Login"]
        else:  # keep the previous token; the run goes on
            print(f"{target.name}: no fresh token for {email}: {body.get('errors')}", flush=True)


async def _send(target: Target, document: str, token: str | None) -> None:
    try:
        response = await target.client.post(document, token=token)  # type: ignore[attr-defined]
    except httpx.TransportError as error:
        problem, text = f"connection error ({type(error).__name__})", str(error)
    else:
        problem, text = server_error(response), response.text[:200]
        if not problem:
            target.counts["ok" if response.status_code == 200 else f"HTTP {response.status_code}"] += 1
            return
    target.counts[problem] += 1
    print(f"{target.name}: {problem}: {keep(document).name}: {text}", flush=True)


async def _send_batch(target: Target, docs: list[str], offset: int, concurrency: int) -> None:
    queue = iter(enumerate(docs, offset))

    async def worker() -> None:
        for index, document in queue:
            await _send(target, document, target.tokens[index % len(target.tokens)])

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _run(targets: list[Target], batches: list[Future], count: int, concurrency: int) -> None:
    from tests.conftest import GraphQLClient

    async with AsyncExitStack() as stack:
        for target in targets:
            await _start(target)
            http = await stack.enter_async_context(
                httpx.AsyncClient(base_url=f"http://127.0.0.1:{target.port}", timeout=60,
                                  # idle connections dropped before uvicorn's 5 s keep-alive ends them: a request
                                  # on a connection the server closed at that moment fails (ReadError) without
                                  # the server seeing it
                                  limits=httpx.Limits(max_connections=concurrency, keepalive_expiry=2)))
            target.client = GraphQLClient(http)
        done, started = 0, time.monotonic()
        for future in batches:
            docs = (await asyncio.wrap_future(future))[: count - done]
            if done % TOKENS_EVERY == 0:
                await asyncio.gather(*(_refresh_tokens(t) for t in targets))
            await asyncio.gather(*(_send_batch(t, docs, done, concurrency) for t in targets))
            done += len(docs)
            if done % TOKENS_EVERY == 0 or done == count:
                rate = done / (time.monotonic() - started)
                print(f"{done} documents ({rate:.1f}/s per database): "
                      + "; ".join(f"{t.name} {dict(t.counts)}" for t in targets), flush=True)
            if any(t.process.poll() is not None for t in targets):  # type: ignore[union-attr]
                print("a server exited: stopping", flush=True)
                break


async def _with_databases(args, log_dir: Path) -> list[Target]:
    from app.settings import normalize_database_url
    from tests.conftest import throwaway_database

    async with AsyncExitStack() as stack:
        targets = []
        for index, url in enumerate(args.database):
            if url == "sqlite":
                name, database_url = "sqlite", f"sqlite+aiosqlite:///{log_dir}/fuzz.db"
            else:
                name, database_url = "postgresql", await stack.enter_async_context(
                    throwaway_database("fuzz", normalize_database_url(url)))
            await _prepare(database_url)
            targets.append(Target(name, database_url, args.port + index, log_dir / f"server-{name}.log"))
        with ProcessPoolExecutor(args.generators) as pool:
            batches = [pool.submit(_batch, args.seed + i) for i in range(-(-args.count // BATCH))]
            try:
                await _run(targets, batches, args.count, args.concurrency)
            finally:
                for future in batches:
                    future.cancel()
                for target in targets:
                    if target.process is not None:
                        target.process.terminate()
                        target.process.wait(30)
        return targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Send generated GraphQL documents to running servers; "
                                                 "count server errors.")
    parser.add_argument("--count", type=int, default=20_000, help="documents per database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", action="append",
                        help="'sqlite' (a temporary file) or a PostgreSQL server URL, on which a throwaway database "
                             "is made; repeat for several (default: sqlite)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("FUZZ_PORT", 8870)),
                        help="the first server's port; the next database's server uses the next one")
    parser.add_argument("--generators", type=int, default=os.cpu_count() or 1, help="document generator processes")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight per server")
    args = parser.parse_args(argv)
    args.database = args.database or ["sqlite"]
    log_dir = Path(tempfile.mkdtemp(prefix="fuzz-"))
    print(f"server logs: {log_dir}", flush=True)
    targets = asyncio.run(_with_databases(args, log_dir))
    for target in targets:
        print(f"total {target.name}: {sum(target.counts.values())} documents, {target.errors()} server errors: "
              f"{dict(target.counts)}")
    return 1 if any(t.errors() for t in targets) else 0


if __name__ == "__main__":
    raise SystemExit(main())
