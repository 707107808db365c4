"""UserRecentContent, UserWaitlist, UserArchives, UserArchivedContent, on a factory-built catalog."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from app.db import utcnow
from tests.factories import PASSWORD, build, company, course, id_of, learner, learning_path
from tests.factories.learning import add, archive, due, enrolled, recent_view, waitlist_entry
from tests.graphql.content.helpers import add_items, codes_of, errors_of, make_learner

JANE_EMAIL = "jane@example.com"
CATALOG = dict(
    company=company("acme", name="Acme Learning Co."),
    locations=[{"name": "Acme HQ", "address1": "1 Market St", "city": "San Francisco", "room": "Auditorium B"}],
    courses=[
        course("machine-learning-intro", assetAltText="Introduction to Machine Learning thumbnail"),
        course("advanced-communication"), course("intro-to-python"), course("graphql-live", kind="webinar"),
        course("kubernetes-deep-dive"), course("data-science-fundamentals"),
        course("leadership-summit", kind="inPersonEvent", seatsLimit=1, waitlistingEnabled=True, location="Acme HQ",
               courseStartDate="2027-06-01T09:00:00Z", enrollmentStartDate="2027-01-01T00:00:00Z",
               prices=[{"currencyCode": "USD", "priceInCents": 49900}, {"currencyCode": "EUR", "priceInCents": 45900}]),
        course("legacy-excel-course", title="Excel for Beginners (retired)", status="archived", priceInCents=999,
               authors=[{"name": "Old Author"}], tags=["Productivity"]),
    ],
    learning_paths=[learning_path("leadership-path", ["advanced-communication"])],
)

RECENT_EXAMPLE = """
query UserRecentContent($limit: Int) {
  UserRecentContent(limit: $limit) {
    id
    title
    slug
    kind
    asset
    assetAltText
    availabilityStatus
    isActive
    url
    currentUserDueDate
    tags {
      id
      label
    }
  }
}"""

WAITLIST_EXAMPLE = """
query UserWaitlist {
  UserWaitlist {
    id
    title
    slug
    kind
    waitlistCount
    seatsLimit
    waitlistingEnabled
    waitlistingTriggered
    courseStartDate
    enrollmentStartDate
    status
    url
  }
}"""

ARCHIVES_EXAMPLE = """
query UserArchives {
  UserArchives {
    id
    name
    resourceType
    status
    archivedAt
    reinstatable
    waitlistActive
    user
    resource
  }
}"""

ARCHIVED_CONTENT_EXAMPLE = """
query UserArchivedContent {
  UserArchivedContent {
    id
    title
    slug
    kind
    status
    description
    asset
    priceInCents
    authors
    tags {
      id
      label
    }
    waitlistingEnabled
    isActive
    url
  }
}"""

RECENT_ORDER = ["machine-learning-intro", "advanced-communication", "leadership-path", "intro-to-python",
                "graphql-live", "kubernetes-deep-dive", "data-science-fundamentals"]


@pytest.fixture
async def jane(db, gql):
    """Jane viewed seven items (RECENT_ORDER, newest first) and archived the Excel course; she and Alex
    wait for the summit, whose one seat Kim holds."""
    await build(db, **CATALOG)
    ids = {e["slug"]: await id_of(db, "content", e["slug"]) for e in CATALOG["courses"] + CATALOG["learning_paths"]}
    j = SimpleNamespace(ids=ids, id=await learner(db, JANE_EMAIL))
    alex = await learner(db, "alex@example.com", password=None)
    kim = await learner(db, "kim@example.com", password=None)
    now = utcnow()
    await enrolled(db, j.id, *(ids[slug] for slug in RECENT_ORDER), ids["legacy-excel-course"])
    await enrolled(db, kim, ids["leadership-summit"])
    await due(db, j.id, ids["machine-learning-intro"], now + timedelta(days=14))
    await add(db, *(recent_view(j.id, ids[slug], viewed_at=now - timedelta(hours=i))
                    for i, slug in enumerate(RECENT_ORDER)),
              waitlist_entry(j.id, ids["leadership-summit"]), waitlist_entry(alex, ids["leadership-summit"]))
    [j.archive] = await add(db, archive(j.id, ids["legacy-excel-course"]))
    j.token = await gql.login(JANE_EMAIL, PASSWORD)
    return j


@pytest.fixture
async def jane_token(jane) -> str:
    return jane.token


# UserRecentContent ------------------------------------------------------------------------

async def test_recent_seed_example(gql, jane_token):
    items = (await gql.data(RECENT_EXAMPLE, {"limit": 5}, token=jane_token))["UserRecentContent"]
    assert [i["slug"] for i in items] == RECENT_ORDER[:5]
    first = items[0]
    assert first["assetAltText"] == "Introduction to Machine Learning thumbnail"
    assert first["url"] == "/courses/machine-learning-intro" and first["isActive"] is True
    assert first["currentUserDueDate"].endswith("Z")
    assert items[2]["kind"] == "learningPath" and items[2]["url"] == "/learning-paths/leadership-path"


@pytest.mark.parametrize("limit, count", [(None, 7), (1, 1), (7, 7), (100, 7), (0, 0)])
async def test_recent_limit(gql, jane_token, limit, count):
    items = (await gql.data(RECENT_EXAMPLE, {"limit": limit}, token=jane_token))["UserRecentContent"]
    assert [i["slug"] for i in items] == RECENT_ORDER[:count]


async def test_recent_never_returns_more_than_25(gql, db):
    user_id = await make_learner(db)
    await add_items(db, user_id, 30)
    token = await gql.login("sam.builder@example.com", PASSWORD)
    for limit in (None, 26, 1000):
        items = (await gql.data(RECENT_EXAMPLE, {"limit": limit}, token=token))["UserRecentContent"]
        assert len(items) == 25
        assert items[0]["slug"] == "item-0" and items[-1]["slug"] == "item-24"  # most recent first


async def test_recent_negative_limit_is_bad_user_input(gql, jane_token):
    body = await gql(RECENT_EXAMPLE, {"limit": -1}, token=jane_token)
    assert body["data"] is None
    assert errors_of(body)[0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "limit"}


async def test_recent_without_a_user_is_empty(gql, jane):
    assert (await gql.data(RECENT_EXAMPLE, {"limit": 5}))["UserRecentContent"] == []
    body = await gql(RECENT_EXAMPLE, {"limit": 5}, token="expired-or-forged")
    assert body["data"]["UserRecentContent"] == [] and codes_of(body) == ["UNAUTHENTICATED"]


# UserWaitlist -----------------------------------------------------------------------------

async def test_waitlist_seed_example(gql, jane_token):
    [summit] = (await gql.data(WAITLIST_EXAMPLE, token=jane_token))["UserWaitlist"]
    assert summit["slug"] == "leadership-summit" and summit["kind"] == "inPersonEvent"
    assert summit["waitlistCount"] == 2 and summit["seatsLimit"] == 1
    assert summit["waitlistingEnabled"] is True and summit["waitlistingTriggered"] is True
    assert summit["courseStartDate"].endswith("Z") and summit["enrollmentStartDate"].endswith("Z")
    assert summit["status"] == "published" and summit["url"] == "/courses/leadership-summit"


async def test_waitlist_relations(gql, jane_token):
    query = "{ UserWaitlist { ribbon { slug } prices { currencyCode priceInCents } location { name city room } } }"
    [summit] = (await gql.data(query, token=jane_token))["UserWaitlist"]
    assert summit["location"] == {"name": "Acme HQ", "city": "San Francisco", "room": "Auditorium B"}
    assert {p["currencyCode"] for p in summit["prices"]} == {"USD", "EUR"}
    assert summit["ribbon"] is None


async def test_waitlist_in_joining_order_and_empty_cases(gql, db, jane):
    user_id = await make_learner(db)
    token = await gql.login("sam.builder@example.com", PASSWORD)
    assert (await gql.data(WAITLIST_EXAMPLE, token=token))["UserWaitlist"] == []
    await add_items(db, user_id, 3)
    items = (await gql.data(WAITLIST_EXAMPLE, token=token))["UserWaitlist"]
    assert [i["slug"] for i in items] == ["item-2", "item-1", "item-0"]  # item-2 joined first
    assert (await gql.data(WAITLIST_EXAMPLE))["UserWaitlist"] == []
    body = await gql(WAITLIST_EXAMPLE, token="forged")
    assert body["data"]["UserWaitlist"] == [] and codes_of(body) == ["UNAUTHENTICATED"]


# UserArchives / UserArchivedContent ----------------------------------------------------------

async def test_archives_seed_example(gql, jane, jane_token):
    [archive] = (await gql.data(ARCHIVES_EXAMPLE, token=jane_token))["UserArchives"]
    assert archive == {
        "id": jane.archive, "name": "Excel for Beginners (retired)", "resourceType": "Course",
        "status": "archived", "archivedAt": archive["archivedAt"], "reinstatable": True, "waitlistActive": False,
        "user": jane.id, "resource": jane.ids["legacy-excel-course"],
    }
    assert archive["archivedAt"].endswith("Z")
    company = (await gql.data("{ UserArchives { company { name subdomain } } }", token=jane_token))["UserArchives"]
    assert company == [{"company": {"name": "Acme Learning Co.", "subdomain": "acme"}}]


async def test_archived_content_seed_example(gql, jane_token):
    [item] = (await gql.data(ARCHIVED_CONTENT_EXAMPLE, token=jane_token))["UserArchivedContent"]
    assert item["slug"] == "legacy-excel-course" and item["status"] == "archived" and item["isActive"] is False
    assert item["authors"] == ["Old Author"] and [t["label"] for t in item["tags"]] == ["Productivity"]
    assert item["priceInCents"] == 999 and item["url"] == "/courses/legacy-excel-course"


async def test_archives_and_archived_content_agree(gql, db, jane):
    user_id = await make_learner(db)
    token = await gql.login("sam.builder@example.com", PASSWORD)
    assert (await gql.data(ARCHIVES_EXAMPLE, token=token))["UserArchives"] == []
    assert (await gql.data(ARCHIVED_CONTENT_EXAMPLE, token=token))["UserArchivedContent"] == []
    await add_items(db, user_id, 3)
    archives = (await gql.data(ARCHIVES_EXAMPLE, token=token))["UserArchives"]
    content = (await gql.data(ARCHIVED_CONTENT_EXAMPLE, token=token))["UserArchivedContent"]
    assert [a["resource"] for a in archives] == [c["id"] for c in content]
    assert [c["slug"] for c in content] == ["item-archived-0", "item-archived-1", "item-archived-2"]  # newest first
    assert all(a["user"] == user_id for a in archives)


async def test_archives_without_a_user_are_empty(gql, jane):
    assert (await gql.data(ARCHIVES_EXAMPLE))["UserArchives"] == []
    assert (await gql.data(ARCHIVED_CONTENT_EXAMPLE))["UserArchivedContent"] == []
    for query, name in ((ARCHIVES_EXAMPLE, "UserArchives"), (ARCHIVED_CONTENT_EXAMPLE, "UserArchivedContent")):
        body = await gql(query, token="forged")
        assert body["data"][name] == [] and codes_of(body) == ["UNAUTHENTICATED"]


async def test_waitlist_active_on_an_archive(gql, db, jane):
    await add(db, archive(jane.id, jane.ids["leadership-summit"]))
    archives = (await gql.data(ARCHIVES_EXAMPLE, token=jane.token))["UserArchives"]
    summit = next(a for a in archives if a["resource"] == jane.ids["leadership-summit"])
    assert summit["waitlistActive"] is True and summit["resourceType"] == "Course"
