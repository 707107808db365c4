"""The Content type: every field comes from the store, the current user's fields from her records."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from app.certificates.models import Certificate
from app.content.models import ContentItem
from app.db import new_id, utcnow
from app.demo import DEMO_PASSWORD, JANE_EMAIL, demo_id
from app.learning.models import Enrollment, RecentView, WaitlistEntry
from tests.graphql.content.helpers import PASSWORD, add_items, make_learner

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


async def _by_slug(gql, token) -> dict[str, dict]:
    items = (await gql.data(ITEMS, token=token))["UserContentItems"]
    return {i["slug"]: i for i in items}


async def test_catalog_columns_and_relations(gql, jane_token):
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
    assert kubernetes["displayCourse"] == demo_id("content", "kubernetes-deep-dive-autumn-cohort")
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


async def test_unmet_prerequisites_follow_her_progress(gql, jane_token, db):
    items = await _by_slug(gql, jane_token)
    ml = items["machine-learning-intro"]
    assert ml["currentUserUnmetCoursePrerequisites"] == []  # Python is completed
    assert ml["currentUserUnmetLearningPathPrerequisites"] == [demo_id("content", "data-science-learning-path")]
    assert items["kubernetes-deep-dive"]["currentUserUnmetCoursePrerequisites"] == [
        demo_id("content", "cloud-engineering-basics")]
    assert items["intro-to-python"]["currentUserUnmetCoursePrerequisites"] == []

    jane = demo_id("user", JANE_EMAIL)
    async with db() as s:
        s.add(Enrollment(id=new_id(), user_id=jane, content_id=demo_id("content", "cloud-engineering-basics"),
                         status="completed", completed_at=utcnow()))
        s.add(Certificate(id=new_id(), user_id=jane, resource_type="learningPath",
                          resource_id=demo_id("content", "data-science-learning-path")))
        await s.commit()
    items = await _by_slug(gql, jane_token)
    assert items["kubernetes-deep-dive"]["currentUserUnmetCoursePrerequisites"] == []
    assert items["machine-learning-intro"]["currentUserUnmetLearningPathPrerequisites"] == []


async def test_a_completed_path_meets_the_prerequisite(gql, jane_token, db):
    async with db() as s:
        await s.execute(update(Enrollment).where(
            Enrollment.user_id == demo_id("user", JANE_EMAIL),
            Enrollment.content_id == demo_id("content", "machine-learning-intro")).values(status="completed"))
        await s.commit()
    ml = (await _by_slug(gql, jane_token))["machine-learning-intro"]
    assert ml["currentUserUnmetLearningPathPrerequisites"] == []  # every item of the path is completed


async def test_sessions_grace_period_and_rescheduling(gql, db, demo):
    user_id = await make_learner(db)
    now = utcnow()
    async with db() as s:
        group = ContentItem(id=new_id(), kind="courseGroup", slug="group", title="Group",
                            grace_period_end_date=now - timedelta(days=1))
        s.add(group)
        await s.flush()
        past = ContentItem(id=new_id(), kind="course", slug="past-session", title="Past session",
                           course_group_id=group.id, course_start_date=now - timedelta(days=5))
        nxt = ContentItem(id=new_id(), kind="course", slug="next-session", title="Next session",
                          course_group_id=group.id, course_start_date=now + timedelta(days=5))
        later = ContentItem(id=new_id(), kind="course", slug="later-session", title="Later session",
                            course_group_id=group.id, course_start_date=now + timedelta(days=9))
        s.add_all([past, nxt, later])
        await s.flush()
        s.add_all([Enrollment(id=new_id(), user_id=user_id, content_id=c.id) for c in (group, past, nxt)])
        await s.commit()
    token = await gql.login("sam.builder@example.com", PASSWORD)
    items = {i["slug"]: i for i in (await gql.data(ITEMS, token=token))["UserContentItems"]}
    assert items["group"]["displayCourse"] == nxt.id and items["group"]["displayCourseSlug"] == "next-session"
    assert items["group"]["courseGracePeriodEnded"] is True and items["next-session"]["courseGracePeriodEnded"] is False
    assert items["next-session"]["courseGroup"] == group.id and items["group"]["courseGroup"] is None
    assert items["next-session"]["currentUserMayReschedule"] is True  # enrolled, not started yet
    assert items["past-session"]["currentUserMayReschedule"] is False  # already started
    assert items["group"]["currentUserMayReschedule"] is False  # not a session


async def test_can_add_to_queue_only_for_active_items_she_cannot_reach(gql, db, demo):
    jane = demo_id("user", JANE_EMAIL)
    async with db() as s:
        for slug in ("advanced-javascript-patterns", "legacy-excel-course"):
            await s.merge(RecentView(user_id=jane, content_id=demo_id("content", slug), viewed_at=utcnow()))
        await s.commit()
    token = await gql.login(JANE_EMAIL, DEMO_PASSWORD)
    recent = (await gql.data(EVERY_FIELD + "query { UserRecentContent { ...EveryField } }", token=token))
    flags = {i["slug"]: i["canAddToQueue"] for i in recent["UserRecentContent"]}
    assert flags["advanced-javascript-patterns"] is True  # active, not hers, not waiting
    assert flags["legacy-excel-course"] is False  # retired (status archived)
    assert flags["intro-to-python"] is False  # already hers


async def test_a_session_is_a_course_of_its_groups_kind(gql, db, demo):
    user_id = await make_learner(db)
    async with db() as s:
        group = ContentItem(id=new_id(), kind="webinarCourse", slug="live-group", title="Live group")
        s.add(group)
        await s.flush()
        session = ContentItem(id=new_id(), kind="course", slug="live-session", title="Live group",
                              course_group_id=group.id, time_zone="Europe/Paris")
        s.add(session)
        await s.flush()
        s.add_all([WaitlistEntry(id=new_id(), user_id=user_id, content_id=c.id) for c in (session, group)])
        await s.commit()
    token = await gql.login("sam.builder@example.com", PASSWORD)
    me = (await gql.data("{ CurrentUser { waitlistedCourses { course { slug kind webinarTimeZone } } } }",
                         token=token))["CurrentUser"]
    courses = {w["course"]["slug"]: w["course"] for w in me["waitlistedCourses"]}
    assert courses["live-session"]["kind"] == "webinarCourse"  # Course.kind is the group's kind
    assert courses["live-session"]["webinarTimeZone"] == "Europe/Paris"
    assert courses["live-group"]["kind"] == "webinarCourse"
