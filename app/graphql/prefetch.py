"""Load what a list's items will ask for before graphql-core completes them.

A list of 100 items whose fields each await a DataLoader costs, per item and field, a resolve info,
strawberry's Info, a coroutine and a loader call, even though every batch is one query. A field made
with `read_field` is instead computed by a plain function of the item and the request's context,
`read(item, context)`, from batches its `load(context, items)` fetches:
- a list's resolver calls `prefetch`, which runs the loads of the fields selected under it, once for
  the whole list; the engine then calls each item's `read` directly (`FastExecutionContext`), as it
  reads a plain column;
- anywhere else, the field's resolver loads for its own item (the loaders still batch the items of
  one request) and reads.
A `read` takes loaded values with `loaded(loader, key)`, which raises `NotLoaded` when the batch is
not there: the engine then resolves the field the usual way. The statements are the same batches the
fields would have caused; only the awaiting goes.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import strawberry
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLObjectType,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)
from strawberry.dataloader import DataLoader

from app.graphql.context import Context, Info

Load = Callable[[Context, list], Awaitable[Any]]
Read = Callable[[Any, Context], Any]


class NotLoaded(Exception):
    """A `read` found a batch it needs not loaded yet."""


def loaded(loader: DataLoader, key: Any) -> Any:
    """What the request's `loader` loaded for `key` (its error, raised, when the batch failed)."""
    future = loader.cache_map.get(key)
    if future is None or not future.done() or future.cancelled():
        raise NotLoaded
    return future.result()


async def load_all(loader: DataLoader, keys: Iterable[Any]) -> None:
    """Load `keys` into the request's `loader`.

    Several keys the loader does not hold yet (a list's prefetch) go to its batch function in one call:
    `loader.load_many` would make a future per key, awaited through a callback each. A single key (a
    field resolving its own item) goes through the loader, batched with the request's other loads.
    """
    cache = loader.cache_map
    wanted = list(dict.fromkeys(keys))
    missing = [key for key in wanted if cache.get(key) is None]
    if len(missing) > 1:
        await _load_directly(loader, missing)
    waiting = [key for key in wanted if (future := cache.get(key)) is None or not future.done()]
    if waiting:
        await loader.load_many(waiting)


async def _load_directly(loader: DataLoader, keys: list) -> None:
    """One call of the loader's batch function for `keys`, cached as the loader caches its own loads (a
    concurrent load of the same keys waits for these instead of loading them again)."""
    futures = [loader.loop.create_future() for _ in keys]
    for key, future in zip(keys, futures, strict=True):
        loader.cache_map.set(key, future)
    try:
        values = await loader.load_fn(keys)
    except BaseException as error:
        loader.clear_many(keys)
        for future in futures:  # whoever else waits for these keys gets the error too
            if isinstance(error, Exception):
                future.set_exception(error)
                future.exception()  # marked as retrieved (the error is raised below)
            else:
                future.cancel()
        raise
    for future, value in zip(futures, values, strict=True):
        future.set_result(value)


def read_field(load: Load, read: Read, **field_options: Any) -> Any:
    """A field computed by `read(item, context)` from the batches `load(context, items)` fetches (see above).
    Its type is the annotation of the class attribute it is assigned to."""

    async def resolve(self, info: Info) -> Any:
        context = info.context
        try:
            return read(self, context)
        except NotLoaded:
            await load(context, [self])
            return read(self, context)

    resolve.read = read  # type: ignore[attr-defined]  # for FastExecutionContext
    resolve.load = load  # type: ignore[attr-defined]  # for prefetch
    return strawberry.field(resolver=resolve, **field_options)


def read_of(graphql_field) -> Read | None:
    """The `read` of a field made with `read_field`, else None."""
    return _made_with(graphql_field, "read")


def _made_with(graphql_field, name: str) -> Any:
    """The `read` or `load` a `read_field` gave its resolver (None for other fields)."""
    field = (graphql_field.extensions or {}).get("strawberry-definition")
    resolver = getattr(field, "base_resolver", None)
    return getattr(resolver.wrapped_func, name, None) if resolver is not None else None


_LOADS: dict[GraphQLObjectType, dict[str, Load]] = {}


def _loads_of(object_type: GraphQLObjectType) -> dict[str, Load]:
    """field name -> load, of the type's fields made with `read_field`."""
    loads = _LOADS.get(object_type)
    if loads is None:
        loads = _LOADS[object_type] = {name: load for name, field in object_type.fields.items()
                                       if (load := _made_with(field, "load")) is not None}
    return loads


_SELECTED: dict[int, tuple[FieldNode, frozenset[str]]] = {}
_SELECTED_MAX = 4096


def selected_names(info) -> frozenset[str]:
    """The names of the fields selected under the current field (fragments included; aliases ignored)."""
    raw = getattr(info, "_raw_info", info)
    node = raw.field_nodes[0]
    found = _SELECTED.get(id(node)) if len(raw.field_nodes) == 1 else None
    if found is not None and found[0] is node:
        return found[1]
    names: set[str] = set()
    for field_node in raw.field_nodes:
        _collect(field_node.selection_set, raw.fragments, names, set())
    frozen = frozenset(names)
    if len(raw.field_nodes) == 1:
        if len(_SELECTED) >= _SELECTED_MAX:
            _SELECTED.clear()
        _SELECTED[id(node)] = (node, frozen)  # the node is kept, so its id is not reused
    return frozen


def _collect(selection_set: SelectionSetNode | None, fragments, names: set[str], seen: set[str]) -> None:
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            _collect(selection.selection_set, fragments, names, seen)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
            seen.add(selection.name.value)
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                _collect(fragment.selection_set, fragments, names, seen)


async def prefetch(info, items: list) -> list:
    """Run the loads of the `read_field`s selected under the list field resolving `items` (each load
    once), then give the items back."""
    if items:
        names = selected_names(info)
        loads = _loads_of(get_named_type(getattr(info, "_raw_info", info).return_type))
        wanted = {load for name, load in loads.items() if name in names}
        if wanted:
            await asyncio.gather(*(load(info.context, items) for load in wanted))
    return items
