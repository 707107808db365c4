"""SelectCurrentUserActiveLicense and UnenrollFromWaitlist."""
from __future__ import annotations

from typing import Annotated

import strawberry

from app.clients import service as clients
from app.graphql.context import Info
from app.graphql.descriptions import MUTATION_SCOPE_NOTE
from app.learning import service as learning


@strawberry.type
class LearningMutations:
    @strawberry.mutation(
        name="SelectCurrentUserActiveLicense",
        description="Changes the active license of the CurrentUser. " + MUTATION_SCOPE_NOTE,
    )
    async def select_current_user_active_license(
        self,
        info: Info,
        license_id: Annotated[strawberry.ID, strawberry.argument(
            description="The ID of the License that should be set to 'active' for the CurrentUser.")],
    ) -> bool:
        ctx = info.context
        user = ctx.require_viewer()
        async with ctx.db.transaction() as session:
            return await clients.select_active_license(session, user_id=user.id, license_id=license_id)

    @strawberry.mutation(
        name="UnenrollFromWaitlist",
        description="Removes the CurrentUser from the content's waitlist: true when removed, false when they "
        "were not on it. " + MUTATION_SCOPE_NOTE,
    )
    async def unenroll_from_waitlist(self, info: Info, id: strawberry.ID) -> bool:
        ctx = info.context
        user = ctx.require_viewer()
        async with ctx.db.transaction() as session:
            return await learning.unenroll_from_waitlist(session, user_id=user.id, content_id=id)
