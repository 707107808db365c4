"""Documents parsed and validated once per process, and executed on graphql-core directly.

The HTTP path does not go through `strawberry.Schema.execute`: its per-request work (an
execution context, the extension hooks, parsing and validation when no cache extension catches
them) is what this module caches or leaves out. What the schema defines stays strawberry's:
types, resolvers (slimmed by `execution.slim_resolvers`), the executor class and the
validation rules strawberry adds (`@oneOf`, `Maybe`).
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from graphql import DocumentNode, ExecutionResult, GraphQLError, OperationType, execute, parse, specified_rules
from graphql.pyutils import is_awaitable
from strawberry.execution import optimized_is_awaitable
from strawberry.schema.schema import validate_document

from app.graphql.engine.costs import select_operation


@dataclass(frozen=True)
class Prepared:
    """A document as execution needs it: parsed and validated, or the errors that stop it."""

    document: DocumentNode | None
    errors: tuple[GraphQLError, ...] = ()
    # What metering computed for (operation name, variables): a cost, or the refusal it raised.
    _costs: dict[tuple, Any] = field(default_factory=dict, compare=False, repr=False)

    def cost(self, operation_name: str | None, variables: dict | None, compute: Callable[[], Any]) -> Any:
        """`compute()` once per operation name and variables (small variables only), re-raising its refusal."""
        key = _variables_key(variables)
        if key is None:
            return compute()
        key = (operation_name, key)
        found = self._costs.get(key)
        if found is None:
            try:
                found = compute()
            except Exception as refusal:  # noqa: BLE001 - kept and raised again for the same request
                found = refusal
            if len(self._costs) < MAX_COSTS_PER_DOCUMENT:
                self._costs[key] = found
        if isinstance(found, Exception):
            raise found.with_traceback(None)  # not the traceback of every earlier raise
        return found


MAX_COSTS_PER_DOCUMENT = 64


def _variables_key(variables: dict | None) -> bytes | None:
    if not variables:
        return b""
    key = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    return key if len(key) <= 512 else None


class DocumentStore:
    """query text -> Prepared, for the `maxsize` most recently used documents of this process."""

    def __init__(self, schema, *, maxsize: int = 1024, max_tokens: int | None = None):
        self.schema = schema
        self.maxsize = maxsize
        self.max_tokens = max_tokens
        self._entries: OrderedDict[str, Prepared] = OrderedDict()
        self._rules = tuple(specified_rules)

    def prepare(self, query: str) -> Prepared:
        prepared = self._entries.get(query)
        if prepared is None:
            prepared = self._entries[query] = self._prepare(query)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(query)
        return prepared

    def parse(self, query: str) -> DocumentNode | None:
        """The parsed document (cached), or None for a syntax error."""
        return self.prepare(query).document

    def _prepare(self, query: str) -> Prepared:
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except GraphQLError as error:
            return Prepared(None, (error,))
        errors = validate_document(self.schema._schema, document, self._rules)
        return Prepared(document, tuple(errors))

    async def execute(self, prepared: Prepared, *, context, variables: dict | None,
                      operation_name: str | None) -> ExecutionResult:
        """Run a valid prepared document (graphql-core reports unknown operations and bad variables)."""
        result = execute(
            self.schema._schema, prepared.document, context_value=context, variable_values=variables,
            operation_name=operation_name, is_awaitable=optimized_is_awaitable,
            executor_class=self.schema.execution_context_class,
        )
        if is_awaitable(result):
            result = await result
        return result


def operation_type(document: DocumentNode, operation_name: str | None) -> OperationType | None:
    """The type of the operation a request selects, or None when none is selected."""
    operation = select_operation(document, operation_name)
    return operation.operation if operation is not None else None
