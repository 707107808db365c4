"""Every field of Course, LearningPath and Bundle runs on the demo, and the demo fills the settings
and parts added for parity with the reference (app/content/parts.py, migration 0012)."""
from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)
from sqlalchemy import select

from app.content.models import MeetingAttendance
from app.db import new_id, utcnow
from app.graphql.schema import schema
from tests.factories import PASSWORD, administrator
from tests.factories.learning import add
from tests.graphql.content.helpers import add_catalog_parts, make_learner

# Fields added for parity (leaves, and objects whose presence is checked).
NEW_COURSE_FIELDS = """alternativePricingRef alternativePricingType appearanceBlock appearanceHash askLearnerPassword
awardClaimingOptions balanceRequirement completionTimePerPage confirmationBlock discussionsEnabled displayMap
displayResults enrollmentActive finalAssessment forceLinearProgress fulfillmentCenter galleryEnabled
inPersonEventInfo instructorAccessEnabled instructorAccessPriceInCents instructorEmails lastTierPriceInCents
linkedWorkbookEnabled linkedWorkbookSkipEnabled meetingsOverviewEnabled paywallsBlock resourcesEnabled roster
rosterSubmittedDate sampleLesson sampleLessonId scormCollectUserDetails seatPackages seatTiers sections showProgress
showSyllabusWhileUnenrolled superquizEnabled syllabusTitlesEnabled taxCategory taxable termsBlock topicGroup
topicGroupId webinarDates webinarDetails webinarId workbookEnabled""".split()
NEW_PATH_FIELDS = """alternativePricingRef authoringClient client confirmationHtml currentUserPendingCertificate
currentUserStartActionDate detailAsset dueDateDays externalDetailUrl fulfillmentCenter heroAsset isPayAsYouGo
lastTierPriceInCents layout layoutId learnerLayout learnerLayoutId milestones relatedQuery relatedQuerySignature
seatPackages seatTiers tabs taxCategory taxable videoAsset""".split()
NEW_BUNDLE_FIELDS = "annualPlanId annualPriceInCents needShippingAddress planId taxable variations weight".split()


def selection(type_name: str, depth: int) -> str:
    """Every field of the type that takes no required argument; objects `depth` levels down."""
    gql_type = schema._schema.type_map[type_name]
    parts = []
    for name, field in gql_type.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
            continue
        target = get_named_type(field.type)
        if isinstance(target, (GraphQLScalarType, GraphQLEnumType)):
            parts.append(name)
        elif isinstance(target, GraphQLUnionType):
            parts.append(f"{name} {{ __typename }}")
        elif isinstance(target, GraphQLObjectType) and depth > 0:
            parts.append(f"{name} {{ {selection(target.name, depth - 1)} }}")
    return " ".join(parts) or "__typename"


async def _me(gql, token, body: str) -> dict:
    return (await gql.data(f"query {{ CurrentUser {{ {body} }} }}", token=token))["CurrentUser"]


def _filled(rows: list[dict], fields: list[str]) -> list[str]:
    """Fields that are null (or empty) on every row."""
    return [f for f in fields if all(r.get(f) in (None, []) for r in rows)]


async def test_every_course_field_runs_on_the_demo_and_the_new_ones_are_filled(gql, demo_jane_token):
    me = await _me(gql, demo_jane_token, f"purchasedCourses {{ course {{ {selection('Course', 2)} }} }} "
                                    f"waitlistedCourses {{ course {{ {selection('Course', 2)} }} }}")
    courses = [p["course"] for p in me["purchasedCourses"] + me["waitlistedCourses"]]
    assert len(courses) >= 5
    assert _filled(courses, NEW_COURSE_FIELDS) == []
    python = next(c for c in courses if c["slug"] == "intro-to-python")
    assert [s["title"] for s in python["sections"]] == ["Getting started", "Core language"]
    assert python["sampleLesson"]["title"] == "Installing Python" and python["sampleLessonId"] == python["sampleLesson"]["id"]
    assert python["sampleLesson"]["section"]["slug"] == "getting-started"
    assert [(t["seats"], t["priceInCents"]) for t in python["seatTiers"]] == [(10, 4499), (50, 3999)]
    assert python["instructorEmails"] == ["jack.miller@acme-learning.example"]
    assert python["awardClaimingOptions"][0]["awardType"]["label"] == "Credit"
    live = next(c for c in courses if c["slug"] == "graphql-live")
    assert live["webinarDetails"]["webinarProvider"] == "zoom" and len(live["webinarDates"]) == 2
    assert python["webinarDates"] is None  # not a webinar


