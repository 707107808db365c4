"""UserContentGroups: every count is the length of a list the API returns for the same user and arguments."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.certificates.reads import user_certificates
from app.graphql.enums import ContentGroupKind
from app.graphql.schema import schema
from app.learning.models import BookmarkFolder
from tests.factories import PASSWORD, build
from tests.graphql.content.helpers import add_items, codes_of, errors_of, make_learner
from tests.graphql.content.jane import CATALOG, build_jane

SEED_EXAMPLE = """
query UserContentGroups {
  UserContentGroups(query: "tags:\\"Premium Package\\"", includeExpiredCertificates: false) {
    kind
    count
  }
}"""

GROUPS = """query($query: String, $expired: Boolean) {
  UserContentGroups(query: $query, includeExpiredCertificates: $expired) { kind count }
}"""
ITEMS = """query($query: String, $kind: [ContentKind!]) {
  UserContentItems(query: $query, kind: $kind) { id state badgeUrl }
}"""
EVENT_KINDS = ["webinar", "inPersonEvent", "webinarCourse", "inPersonEventCourse"]


@pytest.fixture
async def jane(db, gql):
    return await build_jane(db, gql)


@pytest.fixture
async def jane_token(jane) -> str:
    return jane.token


async def _groups(gql, token, query=None, expired=None) -> dict[str, int]:
    rows = (await gql.data(GROUPS, {"query": query, "expired": expired}, token=token))["UserContentGroups"]
    return {r["kind"]: r["count"] for r in rows}


async def _expected(gql, db, token, user_id, query=None, expired=None) -> dict[str, int]:
    async def items(kind=None):
        return (await gql.data(ITEMS, {"query": query, "kind": kind}, token=token))["UserContentItems"]

    everything = await items()
    waitlist = (await gql.data("{ UserWaitlist { id } }", token=token))["UserWaitlist"]
    archived = (await gql.data("{ UserArchivedContent { id } }", token=token))["UserArchivedContent"]
    if "UserCertificates" in schema._schema.query_type.fields:
        certificates = len((await gql.data(
            "query($q: String, $e: Boolean) { UserCertificates(query: $q, includeExpiredCertificates: $e) { id } }",
            {"q": query, "e": expired}, token=token))["UserCertificates"])
    else:  # the same rule UserCertificates uses
        async with db() as s:
            certificates = await s.scalar(select(func.count()).select_from(
                user_certificates([user_id], include_expired=bool(expired), query=query).subquery()))
    async with db() as s:
        folders = await s.scalar(select(func.count()).where(BookmarkFolder.user_id == user_id))
    completed = [i for i in everything if i["state"] == "completed"]
    return {
        "contentItems": len(everything),
        "completedItems": len(completed),
        "certificates": certificates,
        "learningPaths": len(await items(["learningPath"])),
        "bookmarkFolders": folders,
        "waitlistedCourses": len(waitlist),
        "archivedContentItems": len(archived),
        "eventItems": len(await items(EVENT_KINDS)),
        "credlyBadgeCourses": len([i for i in completed if i["badgeUrl"]]),
    }


async def test_seed_example(gql, jane_token):
    rows = (await gql.data(SEED_EXAMPLE, token=jane_token))["UserContentGroups"]
    assert [r["kind"] for r in rows] == [
        "contentItems", "completedItems", "certificates", "learningPaths", "bookmarkFolders", "waitlistedCourses",
        "archivedContentItems", "eventItems", "credlyBadgeCourses"]
    assert {r["kind"] for r in rows} == {k.value for k in ContentGroupKind}
    counts = {r["kind"]: r["count"] for r in rows}
    # Premium Package items Jane reaches: python, data science, communication, kubernetes, summit, leadership path;
    # her archived Excel course is one too.
    assert counts["contentItems"] == 6 and counts["learningPaths"] == 1 and counts["eventItems"] == 1
    assert counts["completedItems"] == 2 and counts["credlyBadgeCourses"] == 1
    assert counts["waitlistedCourses"] == 1 and counts["archivedContentItems"] == 1 and counts["bookmarkFolders"] == 1


async def test_jane_without_arguments(gql, jane_token):
    assert await _groups(gql, jane_token) == {
        "contentItems": 12, "completedItems": 4, "certificates": 3, "learningPaths": 2, "bookmarkFolders": 1,
        "waitlistedCourses": 1, "archivedContentItems": 1, "eventItems": 2, "credlyBadgeCourses": 1,
    }
    assert (await _groups(gql, jane_token, expired=True))["certificates"] == 4  # plus the expired one


@pytest.mark.parametrize("query", [None, 'tags:"Premium Package"', "difficulty:Easy", 'authors:"Jack"', "python",
                                   "Leadership", "no-such-title"])
@pytest.mark.parametrize("expired", [None, False, True])
async def test_every_count_agrees_with_its_list(gql, db, jane, query, expired):
    assert await _groups(gql, jane.token, query, expired) == await _expected(gql, db, jane.token, jane.id, query, expired)


async def test_counts_agree_for_loaded_data(gql, db):
    user_id = await make_learner(db)
    token = await gql.login("sam.builder@example.com", PASSWORD)
    empty = await _groups(gql, token)
    assert set(empty.values()) == {0}
    await add_items(db, user_id, 5)
    groups = await _groups(gql, token)
    assert groups == await _expected(gql, db, token, user_id)
    assert groups["contentItems"] == 5 and groups["completedItems"] == 2 and groups["archivedContentItems"] == 5
    assert await _groups(gql, token, "Item 001") == await _expected(gql, db, token, user_id, "Item 001")


async def test_without_a_user_the_list_is_empty(gql, db):
    await build(db, **CATALOG)
    assert (await gql.data(SEED_EXAMPLE))["UserContentGroups"] == []
    body = await gql(SEED_EXAMPLE, token="forged")
    assert body["data"]["UserContentGroups"] == [] and codes_of(body) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize("query", ['tags:"Premium', "shape:round", ":x"])
async def test_malformed_query_is_bad_user_input(gql, jane_token, query):
    body = await gql(GROUPS, {"query": query}, token=jane_token)
    assert body["data"]["UserContentGroups"] is None
    assert errors_of(body)[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "query"}
