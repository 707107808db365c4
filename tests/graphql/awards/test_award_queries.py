"""UserCourseAwardCounts, UserCourseCollaborations, LearningPathCurrentUserAwardTotals and
UserEarnedBadgeBoard: the seed examples as Jane, arguments, empty cases, bad input, SQL bounds."""
from __future__ import annotations

from sqlalchemy import select

from app.awards.models import Award, AwardType, Badge, EarnedBadge
from app.awards.service import record_earned_badge
from app.content.models import ContentChild, ContentItem
from app.demo import JANE_EMAIL, demo_id
from app.learning.models import Collaboration
from app.users.models import User

JANE = demo_id("user", JANE_EMAIL)
LEADERSHIP = demo_id("content", "foundations-of-leadership")
COMMUNICATION = demo_id("content", "advanced-communication")
CREDIT = demo_id("award", "credit")
COMPLETION = demo_id("award", "completion")

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


# ---- UserCourseAwardCounts -----------------------------------------------------------------------

async def test_award_counts_seed_example(gql, jane_token):
    rows = (await gql.data(AWARD_COUNTS % LEADERSHIP, token=jane_token))["UserCourseAwardCounts"]
    # Jane earned 3 credits and 1 completion on Foundations of Leadership.
    assert rows == [
        {"id": COMPLETION, "label": "Course Completion", "icon": "check", "count": 1},
        {"id": CREDIT, "label": "Credit", "icon": "star", "count": 3},
    ]


async def test_award_counts_round_summed_amounts_half_up(gql, jane_token):
    rows = (await gql.data(AWARD_COUNTS % COMMUNICATION, token=jane_token))["UserCourseAwardCounts"]
    assert {r["label"]: r["count"] for r in rows} == {"Course Completion": 1, "Credit": 2}  # 1.5 credits


async def test_award_counts_without_awards_or_user(gql, jane_token):
    other = demo_id("content", "kubernetes-deep-dive")
    assert (await gql.data(AWARD_COUNTS % other, token=jane_token))["UserCourseAwardCounts"] == []
    assert (await gql.data(AWARD_COUNTS % LEADERSHIP))["UserCourseAwardCounts"] == []


async def test_award_counts_skip_deleted_award_types(gql, jane_token, db):
    async with db() as session:
        (await session.get(AwardType, CREDIT)).deleted = True
        await session.commit()
    rows = (await gql.data(AWARD_COUNTS % LEADERSHIP, token=jane_token))["UserCourseAwardCounts"]
    assert [r["id"] for r in rows] == [COMPLETION]


async def test_award_counts_unknown_course_is_not_found(gql, jane_token):
    for course_id in ("no-such-course", demo_id("content", "leadership-path")):
        error = _error(await gql(AWARD_COUNTS % course_id, token=jane_token))
        assert error["extensions"]["code"] == "NOT_FOUND" and error["extensions"]["field"] == "courseId"
    # Also without a user: the course is checked first.
    assert _error(await gql(AWARD_COUNTS % "nope"))["extensions"]["code"] == "NOT_FOUND"


async def test_award_counts_statements_do_not_grow(gql, jane_token, db, count_statements):
    async def run():
        with count_statements() as c:
            rows = (await gql.data(AWARD_COUNTS % LEADERSHIP, token=jane_token))["UserCourseAwardCounts"]
        return len(rows), c.count

    few, few_count = await run()
    async with db() as session:
        session.add_all([AwardType(id=f"type-{i}", label=f"Type {i:03d}", icon="flag") for i in range(100)])
        await session.flush()
        session.add_all([Award(user_id=JANE, award_type_id=f"type-{i}", resource_id=LEADERSHIP, amount=i)
                         for i in range(100)])
        await session.commit()
    many, many_count = await run()
    assert many == few + 100 and many_count == few_count


# ---- UserCourseCollaborations --------------------------------------------------------------------

async def test_collaborations_seed_example(gql, jane_token):
    data = await gql.data(COLLABORATIONS % COMMUNICATION, token=jane_token)
    assert data == {"UserCourseCollaborations": 7}  # the demo's 4 threads and 3 comments


