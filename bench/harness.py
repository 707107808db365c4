"""scripts/bench: the API against a graphql-js peer and a hand-written floor, same run, same data.

    scripts/bench                          # default run on SQLite (about 5 minutes)
    scripts/bench --quick                  # about 1-2 minutes: smaller data set, one short round
    scripts/bench --database postgresql    # the same on a throw-away PostgreSQL database
    scripts/bench --workers 2              # every server with 2 worker processes
    scripts/bench --only CurrentUser8,Batch10 --seconds 10 --rounds 5 --json out.json

What happens:
1. A throw-away database is migrated and bulk-filled (bench/dataset.py): a SQLite file, or with
   --database postgresql a new database on --postgres-url's server, dropped at the end.
2. Three servers are started on that database, each in its own process group:
   - the API, as `python -m app serve` runs it (uvicorn + uvloop + httptools);
   - the peer (bench/peer/server.mjs): graphql-js 16 + graphql-http on Node, the SDL subset of our
     schema, plain resolvers and SQL through better-sqlite3 or pg (`npm ci` is run when
     bench/peer/node_modules is missing);
   - the floor (bench/floor.py): Starlette + orjson + the raw driver (sqlite3 or asyncpg), the same
     reads written by hand, no GraphQL and no code of the API;
   and with --baseline the API with strawberry's stock execution (bench/baseline.py).
   All do the same authentication work (API key by SHA-256 through a 5 s cache, HS256 token,
   session row). Before measuring, the peer's and the floor's `data` are compared with the API's.
3. A separate load-generator process (bench/load.py) keeps `--concurrency` keep-alive connections
   busy for `--seconds`. The servers are measured in alternating rounds (the order rotates from round
   to round), so that all see the same machine conditions; figures are medians of the rounds, a
   ratio is the median of the per-round ratios. CPU per request is the server's CPU time (user +
   system, every process of it) over the round, divided by the requests it answered.
4. CreateLearners (1000 learners per request) is timed against one bulk INSERT of the same rows,
   and BadgeLeaderboard over HTTP at 1k and 100k (and 1M) learners on bench/leaderboard.py's data sets.

Scenarios whose root field the running schema does not have are reported as skipped.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from bench import dataset as datasets
from bench import documents
from bench.servers import (
    Server,
    api_server,
    api_workers_support,
    baseline_server,
    ensure_peer_installed,
    floor_server,
    node_version,
    peer_server,
    run_load,
)

GRAPHQL = "/graphql"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


@dataclass
class Scenario:
    name: str
    body: dict | list  # the JSON body every server is sent
    roots: tuple[str, ...]  # root fields the API's schema must have
    check: str  # what every counted response must contain
    token: str = "learner"  # learner | admin


@dataclass
class Measured:
    rps: float
    p50_ms: float | None
    p99_ms: float | None
    ok: int
    failed: int
    cpu_ms: float | None = None  # server CPU time per request (all its threads and processes)
    failures: list = field(default_factory=list)

    @classmethod
    def median_of(cls, rounds: list[dict]) -> Measured:
        def med(key):
            values = [r[key] for r in rounds if r[key] is not None]
            return statistics.median(values) if values else None
        return cls(rps=med("rps"), p50_ms=med("p50_ms"), p99_ms=med("p99_ms"), ok=sum(r["ok"] for r in rounds),
                   failed=sum(r["failed"] for r in rounds), cpu_ms=med("cpu_ms"),
                   failures=[f for r in rounds for f in r["failures"]][:3])


def measure(server: Server, spec: dict) -> dict:
    """One round of load on `server`, with the server's CPU time per request."""
    before = server.cpu_seconds()
    result = run_load(spec)
    used = server.cpu_seconds() - before
    result["cpu_ms"] = used * 1000 / result["issued"] if result["issued"] else None
    return result


def _operation(name: str, document: str, variables: dict | None = None) -> dict:
    return {"query": document, "operationName": name, "variables": variables or {}}


