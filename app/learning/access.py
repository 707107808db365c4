"""Which content a learner can reach: enrolments, licenses and allocated learning paths."""
from __future__ import annotations

from sqlalchemy import Select, literal, select, union

from app.clients.models import LicenseAllocation, LicenseContent
from app.content.models import ContentChild
from app.learning.models import Enrollment, LearningPathAllocation


def accessible_content(user_ids) -> Select:
    """(user_id, content_id, via) rows for everything the users can open.

    `via` is 'enrollment', 'license' or 'learningPath'. A learning path reached through an
    allocation is itself accessible, and so is every item in it.
    """
    enrolled = select(Enrollment.user_id, Enrollment.content_id, literal("enrollment").label("via")).where(
        Enrollment.user_id.in_(user_ids)
    )
    licensed = (
        select(LicenseAllocation.user_id, LicenseContent.content_id, literal("license").label("via"))
        .join(LicenseContent, LicenseContent.license_id == LicenseAllocation.license_id)
        .where(LicenseAllocation.user_id.in_(user_ids), LicenseAllocation.status == "active")
    )
    allocated_paths = select(
        LearningPathAllocation.user_id, LearningPathAllocation.learning_path_id, literal("learningPath").label("via")
    ).where(LearningPathAllocation.user_id.in_(user_ids))
    path_items = (
        select(LearningPathAllocation.user_id, ContentChild.child_id, literal("learningPath").label("via"))
        .join(ContentChild, ContentChild.parent_id == LearningPathAllocation.learning_path_id)
        .where(LearningPathAllocation.user_id.in_(user_ids))
    )
    return union(enrolled, licensed, allocated_paths, path_items)