async def test_collaborations_count_only_that_course_and_user(gql, jane_token, db):
    async with db() as session:
        other = await session.scalar(select(User.id).where(User.email == "alice.smith0@example.com"))
        session.add_all([Collaboration(user_id=other, course_id=COMMUNICATION),
                         Collaboration(user_id=JANE, course_id=LEADERSHIP)])
        await session.commit()
    assert (await gql.data(COLLABORATIONS % COMMUNICATION, token=jane_token))["UserCourseCollaborations"] == 7
    assert (await gql.data(COLLABORATIONS % LEADERSHIP, token=jane_token))["UserCourseCollaborations"] == 1


async def test_collaborations_without_user_is_zero_and_unknown_course_not_found(gql, demo):
    assert (await gql.data(COLLABORATIONS % COMMUNICATION))["UserCourseCollaborations"] == 0
    error = _error(await gql(COLLABORATIONS % "missing"))
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "courseId"}


# ---- LearningPathCurrentUserAwardTotals ----------------------------------------------------------

async def test_award_totals_seed_example(gql, jane_token):
    rows = (await gql.data(AWARD_TOTALS, {"slug": "leadership-path"}, token=jane_token))[
        "LearningPathCurrentUserAwardTotals"]
    # The path's items in order (leadership, communication; nothing on the summit), completion then credit.
    assert [(r["resource"]["slug"], r["awardType"]["label"], r["total"]) for r in rows] == [
        ("foundations-of-leadership", "Course Completion", 1.0),
        ("foundations-of-leadership", "Credit", 3.0),
        ("advanced-communication", "Course Completion", 1.0),
        ("advanced-communication", "Credit", 1.5),
    ]
    first = rows[0]
    assert first["resourceId"] == LEADERSHIP and first["resource"]["title"] == "Foundations of Leadership"
    assert first["awardType"] == {"id": COMPLETION, "label": "Course Completion", "pluralLabel": "Course Completions",
                                  "icon": "check", "includeOnDashboard": True}


async def test_award_totals_include_the_path_itself_and_sum_awards(gql, jane_token, db):
    path = demo_id("content", "leadership-path")
    async with db() as session:
        session.add_all([Award(user_id=JANE, award_type_id=CREDIT, resource_id=path, amount=2.25),
                         Award(user_id=JANE, award_type_id=CREDIT, resource_id=LEADERSHIP, amount=0.5),
                         # outside the path: not counted
                         Award(user_id=JANE, award_type_id=CREDIT, resource_id=demo_id("content", "gdpr-essentials"),
                               amount=9)])
        await session.commit()
    rows = (await gql.data(AWARD_TOTALS, {"slug": "leadership-path"}, token=jane_token))[
        "LearningPathCurrentUserAwardTotals"]
    assert rows[0]["resource"] == {"id": path, "name": "Leadership Learning Path", "slug": "leadership-path"}
    assert rows[0]["total"] == 2.25
    totals = {(r["resourceId"], r["awardType"]["id"]): r["total"] for r in rows}
    assert totals[(LEADERSHIP, CREDIT)] == 3.5
    assert demo_id("content", "gdpr-essentials") not in {r["resourceId"] for r in rows}


async def test_award_totals_empty_cases(gql, jane_token):
    assert (await gql.data(AWARD_TOTALS, {"slug": "leadership-path"}))["LearningPathCurrentUserAwardTotals"] == []
    rows = (await gql.data(AWARD_TOTALS, {"slug": "cloud-engineering-path"}, token=jane_token))[
        "LearningPathCurrentUserAwardTotals"]
    assert rows == []


async def test_award_totals_unknown_or_non_path_slug_is_not_found(gql, jane_token):
    for slug in ("no-such-path", "intro-to-python"):
        error = _error(await gql(AWARD_TOTALS, {"slug": slug}, token=jane_token))
        assert error["extensions"] == {"code": "NOT_FOUND", "field": "slug"}
    error = _error(await gql(AWARD_TOTALS, {"slug": "not a slug!"}, token=jane_token))
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_award_totals_statements_do_not_grow(gql, jane_token, db, count_statements):
    async def run():
        with count_statements() as c:
            rows = (await gql.data(AWARD_TOTALS, {"slug": "leadership-path"}, token=jane_token))[
                "LearningPathCurrentUserAwardTotals"]
        return len(rows), c.count

    few, few_count = await run()
    path = demo_id("content", "leadership-path")
    async with db() as session:
        items = [ContentItem(id=f"item-{i}", kind="course", slug=f"item-{i}", title=f"Item {i}", status="published")
                 for i in range(50)]
        session.add_all(items)
        session.add_all([AwardType(id=f"type-{i}", label=f"Type {i}", icon="flag") for i in range(2)])
        await session.flush()
        session.add_all([ContentChild(parent_id=path, child_id=f"item-{i}", position=10 + i) for i in range(50)])
        session.add_all([Award(user_id=JANE, award_type_id=f"type-{k}", resource_id=f"item-{i}", amount=1)
                         for i in range(50) for k in range(2)])
        await session.commit()
    many, many_count = await run()
    assert many == few + 100 and many_count == few_count


