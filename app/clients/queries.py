"""Batched reads about clients and licenses: (key, value) rows for many keys at once."""
from __future__ import annotations

from sqlalchemy import Select, distinct, func, select

from app.clients.models import License, LicenseAllocation, LicenseContent
from app.content.models import ContentItem, ContentTag, Tag
from app.users.models import User


def client_content(client_ids, kinds) -> Select:
    """(client_id, ContentItem) for content of the given kinds in any of the client's licenses."""
    pairs = (
        select(License.client_id.label("client_id"), LicenseContent.content_id.label("content_id"))
        .join(LicenseContent, LicenseContent.license_id == License.id)
        .where(License.client_id.in_(client_ids))
        .distinct()
        .subquery()
    )
    return (
        select(pairs.c.client_id, ContentItem)
        .join(ContentItem, ContentItem.id == pairs.c.content_id)
        .where(ContentItem.kind.in_(kinds))
        .order_by(pairs.c.client_id, ContentItem.title)
    )


def license_content(license_ids, kinds) -> Select:
    return (
        select(LicenseContent.license_id, ContentItem)
        .join(ContentItem, ContentItem.id == LicenseContent.content_id)
        .where(LicenseContent.license_id.in_(license_ids), ContentItem.kind.in_(kinds))
        .order_by(ContentItem.title)
    )


def client_content_tags(client_ids, kinds) -> Select:
    """(client_id, Tag) for the tags of the client's licensed content."""
    return (
        select(License.client_id, Tag)
        .join(LicenseContent, LicenseContent.license_id == License.id)
        .join(ContentItem, ContentItem.id == LicenseContent.content_id)
        .join(ContentTag, ContentTag.content_id == ContentItem.id)
        .join(Tag, Tag.id == ContentTag.tag_id)
        .where(License.client_id.in_(client_ids), ContentItem.kind.in_(kinds))
        .distinct()
        .order_by(License.client_id, Tag.label)
    )


def license_content_tags(license_ids, kinds) -> Select:
    return (
        select(LicenseContent.license_id, Tag)
        .join(ContentItem, ContentItem.id == LicenseContent.content_id)
        .join(ContentTag, ContentTag.content_id == ContentItem.id)
        .join(Tag, Tag.id == ContentTag.tag_id)
        .where(LicenseContent.license_id.in_(license_ids), ContentItem.kind.in_(kinds))
        .distinct()
        .order_by(LicenseContent.license_id, Tag.label)
    )


def seats_allocated(client_ids) -> Select:
    return (
        select(License.client_id, func.count(distinct(LicenseAllocation.user_id)))
        .join(LicenseAllocation, LicenseAllocation.license_id == License.id)
        .where(License.client_id.in_(client_ids), LicenseAllocation.status == "active")
        .group_by(License.client_id)
    )


def seats_used(client_ids) -> Select:
    return (
        select(User.client_id, func.count())
        .where(User.client_id.in_(client_ids), User.disabled.is_(False))
        .group_by(User.client_id)
    )


def managed_licenses(user_ids) -> Select:
    """(user_id, License) for licenses the user is allocated to as a manager."""
    return (
        select(LicenseAllocation.user_id, License)
        .join(License, License.id == LicenseAllocation.license_id)
        .where(LicenseAllocation.user_id.in_(user_ids), LicenseAllocation.role == "manager")
    )


def license_tree(licenses: list[License], roots: set[str] | None = None) -> list[dict]:
    """Depth-first tree of licenses: each node with depth, ancestors and a hierarchical name.

    With `roots`, only the subtrees under those license ids are kept.
    """
    by_parent: dict[str | None, list[License]] = {}
    ids = {lic.id for lic in licenses}
    for lic in sorted(licenses, key=lambda item: item.name):
        parent = lic.parent_license_id if lic.parent_license_id in ids else None
        by_parent.setdefault(parent, []).append(lic)

    nodes: list[dict] = []

    def walk(lic: License, ancestors: list[License], keep: bool) -> None:
        keep = keep or roots is None or lic.id in roots
        if keep:
            nodes.append({
                "license": lic,
                "depth": len(ancestors),
                "ancestor_ids": [a.id for a in ancestors],
                "hierarchical_name": " > ".join([a.name for a in ancestors] + [lic.name]),
            })
        for child in by_parent.get(lic.id, []):
            walk(child, ancestors + [lic], keep)

    for root in by_parent.get(None, []):
        walk(root, [], False)
    return nodes