def read_scenarios() -> list[Scenario]:
    return [
        Scenario("CurrentUser8", _operation("CurrentUser8", documents.CURRENT_USER_8), ("CurrentUser",),
                 '"email":"bench.learner@example.com"'),
        Scenario("CurrentUser", _operation("CurrentUser", documents.CURRENT_USER), ("CurrentUser",),
                 '"purchasedCourses":[{'),
        Scenario("UserContentItems", _operation("UserContentItems", documents.USER_CONTENT_ITEMS),
                 ("UserContentItems",), '"slug":"bench-item-099"'),
        Scenario("UserCertificates", _operation("UserCertificates", documents.USER_CERTIFICATES,
                                                {"includeExpiredCertificates": False}),
                 ("UserCertificates",), '"certificateTemplate":{'),
        Scenario("Batch10", documents.batch_body(), ("CurrentUser", "UserCertificates"), '"UserCertificates":['),
    ]


def headers_for(data: datasets.Dataset, token: str) -> dict[str, str]:
    out = {"authorization": f"Bearer {data.api_key}"}
    if token == "learner":
        out["authtoken"] = data.learner_token
    elif token == "admin":
        out["authtoken"] = data.admin_token
    return out


def root_fields(api: Server, headers: dict) -> set[str]:
    status, body = api.post(GRAPHQL, {"query": "{ __schema { queryType { fields { name } } "
                                                "mutationType { fields { name } } } }"}, headers)
    if status != 200 or "data" not in body:
        raise RuntimeError(f"introspection failed: HTTP {status} {body}")
    schema = body["data"]["__schema"]
    names = {f["name"] for f in schema["queryType"]["fields"]}
    if schema.get("mutationType"):
        names |= {f["name"] for f in schema["mutationType"]["fields"]}
    return names


def load_spec(server: Server, body, headers: dict, args, check: str = "") -> dict:
    return {"host": "127.0.0.1", "port": server.port, "path": GRAPHQL, "headers": headers,
            "body": json.dumps(body), "concurrency": args.concurrency, "seconds": args.seconds,
            "requests": args.requests, "warmup": args.warmup, "expect": check}


def fmt_row(label: str, m: Measured | None, note: str = "") -> str:
    if m is None:
        return f"  {label:<40} {note}"
    p50 = f"{m.p50_ms:8.2f}" if m.p50_ms is not None else "       -"
    p99 = f"{m.p99_ms:8.2f}" if m.p99_ms is not None else "       -"
    cpu = f"{m.cpu_ms:8.2f}" if m.cpu_ms is not None else "       -"
    failed = f"  FAILED {m.failed}" if m.failed else ""
    return f"  {label:<40} {m.rps:9.1f} {p50} {p99} {cpu} {m.ok:8d}{failed}{('  ' + note) if note else ''}"


HEADER = f"  {'':<40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8} {'requests':>8}"
LABELS = {"api": "API (strawberry, python -m app serve)", "peer": "peer (graphql-js 16 + graphql-http)",
          "floor": "floor (Starlette, raw SQL, no GraphQL)", "baseline": "baseline (stock strawberry execution)"}


# ---- the reads: API, peer, floor (and baseline) -------------------------------------------------------

def _data_of(answer):
    """What is compared between servers: `data` of each operation (errors kept whole)."""
    if isinstance(answer, list):
        return [_data_of(a) for a in answer]
    if isinstance(answer, dict):
        return answer if answer.get("errors") else answer.get("data")
    return answer


def _first_difference(a, b, path="") -> str:
    if type(a) is not type(b):
        return f"{path or '.'}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k, "<missing>") != b.get(k, "<missing>"):
                return _first_difference(a.get(k, "<missing>"), b.get(k, "<missing>"), f"{path}.{k}")
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{path or '.'}: {len(a)} items != {len(b)} items"
        for n, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{path}[{n}]")
    return f"{path or '.'}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}"


def _ratio(ours: list[dict], theirs: list[dict], key: str = "rps") -> float | None:
    """The median, over rounds measured back to back, of our figure over theirs."""
    values = [a[key] / b[key] for a, b in zip(ours, theirs) if a.get(key) and b.get(key)]
    return statistics.median(values) if values else None


