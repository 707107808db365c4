"""A learner's content lists: accessible items (searchable, sortable), recent views, waitlist,
archives, and the counts of the dashboard's content groups.

Definitions (also in the README):
- content items: published items the user can reach (app.learning.access.accessible_content:
  enrolments, active license allocations, allocated learning paths and their items) that the
  user has not archived; a `kind` filter keeps app.content.kinds.matching_kinds(kind);
- recent content: the user's recent_views, most recent first, at most 25;
- waitlist: items the user waits for, in the order they joined;
- archives: the user's archived_items rows, most recently archived first.
"""
from __future__ import annotations

import functools
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, bindparam, case, exists, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.certificates.reads import user_certificates
from app.company.models import CustomField
from app.content import search
from app.content.kinds import EVENT_KINDS, LEARNING_PATH, matching_kinds
from app.content.models import CONTENT_COLUMNS, ContentItem, ContentRecord
from app.db import utcnow
from app.errors import bad_input
from app.hot_reads import HotQuery
from app.learning.access import accessible_content
from app.learning.models import COMPLETED, ArchivedItem, BookmarkFolder, Enrollment, RecentView, WaitlistEntry

RECENT_CONTENT_MAX = 25

# sortColumn -> how content items sort (README "UserContentItems sorting").
TEXT_SORTS = ("title", "name", "label", "parentName")
DATE_SORTS = {
    "createdAt": ContentItem.created_at,
    "updatedAt": ContentItem.updated_at,
    "publishDate": ContentItem.publish_date,
    "displayDate": ContentItem.display_date,
    "courseStartDate": ContentItem.course_start_date,
}
SORT_COLUMNS = (*TEXT_SORTS, *DATE_SORTS, "lastActiveAt", "relevance")
DEFAULT_SORT = "title"


async def parse_search(session: AsyncSession, query: str | None) -> list[search.Term]:
    """The query's terms, with its fields checked against the searchable custom fields."""
    terms = search.parse_query(query)
    if search.needs_custom_fields(terms):
        slugs = (await session.scalars(select(CustomField.slug).where(CustomField.indexed.is_(True)))).all()
        search.check_fields(terms, slugs)
    return terms


def _archived_by(user_id: str):
    return exists(select(literal(1)).where(ArchivedItem.user_id == user_id, ArchivedItem.content_id == ContentItem.id))


def content_items_filter(user_id: str, terms: list[search.Term], kinds=None) -> list[ColumnElement[bool]]:
    """Conditions on ContentItem selecting the user's content items (see module docstring)."""
    reachable = accessible_content([user_id]).subquery()
    conditions = [
        ContentItem.id.in_(select(reachable.c.content_id)),
        ContentItem.status == "published",
        ~_archived_by(user_id),
        *search.filters(terms),
    ]
    if kinds:
        conditions.append(ContentItem.kind.in_(matching_kinds(kinds)))
    return conditions


def _order_by(sort_column: str | None, sort_direction: str | None, terms, user_id: str, stmt: Select) -> Select:
    column = sort_column or DEFAULT_SORT
    if column not in SORT_COLUMNS:
        raise bad_input(f"Unknown sortColumn {column!r}", "sortColumn")
    if sort_direction not in (None, "asc", "desc"):
        raise bad_input(f"Unknown sortDirection {sort_direction!r}", "sortDirection")
    if column == "relevance" and not terms:
        column = DEFAULT_SORT  # relevance needs a query; without one, the default order
    descending = (sort_direction or ("asc" if column in TEXT_SORTS else "desc")) == "desc"
    title_key = func.lower(ContentItem.title)

    if column in ("title", "name", "label"):
        key = title_key
    elif column == "parentName":
        parent = aliased(ContentItem)
        stmt = stmt.outerjoin(parent, parent.id == ContentItem.course_group_id)
        key = func.lower(func.coalesce(parent.title, ContentItem.title))
    elif column == "lastActiveAt":
        stmt = stmt.outerjoin(Enrollment, and_(Enrollment.content_id == ContentItem.id, Enrollment.user_id == user_id))
        key = Enrollment.last_active_at
    elif column == "relevance":
        key = search.relevance(terms)
    else:
        key = DATE_SORTS[column]
    nulls_last = case((key.is_(None), 1), else_=0)
    return stmt.order_by(nulls_last, key.desc() if descending else key.asc(), title_key, ContentItem.id)


def user_content_items_statement(user_id, terms: list[search.Term], kinds=None, sort_column: str | None = None,
                                  sort_direction: str | None = None, columns=CONTENT_COLUMNS.c) -> Select:
    stmt = select(*columns).where(*content_items_filter(user_id, terms, kinds))
    return _order_by(sort_column, sort_direction, terms, user_id, stmt)


async def user_content_items(
    session: AsyncSession, *, user_id: str, query: str | None = None, kinds=None,
    sort_column: str | None = None, sort_direction: str | None = None, columns=CONTENT_COLUMNS.c,
) -> list[ContentRecord]:
    terms = await parse_search(session, query)
    return await _records(session, user_content_items_statement(user_id, terms, kinds, sort_column, sort_direction,
                                                                columns))


@functools.lru_cache(maxsize=256)
def user_content_items_query(columns: tuple, kinds: tuple[str, ...], sort_column: str | None,
                             sort_direction: str | None) -> HotQuery:
    """user_content_items without a search query, compiled once per shape; its argument is `user_id`."""
    return HotQuery(user_content_items_statement(bindparam("user_id"), [], list(kinds), sort_column, sort_direction,
                                                 columns))


