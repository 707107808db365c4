"""The Content type: every field comes from the store, the current user's fields from her records."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from app.db import utcnow
from tests.factories import PASSWORD, build, client, course, id_of, learner, learning_path, license, session
from tests.factories.certificates import issued_certificate
from tests.factories.learning import add, enrolled, progress, recent_view, waitlist_entry
from tests.graphql.content.helpers import add_items, make_learner

EVERY_FIELD = """
fragment EveryField on Content {
  id createdAt updatedAt expiresAt courseGroup title sessionTitle ribbon { slug label color } slug kind metaTitle
  language metaDescription displayCourse displayCourseSlug displayDate availabilityStatus asset assetAltText
  freeWithRegistration priceInCents suggestedRetailPriceInCents alternativePricingType alternativePricingRef rating
  description sku hasChildren tags { id label isFolder updatedAt } status customFields authors authorsAndInstructors
  contentTypeLabel contentTypeAssetAspectRatio waitlistCount seatsLimit enrollmentCount source publishDate
  courseStartDate courseEndDate enrollmentStartDate enrollmentEndDate timeZone meetingStartDate coursePresold
  courseGracePeriodEnded currentUserMayReschedule isActive embeddedEnabled altDescriptionBody hideCourseDescription
  annotationsEnabled currentUserUnmetCoursePrerequisites currentUserUnmetLearningPathPrerequisites currentUserDueDate
  url waitlistingEnabled waitlistingTriggered canAddToQueue bulkPurchasingEnabled
  prices { id currencyCode priceInCents } location { id name city state room timeZone }
  state acceptBadgeUrl issuedAt badgeUrl credlyBadgeExpiresAt imageUrl badgeName completedPassedDueDate
}
"""
ITEMS = EVERY_FIELD + "query { UserContentItems { ...EveryField } }"


def _iso(moment) -> str:
    return moment.isoformat()


@pytest.fixture
async def jane(db, gql) -> SimpleNamespace:
    """Jane's items, each with the columns and relations one test reads (a small catalog of its own)."""
    now = utcnow()
    await build(db, ribbons=[{"slug": "new", "label": "New", "color": "#2ECC71"}],
                locations=[{"name": "Acme HQ", "address1": "1 Market St", "city": "San Francisco",
                            "timeZone": "America/Los_Angeles"}],
                content_custom_fields=[{"slug": "difficulty", "label": "Difficulty"}],
                courses=[
                    course("intro-to-python", sku="SKU-100", language="en", ribbon="new",
                           customFields={"difficulty": "Easy"}, tags=["Programming", "Premium Package"],
                           priceInCents=4999, prices=[{"currencyCode": "USD", "priceInCents": 4999},
                                                      {"currencyCode": "EUR", "priceInCents": 4599}],
                           suggestedRetailPriceInCents=5999, badgeName="Python Practitioner",
                           badgeUrl="https://credly.example.com/badges/python",
                           acceptBadgeUrl="https://credly.example.com/badges/python/accept",
                           imageUrl="https://cdn.example.com/python-badge.png",
                           credlyBadgeExpiresAt=_iso(now + timedelta(days=365))),
                    course("data-science-fundamentals"),
                    course("machine-learning-intro", prerequisites=["intro-to-python", "data-science-learning-path"]),
                    course("cloud-engineering-basics", kind="microCourse"),
                    course("kubernetes-deep-dive",
                           session("kubernetes-deep-dive-spring-cohort", courseStartDate=_iso(now - timedelta(days=60))),
                           session("kubernetes-deep-dive-autumn-cohort", courseStartDate=_iso(now + timedelta(days=60))),
                           alternativePricingType="membership", alternativePricingRef=1,
                           prerequisites=["cloud-engineering-basics"]),
                    course("leadership-summit", kind="inPersonEvent", location="Acme HQ", seatsLimit=1,
                           waitlistingEnabled=True, authors=[{"name": "Maria Garcia"}]),
                    course("graphql-live", kind="webinar", purchasable=True, priceInCents=1999,
                           courseStartDate=_iso(now + timedelta(days=7)),
                           meetings=[{"startDate": _iso(now - timedelta(days=7)),
                                      "endDate": _iso(now - timedelta(days=7) + timedelta(hours=1)),
                                      "instructors": ["Jack Miller"]},
                                     {"startDate": _iso(now + timedelta(days=7)),
                                      "endDate": _iso(now + timedelta(days=7, hours=1)), "instructors": ["Jack Miller"]}]),
                    course("advanced-javascript-patterns"),
                    course("legacy-excel-course", status="archived"),
                ],
                learning_paths=[learning_path("leadership-path", ["leadership-summit"]),
                                learning_path("data-science-learning-path",
                                              ["data-science-fundamentals", "machine-learning-intro"])])
    slugs = ["intro-to-python", "data-science-fundamentals", "machine-learning-intro", "cloud-engineering-basics",
             "kubernetes-deep-dive", "kubernetes-deep-dive-autumn-cohort", "leadership-summit", "graphql-live",
             "leadership-path", "data-science-learning-path", "advanced-javascript-patterns", "legacy-excel-course"]
    j = SimpleNamespace(ids={slug: await id_of(db, "content", slug) for slug in slugs})
    ids = j.ids
    await build(db, clients=[client("acme", license("ACME-CLOUD", ["cloud-engineering-basics"]))])
    j.id = await learner(db, "jane@example.com", client_id=await id_of(db, "client", "acme"),
                         license_ids=(await id_of(db, "license", "ACME-CLOUD"),))
    kim = await learner(db, "kim@example.com", password=None)
    alex = await learner(db, "alex@example.com", password=None)
    await enrolled(db, j.id, *(ids[s] for s in ("intro-to-python", "data-science-fundamentals", "machine-learning-intro",
                                                "kubernetes-deep-dive", "graphql-live",
                                                "leadership-path")))
    await progress(db, j.id, {
        ids["intro-to-python"]: {"status": "completed", "completed_at": now - timedelta(days=10),
                                 "due_date": now - timedelta(days=5)},
        ids["data-science-fundamentals"]: {"status": "completed", "completed_at": now - timedelta(days=3),
                                           "due_date": now - timedelta(days=5)},  # completed late
        ids["machine-learning-intro"]: {"status": "started", "started_at": now - timedelta(days=2)}})
    await progress(db, j.id, {ids["leadership-path"]: {"due_date": now + timedelta(days=30)}})
    await enrolled(db, kim, ids["leadership-summit"])
    await add(db, waitlist_entry(j.id, ids["leadership-summit"]), waitlist_entry(alex, ids["leadership-summit"]),
              recent_view(j.id, ids["intro-to-python"]))
    j.token = await gql.login("jane@example.com", PASSWORD)
    return j