def run_reads(args, data, servers: dict[str, Server], available: set[str], results: dict) -> None:
    print(f"\n== Reads (concurrency {args.concurrency}, {args.rounds} round(s) of {args.seconds:.0f} s, medians; "
          "CPU ms = server CPU time per request)")
    print(HEADER)
    names = list(servers)
    for sc in read_scenarios():
        if args.only and sc.name not in args.only:
            continue
        missing = [r for r in sc.roots if r not in available]
        if missing:
            print(fmt_row(sc.name, None, f"skipped ({', '.join(missing)} not in the API's schema)"))
            results[sc.name] = {"skipped": "operation not in schema"}
            continue
        headers = headers_for(data, sc.token)
        status, answer = servers["api"].post(GRAPHQL, sc.body, headers)
        text = json.dumps(answer, separators=(",", ":"))
        if status != 200 or '"errors"' in text or sc.check not in text:
            print(fmt_row(sc.name, None, f"FAILED before measuring: HTTP {status} {text[:300]}"))
            results[sc.name] = {"error": f"HTTP {status}: {text[:300]}"}
            continue
        expected = _data_of(answer)
        notes = {}
        for name in names:
            if name == "api":
                continue
            other_status, other = servers[name].post(GRAPHQL, sc.body, headers)
            if other_status != 200 or _data_of(other) != expected:
                notes[name] = f"ANSWER DIFFERS from the API's: HTTP {other_status} " + \
                    _first_difference(expected, _data_of(other))
        rounds: dict[str, list[dict]] = {name: [] for name in names}
        for r in range(args.rounds):
            order = names[r % len(names):] + names[:r % len(names)]  # who goes first rotates
            for name in order:
                server = servers[name]
                rounds[name].append(measure(server, load_spec(server, sc.body, headers, args, sc.check)))
        entry: dict = {"rounds": args.rounds}
        print(f"  {sc.name}")
        for name in names:
            m = Measured.median_of(rounds[name])
            entry[name] = {**m.__dict__, "answer_matches_api": name not in notes}
            print(fmt_row("  " + LABELS[name], m, notes.get(name, "")))
            for f in m.failures:
                print(f"      failure: {f}")
        for name in ("peer", "floor", "baseline"):
            if name not in servers:
                continue
            rps = _ratio(rounds["api"], rounds[name])
            cpu = _ratio(rounds["api"], rounds[name], "cpu_ms")
            entry[f"api_over_{name}"] = {"rps": rps, "cpu_per_request": cpu}
            rps_text = f"{rps:9.2f}" if rps is not None else "        -"
            cpu_text = f"{cpu:.2f}x the CPU per request" if cpu is not None else ""
            print(f"  {'    API / ' + name + ' (req/s)':<40} {rps_text}   {cpu_text}")
        results[sc.name] = entry


# ---- CreateLearners against one bulk INSERT ---------------------------------------------------------

def _bulk_rows(batch: int, count: int) -> list[dict]:
    """The users rows CreateLearners writes for `documents.learner_inputs(batch, count)`."""
    from datetime import datetime

    from app.db import new_id

    now = datetime.now(UTC)
    return [
        dict(id=new_id(), email=i["email"].lower(), password_hash=None, first_name=i["firstName"],
             last_name=i["lastName"], role_key="learner", disabled=False, email_verified=True, client_id=None,
             active_license_id=None, balance_cents=0, invited_by_name="First1 Last1", two_factor_enabled=False,
             should_highlight=False, created_at=now, updated_at=now, **{f"ref{k}": i[f"ref{k}"] for k in range(1, 11)})
        for i in documents.learner_inputs(batch, count)
    ]


async def _time_bulk_inserts(url: str, batches: list[int], count: int) -> list[float]:
    from sqlalchemy import insert

    from app.db import create_engine
    from app.users.models import User

    engine = create_engine(url)
    times = []
    try:
        for batch in batches:
            rows = _bulk_rows(batch, count)
            async with engine.connect() as conn:
                await conn.execution_options(sqlite_begin="IMMEDIATE")  # as a mutation's transaction
                t0 = time.perf_counter()
                async with conn.begin():
                    await conn.execute(insert(User.__table__), rows)
                times.append(time.perf_counter() - t0)
    finally:
        await engine.dispose()
    return times


