"""The login throttle and password bounds under concurrent and hostile use (issue 14)."""
from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import select

from app.users.models import LoginThrottle
from tests.factories.people import PASSWORD, learner, with_password

JANE_EMAIL = "jane@example.com"
LOGIN = "mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }"


def _code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"] if body.get("errors") else "OK"


@pytest.fixture
async def jane(db) -> str:
    """A learner with the factory password (set before `verifications` starts counting)."""
    user_id = await learner(db, JANE_EMAIL, password=None)
    await with_password(db, user_id)
    return user_id


@pytest.fixture
def verifications(monkeypatch):
    """How many argon2 verifications ran (passwords checked)."""
    import app.security as security

    calls = []
    real = security._passwords.verify
    monkeypatch.setattr(security._passwords, "verify", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


@pytest.mark.parametrize("guesses", [20, 50])
async def test_concurrent_wrong_passwords_check_exactly_the_limit(gql, jane, db, settings, verifications, guesses):
    responses = await asyncio.gather(*(gql.post(LOGIN, {"e": JANE_EMAIL, "p": f"guess-{i}"}) for i in range(guesses)))
    assert {r.status_code for r in responses} == {200}
    codes = Counter(_code(r.json()) for r in responses)
    assert codes == {"INVALID_CREDENTIALS": settings.login_max_failures,
                     "THROTTLED": guesses - settings.login_max_failures}
    assert len(verifications) == settings.login_max_failures
    async with db() as session:
        throttle = await session.scalar(select(LoginThrottle))
    assert throttle.failures == settings.login_max_failures and throttle.locked_until is not None
    # The right password is refused too while the lock lasts.
    assert _code(await gql(LOGIN, {"e": JANE_EMAIL, "p": PASSWORD})) == "THROTTLED"


async def test_an_over_long_password_gets_the_same_answer_for_known_and_unknown_emails(gql, jane, verifications):
    long_password = "x" * 4097
    known = await gql(LOGIN, {"e": JANE_EMAIL, "p": long_password})
    unknown = await gql(LOGIN, {"e": "nobody@example.com", "p": long_password})
    assert known["errors"][0]["message"] == unknown["errors"][0]["message"] == "401 Unauthorized"
    assert _code(known) == _code(unknown) == "INVALID_CREDENTIALS"
    assert len(verifications) == 2  # one (bounded) argon2 verification each: comparable time


async def test_an_over_long_email_is_an_unknown_email(gql, verifications):
    body = await gql(LOGIN, {"e": "a" * 400 + "@example.com", "p": "whatever"})
    assert _code(body) == "INVALID_CREDENTIALS" and len(verifications) == 1


async def test_demo_users_do_not_share_a_password_hash(db, demo):
    """About the demo itself (its seeding hashes each user's password separately): stays on the demo."""
    from app.users.models import User

    async with db() as session:
        hashes = [h for h in (await session.scalars(select(User.password_hash))).all() if h]
    assert len(hashes) == len(set(hashes)) >= 2