# ---- UserEarnedBadgeBoard ------------------------------------------------------------------------

async def test_badge_board_seed_example(gql, jane_token):
    board = (await gql.data(BADGE_BOARD, token=jane_token))["UserEarnedBadgeBoard"]
    earned = {e["badge"]["label"]: e for e in board["earnedBadges"]}
    assert set(earned) == {"Quick Learner", "Achiever", "Credit Collector"}
    quick = earned["Quick Learner"]
    assert quick["id"] == [demo_id("earnedbadge", f"{JANE_EMAIL}:Quick Learner")]
    assert quick["deleted"] is False
    assert quick["user"] == {"id": JANE, "email": JANE_EMAIL, "firstName": "Jane", "lastName": "Doe", "name": "Jane Doe"}
    assert quick["badge"]["awardThreshold"] == 1 and quick["badge"]["awardType"]["id"] == COMPLETION
    assert quick["badge"]["asset"].startswith("https://")
    assert [b["label"] for b in board["unearnedBadges"]] == ["Expert"]
    expert = board["unearnedBadges"][0]
    assert expert["awardThreshold"] == 20
    assert expert["awardType"] == {"id": COMPLETION, "label": "Course Completion", "pluralLabel": "Course Completions",
                                   "includeOnDashboard": True, "icon": "check"}


async def test_badge_board_hides_deleted_badges_and_earnings(gql, jane_token, db):
    async with db() as session:
        (await session.get(Badge, demo_id("badge", "expert"))).deleted = True
        earning = await session.get(EarnedBadge, demo_id("earnedbadge", f"{JANE_EMAIL}:Achiever"))
        earning.deleted = True
        await session.commit()
    board = (await gql.data(BADGE_BOARD, token=jane_token))["UserEarnedBadgeBoard"]
    assert {e["badge"]["label"] for e in board["earnedBadges"]} == {"Quick Learner", "Credit Collector"}
    # The deleted earning makes Achiever unearned again; the deleted Expert badge is gone.
    assert [b["label"] for b in board["unearnedBadges"]] == ["Achiever"]


async def test_badge_board_without_user_is_empty(gql, demo):
    board = (await gql.data(BADGE_BOARD))["UserEarnedBadgeBoard"]
    assert board == {"earnedBadges": [], "unearnedBadges": []}


async def test_badge_board_without_badges(gql, jane_token, db):
    async with db() as session:
        for row in (await session.scalars(select(EarnedBadge))).all():
            await session.delete(row)
        await session.flush()
        for row in (await session.scalars(select(Badge))).all():
            await session.delete(row)
        await session.commit()
    board = (await gql.data(BADGE_BOARD, token=jane_token))["UserEarnedBadgeBoard"]
    assert board == {"earnedBadges": [], "unearnedBadges": []}


async def test_badge_board_statements_do_not_grow(gql, jane_token, db, count_statements):
    async def run():
        with count_statements() as c:
            board = (await gql.data(BADGE_BOARD, token=jane_token))["UserEarnedBadgeBoard"]
        return len(board["earnedBadges"]), len(board["unearnedBadges"]), c.count

    earned, unearned, count = await run()
    async with db() as session:
        session.add_all([AwardType(id=f"type-{i}", label=f"Type {i}", icon="flag") for i in range(100)])
        await session.flush()
        session.add_all([Badge(id=f"badge-{i}", label=f"Badge {i}", asset="https://cdn.example/b.png",
                               award_type_id=f"type-{i % 100}", award_threshold=i) for i in range(200)])
        await session.flush()
        for i in range(100):
            await record_earned_badge(session, user_id=JANE, badge_id=f"badge-{i}")
        await session.commit()
    earned_many, unearned_many, count_many = await run()
    assert (earned_many, unearned_many) == (earned + 100, unearned + 100)
    assert count_many == count