def run_create_learners(args, data, api: Server, available: set[str], results: dict) -> None:
    name = "CreateLearners"
    if args.only and name not in args.only:
        return
    print(f"\n== {name}: {args.batch} learners per request, {args.create_iterations} sequential requests, each "
          "followed by one bulk INSERT of as many rows")
    if name not in available:
        print(fmt_row(name, None, "skipped (operation not in schema)"))
        results[name] = {"skipped": "operation not in schema"}
        return
    headers = headers_for(data, "admin")
    latencies, bulk = [], []
    for n in range(args.create_iterations):
        body = json.dumps({"query": documents.CREATE_LEARNERS, "operationName": name,
                           "variables": {"learners": documents.learner_inputs(n, args.batch)}}).encode()
        t0 = time.perf_counter()  # the request and its answer, without the client's JSON encoding/decoding
        status, raw = api.post_bytes(GRAPHQL, body, headers)
        elapsed = time.perf_counter() - t0
        answer = json.loads(raw or b"{}")
        created = (answer.get("data") or {}).get(name) or []
        if status != 200 or answer.get("errors") or len(created) != args.batch:
            print(fmt_row(name, None, f"FAILED: HTTP {status} {str(answer)[:300]}"))
            results[name] = {"error": f"HTTP {status}: {str(answer)[:300]}"}
            return
        latencies.append(elapsed)
        # The same rows (other emails) with one bulk INSERT, through the same driver, right after:
        # both see the same machine conditions.
        bulk += asyncio.run(_time_bulk_inserts(data.url, [1000 + n], args.batch))
    ours, base = statistics.median(latencies), statistics.median(bulk)
    ratio = statistics.median([a / b for a, b in zip(latencies, bulk)])
    verdict = "met" if ratio <= 3 else "NOT met"
    print(f"  {'CreateLearners over HTTP (median)':<40} {ours * 1000:9.1f} ms  (min {min(latencies) * 1000:.1f})")
    print(f"  {'one bulk INSERT of the same rows (median)':<40} {base * 1000:9.1f} ms  (min {min(bulk) * 1000:.1f})")
    print(f"  {'  ratio (median of the pairs)':<40} {ratio:9.2f}  (target <= 3: {verdict})")
    results[name] = {"api_ms": ours * 1000, "bulk_insert_ms": base * 1000, "ratio": ratio, "met": ratio <= 3,
                     "api_all_ms": [x * 1000 for x in latencies], "bulk_all_ms": [x * 1000 for x in bulk]}


# ---- BadgeLeaderboard at scale, on bench/leaderboard.py's data sets ---------------------------------

async def _leaderboard_access(url: str, secret_key: str) -> tuple[str, str]:
    """An API key and a login token of the learner at the bottom of the board, added to the data set."""
    from datetime import datetime

    from sqlalchemy import select

    from app.apikeys.models import ApiKey
    from app.awards.models import BadgeTotal
    from app.db import create_engine, session_factory
    from app.security import encode_token, generate_api_key, hash_api_key
    from app.users.models import AuthSession

    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            bottom = await session.scalar(
                select(BadgeTotal.user_id).order_by(BadgeTotal.total, BadgeTotal.reached_at.desc(),
                                                    BadgeTotal.user_id.desc()).limit(1))
            key = generate_api_key()
            session.add(ApiKey(name="bench", key_hash=hash_api_key(key), prefix=key[:8],
                               rate_limit_capacity=datasets.BENCH_KEY_CAPACITY,
                               rate_limit_restore_rate=float(datasets.BENCH_KEY_CAPACITY)))
            token, claims = encode_token(bottom, secret_key, 24 * 3600)
            session.add(AuthSession(jti=claims.jti, user_id=bottom, created_at=datetime.now(UTC),
                                    expires_at=claims.expires_at))
            await session.commit()
    finally:
        await engine.dispose()
    return key, token


