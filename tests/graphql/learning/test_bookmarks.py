"""UserBookmarks and UserBookmarksByFolder: the viewer's folders and the bookmarks in one of them."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from app.db import utcnow
from tests.factories import PASSWORD, build, course, id_of, learner, session
from tests.factories.learning import add, bookmark, bookmark_folder
from tests.graphql.content.helpers import codes_of, errors_of, make_learner
from tests.helium_documents import helium_document

HELIUM_USER_BOOKMARKS = helium_document("UserBookmarks")
BY_FOLDER = helium_document("UserBookmarksByFolder")
EVERY_FIELD = """
query($id: ID!) {
  UserBookmarks {
    id name defaultFolder deleted externalResourceId bookmarkCount user { id email }
    bookmarks { id note createdAt deleted topicId course { id title } user { id } bookmarkFolder { id name } }
  }
  UserBookmarksByFolder(id: $id) {
    id note createdAt deleted topicId user { id } bookmarkFolder { id name bookmarkCount }
    course { id slug courseGroup { id title slug authors source asset kind contentType { kind label assetAspectRatio } } }
  }
}"""


async def _folders(db, user_id: str, n_folders: int, n_bookmarks: int, *, deleted_extra: bool = False) -> list[str]:
    """n_folders folders ("Folder 000"…; the first is the default), each with n_bookmarks bookmarks
    on fresh courses, one day apart (bookmark 0 newest)."""
    now = utcnow()
    tag = user_id[:8]
    entries, slugs = [], {}
    for f in range(n_folders):
        for b in range(n_bookmarks):
            slug = slugs[f, b] = f"bm-{tag}-{f}-{b}"
            if b % 2:  # odd bookmarks are on a session of a fresh micro course
                entries.append(course(f"bmg-{tag}-{f}-{b}", session(slug, title=f"Course {f}.{b}"), kind="microCourse",
                                      title=f"Group {f}.{b}"))
            else:  # a course on its own
                entries.append(course(slug, kind="course", title=f"Course {f}.{b}"))
    await build(db, courses=entries)
    course_ids = {key: await id_of(db, "content", slug) for key, slug in slugs.items()}
    folders = [bookmark_folder(user_id, f"Folder {f:03d}", default=f == 0) for f in range(n_folders)]
    rows = [bookmark(user_id, folders[f].id, course_ids[f, b], note=f"note {b}", created_at=now - timedelta(days=b))
            for f in range(n_folders) for b in range(n_bookmarks)]
    if deleted_extra:
        rows += [bookmark(user_id, folders[f].id, course_ids[f, n_bookmarks - 1], deleted=True) for f in range(n_folders)]
    await add(db, *folders, *rows)
    return [f.id for f in folders]


@pytest.fixture
async def jane(db, gql) -> SimpleNamespace:
    """Jane's default folder "To revisit" with three bookmarks (the machine learning one newest)."""
    await build(db, courses=[
        course("machine-learning-intro", authors=[{"name": "Dr. Alice Smith"}],
               asset="https://cdn.example.com/images/machine-learning-intro.jpg"),
        course("advanced-communication", authors=[{"name": "Maria Garcia"}],
               asset="https://cdn.example.com/images/advanced-communication.jpg"),
        course("security-awareness", kind="video", authors=[{"name": "Sam Lee"}],
               asset="https://cdn.example.com/images/security-awareness.jpg")])
    j = SimpleNamespace(id=await learner(db, "jane@example.com"))
    j.ids = {slug: await id_of(db, "content", slug)
             for slug in ("machine-learning-intro", "advanced-communication", "security-awareness")}
    folder = bookmark_folder(j.id, "To revisit", default=True)
    j.folder = folder.id
    now = utcnow()
    await add(db, folder, *(bookmark(j.id, folder.id, content_id, note=f"why {slug}", created_at=now - timedelta(hours=i))
                            for i, (slug, content_id) in enumerate(j.ids.items())))
    j.token = await gql.login("jane@example.com", PASSWORD)
    return j


@pytest.fixture
async def jane_token(jane) -> str:
    return jane.token


async def test_helium_user_bookmarks_document_as_jane(gql, jane, jane_token):
    data = await gql.data(HELIUM_USER_BOOKMARKS, token=jane_token)
    assert data["UserBookmarks"] == [
        {"id": jane.folder, "name": "To revisit", "defaultFolder": True, "bookmarkCount": 3}
    ]
    groups = await gql.data("{ UserContentGroups { kind count } }", token=jane_token)
    assert {"kind": "bookmarkFolders", "count": 1} in groups["UserContentGroups"]


