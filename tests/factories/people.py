"""Learners and administrators, made the way the product makes them: provisioned, then invited to set a
password (app/users/provisioning.py); content granted through the learning service."""
from __future__ import annotations

from sqlalchemy import update

from app.learning.service import grant_content
from app.users.accounts import set_role
from app.users.models import ROLE_ADMIN, User
from app.users.profile import FIELDS as PROFILE_FIELDS
from app.users.profile import update_profile
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
        await session.commit()
    if password is not None:
        await with_password(db, user.id, password)
    return user.id


async def with_password(db, user_id: str, password: str = PASSWORD) -> None:
    """Give a provisioned learner a password the way the product does: an invitation, accepted."""
    async with db() as session:
        invitation = await issue_invitation(session, user_id=user_id)
        await accept_invitation(session, token=invitation.token, password=password, secret_key=TEST_SECRET,
                                token_ttl_seconds=3600)
        await session.commit()


async def administrator(db, email: str = "admin@example.com", **fields) -> str:
    """A learner given the administrator role (users.accounts.set_role)."""
    user_id = await learner(db, email, **fields)
    async with db() as session:
        await set_role(session, user_id=user_id, role=ROLE_ADMIN)
        await session.commit()
    return user_id


async def profile(db, user_id: str, **columns) -> None:
    """Set the learner's profile: fields of app/users/profile.py through update_profile, other User
    columns no service writes (the language a learner picked …) directly:
    `profile(db, jane, lang="en", recommended_tags=[…])`."""
    fields = {name: value for name, value in columns.items() if name in PROFILE_FIELDS}
    others = {name: value for name, value in columns.items() if name not in PROFILE_FIELDS}
    async with db() as session:
        await update_profile(session, user_id=user_id, changes=fields)
        if others:
            await session.execute(update(User).where(User.id == user_id).values(**others))
        await session.commit()


async def enrol(db, user_id: str, content_id: str, source: str = "test") -> None:
    """Grant the content as a purchase or code would: enrolment, bundle or learning-path allocation."""
    async with db() as session:
        assert await grant_content(session, user_id=user_id, content_id=content_id, source=source)
        await session.commit()