@pytest.fixture
async def jane_token(jane) -> str:
    return jane.token


async def _by_slug(gql, token) -> dict[str, dict]:
    items = (await gql.data(ITEMS, token=token))["UserContentItems"]
    return {i["slug"]: i for i in items}


async def test_catalog_columns_and_relations(gql, jane, jane_token):
    items = await _by_slug(gql, jane_token)
    python = items["intro-to-python"]
    assert python["kind"] == "courseGroup" and python["sku"] == "SKU-100" and python["language"] == "en"
    assert python["ribbon"] == {"slug": "new", "label": "New", "color": "#2ECC71"}
    assert python["customFields"] == {"difficulty": "Easy"}
    assert [t["label"] for t in python["tags"]] == ["Programming", "Premium Package"]
    assert {p["currencyCode"]: p["priceInCents"] for p in python["prices"]} == {"USD": 4999, "EUR": 4599}
    assert python["suggestedRetailPriceInCents"] == 5999 and python["hasChildren"] is False
    assert python["displayCourse"] == python["id"] and python["displayCourseSlug"] == "intro-to-python"
    assert python["annotationsEnabled"] is False and python["hideCourseDescription"] is False
    summit = items["leadership-summit"]
    assert summit["location"]["name"] == "Acme HQ" and summit["location"]["timeZone"] == "America/Los_Angeles"
    assert summit["enrollmentCount"] == 1 and summit["waitlistCount"] == 2 and summit["waitlistingTriggered"] is True
    assert summit["authorsAndInstructors"] == ["Maria Garcia"]
    kubernetes = items["kubernetes-deep-dive"]
    assert kubernetes["alternativePricingType"] == "membership" and kubernetes["alternativePricingRef"] == 1
    # A course group with sessions: its display course is the next session.
    assert kubernetes["displayCourse"] == jane.ids["kubernetes-deep-dive-autumn-cohort"]
    assert kubernetes["displayCourseSlug"] == "kubernetes-deep-dive-autumn-cohort"
    assert kubernetes["courseGroup"] is None  # a group, not a session
    path = items["leadership-path"]
    assert path["hasChildren"] is True and path["displayCourse"] is None and path["url"] == "/learning-paths/leadership-path"
    assert path["currentUserDueDate"] is not None  # from her learning path allocation