def run_leaderboard(args, tmp: Path, available: set[str], results: dict) -> None:
    name = "BadgeLeaderboard"
    if args.only and name not in args.only:
        return
    sizes = [1000, 100_000] + ([1_000_000] if args.leaderboard_1m else [])
    print(f"\n== {name} over HTTP (limit 10 + the current user at the bottom; concurrency "
          f"{args.leaderboard_concurrency}, {args.leaderboard_seconds:.0f} s per size)")
    if name not in available:
        print(fmt_row(name, None, "skipped (operation not in schema)"))
        results[name] = {"skipped": "operation not in schema"}
        return
    try:
        from bench import leaderboard as builder
        build = builder._build  # bench/leaderboard.py's data set (users, badge_totals, histogram)
    except (ImportError, AttributeError):
        print(fmt_row(name, None, "pending (bench/leaderboard.py's data builder is not available)"))
        results[name] = {"skipped": "pending: no data builder"}
        return
    print(HEADER)
    per_size: dict[int, Measured] = {}
    import secrets as _secrets

    for size in sizes:
        path = tmp / f"leaderboard-{size}.db"
        if args.database == "postgresql":
            db_name = f"bench_lb_{size}_{_secrets.token_hex(4)}"
            url = asyncio.run(datasets.create_postgres_database(args.postgres_url, db_name))
        else:
            url = f"sqlite+aiosqlite:///{path}"
        try:
            t0 = time.perf_counter()
            asyncio.run(build(url, size))
            secret_key = _secrets.token_urlsafe(48)
            key, token = asyncio.run(_leaderboard_access(url, secret_key))
            built = time.perf_counter() - t0
            headers = {"authorization": f"Bearer {key}", "authtoken": token}
            body = {"query": documents.BADGE_LEADERBOARD, "operationName": name}
            with api_server(url, secret_key, tmp / "api-leaderboard.log", workers=args.workers) as api:
                status, answer = api.post(GRAPHQL, body, headers)
                board = (answer.get("data") or {}).get(name) or {}
                if status != 200 or answer.get("errors") or len(board.get("leaders") or []) != 10:
                    print(fmt_row(f"{size:,} learners", None, f"FAILED: HTTP {status} {str(answer)[:300]}"))
                    results[name] = {"error": str(answer)[:300]}
                    return
                spec = {**load_spec(api, body, headers, args, '"currentUserPosition":{'),
                        "concurrency": args.leaderboard_concurrency, "seconds": args.leaderboard_seconds}
                m = Measured.median_of([measure(api, spec)])
        finally:
            if args.database == "postgresql":
                asyncio.run(datasets.drop_postgres_database(args.postgres_url, db_name))
            else:
                path.unlink(missing_ok=True)
        per_size[size] = m
        print(fmt_row(f"{size:,} learners (data set built in {built:.0f} s)", m))
    small, large = min(per_size), max(per_size)
    ratio = per_size[large].p50_ms / per_size[small].p50_ms
    verdict = "met" if ratio <= 3 else "NOT met"
    print(f"  {f'  p50 at {large:,} / p50 at {small:,}':<40} {ratio:9.2f}  (target <= 3: {verdict})")
    results[name] = {"sizes": {str(s): m.__dict__ for s, m in per_size.items()}, "ratio": ratio, "met": ratio <= 3}


# ---- main ---------------------------------------------------------------------------------------------

def machine(args) -> str:
    import os

    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    node = node_version()
    text = (f"{os.cpu_count()} CPU(s), {model}, Python {platform.python_version()}, "
            f"Node {'.'.join(map(str, node)) if node else 'absent'}, {platform.system()}")
    if args.database == "postgresql":
        try:
            import asyncpg  # noqa: F401
            version = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
            text += f", {version or 'PostgreSQL'}"
        except Exception:  # noqa: BLE001
            pass
    else:
        import sqlite3

        text += f", SQLite {sqlite3.sqlite_version} (Python)"
    return text


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="a run of about one to two minutes")
    p.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--postgres-url", default=DEFAULT_POSTGRES,
                   help=f"an existing database on the PostgreSQL server to use (default {DEFAULT_POSTGRES}); "
                        "the data sets are created beside it and dropped at the end")
    p.add_argument("--workers", type=int, default=1, help="worker processes of each server (default 1)")
    p.add_argument("--baseline", action="store_true",
                   help="also measure bench/baseline.py (the API with strawberry's stock execution)")
    p.add_argument("--no-peer", action="store_true", help="leave the graphql-js peer out")
    p.add_argument("--learners", type=int, help="learners in the data set (default 10000; --quick 2000)")
    p.add_argument("--seconds", type=float, help="length of one measuring round (default 5; --quick 2)")
    p.add_argument("--rounds", type=int, help="rounds per scenario, servers alternating (default 3; --quick 1)")
    p.add_argument("--requests", type=int, default=100_000, help="at most this many requests per round")
    p.add_argument("--warmup", type=int, default=16, help="responses not counted at the start of a round")
    p.add_argument("--concurrency", type=int, default=8, help="keep-alive connections of the load generator")
    p.add_argument("--batch", type=int, default=1000, help="learners per CreateLearners request")
    p.add_argument("--create-iterations", type=int, help="CreateLearners requests (default 9; --quick 3)")
    p.add_argument("--leaderboard-1m", action="store_true",
                   help="also BadgeLeaderboard at 1M learners (building that data set takes a few minutes)")
    p.add_argument("--leaderboard-seconds", type=float, help="measuring time per leaderboard size (default 5; --quick 2)")
    p.add_argument("--leaderboard-concurrency", type=int, default=1)
    p.add_argument("--only", help="comma-separated scenario names: CurrentUser8, CurrentUser, UserContentItems, "
                                  "UserCertificates, Batch10, CreateLearners, BadgeLeaderboard")
    p.add_argument("--json", type=Path, help="also write the results to this file")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (database, server logs)")
    args = p.parse_args(argv)
    quick = args.quick
    args.learners = args.learners or (2000 if quick else 10_000)
    args.seconds = args.seconds or (2.0 if quick else 5.0)
    args.rounds = args.rounds or (1 if quick else 3)
    args.create_iterations = args.create_iterations or (3 if quick else 9)
    args.leaderboard_seconds = args.leaderboard_seconds or (2.0 if quick else 5.0)
    args.only = set(args.only.split(",")) if args.only else None
    return args


