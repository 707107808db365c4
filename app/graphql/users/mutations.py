"""Login and Logout."""
from __future__ import annotations

from typing import Annotated

import strawberry

from app.errors import AppError, ErrorCode
from app.graphql.context import Info
from app.graphql.descriptions import MUTATION_SCOPE_NOTE
from app.users import auth


@strawberry.type
class AuthMutations:
    @strawberry.mutation(
        name="Login",
        description="Attempts to login the user. The mutation will perform a number of checks such as password "
        "validity and email verification status. If successful, the user will be logged in and an authentication "
        "token returned. If not, an appropriate error will be provided. " + MUTATION_SCOPE_NOTE,
    )
    async def login(
        self,
        info: Info,
        email: Annotated[str, strawberry.argument(description="The email of the Current User attempting to log in.")],
        password: Annotated[str, strawberry.argument(description="The password of the Current User attempting to log in.")],
    ) -> str:
        ctx = info.context
        s = ctx.settings
        failure: AppError | None = None
        # The failure count must be kept even when login fails, so the error is raised
        # only after the transaction commits.
        async with ctx.db.transaction() as session:
            try:
                token = await auth.login(
                    session, email=email, password=password, secret_key=s.secret_key,
                    token_ttl_seconds=s.token_ttl_seconds, max_failures=s.login_max_failures,
                    lockout_seconds=s.login_lockout_seconds,
                )
            except AppError as err:
                if err.code != ErrorCode.INVALID_CREDENTIALS:
                    raise
                failure = err
        if failure is not None:
            raise failure
        ctx.cookie.set(token, s.token_ttl_seconds)  # Helium's app expects the session as a cookie
        return token

    @strawberry.mutation(name="Logout", description=MUTATION_SCOPE_NOTE)
    async def logout(self, info: Info) -> bool:
        ctx = info.context
        async with ctx.db.transaction() as session:
            done = await auth.logout(session, claims=ctx.token_claims)
        ctx.cookie.remove()
        return done
