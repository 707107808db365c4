"""CreateLearner, CreateLearners, and the invitation mutations of our own (IssueLearnerInvitation,
AcceptInvitation) through which a provisioned learner sets a first password."""
from __future__ import annotations

from typing import Annotated

import strawberry

from app.clients.models import REF_FIELDS
from app.graphql.context import Info
from app.graphql.descriptions import MUTATION_SCOPE_NOTE
from app.graphql.scalars import Date
from app.graphql.users.types import User
from app.users import provisioning


@strawberry.input
class LearnerInput:
    client_id: strawberry.ID | None = None
    email: str
    first_name: str
    last_name: str
    license_ids: list[strawberry.ID] | None = None
    ref1: str | None = None
    ref2: str | None = None
    ref3: str | None = None
    ref4: str | None = None
    ref5: str | None = None
    ref6: str | None = None
    ref7: str | None = None
    ref8: str | None = None
    ref9: str | None = None
    ref10: str | None = None


@strawberry.type(description="A one-time token with which a provisioned learner sets a first password "
                             "(AcceptInvitation). Only its hash is stored: it is shown once.")
class LearnerInvitation:
    token: str
    user_id: strawberry.ID
    expires_at: Date


def _acting_admin_name(info: Info) -> str | None:
    user = info.context.user
    return user.name if user is not None else None


@strawberry.type
class ProvisioningMutations:
    @strawberry.mutation(name="CreateLearner", description="Creates a learner (administrators only). " + MUTATION_SCOPE_NOTE)
    async def create_learner(
        self,
        info: Info,
        email: str,
        first_name: str,
        last_name: str,
        client_id: Annotated[strawberry.ID | None, strawberry.argument(description="The ID of the Client.")] = None,
        license_ids: list[strawberry.ID] | None = None,
    ) -> User:
        ctx = info.context
        ctx.require_admin()
        learner = provisioning.NewLearner(email=email, first_name=first_name, last_name=last_name,
                                          client_id=client_id, license_ids=tuple(license_ids or ()))
        async with ctx.db.transaction() as session:
            users = await provisioning.create_learners(session, learners=[learner],
                                                       invited_by_name=_acting_admin_name(info))
        return users[0]

    @strawberry.mutation(
        name="CreateLearners",
        description=f"Creates up to {provisioning.MAX_BATCH_SIZE} learners, all or none (administrators only). "
        + MUTATION_SCOPE_NOTE,
    )
    async def create_learners(self, info: Info, learners: list[LearnerInput]) -> list[User | None]:
        ctx = info.context
        ctx.require_admin()
        batch = [
            provisioning.NewLearner(
                email=item.email, first_name=item.first_name, last_name=item.last_name, client_id=item.client_id,
                license_ids=tuple(item.license_ids or ()), refs={key: getattr(item, key) for key in REF_FIELDS},
            )
            for item in learners
        ]
        async with ctx.db.transaction() as session:
            return await provisioning.create_learners(session, learners=batch, invited_by_name=_acting_admin_name(info))

    @strawberry.mutation(
        name="IssueLearnerInvitation",
        description="Administrators only: a new invitation token for a learner without a password "
        "(earlier unused tokens stop working). Not part of Helium.",
    )
    async def issue_learner_invitation(self, info: Info, user_id: strawberry.ID) -> LearnerInvitation:
        ctx = info.context
        ctx.require_admin()
        async with ctx.db.transaction() as session:
            invitation = await provisioning.issue_invitation(session, user_id=user_id)
        return LearnerInvitation(token=invitation.token, user_id=invitation.user_id, expires_at=invitation.expires_at)

    @strawberry.mutation(
        name="AcceptInvitation",
        description="Sets the invited learner's first password and returns a login token (authToken). "
        f"The password needs at least {provisioning.MIN_PASSWORD_LENGTH} characters. Not part of Helium.",
    )
    async def accept_invitation(self, info: Info, token: str, password: str) -> str:
        ctx = info.context
        s = ctx.settings
        async with ctx.db.transaction() as session:
            return await provisioning.accept_invitation(
                session, token=token, password=password, secret_key=s.secret_key,
                token_ttl_seconds=s.token_ttl_seconds,
            )
