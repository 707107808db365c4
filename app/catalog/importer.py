"""Import a catalog document: upsert every section by its keys, in one transaction, all or nothing.

Each entry is validated (pydantic), its references resolved by key, and compared with the stored
row: new rows are inserted, differing ones updated, equal ones left alone, so importing the same
document twice changes nothing the second time. Sections are written in batches (one SELECT of
the batch's stored rows, one INSERT, one UPDATE, and the same for child rows), so the statements
grow with the number of batches, and memory with the batch size and the key -> id maps.

Fields an entry leaves out keep their stored value (a new row gets the store's default); `null`
clears. A list (tags, sessions, licenses …) that is present replaces what is stored. Nothing is
deleted. Once a problem is found nothing more is written, but the rest of the document is still
checked, so one run reports every problem (up to MAX_PROBLEMS); the caller rolls back.
"""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import ijson
import orjson
from pydantic import ValidationError
from pydantic.alias_generators import to_camel
from sqlalchemy import BigInteger, Integer, delete, insert, select, update
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.catalog import entities as E
from app.catalog import problems as P
from app.catalog.document import Translations
from app.catalog.reader import CatalogSource
from app.company.models import AppearanceSettings, Company, Translation
from app.content.models import Tag
from app.content.parts import Milestone
from app.db import new_id as random_id

BATCH = 500
Progress = Callable[[str, int], None]  # (section, entries done in this step)
# The id of a row the import creates, given what it is (see import_catalog); default: a random one.
NewId = Callable[[str, Any], str]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Summary:
    sections: dict[str, Counts] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {name: vars(c) for name, c in self.sections.items()}

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.sections.values())


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def same(stored: Any, wanted: Any) -> bool:
    if isinstance(stored, datetime) and isinstance(wanted, datetime):
        return _utc(stored) == _utc(wanted)
    return stored == wanted


INT32 = range(-2**31, 2**31)
INT64 = range(-2**63, 2**63)
MAX_TEXT = 100_000  # characters of a text column without a length (descriptions, HTML), and of a JSON value
MAX_FLOAT = 1e15  # |x| of a floating-point column (amounts, balances, weights): sums stay finite and exact to 0.01


def unfit(column, value: Any) -> str | None:
    """Why the store cannot hold `value` in `column` (the document's schema allows it), or None."""
    kind = column.type
    if isinstance(value, str):
        length = getattr(kind, "length", None) or MAX_TEXT
        if len(value) > length:
            return f"at most {length} characters"
    elif isinstance(value, bool):
        return None
    elif isinstance(value, int) and isinstance(kind, Integer):
        if value not in (INT64 if isinstance(kind, BigInteger) else INT32):
            return f"out of range (a {64 if isinstance(kind, BigInteger) else 32}-bit integer)"
    elif isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > MAX_FLOAT:
            return f"out of range (at most {MAX_FLOAT:.0e} either way)"
    elif isinstance(value, list | dict) and len(orjson.dumps(value)) > MAX_TEXT:
        return f"at most {MAX_TEXT} bytes of JSON"
    return None


def _uniform(table, rows: list[dict]) -> list[dict]:
    """The rows with the same members where that changes nothing: a column some rows leave out and
    that has no default is NULL in them. Rows of one shape are one multi-row INSERT, not one each."""
    given = {c for row in rows for c in row}
    plain = [c for c in given if table.c[c].default is None and table.c[c].server_default is None
             and not table.c[c].type.should_evaluate_none]  # JSON: None would be JSON's null, not NULL
    return [{**dict.fromkeys(plain), **row} for row in rows]


async def _insert(session: AsyncSession, model, rows: list[dict]) -> None:
    # render_nulls: a None is written as NULL, not left out (rows of one shape are one statement).
    await session.execute(insert(model).execution_options(render_nulls=True), _uniform(model.__table__, rows))


def _sortable(value: Any) -> tuple:
    return (value is None, _utc(value) if isinstance(value, datetime) else value)


def _alias(schema, name: str) -> str:
    info = schema.model_fields.get(name)
    return info.alias if info is not None and info.alias else to_camel(name)


def _json_refs(value: Any, members, ref: E.Resolve, suffix: str) -> Any:
    """A JSON column with the keys its members hold (E.Entity.json_refs) replaced by the ids."""
    for (outer, inner), target in members:
        part = value.get(outer) if isinstance(value, dict) else None
        if isinstance(part, dict) and part.get(inner) is not None:
            value = {**value, outer: {**part, inner: ref(target, part[inner], f"{suffix}.{outer}.{inner}")}}
    return value


