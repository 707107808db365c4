"""Bounded work per request: how much a document can make the server do, known before it runs.

Two counts, both walks that stop as soon as they pass their limit (so counting a "fragment bomb"
costs at most `limit` steps, however large it would expand):

- `check_expanded_fields`, before validation: the field selections of the document with every fragment
  spread replaced by its fragment (a spread repeated in many places counts each time). Validation
  and the cost walk do work in proportion to it, so a small text that expands into millions of
  selections is refused before either runs.
- `estimate_nodes` (`check_nodes`), on a validated document, as GitHub does: each field selected
  counts once for every object its parent can return; a list field multiplies what is below it by its `first` /
  `limit` argument when the request gives one, else by its bound in `LIST_BOUNDS` (costs.py), else
  by `DEFAULT_LIST_BOUND`. Aliases are separate fields and count separately.

Above `MAX_NODES` expanded selections, or `MAX_ESTIMATED_NODES` estimated nodes, the request is refused
with QUERY_TOO_LARGE before anything runs. The estimate is an upper bound (every unsized list counted
full), so its limit is higher: a document selecting every field of every course a learner holds,
two levels deep, estimates about 500,000; the audit's nested-list bomb estimates beyond 10^12.

While it runs: `within_deadline` stops an execution after REQUEST_TIMEOUT_SECONDS (REQUEST_TIMEOUT),
and `over_size` refuses an answer larger than MAX_RESPONSE_BYTES (RESPONSE_TOO_LARGE) before it is
sent.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterator
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
)
from graphql.type.introspection import SchemaMetaFieldDef, TypeMetaFieldDef, TypeNameMetaFieldDef

from app.errors import AppError, ErrorCode
from app.graphql.engine.costs import DEFAULT_LIST_BOUND, LIST_BOUNDS, select_operation

# Arguments that bound a list field's length.
LIST_SIZE_ARGUMENTS = ("first", "last", "limit", "perPage")
_META_FIELDS = {"__typename": TypeNameMetaFieldDef, "__schema": SchemaMetaFieldDef, "__type": TypeMetaFieldDef}


class _OverLimit(Exception):
    pass


def too_large(count: str, limit: int) -> AppError:
    return AppError(ErrorCode.QUERY_TOO_LARGE,
                    f"The query could return more than {limit} objects and fields ({count}); ask for fewer "
                    f"fields, fewer aliases or smaller lists (first/limit)", maximum=limit)


def check_expanded_fields(document: DocumentNode, limit: int) -> None:
    """QUERY_TOO_LARGE when the document's operations expand to more than `limit` field selections."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    count = 0

    def walk(selection_set: SelectionSetNode, on_path: frozenset[str]) -> None:
        nonlocal count
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                count += 1
                if count > limit:
                    raise _OverLimit
                if selection.selection_set is not None:
                    walk(selection.selection_set, on_path)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set, on_path)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                # A cycle is validation's to report (NoFragmentCycles); unknown fragments too.
                if name in fragments and name not in on_path:
                    walk(fragments[name].selection_set, on_path | {name})

    try:
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                walk(definition.selection_set, frozenset())
    except _OverLimit:
        raise too_large("its fragments expanded", limit) from None


def check_nodes(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
                variables: dict | None, limit: int) -> int:
    """The node estimate, or QUERY_TOO_LARGE above `limit` (metering caches it per document,
    operation and variables: `Prepared.cost`)."""
    nodes = estimate_nodes(schema, document, operation_name, variables, limit)
    if nodes > limit:
        raise too_large(f"about {nodes} or more", limit)
    return nodes


def estimate_nodes(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
                   variables: dict | None, limit: int) -> int:
    """The nodes the operation can return (see the module's docstring); `limit + 1` when over `limit`."""
    operation = select_operation(document, operation_name)
    if operation is None:
        return 0
    root = {"query": schema.query_type, "mutation": schema.mutation_type,
            "subscription": schema.subscription_type}[operation.operation.value]
    if root is None:
        return 0
    walker = _Estimator(schema, document, variables or {}, limit)
    try:
        walker.walk([(operation.selection_set, root)], 1)
    except _OverLimit:
        return limit + 1
    return walker.total


