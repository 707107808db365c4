"""set_role and set_disabled: an operator's changes to an account."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.errors import AppError, ErrorCode
from app.users import accounts
from app.users.models import AuthSession, User
from tests.factories.people import PASSWORD, learner
from tests.factories.services import run_service

AT = datetime(2025, 3, 1, tzinfo=UTC)


async def test_role_changes_and_is_checked(db):
    jane = await learner(db, "jane.doe@example.com", password=None)
    await run_service(db, accounts.set_role, user_id=jane, role="admin", now=AT)
    async with db() as session:
        user = await session.get(User, jane)
    assert (user.role_key, user.updated_at) == ("admin", AT)
    for kwargs, code, field in (({"role": "owner"}, ErrorCode.BAD_USER_INPUT, "role"),
                                ({"user_id": "nobody"}, ErrorCode.NOT_FOUND, "userId")):
        with pytest.raises(AppError) as caught:
            await run_service(db, accounts.set_role, **{"user_id": jane, "role": "learner", **kwargs})
        assert (caught.value.code, caught.value.field) == (code, field)


async def test_a_disabled_account_cannot_log_in_and_its_sessions_end(db, gql):
    jane = await learner(db, "jane.doe@example.com")
    token = await gql.login("jane.doe@example.com", PASSWORD)
    await run_service(db, accounts.set_disabled, user_id=jane, disabled=True)
    async with db() as session:
        revoked = (await session.scalars(select(AuthSession.revoked_at).where(AuthSession.user_id == jane))).all()
    assert revoked and all(at is not None for at in revoked)
    me = await gql("{ CurrentUser { id } }", token=token)
    assert me["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    login = await gql("mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }",
                      {"e": "jane.doe@example.com", "p": PASSWORD})
    assert login["errors"][0]["extensions"]["code"] == "ACCOUNT_DISABLED"
    await run_service(db, accounts.set_disabled, user_id=jane, disabled=False)
    assert await gql.login("jane.doe@example.com", PASSWORD)


async def test_disabling_an_unknown_user(db):
    with pytest.raises(AppError) as caught:
        await run_service(db, accounts.set_disabled, user_id="nobody", disabled=True)
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "userId")
