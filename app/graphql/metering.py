"""Admit and settle: metering a request's operations in API points.

Admit (`admit`), before anything runs: the limits of each operation (document size, tokens,
nodes: app/graphql/engine/limits.py; depth, aliases, cost: app/graphql/engine/costs.py), the same limits over the whole batch, then one take
of the requested points of every operation from the API key's bucket. A single operation that
breaks a limit, a batch over its limits, or a take that does not fit refuses the whole request
(nothing runs). In a batch, an operation that breaks a limit on its own gets an error in its slot
and the others run.

Settle (`Meter.settle` per operation, then `Meter.finish`): an operation's actual cost is the
points of the root fields that ran: all of them when it executed; none when it did not (a
variable error, a mutation sent with GET), except that a document failing parsing or validation
costs INVALID_DOCUMENT_POINTS (its work was done); for a mutation whose execution stopped
at a failing non-null root field, the fields up to that one. What was taken and did not run is
given back in one refund. Each operation's body gets `extensions.cost`, the response gets the
X-RateLimit-* headers, and the usage ledger counts each operation (app/usage/recorder.py).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError

from app.apikeys.service import ApiKeyIdentity
from app.errors import AppError, ErrorCode
from app.graphql.engine.costs import FieldCost, Limits, QueryCost, analyze, check_document_size, too_costly
from app.graphql.engine.limits import check_nodes
from app.observability import metrics
from app.ratelimit.bucket import BucketState, ceil_seconds
from app.services import Services
from app.usage.service import UsageEntry
from app.web.access import annotate

DEBUG_HEADER = "x-cost-debug"


def budget_of(api_key: ApiKeyIdentity, settings) -> tuple[int, float]:
    """(capacity, restore rate) of the key's bucket: its own, or the Settings defaults."""
    return (api_key.rate_limit_capacity or settings.rate_limit_capacity,
            api_key.rate_limit_restore_rate or settings.rate_limit_restore_rate)


@dataclass(frozen=True)
class Document:
    """What metering needs of one operation of the request."""

    query: str
    variables: dict | None
    operation_name: str | None


# What a document that fails parsing or validation costs: its work was done, nothing ran.
INVALID_DOCUMENT_POINTS = 1
INVALID_DOCUMENT_OPERATION = "(invalid document)"  # its row in the usage ledger


@dataclass
class OperationMeter:
    cost: QueryCost | None = None
    # This operation alone breaks a limit: it does not run (in a batch, its slot carries the error).
    refusal: AppError | None = None
    ran: list[FieldCost] = field(default_factory=list)
    # The document failed parsing or validation: it costs INVALID_DOCUMENT_POINTS whatever it selects.
    invalid: bool = False

    @property
    def requested(self) -> int:
        if self.invalid:
            return max(self.cost.total if self.cost is not None else 0, INVALID_DOCUMENT_POINTS)
        if self.cost is not None:
            return self.cost.total
        return (self.refusal.details.get("requestedQueryCost") or 0) if self.refusal else 0

    @property
    def actual(self) -> int:
        if self.invalid:
            return INVALID_DOCUMENT_POINTS
        return sum(f.points for f in self.ran)


@dataclass
class Meter:
    services: Services
    api_key: ApiKeyIdentity
    state: BucketState
    operations: list[OperationMeter]
    debug: bool = False
    taken: int = 0
    # The whole request is refused (limits of a single operation or of the batch, THROTTLED).
    refusal: AppError | None = None
    retry_after: int | None = None

    def extension(self, op: OperationMeter) -> dict:
        out: dict[str, Any] = {
            "requestedQueryCost": op.requested,
            "actualQueryCost": op.actual,
            "throttleStatus": {
                "maximumAvailable": self.state.capacity,
                "currentlyAvailable": math.floor(self.state.available),
                "restoreRate": self.state.restore_rate,
            },
        }
        if self.debug and op.cost is not None:
            out["fields"] = [f.to_json() for f in op.cost.fields]
        return out

    def headers(self) -> dict[str, str]:
        out = {
            "X-RateLimit-Limit": str(self.state.capacity),
            "X-RateLimit-Remaining": str(math.floor(self.state.available)),
            "X-RateLimit-Reset": str(ceil_seconds(self.state.seconds_until_full)),
        }
        if self.retry_after is not None:
            out["Retry-After"] = str(self.retry_after)
        return out

    def refused_body(self) -> dict:
        """The body of a request refused before anything ran; a THROTTLED refusal is counted in the ledger."""
        assert self.refusal is not None
        for op in self.operations:
            observe_operation(self.api_key.name, op.cost, "refused")
        if self.refusal.code is ErrorCode.THROTTLED:
            self.services.usage.add(self.api_key.id, [UsageEntry(f.field, refused=1)
                                                      for op in self.operations if op.cost is not None
                                                      for f in op.cost.fields])
        cost = self.extension(self.operations[0]) if len(self.operations) == 1 else self._batch_extension()
        return {**self.refusal.to_json(), "extensions": {"cost": cost}}

    def _batch_extension(self) -> dict:
        return {**self.extension(OperationMeter()),
                "requestedQueryCost": sum(op.requested for op in self.operations)}

    def settle(self, op: OperationMeter, body: dict, *, executed: bool, data_is_null: bool = False,
               errors: Sequence[GraphQLError] = ()) -> dict:
        """Record what of `op` ran; returns `body` with its `extensions.cost`."""
        op.ran = _fields_that_ran(op.cost, executed, data_is_null, errors)
        observe_operation(self.api_key.name, op.cost, "ok" if executed and not body.get("errors")
                          else "error" if executed else "rejected")
        return {**body, "extensions": {**(body.get("extensions") or {}), "cost": self.extension(op)}}

    async def finish(self) -> None:
        """Give back what was taken and did not run; count what ran in the usage ledger."""
        refund = self.taken - sum(op.actual for op in self.operations)
        if refund > 0:
            capacity, rate = budget_of(self.api_key, self.services.settings)
            self.state = await self.services.limiter.take(self.api_key.id, -refund, capacity=capacity,
                                                          restore_rate=rate)
        entries = [UsageEntry(f.field, points=f.points, calls=1) for op in self.operations for f in op.ran]
        entries += [UsageEntry(INVALID_DOCUMENT_OPERATION, points=INVALID_DOCUMENT_POINTS, calls=1)
                    for op in self.operations if op.invalid]
        if entries:
            self.services.usage.add(self.api_key.id, entries)


