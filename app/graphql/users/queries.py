"""CurrentUser."""
from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.graphql.users.types import User

USER_SCOPE_NOTE = "The results of this query can be affected by providing an authToken header to set a user for the operation."


@strawberry.type
class UserQueries:
    @strawberry.field(name="CurrentUser", description=USER_SCOPE_NOTE)
    def current_user(self, info: Info) -> User | None:
        return info.context.viewer()
