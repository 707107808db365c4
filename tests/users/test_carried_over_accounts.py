"""create_learners for accounts carried over from another system: their id, language, email-verified
flag and argon2 password hash."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from app.db import begin_write
from app.errors import AppError, ErrorCode
from app.security import hash_password, verify_password
from app.users import provisioning
from app.users.models import User
from app.users.provisioning import NewLearner

HASH = hash_password("carried-over-password")


async def _create(db, *learners: NewLearner, now=None):
    async with db() as session:
        await begin_write(session)
        users = await provisioning.create_learners(session, learners=list(learners), now=now)
        await session.commit()
        return users


async def test_a_carried_over_account_keeps_its_id_hash_language_and_flag(db):
    user_id = str(uuid.uuid4())
    await _create(db, NewLearner(email="old@example.com", first_name="Old", last_name="Timer", user_id=user_id,
                                 lang="fr", email_verified=False, password_hash=HASH))
    async with db() as session:
        stored = await session.get(User, user_id)
    assert (stored.email, stored.lang, stored.email_verified) == ("old@example.com", "fr", False)
    assert verify_password("carried-over-password", stored.password_hash)


async def test_without_them_a_learner_is_provisioned_as_before(db):
    [user] = await _create(db, NewLearner(email="new@example.com", first_name="New", last_name="Comer"))
    assert uuid.UUID(user.id) and user.lang is None and user.email_verified is True and user.password_hash is None


@pytest.mark.parametrize("fields, code, field", [
    ({"password_hash": "plain-text"}, ErrorCode.BAD_USER_INPUT, "passwordHash"),
    ({"user_id": "not-a-uuid"}, ErrorCode.BAD_USER_INPUT, "id"),
    ({"lang": "x" * 21}, ErrorCode.BAD_USER_INPUT, "lang"),
    ({"lang": "en;drop"}, ErrorCode.BAD_USER_INPUT, "lang"),
])
async def test_bad_carried_over_values(db, fields, code, field):
    with pytest.raises(AppError) as caught:
        await _create(db, NewLearner(email="old@example.com", first_name="Old", last_name="Timer", **fields))
    assert (caught.value.code, caught.value.field) == (code, field)
    async with db() as session:
        assert (await session.scalars(select(User.id))).all() == []


async def test_an_id_is_taken_once(db):
    user_id = str(uuid.uuid4())
    await _create(db, NewLearner(email="a@example.com", first_name="A", last_name="A", user_id=user_id))
    for learners in ([NewLearner(email="b@example.com", first_name="B", last_name="B", user_id=user_id)],
                     [NewLearner(email=f"{n}@example.com", first_name="C", last_name="C", user_id=(other := str(
                         uuid.uuid5(uuid.NAMESPACE_DNS, "same")))) for n in ("c", "d")]):
        with pytest.raises(AppError) as caught:
            await _create(db, *learners)
        assert (caught.value.code, caught.value.field) == (ErrorCode.CONFLICT, "id")
    async with db() as session:
        assert await session.get(User, other) is None