def _check_setup(args) -> None:
    if args.workers > 1 and api_workers_support() is None:
        raise SystemExit("--workers: this API has no `python -m app serve --workers` (nor app.asgi:create_app) yet; "
                         "run without --workers")
    if not args.no_peer:
        version = node_version()
        if version is None or version < (20,):
            raise SystemExit("The graphql-js peer needs Node 20 or later on PATH (or pass --no-peer)")
        from bench import peer_schema

        if peer_schema.main(["--check"]) != 0:
            print("warning: bench/peer/schema.graphql differs from schema.graphql's subset", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    _check_setup(args)
    started = time.perf_counter()
    results: dict = {"machine": machine(args), "args": {k: (sorted(v) if isinstance(v, set) else str(v)
                                                             if isinstance(v, Path) else v)
                                                         for k, v in vars(args).items()}}
    print(f"Machine: {results['machine']}")
    tmp = Path(tempfile.mkdtemp(prefix="learner-bench-"))
    data = None
    try:
        if not args.no_peer:
            try:
                ensure_peer_installed(tmp / "npm.log")
            except RuntimeError as err:
                print(f"warning: the graphql-js peer is left out: {err}", file=sys.stderr)
                args.no_peer = True
        t0 = time.perf_counter()
        data = datasets.build(tmp / "bench.db", learners=args.learners,
                              postgres=args.postgres_url if args.database == "postgresql" else None)
        if args.keep:
            (tmp / "dataset.json").write_text(json.dumps({k: str(v) for k, v in vars(data).items()}, indent=1))
        where = data.path if data.path else data.url.rsplit("/", 1)[-1]
        print(f"Data set: {args.learners:,} learners, {datasets.CONTENT_ITEMS} content items, certificates and "
              f"enrolments on {args.database}, built in {time.perf_counter() - t0:.1f} s ({where})")
        with contextlib.ExitStack() as stack:
            servers = {"api": stack.enter_context(api_server(data.url, data.secret_key, tmp / "api.log",
                                                             workers=args.workers))}
            if not args.no_peer:
                try:
                    servers["peer"] = stack.enter_context(peer_server(data.plain_url, data.secret_key,
                                                                      tmp / "peer.log", workers=args.workers))
                except RuntimeError as err:
                    print(f"warning: the graphql-js peer is left out: {err}", file=sys.stderr)
            servers["floor"] = stack.enter_context(floor_server(data.plain_url, data.secret_key, tmp / "floor.log",
                                                                workers=args.workers))
            if args.baseline:
                servers["baseline"] = stack.enter_context(baseline_server(data.url, data.secret_key,
                                                                          tmp / "baseline.log"))
            available = root_fields(servers["api"], headers_for(data, "none"))
            print(", ".join(f"{name} pid {s.pid} port {s.port}" for name, s in servers.items())
                  + (f"; {args.workers} worker processes each" if args.workers > 1 else ""))
            run_reads(args, data, servers, available, results)
            run_create_learners(args, data, servers["api"], available, results)
        run_leaderboard(args, tmp, available, results)
    finally:
        if data is not None and not args.keep:
            data.drop()
        if args.keep:
            print(f"\nKept {tmp}" + (f" and database {data.url}" if data is not None and data.path is None else ""))
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nTotal time {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
