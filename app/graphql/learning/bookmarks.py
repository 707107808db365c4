"""UserBookmarks and UserBookmarksByFolder, and their types BookmarkFolder and Bookmark.

Sources: bookmark_folders and bookmarks rows. Related rows (the folder's bookmarks and their
count, a bookmark's folder, course and user) are loaded per request in batches, so the number of
SQL statements does not grow with the number of folders or bookmarks. `Bookmark.topic` is not
exposed (we store no topics); `topicId` is always null: our bookmarks are on courses.
"""
from __future__ import annotations

from typing import Annotated

import strawberry
from sqlalchemy import select

from app.content.models import ContentItem
from app.graphql.context import Info
from app.graphql.descriptions import USER_SCOPE_NOTE
from app.graphql.loaders import by_id, counts, grouped
from app.graphql.refs import CourseRef, UserRef
from app.graphql.scalars import Date
from app.learning import bookmarks as service
from app.learning.models import Bookmark as BookmarkRow
from app.learning.models import BookmarkFolder as BookmarkFolderRow
from app.users.models import User as UserRow


def _live_bookmarks(folder_ids):
    return (
        select(BookmarkRow.folder_id, BookmarkRow)
        .where(BookmarkRow.folder_id.in_(folder_ids), BookmarkRow.deleted.is_(False))
        .order_by(BookmarkRow.created_at.desc(), BookmarkRow.id)
    )


@strawberry.type(description="Contains data for a bookmark folder.")
class BookmarkFolder:
    id: strawberry.ID = strawberry.field(description="The id of the bookmark folder.")
    name: str = strawberry.field(description="The name of the bookmark folder.")
    deleted: bool = strawberry.field(description="Returns true when the bookmark folder is deleted.")

    default_folder: bool | None = strawberry.field(description="Returns true when it is the default bookmark folder.")
    external_resource_id: strawberry.ID | None = strawberry.field(description="The id of external resource.")

    @strawberry.field(description="The count of bookmarks associated with the bookmark folder.")
    async def bookmark_count(self, info: Info) -> int | None:
        return await counts(info.context, "bookmark_counts", service.bookmark_counts).load(self.id)

    @strawberry.field(
        description="The list of bookmarks associated with the bookmark folder.",
        deprecation_reason="Use query `UserBookmarksByFolder`",
    )
    async def bookmarks(self, info: Info) -> list[Bookmark] | None:
        return await grouped(info.context, "folder_bookmarks", _live_bookmarks).load(self.id)

    @strawberry.field(description="The user who owns the bookmark folder.")
    async def user(self, info: Info) -> UserRef:
        return await by_id(info.context, UserRow).load(self.user_id)


@strawberry.type(description="Contains data for a bookmark.")
class Bookmark:
    id: strawberry.ID = strawberry.field(description="The id of the bookmark.")
    note: str | None = strawberry.field(description="The note of the bookmark.")
    created_at: Date = strawberry.field(description="The time the bookmark was created.")
    deleted: bool = strawberry.field(description="Returns true when the bookmark is deleted.")

    @strawberry.field(description="The id of the topic.")
    def topic_id(self) -> strawberry.ID | None:
        return None  # bookmarks are on courses; we store no topics

    @strawberry.field(description="The bookmark folder associated with the bookmark.")
    async def bookmark_folder(self, info: Info) -> BookmarkFolder:
        return await by_id(info.context, BookmarkFolderRow).load(self.folder_id)

    @strawberry.field(description="The course associated with the bookmark.")
    async def course(self, info: Info) -> CourseRef:
        return await by_id(info.context, ContentItem).load(self.course_id)

    @strawberry.field(description="The user who owns the bookmark.")
    async def user(self, info: Info) -> UserRef:
        return await by_id(info.context, UserRow).load(self.user_id)


@strawberry.type
class BookmarkQueries:
    @strawberry.field(name="UserBookmarks", description=USER_SCOPE_NOTE)
    async def user_bookmarks(self, info: Info) -> list[BookmarkFolder] | None:
        user = info.context.viewer()
        if user is None:
            return []
        async with info.context.db.read() as session:
            return await service.user_folders(session, user_id=user.id)

    @strawberry.field(name="UserBookmarksByFolder", description=USER_SCOPE_NOTE)
    async def user_bookmarks_by_folder(
        self, info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The ID of the bookmark folder.")],
    ) -> list[Bookmark] | None:
        user = info.context.viewer()
        if user is None:
            return []
        async with info.context.db.read() as session:
            return await service.folder_bookmarks(session, user_id=user.id, folder_id=id)
