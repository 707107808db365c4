"""Helium's learner dashboard (tooling/template-base/components/LearnerAccess in thoughtindustries/helium):
each tab sends Helium's own UserContentItems document with its kind list, and lists a factory-built learner's items.

The documents are Helium's (tests/helium_documents.py); the kind lists are copied verbatim from
LearnerAccess.tsx, duplicates included.
"""
from __future__ import annotations

import pytest

from app.content.kinds import COURSE_GROUP_KINDS, LEARNING_PATH
from tests.factories import PASSWORD, build, course, id_of, learner, learning_path, session
from tests.factories.learning import enrolled, progress
from tests.graphql.content.helpers import add_items, make_learner
from tests.helium_documents import helium_document

HELIUM_USER_CONTENT_ITEMS = helium_document("UserContentItems")
HELIUM_CONTENT_GROUPS = helium_document("UserContentGroups")

# The variables each LearnerAccess tab sends (TabKey -> LoadUserLearning props).
CURRENT_TAB = {"kind": ["courseGroup", "article", "video", "shareableContentObject", "xApiObject"]}
EVENTS_TAB = {"kind": ["webinar", "webinar", "inPersonEvent", "inPersonEventCourse"], "sortColumn": "displayDate"}
LEARNING_PATH_TAB = {"kind": "learningPath"}  # a single value, not a list
COMPLETED_TAB = {"kind": ["learningPath", "courseGroup", "article", "video", "shareableContentObject", "xApiObject",
                          "webinar", "webinar", "inPersonEvent", "inPersonEventCourse"]}

JANE_CURRENT = {
    "intro-to-python", "data-science-fundamentals", "foundations-of-leadership", "advanced-communication",
    "machine-learning-intro", "kubernetes-deep-dive", "cloud-engineering-basics", "security-awareness",
}
JANE_EVENTS = ["leadership-summit", "graphql-live"]  # displayDate, newest first
JANE_PATHS = {"leadership-path", "cloud-engineering-path"}
JANE_COMPLETED = {"intro-to-python", "data-science-fundamentals", "foundations-of-leadership", "security-awareness"}
JANE_ALL = JANE_CURRENT | set(JANE_EVENTS) | JANE_PATHS
CATALOG = dict(
    courses=[*(course(slug) for slug in ("intro-to-python", "data-science-fundamentals", "foundations-of-leadership",
                                          "advanced-communication", "machine-learning-intro")),
             course("kubernetes-deep-dive",
                    session("kubernetes-deep-dive-spring-cohort", courseStartDate="2020-03-01T09:00:00Z"),
                    session("kubernetes-deep-dive-autumn-cohort", courseStartDate="2099-09-01T09:00:00Z")),
             course("cloud-engineering-basics", kind="microCourse"), course("security-awareness", kind="video"),
             course("leadership-summit", kind="inPersonEvent", displayDate="2026-06-01T00:00:00Z"),
             course("graphql-live", kind="webinar", displayDate="2026-02-01T00:00:00Z"),
             course("advanced-javascript-patterns")],  # not hers
    learning_paths=[learning_path("leadership-path", ["foundations-of-leadership"]),
                    learning_path("cloud-engineering-path", ["cloud-engineering-basics"])],
)


@pytest.fixture
async def jane_token(db, gql) -> str:
    """Jane holds every item of JANE_ALL and completed JANE_COMPLETED."""
    await build(db, **CATALOG)
    jane = await learner(db, "jane@example.com")
    ids = {slug: await id_of(db, "content", slug) for slug in JANE_ALL}
    await enrolled(db, jane, *ids.values())
    await progress(db, jane, {ids[slug]: {"status": "completed", "progress": 100} for slug in JANE_COMPLETED})
    return await gql.login("jane@example.com", PASSWORD)


async def _tab(gql, token, variables) -> list[dict]:
    return (await gql.data(HELIUM_USER_CONTENT_ITEMS, {"query": None, **variables}, token=token))["UserContentItems"]


