"""The current user's relation to content items, batched per request."""
from __future__ import annotations

import asyncio

from sqlalchemy import select

from app.certificates.models import Certificate, CertificateTemplate
from app.content import queries
from app.db import Record
from app.graphql.context import Context, Info
from app.graphql.loaders import children, grouped, records
from app.graphql.prefetch import load_all, loaded
from app.hot_reads import HotQuery, in_keys
from app.learning.models import COMPLETED, Enrollment, LearningPathAllocation

ENROLLMENTS = Enrollment.__table__
ALLOCATIONS = LearningPathAllocation.__table__
_ALLOCATIONS_OF = HotQuery(select(ALLOCATIONS.c.user_id, *ALLOCATIONS.c).where(in_keys(ALLOCATIONS.c.user_id)))
# What the Content fields about the viewer's progress read of an enrolment.
_ENROLLMENTS_OF = HotQuery(select(ENROLLMENTS.c.user_id, ENROLLMENTS.c.content_id, ENROLLMENTS.c.status,
                                  ENROLLMENTS.c.due_date, ENROLLMENTS.c.completed_at)
                           .where(in_keys(ENROLLMENTS.c.user_id)))


def allocations_loader(ctx):
    """user id -> the user's learning-path allocations."""
    return records(ctx, _ALLOCATIONS_OF)


async def viewer_path_allocation(info: Info, learning_path_id: str):
    user = info.context.user
    if user is None:
        return None
    rows = await allocations_loader(info.context).load(user.id)
    return next((r for r in rows if r.learning_path_id == learning_path_id), None)


async def load_viewer_progress(ctx: Context, items: list) -> None:
    """The viewer's enrolments in the items, and their learning-path allocations (for `loaded_enrollment`
    and `loaded_path_allocation`)."""
    if ctx.user is not None:
        await asyncio.gather(
            load_all(enrollment_by_content(ctx), [(ctx.user.id, i.id) for i in items]),
            load_all(allocations_loader(ctx), [ctx.user.id]),
        )


def loaded_enrollment(ctx: Context, content_id: str):
    """The viewer's enrolment in the item (None without a viewer), once `load_viewer_progress` has loaded it."""
    user = ctx.user
    return None if user is None else loaded(enrollment_by_content(ctx), (user.id, content_id))


def loaded_path_allocation(ctx: Context, learning_path_id: str):
    user = ctx.user
    if user is None:
        return None
    return next((r for r in loaded(allocations_loader(ctx), user.id) if r.learning_path_id == learning_path_id), None)


def enrollment_by_content(ctx):
    """(user_id, content_id) -> enrolment or None: one query per batch, then a dict lookup per item
    (a list of 100 items does not scan the learner's enrolments 100 times)."""

    async def load(keys: list[tuple[str, str]]):
        rows = await ctx.db.rows(_ENROLLMENTS_OF, {"keys": {user_id for user_id, _ in keys}})
        found: dict[tuple[str, str], Record] = {}
        for row in rows:
            found.setdefault((row["user_id"], row["content_id"]), Record(row))
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


async def viewer_enrollments(info: Info) -> list:
    user = info.context.user
    if user is None:
        return []
    return await children(info.context, Enrollment, Enrollment.user_id).load(user.id)


async def _path_members(info: Info, path_id: str) -> list:
    return await grouped(info.context, "content_children", queries.children_of).load(path_id)


async def viewer_path_completed(info: Info, path_id: str) -> bool:
    """The viewer completed the learning path: its own enrolment is completed, or every item of it is."""
    completed = {e.content_id for e in await viewer_enrollments(info) if e.status == COMPLETED}
    if path_id in completed:
        return True
    members = await _path_members(info, path_id)
    return bool(members) and all(m.id in completed for m in members)


async def viewer_pending_certificate(info: Info, path_id: str) -> bool:
    """Completed, the path has a published certificate template, and the viewer holds no certificate
    for it yet (it is waiting to be issued)."""
    if info.context.user is None:
        return False
    templates = await grouped(info.context, "published_templates", _published_templates).load(path_id)
    if not templates or not await viewer_path_completed(info, path_id):
        return False
    return await viewer_certificate_for(info, path_id) is None


def _published_templates(resource_ids):
    return select(CertificateTemplate.resource_id, CertificateTemplate.id).where(
        CertificateTemplate.resource_id.in_(resource_ids), CertificateTemplate.is_published.is_(True),
        CertificateTemplate.deleted_at.is_(None),
    )


async def viewer_path_start_date(info: Info, path_id: str):
    """When the viewer started the path: the earliest start of their enrolment in it or in its items."""
    ids = {path_id} | {m.id for m in await _path_members(info, path_id)}
    starts = [e.started_at for e in await viewer_enrollments(info) if e.content_id in ids and e.started_at]
    return min(starts, default=None)
