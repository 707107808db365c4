"""Export the catalog document, streamed: each section is read in key order, a batch at a time.

References are written as the referenced entity's key (slug, sku, label …), never as our ids.
Members that are null and lists that are empty are left out (an import leaves what a document
leaves out untouched, and an empty store's defaults are the same).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator

import orjson
from pydantic.alias_generators import to_camel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog import entities as E
from app.catalog.document import FORMAT, VERSION, Appearance, Translations
from app.company.models import AppearanceSettings, Company, Translation
from app.content.parts import Milestone

BATCH = 500
APPEARANCE_COLUMNS = tuple(Appearance.model_fields)


def _dump(model) -> dict:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def _compact(value: dict) -> dict:
    return {k: v for k, v in value.items() if v is not None and v != []}


class CatalogExport:
    def __init__(self, session: AsyncSession):
        self.session = session
        self.names: E.Names = {}
        self.company_appearance: str | None = None

    async def _load_names(self) -> None:
        for target, column in E.TARGETS.items():
            rows = await self.session.execute(select(column.class_.id, column))
            self.names[target] = {id_: key for id_, key in rows}
        self.names["milestone"] = dict((await self.session.execute(select(Milestone.id, Milestone.name))).all())
        self.company_appearance = await self.session.scalar(
            select(Company.appearance_id).order_by(Company.created_at).limit(1))

    async def chunks(self) -> AsyncIterator[bytes]:
        await self._load_names()
        yield orjson.dumps({"format": FORMAT, "version": VERSION})[:-1]
        for name, entity in E.SECTIONS:
            alias = to_camel(name).encode()
            if name == "company":
                rows = await self._rows(entity, after=None)
                if rows:
                    yield b',\n"company": ' + orjson.dumps((await self._entries(entity, rows[:1]))[0])
                continue
            yield b',\n"' + alias + b'": ['
            first = True
            async for entry in (self._translations() if entity is None else self._section(entity)):
                yield (b"\n  " if first else b",\n  ") + orjson.dumps(entry)
                first = False
            yield b"]" if first else b"\n]"
        yield b"\n}\n"

    async def _section(self, entity: E.Entity) -> AsyncIterator[dict]:
        after = None
        while True:
            rows = await self._rows(entity, after)
            if not rows:
                return
            for entry in await self._entries(entity, rows):
                yield entry
            after = rows[-1]._mapping[entity.key]

    async def _rows(self, entity: E.Entity, after, where=None) -> list:
        table = entity.model.__table__
        key = table.c[entity.key]
        query = select(table).order_by(key)
        if entity.export_where is not None:
            query = query.where(entity.export_where())
        if where is not None:
            query = query.where(where)
        else:
            query = query.limit(BATCH)
        if after is not None:
            query = query.where(key > after)
        return list(await self.session.execute(query))

    async def _entries(self, entity: E.Entity, rows: list) -> list[dict]:
        ids = [row.id for row in rows]
        children: list[tuple[E.Children, dict[str, list]]] = []
        for c in entity.children:
            if c.export is None:
                continue
            table = c.model.__table__
            grouped = defaultdict(list)
            for child in await self.session.execute(select(table).where(table.c[c.parent].in_(ids))):
                grouped[child._mapping[c.parent]].append(child)
            if c.sub is not None:  # each row with its own rows: (row, [sub rows])
                grouped = await self._with_sub(c.sub, grouped)
            children.append((c, grouped))
        nested: dict[str, dict[str, list]] = {}
        for n in entity.nested:
            sub_rows = await self._rows(n.entity, None, where=n.entity.model.__table__.c[n.parent_column].in_(ids))
            grouped = defaultdict(list)
            for sub_row, entry in zip(sub_rows, await self._entries(n.entity, sub_rows) if sub_rows else []):
                grouped[sub_row._mapping[n.parent_column]].append(entry)
            nested[n.field] = grouped
        appearances = await self._appearances(rows) if entity.owns_appearance else {}
        entries = []
        for row in rows:
            m = row._mapping
            value = {c: m[c] for c in entity.columns}
            for field, ref in entity.refs.items():
                value[field] = self.names[ref.target].get(m[ref.column])
            for column, members in entity.json_refs.items():
                value[column] = self._json_keys(value[column], members)
            for c, grouped in children:
                value[c.field] = c.export(grouped.get(row.id, []), self.names)
            for field, grouped in nested.items():
                value[field] = grouped.get(row.id, [])
            if entity is not E.COMPANY and m.get("appearance_id") and m["appearance_id"] == self.company_appearance:
                value["appearance"] = "company"
            elif m.get("appearance_id") in appearances:
                value["appearance"] = appearances[m["appearance_id"]]
            entries.append(_compact(_dump(entity.schema.model_validate(_compact(value)))))
        return entries

    async def _with_sub(self, sub: E.Children, grouped: dict[str, list]) -> dict[str, list]:
        table = sub.model.__table__
        ids = [row.id for rows in grouped.values() for row in rows]
        found = defaultdict(list)
        for row in await self.session.execute(select(table).where(table.c[sub.parent].in_(ids))):
            found[row._mapping[sub.parent]].append(row)
        return {owner: [(row, found.get(row.id, [])) for row in rows] for owner, rows in grouped.items()}

    def _json_keys(self, value, members):
        """A JSON column with the ids its members hold (E.Entity.json_refs) replaced by the keys."""
        for (outer, inner), target in members:
            part = value.get(outer) if isinstance(value, dict) else None
            if isinstance(part, dict) and part.get(inner) is not None:
                value = {**value, outer: {**part, inner: self.names[target].get(part[inner], part[inner])}}
        return value

    async def _appearances(self, rows) -> dict[str, dict]:
        ids = [row._mapping["appearance_id"] for row in rows if row._mapping["appearance_id"]]
        table = AppearanceSettings.__table__
        found = await self.session.execute(select(table).where(table.c.id.in_(ids)))
        return {r.id: _compact({c: r._mapping[c] for c in APPEARANCE_COLUMNS}) for r in found}

    async def _translations(self) -> AsyncIterator[dict]:
        pairs = (await self.session.execute(
            select(Translation.namespace, Translation.lang).distinct().order_by(Translation.namespace, Translation.lang)
        )).all()
        for namespace, lang in pairs:
            strings = dict((await self.session.execute(
                select(Translation.key, Translation.value).where(Translation.namespace == namespace,
                                                                 Translation.lang == lang).order_by(Translation.key)
            )).all())
            yield _dump(Translations(namespace=namespace, lang=lang, strings=strings))


def export_catalog(session: AsyncSession) -> AsyncIterator[bytes]:
    """The catalog document as chunks of UTF-8 JSON."""
    return CatalogExport(session).chunks()