async def test_bookmarks_by_folder_newest_first(gql, jane, jane_token):
    data = await gql.data(BY_FOLDER, {"id": jane.folder}, token=jane_token)
    rows = data["UserBookmarksByFolder"]
    assert [r["course"]["slug"] for r in rows] == ["machine-learning-intro", "advanced-communication",
                                                   "security-awareness"]
    assert all(r["note"] and r["topicId"] is None for r in rows)
    # Each bookmarked item is a course group itself: courseGroup is the item.
    assert [r["course"]["courseGroup"] for r in rows] == [
        {"id": jane.ids["machine-learning-intro"], "authors": ["Dr. Alice Smith"], "source": None,
         "asset": "https://cdn.example.com/images/machine-learning-intro.jpg", "kind": "courseGroup",
         "contentType": {"label": "Course"}},
        {"id": jane.ids["advanced-communication"], "authors": ["Maria Garcia"], "source": None,
         "asset": "https://cdn.example.com/images/advanced-communication.jpg", "kind": "courseGroup",
         "contentType": {"label": "Course"}},
        {"id": jane.ids["security-awareness"], "authors": ["Sam Lee"], "source": None,
         "asset": "https://cdn.example.com/images/security-awareness.jpg", "kind": "video",
         "contentType": {"label": "Video"}},
    ]
    assert [r["createdAt"] for r in rows] == sorted((r["createdAt"] for r in rows), reverse=True)


async def test_folders_default_first_then_by_name_and_deleted_rows_left_out(gql, db):
    user_id = await make_learner(db, "folders@example.com")
    ids = await _folders(db, user_id, 3, 2, deleted_extra=True)
    await add(db, bookmark_folder(user_id, "AAA gone", deleted=True), bookmark_folder(user_id, "AAA first by name"))
    token = await gql.login("folders@example.com", PASSWORD)
    data = await gql.data(EVERY_FIELD, {"id": ids[1]}, token=token)
    folders = data["UserBookmarks"]
    assert [f["name"] for f in folders] == ["Folder 000", "AAA first by name", "Folder 001", "Folder 002"]
    assert [f["bookmarkCount"] for f in folders] == [2, 0, 2, 2]
    assert [len(f["bookmarks"]) for f in folders] == [2, 0, 2, 2]
    assert all(f["deleted"] is False and f["user"]["id"] == user_id for f in folders)
    rows = data["UserBookmarksByFolder"]
    assert [r["note"] for r in rows] == ["note 0", "note 1"]
    assert all(r["bookmarkFolder"]["id"] == ids[1] and r["user"]["id"] == user_id and not r["deleted"] for r in rows)
    # A session's courseGroup is its group; a course on its own is its own (plain) course group.
    own, session = (r["course"]["courseGroup"] for r in rows)
    assert own["id"] == rows[0]["course"]["id"] and own["kind"] == "courseGroup"
    assert own["contentType"] == {"kind": "course", "label": "Course", "assetAspectRatio": None}
    assert session["id"] != rows[1]["course"]["id"] and session["title"] == "Group 1.1"
    assert session["kind"] == "microCourse" and session["authors"] == []
    assert session["contentType"] == {"kind": "microCourse", "label": "Micro Course", "assetAspectRatio": None}


async def test_another_users_folder_or_an_unknown_id_is_not_found(gql, db, jane, jane_token):
    other = await make_learner(db, "other@example.com")
    (theirs,) = await _folders(db, other, 1, 1)
    for folder_id in (theirs, "no-such-folder"):
        body = await gql(BY_FOLDER, {"id": folder_id}, token=jane_token)
        assert codes_of(body) == ["NOT_FOUND"], body
        assert errors_of(body)[0]["extensions"]["field"] == "id"
    # and Jane's folder is not theirs either
    token = await gql.login("other@example.com", PASSWORD)
    body = await gql(BY_FOLDER, {"id": jane.folder}, token=token)
    assert codes_of(body) == ["NOT_FOUND"]


async def test_without_a_user_the_lists_are_empty(gql, jane):
    jane_folder = jane.folder
    assert await gql.data(HELIUM_USER_BOOKMARKS) == {"UserBookmarks": []}
    assert await gql.data(BY_FOLDER, {"id": jane_folder}) == {"UserBookmarksByFolder": []}
    for query, variables, name in ((HELIUM_USER_BOOKMARKS, None, "UserBookmarks"),
                                   (BY_FOLDER, {"id": jane_folder}, "UserBookmarksByFolder")):
        body = await gql(query, variables, token="forged")
        assert body["data"][name] == [] and codes_of(body) == ["UNAUTHENTICATED"]


async def test_statements_do_not_grow_with_folders_and_bookmarks(gql, db, count_statements):
    small = await make_learner(db, "small@example.com")
    big = await make_learner(db, "big@example.com")
    # The opened folder is not the first one, in both cases: its courses are then not all
    # already loaded for the other folders' bookmarks (a cache hit would save a statement).
    small_folders = await _folders(db, small, 2, 2)  # a course on its own and a session, as in big
    big_folders = await _folders(db, big, 12, 8)
    results = []
    for email, folder_id in (("small@example.com", small_folders[1]), ("big@example.com", big_folders[1])):
        token = await gql.login(email, PASSWORD)
        with count_statements() as counter:
            data = await gql.data(EVERY_FIELD, {"id": folder_id}, token=token)
        results.append((counter.count, data))
    (few, few_data), (many, many_data) = results
    assert len(few_data["UserBookmarks"]) == 2 and len(many_data["UserBookmarks"]) == 12
    assert len(many_data["UserBookmarksByFolder"]) == 8
    assert few == many, (few, many)
