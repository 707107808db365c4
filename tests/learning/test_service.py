"""Granting content (idempotent, by kind) and leaving waitlists."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from app.db import begin_write
from app.learning import service
from app.learning.models import Enrollment, LearningPathAllocation, PurchasedBundle
from tests.factories.catalog import build, bundle, course, id_of, learning_path
from tests.factories.learning import add, waitlist_entry
from tests.factories.people import enrol, learner


@pytest.fixture
async def jane(db) -> str:
    """Jane bought the starter bundle and waits for a place at the summit."""
    await build(db, courses=[course("kubernetes"), course("cloud-basics"), course("python"),
                             course("summit", kind="inPersonEvent")],
                learning_paths=[learning_path("data-path", ["python"])],
                bundles=[bundle("starter-bundle", ["python"])])
    jane = await learner(db, "jane@example.com", password=None)
    await enrol(db, jane, await id_of(db, "content", "starter-bundle"))
    await add(db, waitlist_entry(jane, await id_of(db, "content", "summit")))
    return jane


async def _grant(db, jane, slug):
    async with db() as session:
        await begin_write(session)
        granted = await service.grant_content(session, user_id=jane, content_id=await id_of(db, "content", slug),
                                              source="code")
        await session.commit()
        return granted


async def test_grants_by_kind_and_only_once(db, jane):
    assert await _grant(db, jane, "kubernetes") is True
    assert await _grant(db, jane, "kubernetes") is False
    assert await _grant(db, jane, "data-path") is True
    assert await _grant(db, jane, "starter-bundle") is False  # Jane bought it already
    async with db() as session:
        enrollment = await session.scalar(select(Enrollment).where(
            Enrollment.user_id == jane, Enrollment.content_id == await id_of(db, "content", "kubernetes")))
        assert enrollment.source == "code" and enrollment.status == "not-started"
        assert await session.scalar(select(LearningPathAllocation.id).where(
            LearningPathAllocation.user_id == jane,
            LearningPathAllocation.learning_path_id == await id_of(db, "content", "data-path")))
        assert await session.scalar(select(func.count()).select_from(PurchasedBundle)
                                    .where(PurchasedBundle.user_id == jane)) == 1


async def test_concurrent_grants_make_one_enrollment(db, jane):
    results = await asyncio.gather(*(_grant(db, jane, "cloud-basics") for _ in range(3)))
    assert results.count(True) == 1
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Enrollment).where(
            Enrollment.user_id == jane, Enrollment.content_id == await id_of(db, "content", "cloud-basics"))) == 1


async def test_unenroll_from_waitlist(db, jane):
    summit = await id_of(db, "content", "summit")
    async with db() as session:
        await begin_write(session)
        assert await service.unenroll_from_waitlist(session, user_id=jane, content_id=summit) is True
        assert await service.unenroll_from_waitlist(session, user_id=jane, content_id=summit) is False
        await session.commit()
