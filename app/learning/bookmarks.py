"""A learner's bookmark folders and the bookmarks in them (README, "Content lists")."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.content.models import ContentItem
from app.db import column_length, new_id, utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found
from app.learning.models import Bookmark, BookmarkFolder
from app.users.models import User

FOLDER_NAME_MAX_LENGTH = column_length(BookmarkFolder.name)
NOTE_MAX_LENGTH = 2000


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


async def create_folder(session: AsyncSession, *, user_id: str, name: str, default: bool = False,
                        now: datetime | None = None, folder_id: str | None = None) -> BookmarkFolder:
    """A new bookmark folder of the user. BAD_USER_INPUT (name: empty or too long); CONFLICT (default)
    when a default folder is asked for and the user has one."""
    text = (name or "").strip()
    if not text or len(text) > FOLDER_NAME_MAX_LENGTH:
        raise bad_input(f"name must have 1 to {FOLDER_NAME_MAX_LENGTH} characters", "name")
    if await session.scalar(select(User.id).where(User.id == user_id)) is None:
        raise not_found("User", "userId")
    if default and await session.scalar(select(BookmarkFolder.id).where(
            BookmarkFolder.user_id == user_id, BookmarkFolder.default_folder.is_(True),
            BookmarkFolder.deleted.is_(False))) is not None:
        raise AppError(ErrorCode.CONFLICT, "The user has a default bookmark folder already", "default")
    now = now or utcnow()
    folder = BookmarkFolder(id=folder_id or new_id(), user_id=user_id, name=text, default_folder=default,
                            deleted=False, created_at=now, updated_at=now)
    session.add(folder)
    await session.flush()
    return folder


async def add_bookmark(session: AsyncSession, *, user_id: str, folder_id: str, course_id: str,
                       note: str | None = None, now: datetime | None = None,
                       bookmark_id: str | None = None) -> Bookmark:
    """Save a content item in one of the user's folders, with an optional note. NOT_FOUND (folderId: not
    the user's, deleted or unknown; courseId); BAD_USER_INPUT (note longer than NOTE_MAX_LENGTH)."""
    folder = await session.get(BookmarkFolder, folder_id)
    if folder is None or folder.user_id != user_id or folder.deleted:
        raise not_found("Bookmark folder", "folderId")
    if await session.scalar(select(ContentItem.id).where(ContentItem.id == course_id)) is None:
        raise not_found("Content", "courseId")
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX_LENGTH:
        raise bad_input(f"note can have at most {NOTE_MAX_LENGTH} characters", "note")
    bookmark = Bookmark(id=bookmark_id or new_id(), user_id=user_id, folder_id=folder.id, course_id=course_id,
                        note=note, created_at=now or utcnow(), deleted=False)
    session.add(bookmark)
    await session.flush()
    return bookmark