class CatalogImport:
    def __init__(self, session: AsyncSession, progress: Progress | None = None, new_id: NewId | None = None):
        self.session = session
        self.progress = progress or (lambda section, n: None)
        self.new_id = new_id or (lambda target, key: random_id())
        self.keys: dict[str, Any] = {}  # id -> key of the rows the document names (owners of child rows)
        self.problems: list[P.Problem] = []
        self.ids: dict[str, dict[Any, str]] = {}       # target -> key -> id, stored and imported
        self.seen: dict[str, set] = defaultdict(set)   # keys met in the document, per target
        self.new_tags: list[dict] = []
        self.deferred: list[tuple[str, E.Children, str, str, Any]] = []
        self.deferred_refs: list[tuple[str, E.Entity, str, str, Any, E.Ref, Any]] = []
        # per summary section: ids created / updated, entries seen
        self.created: dict[str, set[str]] = defaultdict(set)
        self.updated: dict[str, set[str]] = defaultdict(set)
        self.entries: dict[str, int] = defaultdict(int)
        self._company_id: str | None = None
        self.milestones_given: dict[str, set[str]] = {}  # path id -> the milestone names its entry lists
        self.stamps: dict[str, Any] = {}  # id -> the updated_at the document gives (kept by later updates)
        # What the store held when the run began, per target: a batch of keys it did not hold needs no
        # SELECT, and rows this run inserted have no stored children.
        self.stored_keys: dict[str, set] = {}
        self.inserted: set[str] = set()
        self.had_translations = True

    # ---- problems and references ---------------------------------------------------------------------

    @property
    def writing(self) -> bool:
        return not self.problems

    def problem(self, path: str, code: str, message: str) -> None:
        if len(self.problems) < P.MAX_PROBLEMS:
            self.problems.append(P.Problem(path, code, message))

    async def _load_keys(self) -> None:
        for target, column in E.TARGETS.items():
            rows = await self.session.execute(select(column, column.class_.id))
            self.ids[target] = {key: id_ for key, id_ in rows}
            self.stored_keys[target] = set(self.ids[target])
        self.had_translations = await self.session.scalar(select(Translation.id).limit(1)) is not None

    def resolver(self, path: str, owner: str | None = None) -> E.Resolve:
        def ref(target: str, key: Any, suffix: str) -> str | None:
            # A milestone's name is its key among the owning path's milestones only.
            found = self.ids[target].get((owner, key) if target == "milestone" else key)
            if found is None and target == "milestone" and key in self.milestones_given.get(owner, ()):
                found = ""  # not written because of other problems: the items are checked, not written
            if found is None and target == "tag":
                found = self.new_id("tag", key)
                self.ids["tag"][key] = found
                self.new_tags.append({"id": found, "label": key})
            if found is None:
                self.problem(path + suffix, P.UNKNOWN_REFERENCE, f"No {target} {key!r} in the document or the store")
            return found
        return ref

    # ---- the document --------------------------------------------------------------------------------

    async def run(self, source: CatalogSource) -> Summary:
        source.scan()
        for p in source.problems:
            self.problem(p.path, p.code, p.message)
        if self.problems:
            raise P.CatalogRejected(self.problems)
        await self._load_keys()
        try:
            for name, entity in E.SECTIONS:
                if name == "translations":
                    await self._translations(source)
                else:
                    await self._section(source, name, entity)
            await self._write_deferred()
            await self.session.flush()
        except (IntegrityError, DataError) as err:
            # A constraint the document cannot show (e.g. a unique column other than the key).
            self.problem("", P.CONFLICT, f"The store refused the catalog: {str(err.orig).splitlines()[0]}")
        except ijson.JSONError as err:
            self.problem("", P.INVALID_JSON, f"The document is not valid JSON: {str(err).splitlines()[0]}")
        if self.problems:
            raise P.CatalogRejected(self.problems)
        return self._summary()

    def _summary(self) -> Summary:
        summary = Summary()
        for name, seen in self.entries.items():
            created, updated = len(self.created[name]), len(self.updated[name] - self.created[name])
            summary.sections[to_camel(name)] = Counts(created, updated, seen - created - updated)
        return summary

    def _validated(self, name: str, schema, raw: Any, path: str):
        try:
            return schema.model_validate(raw, by_alias=True, by_name=False)  # the JSON names only
        except ValidationError as err:
            for e in err.errors():
                code = {"missing": P.REQUIRED, "extra_forbidden": P.UNKNOWN_FIELD}.get(e["type"], P.INVALID_VALUE)
                self.problem(P.json_path(path, e["loc"]), code, e["msg"])
            return None

    async def _section(self, source: CatalogSource, name: str, entity: E.Entity) -> None:
        alias = to_camel(name)
        batch: list[tuple[str, Any, dict]] = []
        read = 0
        for index, raw in enumerate(source.entries(name)):
            read += 1
            path = alias if name == "company" else f"{alias}[{index}]"
            item = self._validated(name, entity.schema, raw, path)
            if item is not None:
                batch.append((path, item, {}))
            if len(batch) >= BATCH:
                await self._upsert(name, entity, batch)
                self.progress(name, read)
                batch, read = [], 0
        if batch:
            await self._upsert(name, entity, batch)
        if read:
            self.progress(name, read)

    # ---- one batch of one entity ------------------------------------------------------------------------

    async def _upsert(self, name: str, entity: E.Entity, batch: list[tuple[str, Any, dict]]) -> None:
        model, table = entity.model, entity.model.__table__
        key_column = table.c[entity.key]
        keys = [entity.normalize_key(getattr(item, entity.key)) for _p, item, _x in batch]
        held = self.stored_keys[entity.name]
        if not held or not entity.singleton and held.isdisjoint(keys):
            stored = {}
        elif entity.singleton:  # the instance's one row, whatever its key
            found = (await self.session.execute(select(table).limit(1))).mappings().first()
            stored = {keys[0]: found} if found is not None else {}
        else:
            stored = {row[entity.key]: row for row in
                      (await self.session.execute(select(table).where(key_column.in_(keys)))).mappings()}
        inserts, updates, written = [], [], []
        for (path, item, extra), key in zip(batch, keys):
            self.entries[name] += 1
            if key in self.seen[entity.name]:
                self.problem(f"{path}.{_alias(entity.schema, entity.key)}", P.DUPLICATE_KEY,
                             f"{key!r} appears more than once")
                continue
            self.seen[entity.name].add(key)
            values = self._values(entity, item, path)
            values.update(entity.fixed, **extra)
            values[entity.key] = key
            row = stored.get(key)
            if row is None:
                id_ = key if entity.key == "id" else self.new_id(entity.name, key)
                inserts.append({"id": id_, **values})
                self.created[name].add(id_)
                self.inserted.add(id_)
            else:
                id_ = row["id"]
                if not all(same(row[c], v) for c, v in values.items()):
                    updates.append({"id": id_, **values})
                    self.updated[name].add(id_)
            self.ids[entity.name][key] = id_
            self.keys[id_] = key
            if values.get("updated_at") is not None:
                self.stamps[id_] = values["updated_at"]
            written.append((path, item, id_, row))
            for field_name, ref in entity.refs.items():
                if ref.deferred and field_name in item.model_fields_set:
                    self.deferred_refs.append((name, entity, f"{path}.{_alias(entity.schema, field_name)}", id_,
                                               row[ref.column] if row is not None else None, ref,
                                               getattr(item, field_name)))
        if self.writing:
            if inserts:
                await _insert(self.session, model, inserts)
            if updates:
                await self.session.execute(update(model), updates)
        if entity.owns_appearance:
            await self._appearances(name, entity, written)
        for children in entity.children:
            await self._children(name, entity, children, written)
        for nested in entity.nested:
            sub = [(f"{path}.{_alias(entity.schema, nested.field)}[{j}]", entry, {nested.parent_column: id_})
                   for path, item, id_, _row in written for j, entry in enumerate(getattr(item, nested.field) or ())]
            for start in range(0, len(sub), BATCH):
                await self._upsert(nested.field, nested.entity, sub[start:start + BATCH])

    def _values(self, entity: E.Entity, item, path: str) -> dict:
        given = item.model_fields_set
        table = entity.model.__table__
        values = {}
        for column in entity.columns:
            value = getattr(item, column)
            if column in given or value is not None:
                self._check(table.c[column], value, f"{path}.{_alias(entity.schema, column)}")
                values[column] = value
        ref = self.resolver(path)
        for column, members in entity.json_refs.items():
            if values.get(column) is not None:
                values[column] = _json_refs(values[column], members, ref, f".{_alias(entity.schema, column)}")
        for name, r in entity.refs.items():
            value = getattr(item, name)
            if not r.deferred and (name in given or value is not None):
                values[r.column] = None if value is None else ref(r.target, value, f".{_alias(entity.schema, name)}")
        return values

    def _check(self, column, value, path: str) -> None:
        if value is None and not column.nullable:
            self.problem(path, P.REQUIRED, "may not be null")
        elif (why := unfit(column, value)) is not None:
            self.problem(path, P.INVALID_VALUE, why)

    async def _children(self, name: str, entity: E.Entity, children: E.Children, written) -> None:
        owners = [(path, id_, getattr(item, children.field)) for path, item, id_, _row in written
                  if children.field in item.model_fields_set]
        if children.deferred:
            self.deferred.extend((name, children, path, id_, value) for path, id_, value in owners)
            return
        await self._replace_children(name, children, owners)

    async def _write_deferred(self) -> None:
        changes: dict[tuple[type, str], dict] = defaultdict(dict)  # (model, id) -> columns
        for name, entity, path, id_, stored, ref, key in self.deferred_refs:
            wanted = None if key is None else self.resolver(path)(ref.target, key, "")
            if wanted != stored:
                self.updated[name].add(id_)
                changes[(entity.model, id_)][ref.column] = wanted
        if self.writing:
            by_shape: dict[tuple, list[dict]] = defaultdict(list)
            for (model, id_), values in changes.items():
                row = self._owner_update(id_, values)
                by_shape[(model, tuple(row))].append(row)
            for (model, _shape), rows in by_shape.items():
                await self.session.execute(update(model), rows)
        self.ids["milestone"] = {(path_id, name): id_ for id_, path_id, name in await self.session.execute(
            select(Milestone.id, Milestone.learning_path_id, Milestone.name))}
        by_child: dict[tuple[str, E.Children], list] = defaultdict(list)
        for name, children, path, id_, value in self.deferred:
            by_child[(name, children)].append((path, id_, value))
        for (name, children), owners in by_child.items():
            for start in range(0, len(owners), BATCH):
                await self._replace_children(name, children, owners[start:start + BATCH])

    async def _replace_children(self, name: str, children: E.Children, owners) -> None:
        if not owners:
            return
        table = children.model.__table__
        parent = table.c[children.parent]
        sub = children.sub
        stored: dict[str, list] = defaultdict(list)
        held = [id_ for _p, id_, _v in owners if id_ not in self.inserted]
        for row in (await self.session.execute(select(table).where(parent.in_(held)))).mappings() if held else ():
            stored[row[children.parent]].append(row)
        stored_sub: dict[str, list] = defaultdict(list)
        if sub is not None:
            sub_table = sub.model.__table__
            for row in (await self.session.execute(select(sub_table).where(sub_table.c[sub.parent].in_(
                    [r["id"] for rows in stored.values() for r in rows])))).mappings():
                stored_sub[row[sub.parent]].append(row)

        def compared(row, subs) -> tuple:
            own = tuple(row[c] for c in children.columns)
            if sub is None:
                return own
            return own + (tuple(sorted((tuple(s[c] for c in sub.columns) for s in subs), key=str)),)

        alias = to_camel(children.field)
        replaced, removed, inserts, updates, sub_inserts = [], [], [], [], []
        for path, id_, value in owners:
            wanted = children.rows(value if value is not None else [], self.resolver(f"{path}.{alias}", owner=id_))
            for i, w in enumerate(wanted):
                self._check_row(table, w, f"{path}.{alias}[{i}]", skip=sub.field if sub else None)
                for j, s in enumerate(w.get(sub.field, ()) if sub else ()):
                    self._check_row(sub.model.__table__, s, f"{path}.{alias}[{i}].{to_camel(sub.field)}[{j}]")
            if children is E.MILESTONES:
                self.milestones_given[id_] = {w["name"] for w in wanted}
            have = stored.get(id_, [])
            if self._same_rows([compared(r, stored_sub.get(r["id"], ()) if sub else ()) for r in have],
                               [compared(w, w.get(sub.field, ()) if sub else ()) for w in wanted]):
                continue
            self.updated[name].add(id_)
            owner = self.keys.get(id_)
            fresh = [{**w, children.parent: id_,
                      **({"id": self.new_id(children.field, (owner, w))} if "id" in table.c else {})} for w in wanted]
            if sub is not None:
                for row in fresh:
                    sub_inserts.extend({**s, sub.parent: row["id"], "id": self.new_id(sub.field, (owner, row, s))}
                                       for s in row.pop(sub.field))
            if children.in_place is None:
                if have:
                    replaced.append(id_)
                inserts.extend(fresh)
                continue
            # Kept rows keep their ids (what refers to them stays): the n-th stored row, in `in_place`
            # order, becomes the n-th wanted one.
            order = lambda r: _sortable(r[children.in_place])  # noqa: E731
            kept, fresh = sorted(have, key=order), sorted(fresh, key=order)
            updates.extend({**w, "id": old["id"]} for old, w in zip(kept, fresh)
                           if not all(same(old[c], w[c]) for c in children.columns))
            inserts.extend(fresh[len(kept):])
            removed.extend(old["id"] for old in kept[len(fresh):])
        if not self.writing:
            return
        await self._insert_new_tags()
        if replaced:
            if sub is not None:
                await self.session.execute(delete(sub.model).where(sub.model.__table__.c[sub.parent].in_(
                    select(table.c.id).where(parent.in_(replaced)))))
            await self.session.execute(delete(table).where(parent.in_(replaced)))
        if removed:
            await self.session.execute(delete(table).where(table.c.id.in_(removed)))
        if inserts:
            await _insert(self.session, children.model, inserts)
        if updates:
            await self.session.execute(update(children.model), updates)
        if sub_inserts:
            await _insert(self.session, sub.model, sub_inserts)

    def _check_row(self, table, row: dict, path: str, skip: str | None = None) -> None:
        for column, v in row.items():
            if column != skip and (why := unfit(table.c[column], v)) is not None:
                self.problem(path, P.INVALID_VALUE, f"{column}: {why}")

    @staticmethod
    def _same_rows(stored: list[tuple], wanted: list[tuple]) -> bool:
        if len(stored) != len(wanted):
            return False
        key = lambda t: tuple((v is None, str(v)) for v in t)  # noqa: E731 - mixed types sort as text
        return all(all(same(a, b) for a, b in zip(s, w))
                   for s, w in zip(sorted(stored, key=key), sorted(wanted, key=key)))

    async def _insert_new_tags(self) -> None:
        if self.new_tags:
            await self.session.execute(insert(Tag), self.new_tags)
            self.new_tags = []

    # ---- owned appearance ----------------------------------------------------------------------------

    async def _appearances(self, name: str, entity: E.Entity, written) -> None:
        owned = [(path, id_, row, item.appearance) for path, item, id_, row in written
                 if "appearance" in item.model_fields_set and item.appearance is not None]
        if not owned:
            return
        company_id = await self._the_company_id(entity, owned)
        if company_id is None:
            return
        shared = None if entity is E.COMPANY else await self.session.scalar(
            select(Company.appearance_id).where(Company.id == company_id))
        ids = [row["appearance_id"] for _p, _i, row, _a in owned if row is not None and row["appearance_id"]]
        table = AppearanceSettings.__table__
        stored = {r["id"]: r for r in (await self.session.execute(select(table).where(table.c.id.in_(ids)))).mappings()
                  if r["id"] != shared}  # an owner sharing the company's appearance gets one of its own
        for path, owner_id, row, appearance in owned:
            if appearance == "company":
                await self._share_company_appearance(name, entity, path, owner_id, row, shared)
                continue
            values = appearance.model_dump(exclude_unset=True, by_alias=False)
            for column, v in values.items():
                self._check(table.c[column], v, f"{path}.appearance.{to_camel(column)}")
            current = stored.get(row["appearance_id"]) if row is not None else None
            if current is not None:
                if not all(same(current[c], v) for c, v in values.items()):
                    self.updated[name].add(owner_id)
                    if self.writing:
                        await self.session.execute(update(AppearanceSettings), [{"id": current["id"], **values}])
                continue
            self.updated[name].add(owner_id)
            if self.writing:
                appearance_id = self.new_id("appearance", (entity.name, self.keys.get(owner_id)))
                await self.session.execute(insert(AppearanceSettings),
                                           [{"id": appearance_id, "company_id": company_id, **values}])
                await self._update_owner(entity, owner_id, {"appearance_id": appearance_id})

    async def _share_company_appearance(self, name: str, entity: E.Entity, path: str, owner_id: str, row,
                                        shared: str | None) -> None:
        if shared is None:
            if self.writing:  # otherwise the company's appearance may be one the run did not write
                self.problem(f"{path}.appearance", P.UNKNOWN_REFERENCE, "The company has no appearance to share")
            return
        if row is None or row["appearance_id"] != shared:
            self.updated[name].add(owner_id)
            if self.writing:
                await self._update_owner(entity, owner_id, {"appearance_id": shared})

    async def _update_owner(self, entity: E.Entity, id_: str, values: dict) -> None:
        await self.session.execute(update(entity.model), [self._owner_update(id_, values)])

    def _owner_update(self, id_: str, values: dict) -> dict:
        """A second update of a row written earlier in the run; it keeps the document's updated_at."""
        return {"id": id_, **values, **({"updated_at": self.stamps[id_]} if id_ in self.stamps else {})}

    async def _the_company_id(self, entity: E.Entity, owned) -> str | None:
        if entity is E.COMPANY:
            return owned[0][1]
        if self._company_id is None:
            self._company_id = await self.session.scalar(select(Company.id).order_by(Company.created_at).limit(1))
        if self._company_id is None:
            for path, *_ in owned:
                self.problem(f"{path}.appearance", P.REQUIRED, "An appearance needs the company (section company)")
        return self._company_id

    # ---- translations --------------------------------------------------------------------------------

    async def _translations(self, source: CatalogSource) -> None:
        name = "translations"
        for index, raw in enumerate(source.entries(name)):
            path = f"translations[{index}]"
            item = self._validated(name, Translations, raw, path)
            if item is None:
                continue
            if (item.namespace, item.lang) in self.seen[name]:
                self.problem(f"{path}.lang", P.DUPLICATE_KEY, f"{item.namespace}/{item.lang} appears more than once")
                continue
            self.seen[name].add((item.namespace, item.lang))
            pairs = list(item.strings.items())
            for start in range(0, len(pairs), BATCH):
                await self._translation_batch(item, dict(pairs[start:start + BATCH]), path)
            self.progress(name, 1)

    async def _translation_batch(self, item: Translations, strings: dict[str, str], path: str) -> None:
        stored = {key: (id_, value) for key, id_, value in await self.session.execute(
            select(Translation.key, Translation.id, Translation.value).where(
                Translation.namespace == item.namespace, Translation.lang == item.lang,
                Translation.key.in_(list(strings))))} if self.had_translations else {}
        inserts, updates = [], []
        for key, value in strings.items():
            self.entries["translations"] += 1
            if key not in stored:
                id_ = self.new_id("translation", (item.namespace, item.lang, key))
                inserts.append({"id": id_, "namespace": item.namespace, "lang": item.lang, "key": key, "value": value})
                self.created["translations"].add(id_)
            elif stored[key][1] != value:
                updates.append({"id": stored[key][0], "value": value})
                self.updated["translations"].add(stored[key][0])
        if self.writing:
            if inserts:
                await self.session.execute(insert(Translation), inserts)
            if updates:
                await self.session.execute(update(Translation), updates)


async def import_catalog(session: AsyncSession, source: CatalogSource, progress: Progress | None = None, *,
                         new_id: NewId | None = None) -> Summary:
    """Upsert the document into the session's transaction; CatalogRejected (nothing written) on any problem.

    The caller commits (or rolls back when it raises). `new_id(target, key)` chooses the id of each row
    created (the demo keeps ids of its own, app/demo.py); `target` and `key` are
    - an entry of a section: the entity's name (`content`, `client`, `license`, `awardType` …) and its key;
    - a tag created because content names it: `tag` and its label;
    - a translation: `translation` and (namespace, lang, key);
    - an owned appearance: `appearance` and (the owner entity's name, the owner's key);
    - a child row: the document field (`authors`, `prices`, `meetings`, `labels` …) and (the owner's
      key, the row's columns, references as ids); a syllabus lesson: `lessons` and (the course's key,
      the section's row, the lesson's row).
    """
    return await CatalogImport(session, progress, new_id).run(source)
