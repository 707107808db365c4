"""CurrentUser."""
from __future__ import annotations

import strawberry

from app.graphql.context import Info
from app.graphql.descriptions import USER_SCOPE_NOTE
from app.graphql.users.types import User


@strawberry.type
class UserQueries:
    @strawberry.field(name="CurrentUser", description=USER_SCOPE_NOTE)
    def current_user(self, info: Info) -> User | None:
        return info.context.viewer()
