"""The current user's relation to content items, batched per request."""
from __future__ import annotations

from sqlalchemy import select
from strawberry.types import Info

from app.certificates.models import Certificate
from app.db import Record
from app.graphql.loaders import children
from app.learning.models import Enrollment, LearningPathAllocation

ENROLLMENTS = Enrollment.__table__


async def viewer_path_allocation(info: Info, learning_path_id: str):
    user = info.context.user
    if user is None:
        return None
    rows = await children(info.context, LearningPathAllocation, LearningPathAllocation.user_id).load(user.id)
    return next((r for r in rows if r.learning_path_id == learning_path_id), None)


async def viewer_enrollment(info: Info, content_id: str):
    user = info.context.user
    if user is None:
        return None
    return await enrollment_by_content(info.context).load((user.id, content_id))


def enrollment_by_content(ctx):
    """(user_id, content_id) -> enrolment or None: one query per batch, then a dict lookup per item
    (a list of 100 items does not scan the learner's enrolments 100 times)."""

    async def load(keys: list[tuple[str, str]]):
        async with ctx.db.read() as session:
            rows = await session.execute(
                select(ENROLLMENTS).where(ENROLLMENTS.c.user_id.in_({user_id for user_id, _ in keys}))
            )
        found: dict[tuple[str, str], Record] = {}
        for row in rows:
            found.setdefault((row.user_id, row.content_id), Record(row._mapping))
        return [found.get(key) for key in keys]

    return ctx.loader(("enrollment_by_user_and_content",), load)


async def viewer_certificate_for(info: Info, resource_id: str):
    """The current user's latest held (not deleted, not revoked) certificate for a resource."""
    user = info.context.user
    if user is None:
        return None
    rows = await children(
        info.context, Certificate, Certificate.user_id, Certificate.issued_at.desc(),
        name="held_certificates_by_user",
    ).load(user.id)
    return next(
        (c for c in rows if c.resource_id == resource_id and c.deleted_at is None and c.revoked_at is None), None
    )
