"""scripts/bench: throughput and latency of the API's heaviest reads and writes, with the floor beside them.

    scripts/bench                    # default run (about 3-4 minutes)
    scripts/bench --quick            # about 1 minute: smaller data set, shorter rounds
    scripts/bench --leaderboard-1m   # also BadgeLeaderboard at 1M learners (building it takes minutes)
    scripts/bench --only CurrentUser,UserContentItems --seconds 10 --rounds 5

What happens:
1. A throw-away SQLite database is migrated and bulk-filled (bench/dataset.py).
2. The API is started as `python -m app serve` runs it (uvicorn + uvloop + httptools, one process),
   and beside it, each in its own process, the floor (bench/floor.py: Starlette, the same reads,
   authentication and JSON, no GraphQL) and the baseline (bench/baseline.py: the API with
   strawberry's stock execution, the "before" of docs/performance.md).
3. A separate load-generator process (bench/load.py) keeps `--concurrency` keep-alive connections
   busy for `--seconds` (or until `--requests` responses). The API and the floor are measured in
   alternating rounds, so that all see the same machine conditions; figures are medians of the rounds.
4. CreateLearners (1000 learners per request) is timed against one bulk INSERT of the same rows,
   and BadgeLeaderboard over HTTP at 1k and 100k (and 1M) learners on the data sets of
   bench/leaderboard.py.

Scenarios whose root field the running schema does not have are reported as skipped.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import dataset as datasets
from bench import documents
from bench.servers import Server, api_server, baseline_server, floor_server, run_load

GRAPHQL = "/graphql"


@dataclass
class Scenario:
    name: str  # the root field
    document: str
    token: str = "learner"  # learner | admin
    variables: dict | None = None
    floor_path: str | None = None
    floor_target: float | None = None  # our throughput / the floor's, at least
    check: str = ""  # what the response must contain


@dataclass
class Measured:
    rps: float
    p50_ms: float | None
    p99_ms: float | None
    ok: int
    failed: int
    cpu_ms: float | None = None  # server CPU time per request (all its threads)
    failures: list = field(default_factory=list)

    @classmethod
    def median_of(cls, rounds: list[dict]) -> "Measured":
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


def read_scenarios() -> list[Scenario]:
    return [
        Scenario("CurrentUser", documents.CURRENT_USER, floor_path="/floor/current-user", floor_target=0.5,
                 check='"email":"bench.learner@example.com"'),
        Scenario("UserContentItems", documents.USER_CONTENT_ITEMS, floor_path="/floor/content-items",
                 floor_target=0.33, check='"slug":"bench-item-099"'),
        Scenario("UserCertificates", documents.USER_CERTIFICATES, variables={"includeExpiredCertificates": False},
                 check='"certificateTemplate":{'),
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


def load_spec(server: Server, path: str, body: dict, headers: dict, args, check: str = "") -> dict:
    return {"host": "127.0.0.1", "port": server.port, "path": path, "headers": headers,
            "body": json.dumps(body), "concurrency": args.concurrency, "seconds": args.seconds,
            "requests": args.requests, "warmup": args.warmup, "expect": check}


def fmt_row(label: str, m: Measured | None, note: str = "") -> str:
    if m is None:
        return f"  {label:<44} {note}"
    p50 = f"{m.p50_ms:8.2f}" if m.p50_ms is not None else "       -"
    p99 = f"{m.p99_ms:8.2f}" if m.p99_ms is not None else "       -"
    cpu = f"{m.cpu_ms:8.2f}" if m.cpu_ms is not None else "       -"
    failed = f"  FAILED {m.failed}" if m.failed else ""
    return f"  {label:<44} {m.rps:9.1f} {p50} {p99} {cpu} {m.ok:8d}{failed}{('  ' + note) if note else ''}"


HEADER = f"  {'':<44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8} {'requests':>8}"


# ---- the read scenarios, with their floors ----------------------------------------------------------

def _ratio(ours: list[dict], theirs: list[dict]) -> float:
    """The median, over rounds measured back to back, of our req/s over theirs."""
    return statistics.median([a["rps"] / b["rps"] for a, b in zip(ours, theirs) if b["rps"]] or [0.0])


def run_reads(args, data, api: Server, baseline: Server, floor: Server, available: set[str], results: dict) -> None:
    print("\n== Reads (concurrency %d, %d round(s) of %.0f s, medians)" % (args.concurrency, args.rounds, args.seconds))
    print(HEADER)
    for sc in read_scenarios():
        if args.only and sc.name not in args.only:
            continue
        if sc.name not in available:
            print(fmt_row(sc.name, None, "skipped (operation not in schema)"))
            results[sc.name] = {"skipped": "operation not in schema"}
            continue
        headers = headers_for(data, sc.token)
        body = {"query": sc.document, "operationName": sc.name, "variables": sc.variables or {}}
        status, answer = api.post(GRAPHQL, body, headers)
        if status != 200 or answer.get("errors") or (sc.check and sc.check not in json.dumps(answer, separators=(",", ":"))):
            print(fmt_row(sc.name, None, f"FAILED before measuring: HTTP {status} {str(answer)[:300]}"))
            results[sc.name] = {"error": f"HTTP {status}: {str(answer)[:300]}"}
            continue
        floor_note = ""
        if sc.floor_path:
            _fs, floor_answer = floor.post(sc.floor_path, {}, headers)
            if floor_answer.get("data") != answer.get("data"):
                floor_note = "floor JSON DIFFERS from the API's (see --verbose)"
                if args.verbose:
                    print(json.dumps(floor_answer, indent=1)[:3000], json.dumps(answer, indent=1)[:3000])
        api_rounds, baseline_rounds, floor_rounds = [], [], []
        for _ in range(args.rounds):
            api_rounds.append(measure(api, load_spec(api, GRAPHQL, body, headers, args, sc.check)))
            if sc.floor_path:
                baseline_rounds.append(measure(baseline, load_spec(baseline, GRAPHQL, body, headers, args, sc.check)))
                floor_rounds.append(measure(floor, load_spec(floor, sc.floor_path, {}, headers, args, sc.check)))
        ours = Measured.median_of(api_rounds)
        entry = {"api": ours.__dict__}
        print(fmt_row(sc.name, ours))
        for f in ours.failures:
            print(f"      failure: {f}")
        if sc.floor_path:
            before, base = Measured.median_of(baseline_rounds), Measured.median_of(floor_rounds)
            for f in before.failures + base.failures:
                print(f"      failure: {f}")
            ratio, before_ratio = _ratio(api_rounds, floor_rounds), _ratio(baseline_rounds, floor_rounds)
            cpu_ratio = base.cpu_ms / ours.cpu_ms if base.cpu_ms and ours.cpu_ms else None
            verdict = "met" if ratio >= sc.floor_target else "NOT met"
            print(fmt_row("  baseline (stock strawberry execution)", before))
            print(fmt_row("  floor (Starlette, same reads/auth/JSON)", base, floor_note))
            print(f"  {'  ratio to the floor (req/s)':<44} {ratio:9.2f}  (target >= {sc.floor_target}: {verdict})")
            print(f"  {'  baseline ratio to the floor (req/s)':<44} {before_ratio:9.2f}")
            if cpu_ratio is not None:
                print(f"  {'  ratio to the floor (CPU per request)':<44} {cpu_ratio:9.2f}")
            entry.update(baseline=before.__dict__, floor=base.__dict__, ratio=ratio, baseline_ratio=before_ratio,
                         cpu_ratio=cpu_ratio, target=sc.floor_target, met=ratio >= sc.floor_target,
                         floor_json_matches=not floor_note)
        results[sc.name] = entry


# ---- CreateLearners against one bulk INSERT ---------------------------------------------------------

def _bulk_rows(batch: int, count: int) -> list[dict]:
    """The users rows CreateLearners writes for `documents.learner_inputs(batch, count)`."""
    from datetime import datetime, timezone

    from app.db import new_id

    now = datetime.now(timezone.utc)
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
    print(f"  {'CreateLearners over HTTP (median)':<44} {ours * 1000:9.1f} ms  (min {min(latencies) * 1000:.1f})")
    print(f"  {'one bulk INSERT of the same rows (median)':<44} {base * 1000:9.1f} ms  (min {min(bulk) * 1000:.1f})")
    print(f"  {'  ratio (median of the pairs)':<44} {ratio:9.2f}  (target <= 3: {verdict})")
    results[name] = {"api_ms": ours * 1000, "bulk_insert_ms": base * 1000, "ratio": ratio, "met": ratio <= 3,
                     "api_all_ms": [x * 1000 for x in latencies], "bulk_all_ms": [x * 1000 for x in bulk]}


# ---- BadgeLeaderboard at scale, on bench/leaderboard.py's data sets ---------------------------------

async def _leaderboard_access(url: str, secret_key: str) -> tuple[str, str]:
    """An API key and a login token of the learner at the bottom of the board, added to the data set."""
    from datetime import datetime, timezone

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
            session.add(AuthSession(jti=claims.jti, user_id=bottom, created_at=datetime.now(timezone.utc),
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
    per_size = {}
    import secrets as _secrets

    for size in sizes:
        path = tmp / f"leaderboard-{size}.db"
        url = f"sqlite+aiosqlite:///{path}"
        t0 = time.perf_counter()
        asyncio.run(build(url, size))
        secret_key = _secrets.token_urlsafe(48)
        key, token = asyncio.run(_leaderboard_access(url, secret_key))
        built = time.perf_counter() - t0
        headers = {"authorization": f"Bearer {key}", "authtoken": token}
        body = {"query": documents.BADGE_LEADERBOARD, "operationName": name}
        with api_server(url, secret_key, tmp / "api.log") as api:
            status, answer = api.post(GRAPHQL, body, headers)
            board = (answer.get("data") or {}).get(name) or {}
            if status != 200 or answer.get("errors") or len(board.get("leaders") or []) != 10:
                print(fmt_row(f"{size:,} learners", None, f"FAILED: HTTP {status} {str(answer)[:300]}"))
                results[name] = {"error": str(answer)[:300]}
                return
            spec = {**load_spec(api, GRAPHQL, body, headers, args, '"currentUserPosition":{'),
                    "concurrency": args.leaderboard_concurrency, "seconds": args.leaderboard_seconds}
            m = Measured.median_of([measure(api, spec)])
        per_size[size] = m
        print(fmt_row(f"{size:,} learners (data set built in {built:.0f} s)", m))
        path.unlink(missing_ok=True)
    small, large = min(per_size), max(per_size)
    ratio = per_size[large].p50_ms / per_size[small].p50_ms
    verdict = "met" if ratio <= 3 else "NOT met"
    print(f"  {f'  p50 at {large:,} / p50 at {small:,}':<44} {ratio:9.2f}  (target <= 3: {verdict})")
    results[name] = {"sizes": {str(s): m.__dict__ for s, m in per_size.items()}, "ratio": ratio, "met": ratio <= 3}


# ---- main ---------------------------------------------------------------------------------------------

def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{os.cpu_count()} CPU(s), {model}, Python {platform.python_version()}, {platform.system()}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="scripts/bench", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="a run of about one minute")
    p.add_argument("--learners", type=int, help="learners in the data set (default 10000; --quick 2000)")
    p.add_argument("--seconds", type=float, help="length of one measuring round (default 8; --quick 3)")
    p.add_argument("--rounds", type=int, help="rounds per scenario, API and floor alternating (default 3; --quick 1)")
    p.add_argument("--requests", type=int, default=100_000, help="at most this many requests per round")
    p.add_argument("--warmup", type=int, default=16, help="responses not counted at the start of a round")
    p.add_argument("--concurrency", type=int, default=8, help="keep-alive connections of the load generator")
    p.add_argument("--batch", type=int, default=1000, help="learners per CreateLearners request")
    p.add_argument("--create-iterations", type=int, help="CreateLearners requests (default 9; --quick 3)")
    p.add_argument("--leaderboard-1m", action="store_true",
                   help="also BadgeLeaderboard at 1M learners (building that data set takes a few minutes)")
    p.add_argument("--leaderboard-seconds", type=float, help="measuring time per leaderboard size (default 6; --quick 3)")
    p.add_argument("--leaderboard-concurrency", type=int, default=1)
    p.add_argument("--only", help="comma-separated scenario names")
    p.add_argument("--json", type=Path, help="also write the results to this file")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory (database, server logs)")
    p.add_argument("--verbose", action="store_true")
    args = p.parse_args(argv)
    quick = args.quick
    args.learners = args.learners or (2000 if quick else 10_000)
    args.seconds = args.seconds or (3.0 if quick else 8.0)
    args.rounds = args.rounds or (1 if quick else 3)
    args.create_iterations = args.create_iterations or (3 if quick else 9)
    args.leaderboard_seconds = args.leaderboard_seconds or (3.0 if quick else 6.0)
    args.only = set(args.only.split(",")) if args.only else None
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    results: dict = {"machine": machine(), "args": {k: (sorted(v) if isinstance(v, set) else str(v) if isinstance(v, Path) else v)
                                                      for k, v in vars(args).items()}}
    print(f"Machine: {results['machine']}")
    tmp = Path(tempfile.mkdtemp(prefix="learner-bench-"))
    try:
        t0 = time.perf_counter()
        data = datasets.build(tmp / "bench.db", learners=args.learners)
        if args.keep:
            (tmp / "dataset.json").write_text(json.dumps({k: str(v) for k, v in vars(data).items()}, indent=1))
        print(f"Data set: {args.learners:,} learners, {datasets.CONTENT_ITEMS} content items, certificates and "
              f"enrolments, built in {time.perf_counter() - t0:.1f} s ({tmp / 'bench.db'})")
        with api_server(data.url, data.secret_key, tmp / "api.log") as api, \
                baseline_server(data.url, data.secret_key, tmp / "baseline.log") as baseline, \
                floor_server(data.url, data.secret_key, tmp / "floor.log") as floor:
            available = root_fields(api, headers_for(data, "none"))
            print(f"API pid {api.pid}, baseline pid {baseline.pid}, floor pid {floor.pid}")
            run_reads(args, data, api, baseline, floor, available, results)
            run_create_learners(args, data, api, available, results)
        run_leaderboard(args, tmp, available, results)
    finally:
        if args.keep:
            print(f"\nKept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nTotal time {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
