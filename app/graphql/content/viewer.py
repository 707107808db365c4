"""The current user's relation to content items, batched per request."""
from __future__ import annotations

from strawberry.types import Info

from app.certificates.models import Certificate
from app.graphql.loaders import children
from app.learning.models import Enrollment, LearningPathAllocation


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
    rows = await children(info.context, Enrollment, Enrollment.user_id).load(user.id)
    return next((r for r in rows if r.content_id == content_id), None)


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