async def test_meetings_give_the_next_meeting_and_the_instructors(gql, jane_token, db):
    live = (await _by_slug(gql, jane_token))["graphql-live"]
    assert live["meetingStartDate"] == live["courseStartDate"]  # part 1 is over, part 2 starts with the course
    assert live["coursePresold"] is True  # on sale before it starts
    assert live["authorsAndInstructors"] == ["Jack Miller"]
    user_id = await make_learner(db)
    await add_items(db, user_id, 1)
    token = await gql.login("sam.builder@example.com", PASSWORD)
    [item] = (await gql.data(ITEMS, token=token))["UserContentItems"]
    assert item["authors"] == ["Author 0"] and item["authorsAndInstructors"] == ["Author 0", "Instructor 0"]


async def test_credly_badge_and_due_dates(gql, jane_token):
    items = await _by_slug(gql, jane_token)
    python = items["intro-to-python"]
    assert python["badgeName"] == "Python Practitioner" and python["badgeUrl"].startswith("https://")
    assert python["acceptBadgeUrl"].endswith("/accept") and python["imageUrl"] and python["credlyBadgeExpiresAt"]
    assert python["state"] == "completed" and python["issuedAt"].endswith("Z")  # issued on completion
    assert python["completedPassedDueDate"] is False
    late = items["data-science-fundamentals"]
    assert late["completedPassedDueDate"] is True and late["currentUserDueDate"] is not None
    assert late["issuedAt"] is None and late["badgeName"] is None  # no Credly badge on this one
    assert items["machine-learning-intro"]["state"] == "started"
    assert items["cloud-engineering-basics"]["state"] is None  # reached through a license, never opened


async def test_unmet_prerequisites_follow_her_progress(gql, jane, jane_token, db):
    items = await _by_slug(gql, jane_token)
    ml = items["machine-learning-intro"]
    assert ml["currentUserUnmetCoursePrerequisites"] == []  # Python is completed
    assert ml["currentUserUnmetLearningPathPrerequisites"] == [jane.ids["data-science-learning-path"]]
    assert items["kubernetes-deep-dive"]["currentUserUnmetCoursePrerequisites"] == [
        jane.ids["cloud-engineering-basics"]]
    assert items["intro-to-python"]["currentUserUnmetCoursePrerequisites"] == []

    await enrolled(db, jane.id, jane.ids["cloud-engineering-basics"])
    await progress(db, jane.id, {jane.ids["cloud-engineering-basics"]: {"status": "completed", "completed_at": utcnow()}})
    await issued_certificate(db, jane.id, jane.ids["data-science-learning-path"], resource_type="learningPath")
    items = await _by_slug(gql, jane_token)
    assert items["kubernetes-deep-dive"]["currentUserUnmetCoursePrerequisites"] == []
    assert items["machine-learning-intro"]["currentUserUnmetLearningPathPrerequisites"] == []


