"""Balance debits and credits: exact, never below zero, each with a ledger row."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from app.balances import service
from app.balances.models import BalanceTransaction
from app.db import begin_write
from app.errors import AppError, ErrorCode
from app.users.models import User


async def _user(db, balance_cents: int) -> str:
    async with db() as session:
        user = User(email="spender@example.com", first_name="S", last_name="P", balance_cents=balance_cents)
        session.add(user)
        await session.commit()
        return user.id


async def _debit(db, user_id, amount):
    async with db() as session:
        await begin_write(session)
        try:
            result = await service.debit(session, user_id=user_id, amount_cents=amount, kind="redemption")
        except AppError as err:
            await session.rollback()
            return err
        await session.commit()
        return result


async def test_debit_and_credit_move_the_balance_and_write_the_ledger(db):
    uid = await _user(db, 1000)
    assert await _debit(db, uid, 250) == 750
    async with db() as session:
        await begin_write(session)
        assert await service.credit(session, user_id=uid, amount_cents=100, kind="code") == 850
        await session.commit()
    async with db() as session:
        assert (await session.get(User, uid)).balance_cents == 850
        ledger = (await session.scalars(select(BalanceTransaction.amount_cents).where(BalanceTransaction.user_id == uid)
                                        .order_by(BalanceTransaction.amount_cents))).all()
    assert ledger == [-250, 100]


async def test_debit_beyond_the_balance_is_refused(db):
    uid = await _user(db, 100)
    err = await _debit(db, uid, 101)
    assert isinstance(err, AppError) and err.code == ErrorCode.INSUFFICIENT_BALANCE
    assert await _debit(db, uid, 100) == 0


async def test_concurrent_debits_never_take_the_balance_below_zero(db):
    uid = await _user(db, 1000)
    results = await asyncio.gather(*(_debit(db, uid, 300) for _ in range(6)))
    assert sorted(r for r in results if isinstance(r, int)) == [100, 400, 700]
    assert sum(isinstance(r, AppError) and r.code == ErrorCode.INSUFFICIENT_BALANCE for r in results) == 3
    async with db() as session:
        assert (await session.get(User, uid)).balance_cents == 100
        assert len((await session.scalars(select(BalanceTransaction).where(BalanceTransaction.user_id == uid))).all()) == 3


async def test_negative_amounts_are_a_programming_error(db):
    uid = await _user(db, 100)
    with pytest.raises(ValueError):
        await _debit(db, uid, -1)
