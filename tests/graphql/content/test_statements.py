"""Each list query runs the same number of SQL statements for 1 item and for 100 (factory-built lists
of both lengths, tests/graphql/content/helpers.py)."""
from __future__ import annotations

import pytest

from tests.graphql.content.helpers import PASSWORD, add_items, make_learner
from tests.graphql.content.test_content_fields import EVERY_FIELD

QUERIES = {
    "UserContentItems": EVERY_FIELD + 'query { UserContentItems(query: "difficulty:Easy", kind: [course], sortColumn: lastActiveAt) { ...EveryField } }',
    "UserContentItemsAll": EVERY_FIELD + "query { UserContentItems(sortColumn: parentName) { ...EveryField } }",
    "UserRecentContent": EVERY_FIELD + "query { UserRecentContent(limit: 25) { ...EveryField } }",
    "UserWaitlist": EVERY_FIELD + "query { UserWaitlist { ...EveryField } }",
    "UserArchivedContent": EVERY_FIELD + "query { UserArchivedContent { ...EveryField } }",
    "UserArchives": "query { UserArchives { id name resourceType status archivedAt reinstatable waitlistActive user resource company { name } } }",
    "UserContentGroups": 'query { UserContentGroups(query: "difficulty:Easy", includeExpiredCertificates: true) { kind count } }',
}


async def _count(gql, count_statements, query, token) -> tuple[int, dict]:
    with count_statements() as counter:
        data = await gql.data(query, token=token)
    return counter.count, data


@pytest.mark.parametrize("name", list(QUERIES))
async def test_statements_do_not_grow_with_the_list(gql, db, count_statements, name):
    small_user = await make_learner(db, "one@example.com")
    big_user = await make_learner(db, "many@example.com")
    await add_items(db, small_user, 1, prefix="x")
    await add_items(db, big_user, 100, prefix="y")
    small_token = await gql.login("one@example.com", PASSWORD)
    big_token = await gql.login("many@example.com", PASSWORD)
    query = QUERIES[name]
    few, few_data = await _count(gql, count_statements, query, small_token)
    many, many_data = await _count(gql, count_statements, query, big_token)
    root = next(iter(many_data))
    if name == "UserContentGroups":
        counts = {g["kind"]: g["count"] for g in many_data[root]}
        assert counts["contentItems"] == 100 and counts["waitlistedCourses"] == 100
    else:
        assert len(few_data[root]) == 1 and len(many_data[root]) >= 25
    assert few == many, (name, few, many)


async def test_course_and_learning_path_parts_do_not_grow_the_statements(gql, db, count_statements):
    """Every Course and LearningPath field, relations included (sections, lessons, seat tiers, milestones,
    tabs, layouts, meeting attendees …): as many statements for 1 course and path as for 30."""
    from tests.graphql.content.helpers import add_catalog_parts
    from tests.graphql.content.test_catalog_parity import selection

    query = (f"query {{ CurrentUser {{ purchasedCourses {{ course {{ {selection('Course', 2)} }} }} "
             f"allocatedLearningPaths {{ learningPath {{ {selection('LearningPath', 2)} }} }} }} }}")
    counts = []
    for n, email in ((1, "one@example.com"), (30, "many@example.com")):
        user_id = await make_learner(db, email)
        await add_catalog_parts(db, user_id, n, prefix=f"p{n}")
        token = await gql.login(email, PASSWORD)
        count, data = await _count(gql, count_statements, query, token)
        me = data["CurrentUser"]
        assert len(me["purchasedCourses"]) == n and len(me["allocatedLearningPaths"]) == n
        assert all(len(c["course"]["sections"][0]["lessons"]) == 2 for c in me["purchasedCourses"])
        assert all(p["learningPath"]["milestones"][0]["contentItems"] for p in me["allocatedLearningPaths"])
        counts.append(count)
    assert counts[0] == counts[1], counts