async def _records(session: AsyncSession, stmt: Select) -> list[ContentRecord]:
    return [ContentRecord(row._mapping) for row in await session.execute(stmt)]


def recent_limit(limit: int | None) -> int:
    """null -> 25; 0 -> nothing; above 25 -> 25; negative -> BAD_USER_INPUT."""
    if limit is None:
        return RECENT_CONTENT_MAX
    if limit < 0:
        raise bad_input("limit must be zero or more", "limit")
    return min(limit, RECENT_CONTENT_MAX)


async def user_recent_content(session: AsyncSession, *, user_id: str, limit: int | None = None) -> list[ContentRecord]:
    """Recently viewed items (deleted ones left out), most recent first."""
    count = recent_limit(limit)
    if count == 0:
        return []
    stmt = (
        select(CONTENT_COLUMNS)
        .join(RecentView, RecentView.content_id == ContentItem.id)
        .where(RecentView.user_id == user_id, ContentItem.status != "deleted")
        .order_by(RecentView.viewed_at.desc(), ContentItem.id)
        .limit(count)
    )
    return await _records(session, stmt)


def _waitlist(user_id: str) -> Select:
    return (
        select(CONTENT_COLUMNS)
        .join(WaitlistEntry, WaitlistEntry.content_id == ContentItem.id)
        .where(WaitlistEntry.user_id == user_id)
        .order_by(WaitlistEntry.created_at, func.lower(ContentItem.title), ContentItem.id)
    )


async def user_waitlist(session: AsyncSession, *, user_id: str) -> list[ContentRecord]:
    return await _records(session, _waitlist(user_id))


async def user_archives(session: AsyncSession, *, user_id: str) -> list[ArchivedItem]:
    stmt = (
        select(ArchivedItem)
        .where(ArchivedItem.user_id == user_id)
        .order_by(ArchivedItem.archived_at.desc(), ArchivedItem.id)
    )
    return list((await session.scalars(stmt)).all())


async def user_archived_content(session: AsyncSession, *, user_id: str) -> list[ContentRecord]:
    """The content of the user's archives, in the same order as user_archives."""
    stmt = (
        select(CONTENT_COLUMNS)
        .join(ArchivedItem, ArchivedItem.content_id == ContentItem.id)
        .where(ArchivedItem.user_id == user_id)
        .order_by(ArchivedItem.archived_at.desc(), ArchivedItem.id)
    )
    return await _records(session, stmt)


# ContentGroupKind values, in the order UserContentGroups lists them.
GROUP_KINDS = (
    "contentItems", "completedItems", "certificates", "learningPaths", "bookmarkFolders",
    "waitlistedCourses", "archivedContentItems", "eventItems", "credlyBadgeCourses",
)


def has_credly_badge():
    return ContentItem.badge_url.is_not(None)


async def user_content_groups(
    session: AsyncSession, *, user_id: str, query: str | None = None, include_expired_certificates: bool = False,
    now: datetime | None = None,
) -> list[tuple[str, int]]:
    """(ContentGroupKind, count) for every kind, each the length of a list the API returns:

    contentItems = UserContentItems(query); learningPaths / eventItems = the same with kind
    learningPath / the event kinds; completedItems = those content items the user's enrolment
    marks completed; credlyBadgeCourses = completed content items that carry a Credly badge;
    certificates = UserCertificates(includeExpiredCertificates, query); waitlistedCourses =
    UserWaitlist; archivedContentItems = UserArchivedContent; bookmarkFolders = the user's
    bookmark folders that are not deleted (UserBookmarks). The lists without a query argument are
    not filtered by the query.
    """
    now = now or utcnow()
    terms = await parse_search(session, query)

    def count_items(*extra) -> ColumnElement[int]:
        return (
            select(func.count(ContentItem.id))
            .where(*content_items_filter(user_id, terms), *extra)
            .scalar_subquery()
        )

    completed = exists(select(literal(1)).where(
        Enrollment.user_id == user_id, Enrollment.content_id == ContentItem.id, Enrollment.status == COMPLETED))
    certificates = user_certificates(
        [user_id], include_expired=include_expired_certificates, query=query, now=now).subquery()
    counts = {
        "contentItems": count_items(),
        "completedItems": count_items(completed),
        "certificates": select(func.count()).select_from(certificates).scalar_subquery(),
        "learningPaths": count_items(ContentItem.kind == LEARNING_PATH),
        "bookmarkFolders": select(func.count(BookmarkFolder.id))
        .where(BookmarkFolder.user_id == user_id, BookmarkFolder.deleted.is_(False)).scalar_subquery(),
        "waitlistedCourses": select(func.count()).select_from(_waitlist(user_id).subquery()).scalar_subquery(),
        "archivedContentItems": select(func.count(ArchivedItem.id))
        .join(ContentItem, ContentItem.id == ArchivedItem.content_id)
        .where(ArchivedItem.user_id == user_id).scalar_subquery(),
        "eventItems": count_items(ContentItem.kind.in_(EVENT_KINDS)),
        "credlyBadgeCourses": count_items(completed, has_credly_badge()),
    }
    row = (await session.execute(select(*(counts[k].label(k) for k in GROUP_KINDS)))).one()
    return [(kind, int(value or 0)) for kind, value in zip(GROUP_KINDS, row)]
