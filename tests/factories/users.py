"""Many learners at once, provisioned in one batch (app/users/provisioning.py) without passwords: for
tests that need people to hold or list things (tests.factories.people.with_password lets one of them log
in); `logged_in` and `login_fixture` give login tokens."""
from __future__ import annotations

import inspect

import pytest

from app.users.provisioning import NewLearner, create_learners
from tests.factories.people import PASSWORD, with_password


async def learners(db, *emails: str, **fields) -> list[str]:
    """The new learners' ids, in order; names come from the emails ("ann@…" is Ann Test)."""
    async with db() as session:
        users = await create_learners(session, learners=[
            NewLearner(email=email, first_name=email.split("@")[0].capitalize(), last_name="Test", **fields)
            for email in emails])
        await session.commit()
    return [u.id for u in users]


async def logged_in(db, gql, user_id: str, email: str) -> str:
    """A login token for the provisioned user (given the factory password first)."""
    await with_password(db, user_id)
    return await gql.login(email, PASSWORD)


def login_fixture(email: str, *after: str, password: str = PASSWORD):
    """A fixture giving the login token of `email`, once the fixtures named in `after` have made them:
    `jane_token = login_fixture("jane@example.com", "board")` in a test module or conftest."""

    async def token(gql, **_made) -> str:
        return await gql.login(email, password)

    parameters = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in ("gql", *after)]
    token.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]  # what pytest reads
    return pytest.fixture(token)
