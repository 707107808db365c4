"""The current user's content lists: UserContentItems, UserRecentContent, UserWaitlist, UserArchives,
UserArchivedContent, UserContentGroups.

Without a user (no authToken) every list is empty, never another user's data; a rejected token
also reports UNAUTHENTICATED beside the empty data (info.context.viewer()).
"""
from __future__ import annotations

import strawberry

from app.content import service
from app.content.models import ContentRecord
from app.graphql.content.columns import content_columns
from app.graphql.content.items import ArchivedContent, Content, ContentGroup
from app.graphql.context import Info
from app.graphql.descriptions import USER_SCOPE_NOTE
from app.graphql.enums import ContentGroupKind, ContentKind, SortColumn, SortDirection
from app.graphql.prefetch import prefetch, selected_names


@strawberry.type
class ContentQueries:
    @strawberry.field(
        name="UserContentItems",
        description=f"{USER_SCOPE_NOTE} This query has an additional cost of 3 points.",
    )
    async def user_content_items(
        self, info: Info, kind: list[ContentKind] | None = None, query: str | None = None,
        sort_column: SortColumn | None = None, sort_direction: SortDirection | None = None,
    ) -> list[Content] | None:
        user = info.context.viewer()
        kinds = tuple(k.value for k in kind or [])
        sort = (sort_column.value if sort_column else None, sort_direction.value if sort_direction else None)
        columns = content_columns(selected_names(info))
        if user is not None and not query:
            rows = await info.context.db.rows(service.user_content_items_query(columns, kinds, *sort),
                                              {"user_id": user.id})
            return await prefetch(info, [ContentRecord(row) for row in rows])
        async with info.context.db.read() as session:
            if user is None:
                await service.parse_search(session, query)  # bad input is reported with or without a user
                return []
            items = await service.user_content_items(session, user_id=user.id, query=query, kinds=list(kinds),
                                                     sort_column=sort[0], sort_direction=sort[1], columns=columns)
        return await prefetch(info, items)

    @strawberry.field(
        name="UserRecentContent",
        description=f"{USER_SCOPE_NOTE} This query has an additional cost of 4 points.",
    )
    async def user_recent_content(self, info: Info, limit: int | None = None) -> list[Content]:
        service.recent_limit(limit)  # a bad limit is reported with or without a user
        user = info.context.viewer()
        if user is None:
            return []
        async with info.context.db.read() as session:
            items = await service.user_recent_content(session, user_id=user.id, limit=limit)
        return await prefetch(info, items)

    @strawberry.field(name="UserWaitlist", description=USER_SCOPE_NOTE)
    async def user_waitlist(self, info: Info) -> list[Content] | None:
        user = info.context.viewer()
        if user is None:
            return []
        async with info.context.db.read() as session:
            items = await service.user_waitlist(session, user_id=user.id)
        return await prefetch(info, items)

    @strawberry.field(name="UserArchives", description=USER_SCOPE_NOTE)
    async def user_archives(self, info: Info) -> list[ArchivedContent] | None:
        user = info.context.viewer()
        if user is None:
            return []
        async with info.context.db.read() as session:
            return await service.user_archives(session, user_id=user.id)

    @strawberry.field(
        name="UserArchivedContent",
        description="Returns a content type with information about current users archived content",
    )
    async def user_archived_content(self, info: Info) -> list[Content]:
        user = info.context.viewer()
        if user is None:
            return []
        async with info.context.db.read() as session:
            items = await service.user_archived_content(session, user_id=user.id)
        return await prefetch(info, items)

    @strawberry.field(name="UserContentGroups", description=USER_SCOPE_NOTE)
    async def user_content_groups(
        self, info: Info, include_expired_certificates: bool | None = None, query: str | None = None,
    ) -> list[ContentGroup] | None:
        user = info.context.viewer()
        async with info.context.db.read() as session:
            if user is None:
                await service.parse_search(session, query)
                return []
            groups = await service.user_content_groups(
                session, user_id=user.id, query=query,
                include_expired_certificates=bool(include_expired_certificates),
            )
        return [ContentGroup(kind=ContentGroupKind(kind), count=count) for kind, count in groups]
