"""ApiUsage: the usage ledger, for administrators (an API key without a user, or an admin's token)."""
from __future__ import annotations

from typing import Annotated

import strawberry

from app.errors import AppError, ErrorCode
from app.graphql.context import Info
from app.graphql.usage.types import ApiUsageEntry
from app.usage.service import usage_report


@strawberry.type
class UsageQueries:
    @strawberry.field(name="ApiUsage", description="API points spent per API key, operation and day, newest day "
                      "first. Needs an administrator: the API key alone, or an admin's authToken.")
    async def api_usage(
        self, info: Info,
        days: Annotated[int, strawberry.argument(description="The last N days, today (UTC) included.")] = 30,
        key: Annotated[str | None, strawberry.argument(description="Only the API key with this name.")] = None,
    ) -> list[ApiUsageEntry]:
        ctx = info.context
        ctx.viewer()
        if ctx.token_rejected:
            raise AppError(ErrorCode.UNAUTHENTICATED, "The authToken is invalid, expired or revoked")
        if not ctx.acts_as_admin:
            raise AppError(ErrorCode.FORBIDDEN, "The usage ledger is for administrators")
        # This process's counts not yet flushed are written first, then read in a new snapshot.
        await ctx.services.usage.flush()
        async with ctx.services.session_factory() as session:
            rows = await usage_report(session, days=days, key_name=key)
        return [ApiUsageEntry.from_row(row) for row in rows]
