"""Granting content (idempotent, by kind) and leaving waitlists."""
from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from app.db import begin_write
from app.demo import JANE_EMAIL, demo_id
from app.learning import service
from app.learning.models import Enrollment, LearningPathAllocation, PurchasedBundle

JANE = demo_id("user", JANE_EMAIL)


async def _grant(db, slug):
    async with db() as session:
        await begin_write(session)
        granted = await service.grant_content(session, user_id=JANE, content_id=demo_id("content", slug), source="code")
        await session.commit()
        return granted


async def test_grants_by_kind_and_only_once(db, demo):
    assert await _grant(db, "kubernetes-deep-dive") is True
    assert await _grant(db, "kubernetes-deep-dive") is False
    assert await _grant(db, "data-science-learning-path") is True
    assert await _grant(db, "acme-starter-bundle") is False  # Jane bought it already
    async with db() as session:
        enrollment = await session.scalar(select(Enrollment).where(
            Enrollment.user_id == JANE, Enrollment.content_id == demo_id("content", "kubernetes-deep-dive")))
        assert enrollment.source == "code" and enrollment.status == "not-started"
        assert await session.scalar(select(LearningPathAllocation.id).where(
            LearningPathAllocation.user_id == JANE,
            LearningPathAllocation.learning_path_id == demo_id("content", "data-science-learning-path")))
        assert await session.scalar(select(func.count()).select_from(PurchasedBundle)
                                    .where(PurchasedBundle.user_id == JANE)) == 1


async def test_concurrent_grants_make_one_enrollment(db, demo):
    results = await asyncio.gather(*(_grant(db, "cloud-engineering-basics") for _ in range(3)))
    assert results.count(True) == 1
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Enrollment).where(
            Enrollment.user_id == JANE, Enrollment.content_id == demo_id("content", "cloud-engineering-basics"))) == 1


async def test_unenroll_from_waitlist(db, demo):
    summit = demo_id("content", "leadership-summit")
    async with db() as session:
        await begin_write(session)
        assert await service.unenroll_from_waitlist(session, user_id=JANE, content_id=summit) is True
        assert await service.unenroll_from_waitlist(session, user_id=JANE, content_id=summit) is False
        await session.commit()
