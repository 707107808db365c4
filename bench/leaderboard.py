"""Benchmark of BadgeLeaderboard's read path (app.awards.queries.leaderboard): not a test.

For each size (1k, 100k, 1M learners with badge totals) it builds a throw-away database with the
real migrations, bulk-fills users, badge_totals and badge_total_histogram in SQL (the histogram
is computed from the totals, so the two are in step as record_earned_badge keeps them), then
times the leaderboard service (top 10 plus a current user near the bottom) and, for contrast,
the O(rank) alternative (counting every learner above that user). It prints p50/p99 per size
and the ratio p50(1M)/p50(1k) (target: within 3x).

    scripts/bench-leaderboard                      # SQLite
    BENCH_POSTGRES_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/postgres scripts/bench-leaderboard
    scripts/bench-leaderboard --sizes 1000,100000 --iterations 200
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.engine import make_url

import app.models  # noqa: F401  (every table)
from app.awards import queries
from app.awards.models import AwardType, BadgeTotal
from app.company.models import Company
from app.db import UTCDateTime, create_engine, session_factory
from app.migrate import upgrade

AWARD_TYPE = "bench-award-type"
BADGES = 50  # totals range over 1..49: the histogram has at most 50 rows per award type
BASE = datetime(2025, 1, 1, tzinfo=UTC)


def _fill_statements(dialect: str, learners: int) -> list:
    ts = bindparam("ts", value=BASE, type_=UTCDateTime())
    if dialect == "postgresql":
        seq = "FROM generate_series(CAST(1 AS BIGINT), CAST(:n AS BIGINT)) AS s(n)"
        reached = "CAST(:ts AS timestamptz) + (n % 100000) * interval '1 second'"
    else:
        seq = "FROM (WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < :n) SELECT n FROM s)"
        reached = "datetime(:ts, '+' || (n % 100000) || ' seconds')"
    users = text(
        "INSERT INTO users (id, email, role_key, disabled, email_verified, balance_cents, two_factor_enabled, "
        "should_highlight, created_at, updated_at) "
        f"SELECT 'bench-' || n, 'bench-' || n || '@bench.example', 'learner', false, true, 0, false, false, :ts, :ts {seq}"
    ).bindparams(ts, n=learners)
    # A skewed distribution: many learners with few badges, few with many; every 10th has none.
    totals = text(
        "INSERT INTO badge_totals (award_type_id, user_id, total, reached_at) "
        f"SELECT :award_type, 'bench-' || n, 1 + ((n * 7919) % 1000) * ((n * 104729) % 1000) / 20409, {reached} "
        f"{seq} WHERE n % 10 <> 0"
    ).bindparams(ts, n=learners, award_type=AWARD_TYPE)
    histogram = text(
        "INSERT INTO badge_total_histogram (award_type_id, total, learners) "
        "SELECT award_type_id, total, COUNT(*) FROM badge_totals WHERE total > 0 GROUP BY award_type_id, total"
    )
    return [users, totals, histogram]


async def _build(url: str, learners: int) -> float:
    started = time.perf_counter()
    engine = create_engine(url)
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session:
            session.add(AwardType(id=AWARD_TYPE, label="Badge", plural_label="Badges", icon="star"))
            await session.flush()
            session.add(Company(id="bench-company", name="Bench", subdomain="bench", leaderboard_award_type_id=AWARD_TYPE))
            await session.commit()
        async with engine.begin() as conn:
            for stmt in _fill_statements(conn.dialect.name, learners):
                await conn.execute(stmt)
            await conn.execute(text("ANALYZE"))
    finally:
        await engine.dispose()
    return time.perf_counter() - started


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def _measure(url: str, iterations: int, naive_iterations: int) -> dict:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            # A learner near the bottom: the lowest total, reached last.
            bottom = await session.scalar(
                select(BadgeTotal.user_id).where(BadgeTotal.award_type_id == AWARD_TYPE)
                .order_by(BadgeTotal.total, BadgeTotal.reached_at.desc(), BadgeTotal.user_id.desc()).limit(1)
            )
            board = await queries.leaderboard(session, limit=10, user_id=bottom)
            assert len(board.leaders) == 10 and board.current_user_position is not None
            position = board.current_user_position
            await session.rollback()

            for _ in range(max(5, iterations // 10)):  # warm-up
                await queries.leaderboard(session, limit=10, user_id=bottom)
                await session.rollback()
            samples = []
            for _ in range(iterations):
                t = time.perf_counter()
                await queries.leaderboard(session, limit=10, user_id=bottom)
                samples.append(time.perf_counter() - t)
                await session.rollback()

            naive = []
            for _ in range(naive_iterations):
                t = time.perf_counter()
                await session.scalar(
                    select(func.count()).select_from(BadgeTotal)
                    .where(BadgeTotal.award_type_id == AWARD_TYPE, BadgeTotal.total > position.total)
                )
                naive.append(time.perf_counter() - t)
                await session.rollback()
    finally:
        await engine.dispose()
    return {
        "p50": statistics.median(samples), "p99": _percentile(samples, 0.99),
        "naive_p50": statistics.median(naive) if naive else float("nan"),
        "rank": position.rank, "total": position.total,
    }


async def _sqlite_url(tmp: str, learners: int) -> tuple[str, None]:
    return f"sqlite+aiosqlite:///{tmp}/bench-{learners}.db", None


async def _postgres_db(base: str, learners: int) -> tuple[str, str]:
    name = f"bench_lb_{learners}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(base).render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False), name


async def _drop_postgres_db(base: str, name: str) -> None:
    admin = create_engine(make_url(base).render_as_string(hide_password=False), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def run_backend(label: str, sizes: list[int], iterations: int, naive_iterations: int, pg_base: str | None):
    print(f"\n== {label}")
    print(f"{'learners':>10} {'build s':>8} {'p50 ms':>8} {'p99 ms':>8} {'O(rank) count p50 ms':>21}  bottom user")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            url, name = await (_postgres_db(pg_base, n) if pg_base else _sqlite_url(tmp, n))
            try:
                build = await _build(url, n)
                r = await _measure(url, iterations, naive_iterations)
            finally:
                if name:
                    await _drop_postgres_db(pg_base, name)
                elif os.path.exists(f"{tmp}/bench-{n}.db"):
                    os.remove(f"{tmp}/bench-{n}.db")
            results[n] = r
            print(f"{n:>10} {build:>8.1f} {r['p50'] * 1e3:>8.3f} {r['p99'] * 1e3:>8.3f} "
                  f"{r['naive_p50'] * 1e3:>21.3f}  rank {r['rank']} (total {r['total']})", flush=True)
    small, large = min(sizes), max(sizes)
    ratio = results[large]["p50"] / results[small]["p50"]
    verdict = "within" if ratio <= 3 else "OUTSIDE"
    print(f"p50({large:,})/p50({small:,}) = {ratio:.2f}x ({verdict} the 3x target)")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--naive-iterations", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    async def run():
        await run_backend("SQLite", sizes, args.iterations, args.naive_iterations, None)
        pg = os.environ.get("BENCH_POSTGRES_URL")
        if pg:
            await run_backend(f"PostgreSQL ({make_url(pg).host})", sizes, args.iterations, args.naive_iterations, pg)

    asyncio.run(run())


if __name__ == "__main__":
    main()
