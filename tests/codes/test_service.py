"""Code status and redemption in the service: normalisation, all or nothing, one winner per code."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.codes import service
from app.codes.models import Code
from app.db import begin_write, utcnow
from app.errors import AppError, ErrorCode
from tests.factories.catalog import build, client, code, course, license
from tests.factories.users import learners


@pytest.fixture
async def people(db) -> list[str]:
    """Four learners (Jane first), and the codes: a course code, an expired one, one already redeemed
    (by a fifth learner) and a registration code."""
    soon, past = (utcnow() + timedelta(days=d) for d in (90, -30))
    await build(db, courses=[course("kubernetes"), course("machine-learning"), course("gdpr")],
                clients=[client("acme-corp", license("ENGINEERING"))],
                codes=[code("COURSE-ABC-XYZ", content="kubernetes", expiresAt=soon.isoformat()),
                       code("EXPIRED-2023", content="machine-learning", expiresAt=past.isoformat()),
                       code("USED-CODE-1", content="gdpr"),
                       code("WELCOME2024", kind="registration", license="ENGINEERING", client="acme-corp")])
    *people, earlier = await learners(db, "jane@example.com", "ann@example.com", "bob@example.com",
                                      "cat@example.com", "dan@example.com")
    assert await _redeem(db, earlier, ["USED-CODE-1"]) is True
    return people


async def _status(db, code, kind):
    async with db() as session:
        return await service.code_status(session, code=code, kind=kind)


async def _redeem(db, user_id, codes):
    async with db() as session:
        await begin_write(session)
        try:
            result = await service.redeem_codes(session, user_id=user_id, codes=codes)
        except AppError as err:
            await session.rollback()
            return err
        await session.commit()
        return result


async def test_status_flags(db, people):
    assert await _status(db, " course-abc-xyz ", "redemption") == service.CodeStatus(True, False, False)
    assert await _status(db, "EXPIRED-2023", "redemption") == service.CodeStatus(False, False, True)
    assert await _status(db, "USED-CODE-1", "redemption") == service.CodeStatus(False, True, False)
    assert await _status(db, "NOPE", "redemption") == service.CodeStatus(False, False, False)
    assert await _status(db, "", "redemption") == service.CodeStatus(False, False, False)
    # A code is validated as its own kind only.
    assert await _status(db, "WELCOME2024", "redemption") == service.CodeStatus(False, False, False)
    assert (await _status(db, "welcome2024", "registration")).valid


async def test_normalize_code():
    assert service.normalize_code("  abc-1 ") == "ABC-1" and service.normalize_code(None) == ""


async def test_a_code_is_redeemed_once_by_racing_users(db, people):
    results = await asyncio.gather(*(_redeem(db, uid, ["COURSE-ABC-XYZ"]) for uid in people))
    assert results.count(True) == 1
    assert [r.code for r in results if r is not True] == [ErrorCode.CODE_ALREADY_REDEEMED] * 3
    async with db() as session:
        code = await session.scalar(select(Code).where(Code.code == "COURSE-ABC-XYZ"))
    winner = [uid for uid, r in zip(people, results) if r is True][0]
    assert code.redeemed_by_user_id == winner and code.redeemed_at is not None


async def test_an_expiry_between_check_and_claim_is_caught(db, people):
    await build(db, codes=[code("SOON", content="gdpr", expiresAt=(utcnow() + timedelta(milliseconds=1)).isoformat())])
    await asyncio.sleep(0.01)
    err = await _redeem(db, people[0], ["soon"])
    assert err.code == ErrorCode.CODE_EXPIRED and err.details["redemptionCode"] == "SOON"


async def test_too_many_codes(db, people):
    err = await _redeem(db, people[0], [f"C{i}" for i in range(service.MAX_CODES_PER_REDEMPTION + 1)])
    assert err.code == ErrorCode.BAD_USER_INPUT


async def test_unknown_kind_is_a_programming_error(db):
    with pytest.raises(ValueError):
        await _status(db, "X", "gift")
