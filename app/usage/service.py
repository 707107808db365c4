"""Record API points in the usage ledger, and read it back for administrators."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.apikeys.models import ApiKey
from app.db import new_id, utcnow
from app.errors import bad_input
from app.usage.models import ApiUsage


@dataclass(frozen=True)
class UsageEntry:
    operation: str
    points: int = 0
    calls: int = 0
    refused: int = 0


@dataclass(frozen=True)
class UsageRow:
    day: date
    api_key_id: str
    api_key_name: str
    operation: str
    points: int
    calls: int
    refused: int


def today() -> date:
    return utcnow().date()


@dataclass(frozen=True)
class UsageCount:
    """The ledger's increments for one (API key, day, operation) row."""

    api_key_id: str
    day: date
    operation: str
    points: int = 0
    calls: int = 0
    refused: int = 0


async def record_usage(session: AsyncSession, *, api_key_id: str, entries: list[UsageEntry],
                       day: date | None = None) -> None:
    """Add the entries to the key's rows of `day` (today, UTC)."""
    day = day or today()
    await add_counts(session, [UsageCount(api_key_id, day, e.operation, e.points, e.calls, e.refused)
                               for e in entries])


async def add_counts(session: AsyncSession, counts: list[UsageCount]) -> None:
    """Add the counts to their rows: one INSERT … ON CONFLICT DO UPDATE for all of them."""
    merged: dict[tuple[str, date, str], list[int]] = {}
    for c in counts:
        total = merged.setdefault((c.api_key_id, c.day, c.operation), [0, 0, 0])
        total[0] += c.points
        total[1] += c.calls
        total[2] += c.refused
    if not merged:
        return
    insert = pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(ApiUsage).values([
        {"id": new_id(), "api_key_id": key_id, "day": day, "operation": operation,
         "points": points, "calls": calls, "refused": refused}
        for (key_id, day, operation), (points, calls, refused) in sorted(merged.items())  # one lock order
    ])
    stmt = stmt.on_conflict_do_update(
        index_elements=[ApiUsage.api_key_id, ApiUsage.day, ApiUsage.operation],
        set_={
            "points": ApiUsage.points + stmt.excluded.points,
            "calls": ApiUsage.calls + stmt.excluded.calls,
            "refused": ApiUsage.refused + stmt.excluded.refused,
        },
    )
    await session.execute(stmt)
    await session.flush()


MAX_REPORT_DAYS = 3660  # ten years: any longer reaches back before the ledger (and past date's range)


def usage_query(*, days: int, key_name: str | None = None, until: date | None = None) -> Select:
    """Rows of the last `days` days (today included), newest day first, then key name and operation."""
    if not 1 <= days <= MAX_REPORT_DAYS:
        raise bad_input(f"`days` must be between 1 and {MAX_REPORT_DAYS}", "days")
    until = until or today()
    stmt = (
        select(ApiUsage.day, ApiUsage.api_key_id, ApiKey.name, ApiUsage.operation, ApiUsage.points,
               ApiUsage.calls, ApiUsage.refused)
        .join(ApiKey, ApiKey.id == ApiUsage.api_key_id)
        .where(ApiUsage.day > until - timedelta(days=days), ApiUsage.day <= until)
        .order_by(ApiUsage.day.desc(), ApiKey.name, ApiUsage.operation)
    )
    if key_name is not None:
        stmt = stmt.where(ApiKey.name == key_name)
    return stmt


async def usage_report(session: AsyncSession, *, days: int = 30, key_name: str | None = None,
                       until: date | None = None) -> list[UsageRow]:
    rows = (await session.execute(usage_query(days=days, key_name=key_name, until=until))).all()
    return [UsageRow(*row) for row in rows]


async def total_points(session: AsyncSession, *, api_key_id: str) -> int:
    return int(await session.scalar(
        select(func.coalesce(func.sum(ApiUsage.points), 0)).where(ApiUsage.api_key_id == api_key_id)))
