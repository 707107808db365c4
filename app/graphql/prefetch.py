"""Load what a list's items will ask for before graphql-core completes them.

A list of 100 items whose fields each await a DataLoader costs a coroutine per field and a task per
item, even though every batch is one query. When the list's resolver has already loaded those
batches (`prefetch`), the fields' coroutines finish at their first step, and the engine takes their
values without awaiting (`run_eagerly` in app/graphql/engine/execution.py). The statements are the
same batches the fields would have caused; only the awaiting goes.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

# field name -> what to load for a list of items, given the request's context
Loads = Mapping[str, Callable[[Any, list], Awaitable[Any]]]

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


async def prefetch(info, items: list, loads: Loads) -> list:
    """Run the loads of the selected fields for `items` (each once), then give the items back."""
    if items:
        names = selected_names(info)
        wanted = {load for name, load in loads.items() if name in names}
        if wanted:
            await asyncio.gather(*(load(info.context, items) for load in wanted))
    return items
