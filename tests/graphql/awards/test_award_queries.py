"""UserCourseAwardCounts, UserCourseCollaborations, LearningPathCurrentUserAwardTotals and
UserEarnedBadgeBoard: a learner's awards on a small factory-built catalog, arguments, empty cases,
bad input, SQL bounds."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from app.awards.models import AwardType, Badge, EarnedBadge
from tests.factories import PASSWORD, award_type, badge, build, course, id_of, learner, learning_path
from tests.factories.awards import award, earned_badge
from tests.factories.learning import add, collaboration

JANE_EMAIL = "jane@example.com"
COMPLETION_TYPE = {"label": "Course Completion", "pluralLabel": "Course Completions", "icon": "check",
                   "includeOnDashboard": True}


def _badge(label: str, type_label: str, threshold: int) -> dict:
    return badge(label, type_label, threshold, asset=f"https://cdn.example.com/{label.replace(' ', '-')}.png")


@pytest.fixture
async def world(db, gql):
    """Jane, two courses with her awards, a path over them, four badges (three earned)."""
    await build(db, award_types=[award_type(**COMPLETION_TYPE), award_type("Credit", icon="star")],
                badges=[_badge("Quick Learner", "Course Completion", 1), _badge("Achiever", "Course Completion", 5),
                        _badge("Expert", "Course Completion", 20), _badge("Credit Collector", "Credit", 3)],
                courses=[course("leadership", title="Foundations of Leadership"), course("communication"),
                         course("summit"), course("kubernetes"), course("gdpr")],
                learning_paths=[learning_path("leadership-path", ["leadership", "communication", "summit"],
                                              title="Leadership Learning Path"),
                                learning_path("cloud-path", ["kubernetes"])])
    w = SimpleNamespace(**{name.replace("-", "_"): await id_of(db, "content", name) for name in (
        "leadership", "communication", "summit", "kubernetes", "gdpr", "leadership-path")})
    w.completion = await id_of(db, "awardType", "Course Completion")
    w.credit = await id_of(db, "awardType", "Credit")
    w.jane = await learner(db, JANE_EMAIL, first_name="Jane", last_name="Doe")
    w.other = await learner(db, "alice@example.com")
    for resource, completion, credit in ((w.leadership, 1, 3), (w.communication, 1, 1.5)):
        await award(db, w.jane, w.completion, resource, completion)
        await award(db, w.jane, w.credit, resource, credit)
    await add(db, *(collaboration(w.jane, w.communication, kind) for kind in ("thread",) * 4 + ("comment",) * 3))
    w.earned = {label: await earned_badge(db, w.jane, await id_of(db, "badge", label))
                for label in ("Quick Learner", "Achiever", "Credit Collector")}
    w.token = await gql.login(JANE_EMAIL, PASSWORD)
    return w


AWARD_COUNTS = """
query GetUserCourseAwardCounts {
  UserCourseAwardCounts(courseId: "%s") {
    id
    label
    icon
    count
  }
}"""

COLLABORATIONS = """
query GetUserCourseCollaborations {
  UserCourseCollaborations(courseId: "%s")
}"""

AWARD_TOTALS = """
query GetLearningPathAwardTotals($slug: Slug!) {
  LearningPathCurrentUserAwardTotals(slug: $slug) {
    resourceId
    total
    awardType {
      id
      label
      pluralLabel
      icon
      includeOnDashboard
    }
    resource {
      ... on Course {
        id
        title
        slug
      }
      ... on LearningPath {
        id
        name
        slug
      }
    }
  }
}"""

BADGE_BOARD = """
query UserEarnedBadgeBoard {
  UserEarnedBadgeBoard {
    earnedBadges {
      id
      deleted
      user {
        id
        email
        firstName
        lastName
        name
      }
      badge {
        id
        label
        asset
        awardThreshold
        awardType {
          id
          label
        }
      }
    }
    unearnedBadges {
      id
      label
      asset
      awardThreshold
      awardType {
        id
        label
        pluralLabel
        includeOnDashboard
        icon
      }
    }
  }
}"""


def _error(body) -> dict:
    assert body["errors"], body
    return body["errors"][0]


async def _award_types(db, count: int) -> list[str]:
    await build(db, award_types=[award_type(f"Type {i:03d}", icon="flag") for i in range(count)])
    async with db() as session:
        return list((await session.scalars(select(AwardType.id).where(AwardType.label.like("Type %"))
                                           .order_by(AwardType.label))).all())


# ---- UserCourseAwardCounts -----------------------------------------------------------------------

async def test_award_counts_sum_the_learners_awards_per_type(gql, world):
    rows = (await gql.data(AWARD_COUNTS % world.leadership, token=world.token))["UserCourseAwardCounts"]
    assert rows == [
        {"id": world.completion, "label": "Course Completion", "icon": "check", "count": 1},
        {"id": world.credit, "label": "Credit", "icon": "star", "count": 3},
    ]


async def test_award_counts_round_summed_amounts_half_up(gql, world):
    rows = (await gql.data(AWARD_COUNTS % world.communication, token=world.token))["UserCourseAwardCounts"]
    assert {r["label"]: r["count"] for r in rows} == {"Course Completion": 1, "Credit": 2}  # 1.5 credits


async def test_award_counts_without_awards_or_user(gql, world):
    assert (await gql.data(AWARD_COUNTS % world.kubernetes, token=world.token))["UserCourseAwardCounts"] == []
    assert (await gql.data(AWARD_COUNTS % world.leadership))["UserCourseAwardCounts"] == []


async def test_award_counts_skip_deleted_award_types(gql, world, db):
    await build(db, award_types=[award_type("Credit", deleted=True)])
    rows = (await gql.data(AWARD_COUNTS % world.leadership, token=world.token))["UserCourseAwardCounts"]
    assert [r["id"] for r in rows] == [world.completion]


async def test_award_counts_unknown_course_is_not_found(gql, world):
    for course_id in ("no-such-course", world.leadership_path):
        error = _error(await gql(AWARD_COUNTS % course_id, token=world.token))
        assert error["extensions"]["code"] == "NOT_FOUND" and error["extensions"]["field"] == "courseId"
    # Also without a user: the course is checked first.
    assert _error(await gql(AWARD_COUNTS % "nope"))["extensions"]["code"] == "NOT_FOUND"


async def test_award_counts_statements_do_not_grow(gql, world, db, count_statements):
    async def run():
        with count_statements() as c:
            rows = (await gql.data(AWARD_COUNTS % world.leadership, token=world.token))["UserCourseAwardCounts"]
        return len(rows), c.count

    few, few_count = await run()
    for i, type_id in enumerate(await _award_types(db, 100)):
        await award(db, world.jane, type_id, world.leadership, i + 1)  # an award is a positive amount
    many, many_count = await run()
    assert many == few + 100 and many_count == few_count


# ---- UserCourseCollaborations --------------------------------------------------------------------

async def test_collaborations_count_the_learners_threads_and_comments(gql, world):
    data = await gql.data(COLLABORATIONS % world.communication, token=world.token)
    assert data == {"UserCourseCollaborations": 7}  # 4 threads and 3 comments


async def test_collaborations_count_only_that_course_and_user(gql, world, db):
    await add(db, collaboration(world.other, world.communication), collaboration(world.jane, world.leadership))
    assert (await gql.data(COLLABORATIONS % world.communication, token=world.token))["UserCourseCollaborations"] == 7
    assert (await gql.data(COLLABORATIONS % world.leadership, token=world.token))["UserCourseCollaborations"] == 1


async def test_collaborations_without_user_is_zero_and_unknown_course_not_found(gql, world):
    assert (await gql.data(COLLABORATIONS % world.communication))["UserCourseCollaborations"] == 0
    error = _error(await gql(COLLABORATIONS % "missing"))
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "courseId"}


# ---- LearningPathCurrentUserAwardTotals ----------------------------------------------------------

async def test_award_totals_follow_the_path_items(gql, world):
    rows = (await gql.data(AWARD_TOTALS, {"slug": "leadership-path"}, token=world.token))[
        "LearningPathCurrentUserAwardTotals"]
    # The path's items in order (leadership, communication; nothing on the summit), completion then credit.
    assert [(r["resource"]["slug"], r["awardType"]["label"], r["total"]) for r in rows] == [
        ("leadership", "Course Completion", 1.0),
        ("leadership", "Credit", 3.0),
        ("communication", "Course Completion", 1.0),
        ("communication", "Credit", 1.5),
    ]
    first = rows[0]
    assert first["resourceId"] == world.leadership and first["resource"]["title"] == "Foundations of Leadership"
    assert first["awardType"] == {"id": world.completion, **COMPLETION_TYPE}


async def test_award_totals_include_the_path_itself_and_sum_awards(gql, world, db):
    path = world.leadership_path
    await award(db, world.jane, world.credit, path, 2.25)
    await award(db, world.jane, world.credit, world.leadership, 0.5)
    await award(db, world.jane, world.credit, world.gdpr, 9)  # outside the path: not counted
    rows = (await gql.data(AWARD_TOTALS, {"slug": "leadership-path"}, token=world.token))[
        "LearningPathCurrentUserAwardTotals"]
    assert rows[0]["resource"] == {"id": path, "name": "Leadership Learning Path", "slug": "leadership-path"}
    assert rows[0]["total"] == 2.25
    totals = {(r["resourceId"], r["awardType"]["id"]): r["total"] for r in rows}
    assert totals[(world.leadership, world.credit)] == 3.5
    assert world.gdpr not in {r["resourceId"] for r in rows}


async def test_award_totals_empty_cases(gql, world):
    assert (await gql.data(AWARD_TOTALS, {"slug": "leadership-path"}))["LearningPathCurrentUserAwardTotals"] == []
    rows = (await gql.data(AWARD_TOTALS, {"slug": "cloud-path"}, token=world.token))[
        "LearningPathCurrentUserAwardTotals"]
    assert rows == []


async def test_award_totals_unknown_or_non_path_slug_is_not_found(gql, world):
    for slug in ("no-such-path", "leadership"):
        error = _error(await gql(AWARD_TOTALS, {"slug": slug}, token=world.token))
        assert error["extensions"] == {"code": "NOT_FOUND", "field": "slug"}
    error = _error(await gql(AWARD_TOTALS, {"slug": "not a slug!"}, token=world.token))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_award_totals_statements_do_not_grow(gql, world, db, count_statements):
    async def run():
        with count_statements() as c:
            rows = (await gql.data(AWARD_TOTALS, {"slug": "leadership-path"}, token=world.token))[
                "LearningPathCurrentUserAwardTotals"]
        return len(rows), c.count

    few, few_count = await run()
    items = [f"item-{i}" for i in range(50)]
    await build(db, courses=[course(slug) for slug in items],
                learning_paths=[learning_path("leadership-path", ["leadership", "communication", "summit", *items])])
    type_ids = await _award_types(db, 2)
    for slug in items:
        item_id = await id_of(db, "content", slug)
        for type_id in type_ids:
            await award(db, world.jane, type_id, item_id, 1)
    many, many_count = await run()
    assert many == few + 100 and many_count == few_count


# ---- UserEarnedBadgeBoard ------------------------------------------------------------------------

async def test_badge_board_lists_earned_and_unearned_badges(gql, world):
    board = (await gql.data(BADGE_BOARD, token=world.token))["UserEarnedBadgeBoard"]
    earned = {e["badge"]["label"]: e for e in board["earnedBadges"]}
    assert set(earned) == {"Quick Learner", "Achiever", "Credit Collector"}
    quick = earned["Quick Learner"]
    assert quick["id"] == [world.earned["Quick Learner"]]
    assert quick["deleted"] is False
    assert quick["user"] == {"id": world.jane, "email": JANE_EMAIL, "firstName": "Jane", "lastName": "Doe",
                             "name": "Jane Doe"}
    assert quick["badge"]["awardThreshold"] == 1 and quick["badge"]["awardType"]["id"] == world.completion
    assert quick["badge"]["asset"].startswith("https://")
    assert [b["label"] for b in board["unearnedBadges"]] == ["Expert"]
    expert = board["unearnedBadges"][0]
    assert expert["awardThreshold"] == 20
    assert expert["awardType"] == {"id": world.completion, **COMPLETION_TYPE}


async def test_badge_board_hides_deleted_badges_and_earnings(gql, world, db):
    await build(db, badges=[_badge("Expert", "Course Completion", 20) | {"deleted": True}])
    async with db() as session:  # no service deletes an earning
        await session.execute(update(EarnedBadge).where(EarnedBadge.id == world.earned["Achiever"]).values(deleted=True))
        await session.commit()
    board = (await gql.data(BADGE_BOARD, token=world.token))["UserEarnedBadgeBoard"]
    assert {e["badge"]["label"] for e in board["earnedBadges"]} == {"Quick Learner", "Credit Collector"}
    # The deleted earning makes Achiever unearned again; the deleted Expert badge is gone.
    assert [b["label"] for b in board["unearnedBadges"]] == ["Achiever"]


async def test_badge_board_without_user_is_empty(gql, world):
    board = (await gql.data(BADGE_BOARD))["UserEarnedBadgeBoard"]
    assert board == {"earnedBadges": [], "unearnedBadges": []}


async def test_badge_board_without_badges(gql, db):
    await learner(db, JANE_EMAIL)
    token = await gql.login(JANE_EMAIL, PASSWORD)
    board = (await gql.data(BADGE_BOARD, token=token))["UserEarnedBadgeBoard"]
    assert board == {"earnedBadges": [], "unearnedBadges": []}


async def test_badge_board_statements_do_not_grow(gql, world, db, count_statements):
    async def run():
        with count_statements() as c:
            board = (await gql.data(BADGE_BOARD, token=world.token))["UserEarnedBadgeBoard"]
        return len(board["earnedBadges"]), len(board["unearnedBadges"]), c.count

    earned, unearned, count = await run()
    await _award_types(db, 100)
    await build(db, badges=[_badge(f"Badge {i:03d}", f"Type {i % 100:03d}", i) for i in range(200)])
    async with db() as session:
        badge_ids = (await session.scalars(select(Badge.id).where(Badge.label.like("Badge %"))
                                           .order_by(Badge.label))).all()
    for badge_id in badge_ids[:100]:
        await earned_badge(db, world.jane, badge_id)
    earned_many, unearned_many, count_many = await run()
    assert (earned_many, unearned_many) == (earned + 100, unearned + 100)
    assert count_many == count
