"""Metering one GraphQL request in API points.

Before execution (`admit`): the document-size limit, one parse (cached; execution reuses it),
the depth/alias/cost limits and one take of the requested cost from the API key's bucket. A
request refused here runs nothing and is not charged.

After execution (`Meter.respond`): the actual cost is the points of the root fields that ran —
all of them when the operation executed; none when it did not (a validation or variable
error, a mutation sent with GET); for a mutation whose execution stopped at a failing non-null
root field, the fields up to that one. The difference is given back to the bucket. The response
gets `extensions.cost` and the X-RateLimit-* headers, and the usage ledger is updated after the
response is sent.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError
from starlette.background import BackgroundTask
from starlette.responses import Response

from app.apikeys.service import ApiKeyIdentity
from app.errors import AppError, ErrorCode
from app.graphql.costs import FieldCost, Limits, QueryCost, analyze, check_document_size, parse_document, too_costly
from app.ratelimit.bucket import BucketState, ceil_seconds
from app.usage.service import UsageEntry, record_usage
from app.web.responses import ORJSONResponse

log = logging.getLogger("app.graphql.metering")

DEBUG_HEADER = "x-cost-debug"


def budget_of(api_key: ApiKeyIdentity, settings) -> tuple[int, float]:
    """(capacity, restore rate) of the key's bucket: its own, or the Settings defaults."""
    return (api_key.rate_limit_capacity or settings.rate_limit_capacity,
            api_key.rate_limit_restore_rate or settings.rate_limit_restore_rate)


@dataclass
class Meter:
    services: Any
    api_key: ApiKeyIdentity
    state: BucketState
    cost: QueryCost | None = None
    taken: int = 0
    debug: bool = False
    refusal: AppError | None = None
    retry_after: int | None = None
    ran: list[FieldCost] = field(default_factory=list)

    @property
    def requested(self) -> int | None:
        if self.cost is not None:
            return self.cost.total
        return self.refusal.details.get("requestedQueryCost") if self.refusal else 0

    def extension(self) -> dict:
        out: dict[str, Any] = {
            "requestedQueryCost": self.requested,
            "actualQueryCost": sum(f.points for f in self.ran),
            "throttleStatus": {
                "maximumAvailable": self.state.capacity,
                "currentlyAvailable": math.floor(self.state.available),
                "restoreRate": self.state.restore_rate,
            },
        }
        if self.debug and self.cost is not None:
            out["fields"] = [f.to_json() for f in self.cost.fields]
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

    def refused_response(self, headers: dict) -> Response:
        """The response of a request refused before execution (limits or THROTTLED)."""
        assert self.refusal is not None
        body = {**self.refusal.to_json(), "extensions": {"cost": self.extension()}}
        background = None
        if self.refusal.code is ErrorCode.THROTTLED and self.cost is not None:
            background = self._ledger_task([UsageEntry(f.field, refused=1) for f in self.cost.fields])
        return ORJSONResponse(body, status_code=self.refusal.http_status, headers={**headers, **self.headers()},
                              background=background)

    async def respond(self, body: dict, *, status: int, headers: dict, media_type: str | None = None,
                      errors: list[GraphQLError] | None = None, data_is_null: bool = False,
                      executed: bool = True) -> Response:
        """Settle the cost of an executed (or not) request and send `body` with the cost report."""
        self.ran = self._fields_that_ran(executed, data_is_null, errors or [])
        refund = self.taken - sum(f.points for f in self.ran)
        if refund > 0:
            capacity, rate = budget_of(self.api_key, self.services.settings)
            self.state = await self.services.limiter.take(self.api_key.id, -refund, capacity=capacity,
                                                          restore_rate=rate)
        body = {**body, "extensions": {**(body.get("extensions") or {}), "cost": self.extension()}}
        entries = [UsageEntry(f.field, points=f.points, calls=1) for f in self.ran]
        return ORJSONResponse(body, status_code=status, media_type=media_type, headers={**headers, **self.headers()},
                              background=self._ledger_task(entries) if entries else None)

    def _fields_that_ran(self, executed: bool, data_is_null: bool, errors: list[GraphQLError]) -> list[FieldCost]:
        if self.cost is None or not executed:
            return []
        fields = list(self.cost.fields)
        if self.cost.operation_type == "mutation" and data_is_null:
            # Mutations run their root fields in order; a failing non-null one stops the rest.
            failed = {e.path[0] for e in errors if e.path}
            for index, f in enumerate(fields):
                if f.alias in failed:
                    return fields[:index + 1]
        return fields

    def _ledger_task(self, entries: list[UsageEntry]) -> BackgroundTask | None:
        entries = [e for e in entries if e.points or e.calls or e.refused]
        return BackgroundTask(_record, self.services.session_factory, self.api_key.id, entries) if entries else None


async def _record(session_factory, api_key_id: str, entries: list[UsageEntry]) -> None:
    try:
        async with session_factory() as session:
            await record_usage(session, api_key_id=api_key_id, entries=entries)
            await session.commit()
    except Exception:  # noqa: BLE001 - the response is already sent; the ledger misses this request
        log.exception("Could not record API usage of key %s: %s", api_key_id, entries)


async def admit(services, api_key: ApiKeyIdentity, *, query: str, variables: dict | None,
                operation_name: str | None, debug: bool = False) -> Meter:
    """Check the limits and take the requested points; `meter.refusal` is set when the request may not run."""
    settings, limiter = services.settings, services.limiter
    capacity, rate = budget_of(api_key, settings)
    limits = Limits.from_settings(settings)
    cost = None
    try:
        check_document_size(query, limits)
        try:
            document = parse_document(query)
        except GraphQLError:
            document = None  # execution reports the syntax error; nothing runs, nothing is charged
        if document is not None:
            cost = analyze(document, limits=limits, operation_name=operation_name, variables=variables,
                           schema=services.schema._schema)
        if cost is not None and cost.total > capacity:
            raise too_costly(cost.total, capacity)  # could never fit in this key's bucket
    except AppError as refusal:
        state = await limiter.take(api_key.id, 0, capacity=capacity, restore_rate=rate)
        return Meter(services, api_key, state, debug=debug, refusal=refusal)

    requested = cost.total if cost is not None else 0
    state = await limiter.take(api_key.id, requested, capacity=capacity, restore_rate=rate)
    meter = Meter(services, api_key, state, cost=cost, debug=debug)
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
