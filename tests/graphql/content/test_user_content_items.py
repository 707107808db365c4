"""UserContentItems on a factory-built catalog: the seed example, search, kinds, every sort column and direction, empty and bad input."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.content.kinds import matching_kinds
from app.graphql.enums import ContentKind, SortColumn
from tests.factories import PASSWORD, build, course, enrol, id_of, learner, session
from tests.graphql.content.helpers import codes_of, errors_of
from tests.graphql.content.jane import CATALOG, DAY, ENROLLED, JANE_SLUGS, build_jane


@pytest.fixture
async def jane_token(db, gql) -> str:
    return (await build_jane(db, gql)).token


async def _sam(db, gql) -> tuple[str, str]:
    """A learner with nothing granted: (id, token)."""
    sam = await learner(db, "sam@example.com")
    return sam, await gql.login("sam@example.com", PASSWORD)

SEED_EXAMPLE = """
query UserContentItems($query: String, $kind: [ContentKind!], $sortColumn: SortColumn, $sortDirection: SortDirection) {
  UserContentItems(query: $query, kind: $kind, sortColumn: $sortColumn, sortDirection: $sortDirection) {
    id
    title
    slug
    kind
    status
    availabilityStatus
    asset
    priceInCents
    isActive
    courseStartDate
    courseEndDate
    currentUserDueDate
    tags {
      id
      label
    }
    authors
  }
}"""
SEED_VARIABLES = {"query": 'tags:"Premium Package"', "kind": ["course", "learningPath"], "sortColumn": "title",
                  "sortDirection": "asc"}

ITEMS = """query($query: String, $kind: [ContentKind!], $sortColumn: SortColumn, $sortDirection: SortDirection) {
  UserContentItems(query: $query, kind: $kind, sortColumn: $sortColumn, sortDirection: $sortDirection) {
    id slug title kind createdAt updatedAt publishDate displayDate courseStartDate
  }
}"""

# Jane's published items through enrolments, licenses and allocated learning paths, minus her archive.
JANE_SLUGS = {
    "intro-to-python", "data-science-fundamentals", "foundations-of-leadership", "advanced-communication",
    "machine-learning-intro", "graphql-live", "security-awareness", "leadership-path", "cloud-engineering-basics",
    "kubernetes-deep-dive", "cloud-engineering-path", "leadership-summit",
}


async def _items(gql, token, **variables) -> list[dict]:
    return (await gql.data(ITEMS, variables, token=token))["UserContentItems"]


async def test_seed_example_runs_as_written(gql, jane_token):
    items = (await gql.data(SEED_EXAMPLE, SEED_VARIABLES, token=jane_token))["UserContentItems"]
    assert [i["slug"] for i in items] == [
        "advanced-communication", "data-science-fundamentals", "intro-to-python", "kubernetes-deep-dive",
        "leadership-path"]
    assert all("Premium Package" in [t["label"] for t in i["tags"]] for i in items)
    # `course` keeps the course groups (Helium's kind for a catalog course), not the Premium summit
    # (an inPersonEvent).
    assert {i["kind"] for i in items} == {"courseGroup", "learningPath"}
    first = items[0]
    assert first["status"] == "published" and first["isActive"] is True and first["availabilityStatus"] == "available"
    assert first["priceInCents"] == 2999 and first["authors"] == ["Maria Garcia"]
    assert first["currentUserDueDate"].endswith("Z")  # her enrolment's due date
    path = items[-1]
    assert path["currentUserDueDate"] is not None  # the learning path allocation's due date
    assert path["authors"] == []


async def test_lists_everything_jane_can_reach_and_nothing_else(gql, jane_token):
    items = await _items(gql, jane_token)
    assert {i["slug"] for i in items} == JANE_SLUGS
    assert "legacy-excel-course" not in {i["slug"] for i in items}  # archived by her
    assert "advanced-javascript-patterns" not in {i["slug"] for i in items}  # never granted


async def test_search_forms(gql, jane_token):
    async def slugs(q):
        return [i["slug"] for i in await _items(gql, jane_token, query=q)]

    assert await slugs("difficulty:Easy") == [
        "cloud-engineering-basics", "foundations-of-leadership", "intro-to-python", "security-awareness"]
    assert await slugs('authors:"Jack"') == ["data-science-fundamentals", "graphql-live", "intro-to-python"]
    assert await slugs("python") == ["intro-to-python"]
    assert await slugs('"learning path"') == ["leadership-path"]
    assert await slugs('tags:"Premium Package" difficulty:Hard') == ["kubernetes-deep-dive", "leadership-summit"]
    assert await slugs("tags:Cloud AND authors:Sam") == ["cloud-engineering-basics", "kubernetes-deep-dive"]
    assert await slugs("nothing-matches-this") == []
    assert len(await slugs("   ")) == len(JANE_SLUGS)


@pytest.mark.parametrize("kind", [k.value for k in ContentKind])
async def test_every_kind_filters(gql, jane_token, kind):
    everything = await _items(gql, jane_token)
    filtered = await _items(gql, jane_token, kind=[kind])
    assert [i["slug"] for i in filtered] == [i["slug"] for i in everything if i["kind"] in matching_kinds([kind])]


def test_the_kind_rule():
    assert matching_kinds(["course"]) == [
        "course", "courseGroup", "microCourse", "webinarCourse", "inPersonEventCourse"]
    assert matching_kinds(["courseGroup"]) == ["courseGroup", "microCourse"]
    assert matching_kinds(["webinar", "webinar"]) == ["webinar", "webinarCourse"]
    assert matching_kinds(["inPersonEvent"]) == ["inPersonEvent", "inPersonEventCourse"]
    assert matching_kinds(["video", "learningPath"]) == ["video", "learningPath"]


async def test_course_keeps_the_course_groups_and_micro_courses(gql, jane_token):
    items = await _items(gql, jane_token, kind=["course"])
    assert {i["slug"]: i["kind"] for i in items} == {
        "intro-to-python": "courseGroup", "data-science-fundamentals": "courseGroup",
        "foundations-of-leadership": "courseGroup", "advanced-communication": "courseGroup",
        "machine-learning-intro": "courseGroup", "kubernetes-deep-dive": "courseGroup",
        "cloud-engineering-basics": "microCourse"}


async def test_several_kinds_and_an_empty_kind_list(gql, jane_token):
    everything = await _items(gql, jane_token)
    events = await _items(gql, jane_token, kind=["webinar", "inPersonEvent"])
    assert [i["slug"] for i in events] == ["graphql-live", "leadership-summit"]
    assert await _items(gql, jane_token, kind=[]) == everything


def _check_order(values, descending):
    present = [v for v in values if v is not None]
    assert values[: len(present)] == present, "nulls sort last"
    assert present == sorted(present, reverse=descending)


@pytest.mark.parametrize("column", ["createdAt", "updatedAt", "publishDate", "displayDate", "courseStartDate"])
@pytest.mark.parametrize("direction", [None, "asc", "desc"])
async def test_date_columns_sort_with_nulls_last(gql, jane_token, column, direction):
    items = await _items(gql, jane_token, sortColumn=column, sortDirection=direction)
    assert len(items) == len(JANE_SLUGS)
    _check_order([i[column] for i in items], descending=direction != "asc")  # dates default to desc


@pytest.mark.parametrize("column", ["title", "name", "label", None])
@pytest.mark.parametrize("direction", [None, "asc", "desc"])
async def test_title_like_columns_sort_by_title(gql, jane_token, column, direction):
    items = await _items(gql, jane_token, sortColumn=column, sortDirection=direction)
    titles = [i["title"].lower() for i in items]
    assert titles == sorted(titles, reverse=direction == "desc")  # text defaults to asc


@pytest.mark.parametrize("direction", [None, "asc", "desc"])
async def test_last_active_at_uses_the_users_enrolment(gql, jane_token, direction):
    items = await _items(gql, jane_token, sortColumn="lastActiveAt", sortDirection=direction)
    hours = [ENROLLED.get(i["slug"]) for i in items]
    active = [None if h is None else DAY - timedelta(hours=h) for h in hours]
    _check_order(active, descending=direction != "asc")
    assert sum(a is not None for a in active) == 3


@pytest.mark.parametrize("direction", [None, "asc", "desc"])
async def test_relevance_puts_title_matches_first(gql, jane_token, direction):
    items = await _items(gql, jane_token, query="tags:Leadership", sortColumn="relevance", sortDirection=direction)
    slugs = [i["slug"] for i in items]
    matching = ["foundations-of-leadership", "leadership-path", "leadership-summit"]  # "leadership" in the title
    if direction == "asc":
        assert slugs == ["advanced-communication", *matching]
    else:
        assert slugs == [*matching, "advanced-communication"]


async def test_relevance_without_a_query_is_the_default_order(gql, jane_token):
    assert await _items(gql, jane_token, sortColumn="relevance") == await _items(gql, jane_token)


async def test_parent_name_sorts_sessions_by_their_course_group(gql, db):
    await build(db, courses=[course("zeta-group", session("a-session", title="A session"), title="Zeta Group"),
                             course("alpha-group", session("b-session", title="B session"), title="Alpha Group"),
                             course("m-plain", title="M plain")])
    sam, token = await _sam(db, gql)
    for slug in ("a-session", "b-session", "m-plain"):
        await enrol(db, sam, await id_of(db, "content", slug))
    for direction, expected in ((None, ["b-session", "m-plain", "a-session"]),
                                ("desc", ["a-session", "m-plain", "b-session"])):
        items = await _items(gql, token, sortColumn="parentName", sortDirection=direction)
        assert [i["slug"] for i in items] == expected
    # every SortColumn value is accepted
    for column in SortColumn:
        assert len(await _items(gql, token, sortColumn=column.value)) == 3


async def test_without_a_user_the_list_is_empty(gql, jane_token):
    assert (await gql.data(SEED_EXAMPLE, SEED_VARIABLES))["UserContentItems"] == []


async def test_a_rejected_token_is_unauthenticated_and_sees_nothing(gql, jane_token):
    body = await gql(SEED_EXAMPLE, SEED_VARIABLES, token="not-a-valid-token")
    assert body["data"]["UserContentItems"] == []
    assert codes_of(body) == ["UNAUTHENTICATED"]


async def test_a_learner_without_content_gets_an_empty_list_not_janes(gql, jane_token, db):
    _sam_id, token = await _sam(db, gql)
    assert await _items(gql, token) == []


@pytest.mark.parametrize("query", ['tags:"Premium Package', ":Easy", "colour:red", "tags:", "python OR java"])
async def test_malformed_queries_are_bad_user_input(gql, jane_token, query):
    body = await gql(ITEMS, {"query": query}, token=jane_token)
    assert body["data"] is None or body["data"]["UserContentItems"] is None
    [error] = errors_of(body)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "query"}


async def test_malformed_queries_are_reported_without_a_user_too(gql, db):
    await build(db, **CATALOG)
    body = await gql(ITEMS, {"query": "colour:red"})
    assert codes_of(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("variables", [{"sortColumn": "bogus"}, {"sortDirection": "up"}, {"kind": ["podcast"]}])
async def test_unknown_enum_values_are_rejected(gql, jane_token, variables):
    body = await gql(ITEMS, variables, token=jane_token)
    assert "data" not in body or body["data"] is None
    assert codes_of(body) == ["BAD_USER_INPUT"]