async def test_every_learning_path_and_bundle_field_runs_on_the_demo(gql, demo_jane_token):
    me = await _me(gql, demo_jane_token, f"allocatedLearningPaths {{ learningPath {{ {selection('LearningPath', 2)} }} }} "
                                    f"purchasedBundles {{ bundle {{ {selection('Bundle', 2)} }} }}")
    paths = [a["learningPath"] for a in me["allocatedLearningPaths"]]
    assert _filled(paths, NEW_PATH_FIELDS) == []
    leadership = next(p for p in paths if p["slug"] == "leadership-path")
    assert leadership["currentUserPendingCertificate"] is False  # she has not finished it
    assert [m["name"] for m in leadership["milestones"]] == ["Core", "Deepen"]
    assert [i["slug"] for i in leadership["milestones"][0]["contentItems"]] == ["foundations-of-leadership"]
    assert leadership["tabs"]["id"] == leadership["id"] and leadership["tabs"]["tabs"][0]["label"] == "Overview"
    assert leadership["currentUserStartActionDate"] is not None  # she started its first course
    assert leadership["client"]["name"] == "Acme Corp"
    bundles = [b["bundle"] for b in me["purchasedBundles"]]
    assert _filled(bundles, NEW_BUNDLE_FIELDS) == []


async def test_client_catalog_and_sso_settings_and_meeting_attendees(gql, demo_jane_token):
    me = await _me(gql, demo_jane_token, "id client { catalog { displayBundleId displayBundle { slug } categories { slug "
                                    "subcategories { slug query } } } sso { bundleId bundle { slug } samlIdpCertificate "
                                    "openIdAuthorizationParameters samlAttributeMappings { keyName keyAttribute } "
                                    "casAttributeMappings { keyName } openIdAttributeMappings { keyName } } } "
                                    "attendedMeetings { meeting { attendees { id } } }")
    catalog, sso = me["client"]["catalog"], me["client"]["sso"]
    assert catalog["displayBundle"] == [{"slug": "acme-starter-bundle"}]
    assert [c["slug"] for c in catalog["categories"]] == ["technology", "leadership"]
    assert catalog["categories"][0]["subcategories"][0] == {"slug": "programming", "query": 'tags:"Programming"'}
    assert sso["bundle"] == {"slug": "acme-starter-bundle"} and sso["openIdAuthorizationParameters"] == {"prompt": "login"}
    assert sso["samlAttributeMappings"][0] == {"keyName": "email", "keyAttribute": "mail"}
    # A learner sees herself among a meeting's attendees, never the other learners.
    assert [m["meeting"]["attendees"] for m in me["attendedMeetings"]][0] == [{"id": me["id"]}]


async def test_an_administrator_sees_every_attendee(gql, db):
    admin_id = await administrator(db, "boss@example.com")
    other_id = await make_learner(db, "other@example.com")
    await add_catalog_parts(db, admin_id, 1)
    async with db() as s:
        meeting_id = await s.scalar(select(MeetingAttendance.meeting_id))
    await add(db, MeetingAttendance(id=new_id(), meeting_id=meeting_id, user_id=other_id, attendance_date=utcnow()))
    query = "query { CurrentUser { attendedMeetings { meeting { attendees { id } } } } }"
    boss = await gql.data(query, token=await gql.login("boss@example.com", PASSWORD))
    attendees = boss["CurrentUser"]["attendedMeetings"][0]["meeting"]["attendees"]
    assert sorted(a["id"] for a in attendees) == sorted([admin_id, other_id])
