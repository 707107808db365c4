"""BadgeLeaderboard: a factory-built board as Jane, ranking and ties, limits, the current user's position,
the award type used, and a number of SQL statements that does not grow with the board."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.awards.models import AwardType
from app.awards.service import record_earned_badge
from app.users.provisioning import NewLearner, create_learners
from tests.factories import administrator, award_type, badge, build, company, id_of, learner
from tests.factories.users import login_fixture

JANE_EMAIL = "jane@example.com"
COMPLETION_TYPE = {"label": "Course Completion", "pluralLabel": "Course Completions", "includeOnDashboard": True,
                   "icon": "check"}


@pytest.fixture
async def board(db, gql) -> SimpleNamespace:
    """Two award types on the dashboard, the company's leaderboard counting completions; Jane and an
    administrator without badges."""
    await build(db, award_types=[award_type(**COMPLETION_TYPE)])
    await build(db, award_types=[award_type("Credit", includeOnDashboard=True)],
                company=company("acme", leaderboardAwardType="Course Completion"))
    b = SimpleNamespace(completion=await id_of(db, "awardType", "Course Completion"),
                        credit=await id_of(db, "awardType", "Credit"))
    b.jane = await learner(db, JANE_EMAIL, first_name="Jane", last_name="Doe")
    b.admin = await administrator(db, "boss@example.com")
    return b


jane_token = login_fixture(JANE_EMAIL, "board")
admin_token = login_fixture("boss@example.com", "board")


SEED_EXAMPLE = """
query BadgeLeaderboard {
  BadgeLeaderboard(limit: 10) {
    awardType {
      id
      label
      pluralLabel
      includeOnDashboard
      icon
    }
    leaders {
      rank
      total
      user {
        id
        firstName
        lastName
        email
        name
      }
    }
    currentUserPosition {
      rank
      total
      user {
        id
        firstName
        lastName
        email
      }
    }
  }
}"""

BOARD = """
query($limit: Int) { BadgeLeaderboard(limit: $limit) {
  awardType { id label }
  leaders { rank total user { id email } }
  currentUserPosition { rank total user { id } }
} }"""

T0 = datetime(2025, 1, 1, tzinfo=UTC)


async def _badges(db, n: int, type_label: str = "Course Completion") -> list[str]:
    """n badges of the award type (thresholds 0..n-1), through the catalog import."""
    labels = [f"{type_label} badge {i}" for i in range(n)]
    await build(db, badges=[badge(label, type_label, i, asset="https://cdn.example.com/b.png")
                            for i, label in enumerate(labels)])
    return [await id_of(db, "badge", label) for label in labels]


async def _learners(db, n: int) -> list[str]:
    """n learners provisioned in one batch (app/users/provisioning.py), in the order of their emails."""
    async with db() as session:
        users = await create_learners(session, learners=[
            NewLearner(email=f"lb-user-{i:03d}@example.com", first_name="L", last_name=f"{i:03d}") for i in range(n)])
        await session.commit()
    return [u.id for u in users]


async def _earn(db, earnings: list[tuple[str, list[str], datetime]]) -> None:
    """Each (learner, badges, when): the learner earns the badges one second apart (the awards service)."""
    async with db() as session:
        for user_id, badges, at in earnings:
            for k, badge_id in enumerate(badges):
                await record_earned_badge(session, user_id=user_id, badge_id=badge_id, earned_at=at + timedelta(seconds=k))
        await session.commit()


async def _leaderboard_type(db, label: str | None) -> None:
    await build(db, company=company("acme", leaderboardAwardType=label))


async def test_seed_example_as_jane(gql, db, board, jane_token):
    badges = await _badges(db, 2)
    learners = await _learners(db, 20)
    await _earn(db, [(board.jane, badges, T0)] + [(u, badges[: 2 - i // 10], T0) for i, u in enumerate(learners)])
    result = (await gql.data(SEED_EXAMPLE, token=jane_token))["BadgeLeaderboard"]
    assert result["awardType"] == {"id": board.completion, **COMPLETION_TYPE}
    # Jane and 10 learners hold 2 completion badges, 10 learners hold 1.
    leaders = result["leaders"]
    assert len(leaders) == 10
    assert all(leader["rank"] == 1 and leader["total"] == 2 for leader in leaders)
    assert all(leader["user"]["name"] for leader in leaders)
    me = result["currentUserPosition"]
    assert me["rank"] == 1 and me["total"] == 2
    assert me["user"] == {"id": board.jane, "firstName": "Jane", "lastName": "Doe", "email": JANE_EMAIL}


async def test_ranks_ties_and_order(gql, db, board):
    """Standard competition ranking; equal totals ordered by who reached the total first, then user id."""
    badges = await _badges(db, 5)
    a, b, c, d, e = await _learners(db, 5)
    b, d = sorted([b, d])  # b and d reach 3 at the same moment: by user id
    await _earn(db, [(a, badges[:4], T0),                          # 4
                     (c, badges[:3], T0 + timedelta(hours=2)),     # 3, reached later
                     (b, badges[:3], T0 + timedelta(hours=1)),     # 3, reached first
                     (d, badges[:3], T0 + timedelta(hours=1)),     # 3, same moment as b
                     (e, badges[:1], T0)])                         # 1
    result = (await gql.data(BOARD, {"limit": 10}))["BadgeLeaderboard"]
    assert [(leader["user"]["id"], leader["rank"], leader["total"]) for leader in result["leaders"]] == [
        (a, 1, 4), (b, 2, 3), (d, 2, 3), (c, 2, 3), (e, 5, 1),
    ]
    assert result["currentUserPosition"] is None  # no user


async def test_current_user_outside_the_top_and_without_badges(gql, db, board, jane_token, admin_token):
    badges = await _badges(db, 3)
    learners = await _learners(db, 6)
    await _earn(db, [(u, badges[: 3 - i // 2], T0 + timedelta(minutes=i)) for i, u in enumerate(learners)]  # 3,3,2,2,1,1
                + [(board.jane, badges[:1], T0 + timedelta(days=1))])
    jane, admin = board.jane, board.admin
    board = (await gql.data(BOARD, {"limit": 2}, token=jane_token))["BadgeLeaderboard"]
    assert [leader["rank"] for leader in board["leaders"]] == [1, 1]
    assert board["currentUserPosition"] == {"rank": 5, "total": 1, "user": {"id": jane}}
    # The administrator holds no badge: total 0, ranked just below every learner with a badge.
    board = (await gql.data(BOARD, {"limit": 2}, token=admin_token))["BadgeLeaderboard"]
    assert board["currentUserPosition"] == {"rank": 8, "total": 0, "user": {"id": admin}}
    # A leader's position is the one in the list.
    board = (await gql.data(BOARD, {"limit": 10}, token=jane_token))["BadgeLeaderboard"]
    mine = [leader for leader in board["leaders"] if leader["user"]["id"] == jane]
    assert mine and {"rank": mine[0]["rank"], "total": mine[0]["total"]} == {"rank": 5, "total": 1}


async def test_limits(gql, db, board):
    badges = await _badges(db, 1, "Credit")
    await _earn(db, [(u, badges, T0) for u in await _learners(db, 120)])
    await _leaderboard_type(db, "Credit")
    # 120 learners with 1 credit badge.
    assert len((await gql.data(BOARD, {"limit": None}))["BadgeLeaderboard"]["leaders"]) == 10  # default
    assert len((await gql.data(BOARD, {"limit": 1}))["BadgeLeaderboard"]["leaders"]) == 1
    assert len((await gql.data(BOARD, {"limit": 1000}))["BadgeLeaderboard"]["leaders"]) == 100  # clamped
    for bad in (0, -5):
        body = await gql(BOARD, {"limit": bad})
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "limit"}


async def test_award_type_falls_back_to_first_dashboard_type(gql, db, board):
    await _leaderboard_type(db, None)
    result = (await gql.data(BOARD, {"limit": 3}))["BadgeLeaderboard"]
    # Both types are on the dashboard; Course Completion was created first.
    first = await _first_dashboard_type(db)
    assert result["awardType"]["id"] == first == board.completion
    # Configured but deleted: fall back as well.
    await build(db, award_types=[award_type("Course Completion", deleted=True)],
                company=company("acme", leaderboardAwardType="Course Completion"))
    result = (await gql.data(BOARD, {"limit": 3}))["BadgeLeaderboard"]
    assert result["awardType"]["id"] == board.credit


async def _first_dashboard_type(db) -> str:
    async with db() as session:
        return await session.scalar(
            select(AwardType.id).where(AwardType.deleted.is_(False), AwardType.include_on_dashboard.is_(True))
            .order_by(AwardType.created_at, AwardType.id).limit(1))


async def test_no_award_type_gives_an_empty_board(gql, db, jane_token):
    await build(db, award_types=[award_type(label, deleted=True) for label in ("Course Completion", "Credit")])
    board = (await gql.data(BOARD, {"limit": 3}, token=jane_token))["BadgeLeaderboard"]
    assert board == {"awardType": None, "leaders": [], "currentUserPosition": None}


async def test_empty_instance(gql, db):
    board = (await gql.data(BOARD, {"limit": 3}))["BadgeLeaderboard"]
    assert board == {"awardType": None, "leaders": [], "currentUserPosition": None}


async def test_statements_do_not_grow_with_the_board(gql, db, jane_token, count_statements):
    async def run(limit):
        with count_statements() as c:
            board = (await gql.data(SEED_EXAMPLE.replace("limit: 10", f"limit: {limit}"), token=jane_token))
        return len(board["BadgeLeaderboard"]["leaders"]), c.count

    badges = await _badges(db, 3, "Credit")
    learners = await _learners(db, 100)
    await _earn(db, [(u, badges[: 1 + i % 3], T0 + timedelta(minutes=i)) for i, u in enumerate(learners)])
    await _leaderboard_type(db, "Credit")
    one, one_count = await run(1)
    hundred, hundred_count = await run(100)
    assert (one, hundred) == (1, 100)
    assert one_count == hundred_count
