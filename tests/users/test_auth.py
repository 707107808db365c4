"""Login, Logout and CurrentUser through GraphQL, with their bad inputs."""
from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from sqlalchemy import select, update

from app.security import encode_token
from app.users.models import LoginThrottle, User
from tests.conftest import TEST_SECRET
from tests.factories.people import PASSWORD, learner, with_password
from tests.factories.users import logged_in, login_fixture

LOGIN = "mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }"
ME = "{ CurrentUser { id email firstName lastName name roleKey } }"


JANE_EMAIL = "jane@example.com"
OTHER_EMAIL = "ada@example.com"


@pytest.fixture
async def jane(db) -> str:
    """Jane Doe, a learner with the factory password."""
    user_id = await learner(db, JANE_EMAIL, first_name="Jane", last_name="Doe", password=None)
    await with_password(db, user_id)
    return user_id


jane_token = login_fixture(JANE_EMAIL, "jane")


def _code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


def _message(body: dict) -> str:
    return body["errors"][0]["message"]


async def test_login_returns_a_signed_token_for_the_user(gql, jane):
    token = await gql.login(JANE_EMAIL, PASSWORD)
    claims = jwt.decode(token, TEST_SECRET, algorithms=["HS256"])
    assert set(claims) >= {"sub", "jti", "exp", "iat"}
    assert claims["exp"] > time.time()
    me = (await gql.data(ME, token=token))["CurrentUser"]
    assert me["email"] == JANE_EMAIL and me["name"] == "Jane Doe" and me["id"] == claims["sub"]


async def test_login_ignores_email_case_and_spaces(gql, jane):
    assert await gql.login("  Jane@EXAMPLE.com ", PASSWORD)


async def test_two_logins_give_distinct_tokens(gql, jane):
    a, b = await gql.login(JANE_EMAIL, PASSWORD), await gql.login(JANE_EMAIL, PASSWORD)
    assert jwt.decode(a, TEST_SECRET, algorithms=["HS256"])["jti"] != jwt.decode(b, TEST_SECRET, algorithms=["HS256"])["jti"]


async def test_wrong_password_and_unknown_email_give_the_same_error(gql, jane):
    wrong = await gql(LOGIN, {"e": JANE_EMAIL, "p": "nope"})
    unknown = await gql(LOGIN, {"e": "nobody@example.com", "p": "nope"})
    assert _code(wrong) == _code(unknown) == "INVALID_CREDENTIALS"
    # Helium's Login component shows "wrong email or password" for exactly this message.
    assert _message(wrong) == _message(unknown) == "401 Unauthorized"
    assert wrong["data"] is None


async def test_unknown_email_costs_a_password_check_too(monkeypatch, gql):
    import app.security as security

    calls = []
    real = security._passwords.verify
    monkeypatch.setattr(security._passwords, "verify", lambda *a, **k: calls.append(1) or real(*a, **k))
    await gql(LOGIN, {"e": "nobody@example.com", "p": "nope"})
    assert calls, "an unknown email must still run one argon2 verification"


async def test_disabled_account(gql, jane, db):
    async with db() as s:
        await s.execute(update(User).where(User.email == JANE_EMAIL).values(disabled=True))
        await s.commit()
    body = await gql(LOGIN, {"e": JANE_EMAIL, "p": PASSWORD})
    assert (_code(body), _message(body)) == ("ACCOUNT_DISABLED", "423 Locked")


async def test_unverified_email(gql, jane, db):
    async with db() as s:
        await s.execute(update(User).where(User.email == JANE_EMAIL).values(email_verified=False))
        await s.commit()
    body = await gql(LOGIN, {"e": JANE_EMAIL, "p": PASSWORD})
    assert (_code(body), _message(body)) == ("EMAIL_NOT_VERIFIED", "Email verification required")


async def test_disabled_status_is_not_revealed_to_a_wrong_password(gql, jane, db):
    async with db() as s:
        await s.execute(update(User).where(User.email == JANE_EMAIL).values(disabled=True))
        await s.commit()
    body = await gql(LOGIN, {"e": JANE_EMAIL, "p": "wrong"})
    assert (_code(body), _message(body)) == ("INVALID_CREDENTIALS", "401 Unauthorized")