async def test_a_completed_path_meets_the_prerequisite(gql, jane, jane_token, db):
    await progress(db, jane.id, {jane.ids["machine-learning-intro"]: {"status": "completed"}})
    ml = (await _by_slug(gql, jane_token))["machine-learning-intro"]
    assert ml["currentUserUnmetLearningPathPrerequisites"] == []  # every item of the path is completed


async def test_sessions_grace_period_and_rescheduling(gql, db):
    user_id = await make_learner(db)
    now = utcnow()
    await build(db, courses=[course(
        "group", session("past-session", courseStartDate=_iso(now - timedelta(days=5))),
        session("next-session", courseStartDate=_iso(now + timedelta(days=5))),
        session("later-session", courseStartDate=_iso(now + timedelta(days=9))),
        gracePeriodEndDate=_iso(now - timedelta(days=1)))])
    group, past, nxt = [await id_of(db, "content", slug) for slug in ("group", "past-session", "next-session")]
    await enrolled(db, user_id, group, past, nxt)
    nxt = SimpleNamespace(id=nxt)
    group = SimpleNamespace(id=group)
    token = await gql.login("sam.builder@example.com", PASSWORD)
    items = {i["slug"]: i for i in (await gql.data(ITEMS, token=token))["UserContentItems"]}
    assert items["group"]["displayCourse"] == nxt.id and items["group"]["displayCourseSlug"] == "next-session"
    assert items["group"]["courseGracePeriodEnded"] is True and items["next-session"]["courseGracePeriodEnded"] is False
    assert items["next-session"]["courseGroup"] == group.id and items["group"]["courseGroup"] is None
    assert items["next-session"]["currentUserMayReschedule"] is True  # enrolled, not started yet
    assert items["past-session"]["currentUserMayReschedule"] is False  # already started
    assert items["group"]["currentUserMayReschedule"] is False  # not a session


async def test_can_add_to_queue_only_for_active_items_she_cannot_reach(gql, db, jane):
    await add(db, *(recent_view(jane.id, jane.ids[slug], viewed_at=utcnow())
                    for slug in ("advanced-javascript-patterns", "legacy-excel-course")))
    token = jane.token
    recent = (await gql.data(EVERY_FIELD + "query { UserRecentContent { ...EveryField } }", token=token))
    flags = {i["slug"]: i["canAddToQueue"] for i in recent["UserRecentContent"]}
    assert flags["advanced-javascript-patterns"] is True  # active, not hers, not waiting
    assert flags["legacy-excel-course"] is False  # retired (status archived)
    assert flags["intro-to-python"] is False  # already hers


async def test_a_session_is_a_course_of_its_groups_kind(gql, db):
    user_id = await make_learner(db)
    await build(db, courses=[course("live-group", session("live-session", title="Live group", timeZone="Europe/Paris"),
                                    kind="webinarCourse", title="Live group")])
    await add(db, *[waitlist_entry(user_id, await id_of(db, "content", slug)) for slug in ("live-session", "live-group")])
    token = await gql.login("sam.builder@example.com", PASSWORD)
    me = (await gql.data("{ CurrentUser { waitlistedCourses { course { slug kind webinarTimeZone } } } }",
                         token=token))["CurrentUser"]
    courses = {w["course"]["slug"]: w["course"] for w in me["waitlistedCourses"]}
    assert courses["live-session"]["kind"] == "webinarCourse"  # Course.kind is the group's kind
    assert courses["live-session"]["webinarTimeZone"] == "Europe/Paris"
    assert courses["live-group"]["kind"] == "webinarCourse"
