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

from app.errors import AppError, ErrorCode
from app.graphql.engine.costs import select_operation
from app.graphql.engine.limits import (
    check_expanded_fields,
    over_size,
    too_large_answer,
    within_deadline,
)
from app.web.input import check_document_strings


def request_error(refusal: AppError) -> GraphQLError:
    """A request error (no data) carrying the refusal's message and code."""
    return GraphQLError(refusal.message, extensions=refusal.extensions())


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
    """query text -> Prepared, for the `maxsize` most recently used documents of this process.

    Parsing stops after `max_tokens` tokens, and a document whose fragments expand to more than
    `max_nodes` field selections is refused before validation (app/graphql/engine/limits.py), so
    preparing any document costs time linear in its size.
    """

    def __init__(self, schema, *, maxsize: int = 1024, max_tokens: int | None = None, max_nodes: int | None = None,
                 timeout_seconds: float | None = None, max_response_bytes: int | None = None):
        self.schema = schema
        self.timeout_seconds = timeout_seconds
        self.max_response_bytes = max_response_bytes
        self.maxsize = maxsize
        self.max_tokens = max_tokens
        self.max_nodes = max_nodes
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
            if self.max_nodes is not None:
                check_expanded_fields(document, self.max_nodes)
            check_document_strings(query, document)
            errors = validate_document(self.schema._schema, document, self._rules)
        except GraphQLError as error:
            if self.max_tokens is not None and "tokens" in error.message:  # graphql-core's max_tokens
                error = request_error(AppError(ErrorCode.DOCUMENT_TOO_LARGE,
                                               f"The document has more than {self.max_tokens} tokens",
                                               "query", maximum=self.max_tokens))
            return Prepared(None, (error,))
        except AppError as refusal:
            return Prepared(None, (request_error(refusal),))
        except RecursionError:  # nesting far beyond any depth limit
            return Prepared(None, (request_error(AppError(ErrorCode.QUERY_TOO_DEEP, "The document is nested too deeply",
                                                          "query")),))
        return Prepared(document, tuple(errors))

    async def execute(self, prepared: Prepared, *, context, variables: dict | None,
                      operation_name: str | None) -> ExecutionResult:
        """Run a valid prepared document (graphql-core reports unknown operations and bad variables),
        within the deadline and the answer's size limit."""
        result = execute(
            self.schema._schema, prepared.document, context_value=context, variable_values=variables,
            operation_name=operation_name, is_awaitable=optimized_is_awaitable,
            executor_class=self.schema.execution_context_class,
        )
        if is_awaitable(result):
            result = await within_deadline(result, self.timeout_seconds)
        if self.max_response_bytes is not None and result.data and over_size(result.data, self.max_response_bytes):
            return too_large_answer(self.max_response_bytes)
        return result


def operation_type(document: DocumentNode, operation_name: str | None) -> OperationType | None:
    """The type of the operation a request selects, or None when none is selected."""
    operation = select_operation(document, operation_name)
    return operation.operation if operation is not None else None
