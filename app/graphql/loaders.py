"""Generic per-request DataLoaders: each batch is one `WHERE … IN (…)` query.

Results come back in key order, so the number of SQL statements of a request does
not grow with the length of the lists it returns.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import Select, func, select
from strawberry.dataloader import DataLoader

from app.db import Record
from app.graphql.context import Context
from app.hot_reads import HotQuery


def by_id(ctx: Context, model) -> DataLoader:
    """id -> row (or None)."""

    async def load(ids: list[str]):
        async with ctx.db.read() as session:
            rows = (await session.scalars(select(model).where(model.id.in_(ids)))).all()
        found = {row.id: row for row in rows}
        return [found.get(i) for i in ids]

    return ctx.loader(("by_id", model), load)


def grouped(ctx: Context, name: str, build: Callable[[list[Any]], Select]) -> DataLoader:
    """key -> list of values; `build(keys)` selects (key, value) rows in the wanted order."""

    async def load(keys: list[Any]):
        async with ctx.db.read() as session:
            rows = (await session.execute(build(keys))).all()
        groups: dict[Any, list] = defaultdict(list)
        for key, value in rows:
            groups[key].append(value)
        return [groups.get(k, []) for k in keys]

    return ctx.loader(("grouped", name), load)


def records(ctx: Context, query: HotQuery) -> DataLoader:
    """key -> list of Records; `query` selects the key, then the record's columns, in the wanted order, of
    the keys bound to `keys` (app.hot_reads.in_keys)."""
    return ctx.loader(("records", query), partial(_load_records, ctx, query))


async def _load_records(ctx: Context, query: HotQuery, keys: list[Any]) -> list[list[Record]]:
    key = query.statement.selected_columns[0].key
    groups: dict[Any, list] = defaultdict(list)
    for row in await ctx.db.rows(query, {"keys": keys}):
        groups[row[key]].append(Record(row))
    return [groups.get(k, []) for k in keys]


def children(ctx: Context, model, column, *order_by, name: str | None = None) -> DataLoader:
    """parent key -> rows of `model` whose `column` equals it."""
    return grouped(
        ctx,
        name or f"{model.__tablename__}.{column.key}",
        lambda keys: select(column, model).where(column.in_(keys)).order_by(*order_by),
    )


def counts(ctx: Context, name: str, build: Callable[[list[Any]], Select]) -> DataLoader:
    """key -> integer; `build(keys)` selects (key, count) rows, missing keys count 0."""

    async def load(keys: list[Any]):
        async with ctx.db.read() as session:
            rows = (await session.execute(build(keys))).all()
        found = {key: int(value or 0) for key, value in rows}
        return [found.get(k, 0) for k in keys]

    return ctx.loader(("counts", name), load)


def count_by(model, column, *where) -> Callable[[list[Any]], Select]:
    return lambda keys: (
        select(column, func.count()).where(column.in_(keys), *where).group_by(column)
    )