def observe_operation(api_key_name: str, cost: QueryCost | None, outcome: str) -> None:
    """The operation's root fields in the metrics and the access line (app/web/access.py)."""
    names = [f.field for f in cost.fields] if cost is not None else []
    for name in names:
        metrics.record_operation(name, outcome)
    annotate(api_key_name=api_key_name, operations=names)


def _fields_that_ran(cost: QueryCost | None, executed: bool, data_is_null: bool,
                     errors: Sequence[GraphQLError]) -> list[FieldCost]:
    if cost is None or not executed:
        return []
    fields = list(cost.fields)
    if cost.operation_type == "mutation" and data_is_null:
        # Mutations run their root fields in order; a failing non-null one stops the rest. A failing
        # nullable one does not, so the field that stopped execution is the last one that failed.
        failed = {e.path[0] for e in errors if e.path}
        ran = [index for index, f in enumerate(fields) if f.alias in failed]
        if ran:
            return fields[:ran[-1] + 1]
    return fields


def _measure(services: Services, doc: Document | None, limits: Limits) -> OperationMeter:
    if doc is None:  # the operation's parameters were refused before metering (e.g. an unknown persisted query)
        return OperationMeter()
    try:
        check_document_size(doc.query, limits)
        prepared = services.documents.prepare(doc.query)
        document = prepared.document
        if document is None:  # execution reports the error (syntax, too many tokens, too large)
            return OperationMeter(invalid=True)

        def measure() -> QueryCost | None:
            # The cost walk checks the depth first, so the node estimate never recurses deeper.
            cost = analyze(document, limits=limits, operation_name=doc.operation_name, variables=doc.variables,
                           schema=services.schema._schema)
            check_nodes(services.schema._schema, document, doc.operation_name, doc.variables,
                        services.settings.max_estimated_nodes)
            return cost

        return OperationMeter(cost=prepared.cost(doc.operation_name, doc.variables, measure),
                              invalid=bool(prepared.errors))
    except AppError as refusal:
        return OperationMeter(refusal=refusal)


def _check_batch(docs: Sequence[Document | None], operations: list[OperationMeter], limits: Limits,
                 requested: int) -> None:
    """The limits over a whole batch: the documents' bytes, aliases and cost (`requested`) added up."""
    size = sum(len(d.query.encode()) for d in docs if d is not None)
    if size > limits.max_document_bytes:
        raise AppError(ErrorCode.DOCUMENT_TOO_LARGE,
                       f"The batch's documents are {size} bytes; the maximum is {limits.max_document_bytes}",
                       size=size, maximum=limits.max_document_bytes)
    aliases = sum(op.cost.aliases for op in operations if op.cost is not None)
    if aliases > limits.max_aliases:
        raise AppError(ErrorCode.TOO_MANY_ALIASES, f"The batch uses more than {limits.max_aliases} aliases",
                       maximum=limits.max_aliases)
    if requested > limits.max_cost:
        raise too_costly(requested, limits.max_cost)


async def admit(services: Services, api_key: ApiKeyIdentity, docs: Sequence[Document | None], *,
                batch: bool, debug: bool = False) -> Meter:
    """Check the limits and take the requested points; `meter.refusal` is set when nothing may run."""
    settings, limiter = services.settings, services.limiter
    capacity, rate = budget_of(api_key, settings)
    limits = Limits.from_settings(settings)
    operations = [_measure(services, doc, limits) for doc in docs]
    requested = sum(op.requested for op in operations if op.refusal is None)
    refusal: AppError | None = None
    try:
        if not batch and operations[0].refusal is not None:
            raise operations[0].refusal
        if batch:
            _check_batch(docs, operations, limits, requested)
        if requested > capacity:
            raise too_costly(requested, capacity)  # could never fit in this key's bucket
    except AppError as err:
        refusal = err
    if refusal is not None:
        state = await limiter.take(api_key.id, 0, capacity=capacity, restore_rate=rate)
        return Meter(services, api_key, state, operations, debug=debug, refusal=refusal)

    state = await limiter.take(api_key.id, requested, capacity=capacity, restore_rate=rate)
    meter = Meter(services, api_key, state, operations, debug=debug)
    if not state.allowed:
        meter.retry_after = max(1, ceil_seconds(state.seconds_until(requested)))
        meter.refusal = AppError(
            ErrorCode.THROTTLED,
            f"This request costs {requested} points and {math.floor(state.available)} are available; "
            f"retry in {meter.retry_after} s",
            retryAfter=meter.retry_after)
    else:
        meter.taken = requested
    return meter