async def test_repeated_failures_are_throttled_then_recover(gql, jane, db, settings):
    for _ in range(settings.login_max_failures):
        assert _code(await gql(LOGIN, {"e": JANE_EMAIL, "p": "wrong"})) == "INVALID_CREDENTIALS"
    throttled = await gql(LOGIN, {"e": JANE_EMAIL, "p": PASSWORD})
    assert (_code(throttled), _message(throttled)) == ("THROTTLED", "User Throttled")
    assert throttled["errors"][0]["extensions"]["retryAfter"] > 0
    # Another email is not affected.
    assert await logged_in(db, gql, await learner(db, OTHER_EMAIL, password=None), OTHER_EMAIL)
    # Once the lock has passed, the right password works again and clears the count.
    async with db() as s:
        await s.execute(update(LoginThrottle).values(locked_until=datetime.now(UTC) - timedelta(seconds=1)))
        await s.commit()
    assert await gql.login(JANE_EMAIL, PASSWORD)
    async with db() as s:
        assert (await s.scalars(select(LoginThrottle))).all() == []


async def test_current_user_is_null_without_a_token(gql):
    body = await gql(ME)
    assert body["data"] == {"CurrentUser": None} and "errors" not in body


async def test_logout_revokes_the_token_everywhere(gql, jane_token):
    assert (await gql.data("mutation { Logout }", token=jane_token)) == {"Logout": True}
    body = await gql(ME, token=jane_token)
    assert body["data"]["CurrentUser"] is None
    assert _code(body) == "UNAUTHENTICATED"
    again = await gql("mutation { Logout }", token=jane_token)
    assert _code(again) == "UNAUTHENTICATED"


async def test_logout_without_a_token_is_unauthenticated(gql):
    body = await gql("mutation { Logout }")
    assert _code(body) == "UNAUTHENTICATED" and body["data"] is None


async def test_logout_of_one_session_keeps_the_other(gql, jane):
    a, b = await gql.login(JANE_EMAIL, PASSWORD), await gql.login(JANE_EMAIL, PASSWORD)
    await gql.data("mutation { Logout }", token=a)
    assert (await gql.data(ME, token=b))["CurrentUser"]["email"] == JANE_EMAIL


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def _alg_none(token: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(claims, key=None, algorithm="none")


@pytest.mark.parametrize("make_bad", [
    _tamper,
    _alg_none,
    lambda t: t[:-4] + "AAAA",
    lambda t: "not-a-jwt",
    lambda t: jwt.encode({**jwt.decode(t, options={"verify_signature": False})}, "another-secret-key-of-32-bytes!!", algorithm="HS256"),
])
async def test_bad_tokens_give_null_and_unauthenticated(gql, jane_token, make_bad):
    body = await gql(ME, token=make_bad(jane_token))
    assert body["data"]["CurrentUser"] is None
    assert _code(body) == "UNAUTHENTICATED"


async def test_expired_token(gql):
    token, _ = encode_token("any", TEST_SECRET, ttl_seconds=-10)
    body = await gql(ME, token=token)
    assert body["data"]["CurrentUser"] is None and _code(body) == "UNAUTHENTICATED"


async def test_token_is_accepted_from_the_cookie(gql, http, jane_token):
    response = await http.post("/graphql", json={"query": ME},
                               headers={"Authorization": "Bearer test-api-key", "Cookie": f"authToken={jane_token}"})
    assert response.json()["data"]["CurrentUser"]["email"] == JANE_EMAIL


async def test_disabling_a_user_ends_their_sessions(gql, jane_token, db):
    async with db() as s:
        await s.execute(update(User).where(User.email == JANE_EMAIL).values(disabled=True))
        await s.commit()
    body = await gql(ME, token=jane_token)
    assert body["data"]["CurrentUser"] is None and _code(body) == "UNAUTHENTICATED"


async def test_a_logout_in_one_process_is_refused_by_another_at_once(settings, engine, jane_token):
    """Sessions are never cached: a second app on the same database refuses the token right after."""

    from tests.graphql.test_metering import client_of

    cached = settings.model_copy(update=dict(api_key_cache_seconds=60))
    async with client_of(cached, engine) as one, client_of(cached, engine) as two:
        me = "{ CurrentUser { email } }"
        assert (await two.data(me, token=jane_token))["CurrentUser"] is not None
        assert (await one.data("mutation { Logout }", token=jane_token)) == {"Logout": True}
        body = await two(me, token=jane_token)
        assert body["data"] == {"CurrentUser": None}
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
