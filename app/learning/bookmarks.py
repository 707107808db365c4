"""A learner's bookmark folders and the bookmarks in them (README, "Content lists")."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import not_found
from app.learning.models import Bookmark, BookmarkFolder


async def user_folders(session: AsyncSession, *, user_id: str) -> list[BookmarkFolder]:
    """The user's folders that are not deleted: the default folder first, then by name."""
    return list((await session.scalars(
        select(BookmarkFolder)
        .where(BookmarkFolder.user_id == user_id, BookmarkFolder.deleted.is_(False))
        .order_by(BookmarkFolder.default_folder.desc(), BookmarkFolder.name, BookmarkFolder.id)
    )).all())


async def folder_bookmarks(session: AsyncSession, *, user_id: str, folder_id: str) -> list[Bookmark]:
    """The user's bookmarks (not deleted) in one of their folders (not deleted), newest first.

    A folder of another user, a deleted folder or an unknown id is NOT_FOUND (field `id`)."""
    folder = await session.get(BookmarkFolder, folder_id)
    if folder is None or folder.user_id != user_id or folder.deleted:
        raise not_found("Bookmark folder", "id")
    return list((await session.scalars(
        select(Bookmark)
        .where(Bookmark.folder_id == folder_id, Bookmark.user_id == user_id, Bookmark.deleted.is_(False))
        .order_by(Bookmark.created_at.desc(), Bookmark.id)
    )).all())


def bookmark_counts(folder_ids):
    """(folder_id, count of its bookmarks that are not deleted) for a batch of folders."""
    return (
        select(Bookmark.folder_id, func.count())
        .where(Bookmark.folder_id.in_(folder_ids), Bookmark.deleted.is_(False))
        .group_by(Bookmark.folder_id)
    )
