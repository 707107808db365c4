"""RedeemBalance (a seed addition: newer than the reference schema)."""
from __future__ import annotations

from typing import Annotated

import strawberry

from app.balances import service
from app.graphql.context import Info
from app.graphql.descriptions import MUTATION_SCOPE_NOTE
from app.graphql.enums import BalanceContentType
from app.graphql.scalars import UUID, AbsoluteOrRelativeURL


@strawberry.type
class BalanceMutations:
    @strawberry.mutation(
        name="RedeemBalance",
        description="Spends the current user's balance on a course: adds it to the purchased courses, deducts "
        "its price (1 credit per 100 price cents) and records the redemption. Returns the content URL for "
        "articles and videos, the dashboard URL otherwise. Only `courses` is supported for now. "
        + MUTATION_SCOPE_NOTE,
    )
    async def redeem_balance(
        self,
        info: Info,
        content_type: Annotated[BalanceContentType, strawberry.argument(description="Currently only available for `courses`")],
        content_id: UUID,
    ) -> AbsoluteOrRelativeURL | None:
        ctx = info.context
        user = ctx.require_viewer()
        async with ctx.db.transaction() as session:
            return await service.redeem_balance(session, user_id=user.id, content_type=content_type.value,
                                                content_id=content_id)
