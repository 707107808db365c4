"""Batched reads about content items: (key, value) rows for many keys at once."""
from __future__ import annotations

from sqlalchemy import Select, func, select

from app.content.models import ContentAuthor, ContentChild, ContentItem, ContentPrerequisite, ContentTag, Tag
from app.hot_reads import HotQuery, in_keys
from app.learning.models import Enrollment, WaitlistEntry

# (content id, tag) and (content id, author) rows of the items whose ids are bound to `keys` (of a tag,
# the columns the GraphQL Tag type reads).
TAGS_OF = HotQuery(
    select(ContentTag.content_id, Tag.id, Tag.label, Tag.is_folder, Tag.updated_at)
    .join(Tag, Tag.id == ContentTag.tag_id)
    .where(in_keys(ContentTag.content_id))
    .order_by(ContentTag.position, Tag.label)
)
AUTHORS_OF = HotQuery(
    select(ContentAuthor.content_id, *ContentAuthor.__table__.c)
    .where(in_keys(ContentAuthor.content_id))
    .order_by(ContentAuthor.position)
)


def children_of(parent_ids) -> Select:
    return (
        select(ContentChild.parent_id, ContentItem)
        .join(ContentItem, ContentItem.id == ContentChild.child_id)
        .where(ContentChild.parent_id.in_(parent_ids))
        .order_by(ContentChild.position)
    )


def prerequisites_of(content_ids) -> Select:
    return (
        select(ContentPrerequisite.content_id, ContentItem)
        .join(ContentItem, ContentItem.id == ContentPrerequisite.prerequisite_id)
        .where(ContentPrerequisite.content_id.in_(content_ids))
        .order_by(ContentItem.title)
    )


def enrollment_counts(content_ids) -> Select:
    return (
        select(Enrollment.content_id, func.count())
        .where(Enrollment.content_id.in_(content_ids))
        .group_by(Enrollment.content_id)
    )


def waitlist_counts(content_ids) -> Select:
    return (
        select(WaitlistEntry.content_id, func.count())
        .where(WaitlistEntry.content_id.in_(content_ids))
        .group_by(WaitlistEntry.content_id)
    )


def child_counts(parent_ids) -> Select:
    return (
        select(ContentChild.parent_id, func.count())
        .where(ContentChild.parent_id.in_(parent_ids))
        .group_by(ContentChild.parent_id)
    )
