"""Learners and administrators, made the way the product makes them: provisioned, then invited to set a
password (app/users/provisioning.py); content granted through the learning service."""
from __future__ import annotations

from app.learning.service import grant_content
from app.users.accounts import set_role
from app.users.models import ROLE_ADMIN
from app.users.provisioning import NewLearner, accept_invitation, create_learners, issue_invitation
from tests.conftest import TEST_SECRET

PASSWORD = "factory-password"


async def learner(db, email: str, *, password: str | None = PASSWORD, first_name: str = "Test",
                  last_name: str | None = None, client_id: str | None = None,
                  license_ids: tuple[str, ...] = (), **refs: str) -> str:
    """A new learner's id. With a password (the default), the invitation is accepted, so
    `gql.login(email, PASSWORD)` works; `password=None` leaves the learner provisioned only."""
    async with db() as session:
        [user] = await create_learners(session, learners=[NewLearner(
            email=email, first_name=first_name, last_name=last_name or email.split("@")[0].capitalize(),
            client_id=client_id, license_ids=license_ids, refs=refs)])
        if password is not None:
            invitation = await issue_invitation(session, user_id=user.id)
            await accept_invitation(session, token=invitation.token, password=password,
                                    secret_key=TEST_SECRET, token_ttl_seconds=3600)
        await session.commit()
    return user.id


async def administrator(db, email: str = "admin@example.com", **fields) -> str:
    """A learner given the administrator role (users.accounts.set_role)."""
    user_id = await learner(db, email, **fields)
    async with db() as session:
        await set_role(session, user_id=user_id, role=ROLE_ADMIN)
        await session.commit()
    return user_id


async def enrol(db, user_id: str, content_id: str, source: str = "test") -> None:
    """Grant the content as a purchase or code would: enrolment, bundle or learning-path allocation."""
    async with db() as session:
        assert await grant_content(session, user_id=user_id, content_id=content_id, source=source)
        await session.commit()