class _Estimator:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict, limit: int):
        self.schema = schema
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.variables = variables
        self.limit = limit
        self.total = 0

    def walk(self, selection_sets: list[tuple[SelectionSetNode, object]], multiplier: int) -> None:
        merged: dict[str, list[tuple[FieldNode, object]]] = {}
        for selection_set, parent_type in selection_sets:
            for node, node_parent in self._fields(selection_set, parent_type, set()):
                key = node.alias.value if node.alias else node.name.value
                merged.setdefault(key, []).append((node, node_parent))
        for nodes in merged.values():
            node, parent_type = nodes[0]
            field = self._field(parent_type, node.name.value)
            if field is None:
                continue  # not in the schema: validation refuses the document
            count = multiplier * self._list_factor(field, node, parent_type)
            self.total += max(count, multiplier)
            if self.total > self.limit:
                raise _OverLimit
            named = get_named_type(field.type)
            children = [(n.selection_set, named) for n, _ in nodes if n.selection_set is not None]
            if children and count:
                self.walk(children, count)

    def _fields(self, selection_set: SelectionSetNode, parent_type, visited: set[str]
                ) -> Iterator[tuple[FieldNode, object]]:
        """The fields of a selection set with its fragments expanded (each fragment once, as execution does)."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection, parent_type
            elif isinstance(selection, InlineFragmentNode):
                yield from self._fields(selection.selection_set, self._condition(selection, parent_type), visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in self.fragments and name not in visited:
                    visited.add(name)
                    fragment = self.fragments[name]
                    yield from self._fields(fragment.selection_set, self._condition(fragment, parent_type), visited)

    def _condition(self, fragment, parent_type):
        """The type the fragment's fields belong to (its type condition on an abstract parent)."""
        condition = fragment.type_condition
        if condition is None or not is_abstract_type(parent_type):
            return parent_type
        return self.schema.get_type(condition.name.value) or parent_type

    @staticmethod
    def _field(parent_type, name: str) -> GraphQLField | None:
        if name in _META_FIELDS:
            return _META_FIELDS[name]
        fields = getattr(parent_type, "fields", None)
        return fields.get(name) if fields else None

    def _list_factor(self, field: GraphQLField, node: FieldNode, parent_type) -> int:
        factor = 1
        type_ = field.type
        asked = self._size_argument(node)
        while True:
            if isinstance(type_, GraphQLNonNull):
                type_ = type_.of_type
            elif isinstance(type_, GraphQLList):
                factor *= asked if asked is not None else LIST_BOUNDS.get((parent_type.name, node.name.value),
                                                                         DEFAULT_LIST_BOUND)
                asked = None  # the argument sizes the outer list; inner lists take their bound
                type_ = type_.of_type
            else:
                return factor

    def _size_argument(self, node: FieldNode) -> int | None:
        for argument in node.arguments or ():
            if argument.name.value not in LIST_SIZE_ARGUMENTS:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 0)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int) and not isinstance(given, bool):
                    return max(given, 0)
        return None


def deadline_error(seconds: float) -> GraphQLError:
    return GraphQLError(f"The request did not finish within {seconds:g} s and was stopped",
                        extensions={"code": ErrorCode.REQUEST_TIMEOUT.value, "maximum": seconds})


def stopped_execution(error: GraphQLError) -> bool:
    """The error ended an execution that had started (its work is charged, its data is null)."""
    return (error.extensions or {}).get("code") in (ErrorCode.REQUEST_TIMEOUT.value, ErrorCode.RESPONSE_TOO_LARGE.value)


async def within_deadline(awaitable: Awaitable[ExecutionResult], seconds: float | None) -> ExecutionResult:
    """The execution's result, or REQUEST_TIMEOUT after `seconds`: the execution is cancelled (its
    open transactions roll back) and its result dropped."""
    if seconds is None:
        return await awaitable
    try:
        async with asyncio.timeout(seconds):  # no task of its own, unlike wait_for
            return await awaitable
    except TimeoutError:
        return ExecutionResult(data=None, errors=[deadline_error(seconds)])


def over_size(data: Any, max_bytes: int) -> bool:
    """Whether the JSON of `data` is longer than `max_bytes`. orjson writes it in C (16 MB in a few
    milliseconds), cheaper than any walk in Python; MAX_NODES bounds what it can be given."""
    return len(orjson.dumps(data, default=str)) > max_bytes


def too_large_answer(max_bytes: int) -> ExecutionResult:
    error = GraphQLError(f"The answer would be larger than {max_bytes} bytes; ask for fewer fields or smaller "
                         "lists", extensions={"code": ErrorCode.RESPONSE_TOO_LARGE.value, "maximum": max_bytes})
    return ExecutionResult(data=None, errors=[error])