async def test_current_tab_lists_her_courses_micro_course_and_video(gql, jane_token):
    items = await _tab(gql, jane_token, CURRENT_TAB)
    assert {i["slug"] for i in items} == JANE_CURRENT
    kinds = {i["slug"]: i["kind"] for i in items}
    assert kinds["intro-to-python"] == "courseGroup" and kinds["cloud-engineering-basics"] == "microCourse"
    assert kinds["security-awareness"] == "video"
    # hydrateContent links a started course to /learn/course/<displayCourseSlug>, a new one to
    # /learn/enroll/<displayCourse>: the group itself, or its next session.
    by_slug = {i["slug"]: i for i in items}
    assert by_slug["machine-learning-intro"]["displayCourseSlug"] == "machine-learning-intro"
    assert by_slug["kubernetes-deep-dive"]["displayCourseSlug"] == "kubernetes-deep-dive-autumn-cohort"


async def test_events_tab_lists_her_webinar_and_in_person_event(gql, jane_token):
    items = await _tab(gql, jane_token, EVENTS_TAB)
    assert [i["slug"] for i in items] == JANE_EVENTS
    assert {i["kind"] for i in items} == {"webinar", "inPersonEvent"}


async def test_learning_path_tab_lists_her_paths(gql, jane_token):
    items = await _tab(gql, jane_token, LEARNING_PATH_TAB)
    assert {i["slug"] for i in items} == JANE_PATHS
    assert {i["kind"] for i in items} == {"learningPath"}


async def test_completed_tab_lists_her_completed_items(gql, jane_token):
    # The tab sends every kind its other tabs send, so it gets all her items; Helium's LoadUserLearning
    # then skips items whose availabilityStatus is "completed" (in every tab), a value ours never takes.
    items = await _tab(gql, jane_token, COMPLETED_TAB)
    assert {i["slug"] for i in items} == JANE_ALL
    assert JANE_COMPLETED <= {i["slug"] for i in items}


async def test_every_item_of_hers_is_in_a_tab(gql, jane_token):
    everything = {i["slug"] for i in await _tab(gql, jane_token, {})}
    in_tabs = set()
    for tab in (CURRENT_TAB, EVENTS_TAB, LEARNING_PATH_TAB):
        in_tabs |= {i["slug"] for i in await _tab(gql, jane_token, tab)}
    assert in_tabs == everything == JANE_ALL


async def test_the_tab_counts_match_the_tabs(gql, jane_token):
    groups = (await gql.data(HELIUM_CONTENT_GROUPS, {"includeExpiredCertificates": False}, token=jane_token))
    counts = {g["kind"]: g["count"] for g in groups["UserContentGroups"]}
    assert counts["eventItems"] == len(await _tab(gql, jane_token, EVENTS_TAB))
    assert counts["learningPaths"] == len(await _tab(gql, jane_token, LEARNING_PATH_TAB))
    assert counts["contentItems"] == len(JANE_ALL)
    assert counts["completedItems"] == len(JANE_COMPLETED)


@pytest.mark.parametrize("kind", [*COURSE_GROUP_KINDS, LEARNING_PATH])
async def test_each_course_group_kind_lands_in_exactly_one_tab(gql, db, kind):
    user_id = await make_learner(db)
    [item_id] = await add_items(db, user_id, 1, prefix=kind.lower(), kind=kind)
    token = await gql.login("sam.builder@example.com", PASSWORD)
    tabs = {name: [i["id"] for i in await _tab(gql, token, variables)]
            for name, variables in (("current", CURRENT_TAB), ("events", EVENTS_TAB),
                                    ("learningPath", LEARNING_PATH_TAB))}
    assert [name for name, ids in tabs.items() if item_id in ids] == [
        "learningPath" if kind == LEARNING_PATH
        else "events" if kind in ("webinar", "webinarCourse", "inPersonEvent", "inPersonEventCourse")
        else "current"]
    assert item_id in [i["id"] for i in await _tab(gql, token, COMPLETED_TAB)]
