"""grant_award: an amount of an award type earned on a course or learning path, at `now`."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from app.awards import queries
from app.awards.models import Award
from app.awards.service import grant_award
from app.errors import AppError, ErrorCode
from tests.factories.catalog import award_type, build, course, id_of
from tests.factories.people import learner
from tests.factories.services import run_service

AT = datetime(2025, 3, 1, tzinfo=UTC)


@pytest.fixture
async def w(db) -> dict:
    await build(db, courses=[course("python")], award_types=[award_type("Credit")])
    return {"user_id": await learner(db, "jane.doe@example.com", password=None),
            "award_type_id": await id_of(db, "awardType", "Credit"),
            "resource_id": await id_of(db, "content", "python")}


async def _grant(db, **kwargs) -> Award:
    return await run_service(db, grant_award, **kwargs)


async def test_awards_add_up_on_the_course(db, w):
    first = await _grant(db, **w, amount=1.5, now=AT)
    await _grant(db, **w, amount=2)
    async with db() as session:
        stored = await session.get(Award, first.id)
        [(kind, total)] = (await session.execute(
            queries.course_award_counts(w["user_id"], w["resource_id"]))).all()
    assert (stored.amount, stored.earned_at) == (1.5, AT)
    assert (kind.id, total) == (w["award_type_id"], 3.5)


@pytest.mark.parametrize("change, code, field", [
    ({"amount": 0}, ErrorCode.BAD_USER_INPUT, "amount"),
    ({"amount": -1}, ErrorCode.BAD_USER_INPUT, "amount"),
    ({"amount": float("nan")}, ErrorCode.BAD_USER_INPUT, "amount"),
    ({"amount": "2"}, ErrorCode.BAD_USER_INPUT, "amount"),
    ({"award_type_id": "nope"}, ErrorCode.NOT_FOUND, "awardTypeId"),
    ({"resource_id": "nope"}, ErrorCode.NOT_FOUND, "resourceId"),
    ({"user_id": "nobody"}, ErrorCode.NOT_FOUND, "userId"),
])
async def test_refusals_write_nothing(db, w, change, code, field):
    with pytest.raises(AppError) as caught:
        await _grant(db, **{**w, "amount": 1, **change})
    assert (caught.value.code, caught.value.field) == (code, field)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Award)) == 0
