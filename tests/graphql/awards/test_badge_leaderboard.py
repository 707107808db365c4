"""BadgeLeaderboard: the seed example as Jane, ranking and ties, limits, the current user's position,
the award type used, and a number of SQL statements that does not grow with the board."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from app.awards.models import AwardType, Badge, BadgeTotal, BadgeTotalHistogram, EarnedBadge
from app.awards.service import record_earned_badge
from app.company.models import Company
from app.demo import ADMIN_EMAIL, JANE_EMAIL, demo_id
from app.users.models import User

JANE = demo_id("user", JANE_EMAIL)
COMPLETION = demo_id("award", "completion")
CREDIT = demo_id("award", "credit")

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


async def _clear_badges(session) -> None:
    for model in (EarnedBadge, BadgeTotal, BadgeTotalHistogram, Badge):
        await session.execute(delete(model))


async def _badges(session, n: int, award_type_id: str = COMPLETION) -> list[str]:
    ids = [f"lb-badge-{award_type_id[:4]}-{i}" for i in range(n)]
    session.add_all([Badge(id=b, label=b, asset="https://cdn.example/b.png", award_type_id=award_type_id,
                           award_threshold=i) for i, b in enumerate(ids)])
    await session.flush()
    return ids


async def _learners(session, n: int) -> list[str]:
    ids = [f"lb-user-{i:03d}" for i in range(n)]
    session.add_all([User(id=u, email=f"{u}@example.com", first_name="L", last_name=f"{i:03d}")
                     for i, u in enumerate(ids)])
    await session.flush()
    return ids


async def _earn(session, user_id: str, badges: list[str], at: datetime) -> None:
    for k, badge in enumerate(badges):
        await record_earned_badge(session, user_id=user_id, badge_id=badge, earned_at=at + timedelta(seconds=k))


async def test_seed_example_as_jane(gql, jane_token):
    board = (await gql.data(SEED_EXAMPLE, token=jane_token))["BadgeLeaderboard"]
    assert board["awardType"] == {"id": COMPLETION, "label": "Course Completion", "pluralLabel": "Course Completions",
                                  "includeOnDashboard": True, "icon": "check"}
    # Demo: Jane and 10 learners hold 2 completion badges, 10 learners hold 1.
    leaders = board["leaders"]
    assert len(leaders) == 10
    assert all(leader["rank"] == 1 and leader["total"] == 2 for leader in leaders)
    assert all(leader["user"]["name"] for leader in leaders)
    me = board["currentUserPosition"]
    assert me["rank"] == 1 and me["total"] == 2
    assert me["user"] == {"id": JANE, "firstName": "Jane", "lastName": "Doe", "email": JANE_EMAIL}


async def test_ranks_ties_and_order(gql, db, demo):
    """Standard competition ranking; equal totals ordered by who reached the total first, then user id."""
    async with db() as session:
        await _clear_badges(session)
        badges = await _badges(session, 5)
        a, b, c, d, e = await _learners(session, 5)
        await _earn(session, a, badges[:4], T0)                         # 4
        await _earn(session, c, badges[:3], T0 + timedelta(hours=2))    # 3, reached later
        await _earn(session, b, badges[:3], T0 + timedelta(hours=1))    # 3, reached first
        await _earn(session, d, badges[:3], T0 + timedelta(hours=1))    # 3, same moment as b: by user id
        await _earn(session, e, badges[:1], T0)                         # 1
        await session.commit()
    board = (await gql.data(BOARD, {"limit": 10}))["BadgeLeaderboard"]
    assert [(leader["user"]["id"], leader["rank"], leader["total"]) for leader in board["leaders"]] == [
        (a, 1, 4), (b, 2, 3), (d, 2, 3), (c, 2, 3), (e, 5, 1),
    ]
    assert board["currentUserPosition"] is None  # no user


async def test_current_user_outside_the_top_and_without_badges(gql, db, jane_token, admin_token):
    async with db() as session:
        await _clear_badges(session)
        badges = await _badges(session, 3)
        learners = await _learners(session, 6)
        for i, u in enumerate(learners):
            await _earn(session, u, badges[: 3 - i // 2], T0 + timedelta(minutes=i))  # 3,3,2,2,1,1
        await _earn(session, JANE, badges[:1], T0 + timedelta(days=1))
        await session.commit()
    board = (await gql.data(BOARD, {"limit": 2}, token=jane_token))["BadgeLeaderboard"]
    assert [leader["rank"] for leader in board["leaders"]] == [1, 1]
    assert board["currentUserPosition"] == {"rank": 5, "total": 1, "user": {"id": JANE}}
    # The administrator holds no badge: total 0, ranked just below every learner with a badge.
    board = (await gql.data(BOARD, {"limit": 2}, token=admin_token))["BadgeLeaderboard"]
    assert board["currentUserPosition"] == {"rank": 8, "total": 0, "user": {"id": demo_id("user", ADMIN_EMAIL)}}
    # A leader's position is the one in the list.
    board = (await gql.data(BOARD, {"limit": 10}, token=jane_token))["BadgeLeaderboard"]
    mine = [leader for leader in board["leaders"] if leader["user"]["id"] == JANE]
    assert mine and {"rank": mine[0]["rank"], "total": mine[0]["total"]} == {"rank": 5, "total": 1}


async def test_limits(gql, db, jane_token):
    async with db() as session:
        badges = await _badges(session, 1, CREDIT)
        learners = await _learners(session, 120)
        for u in learners:
            await _earn(session, u, badges, T0)
        company = await session.scalar(select(Company))
        company.leaderboard_award_type_id = CREDIT
        await session.commit()
    # Jane holds the demo's Credit Collector badge too: 121 learners with 1 credit badge.
    assert len((await gql.data(BOARD, {"limit": None}))["BadgeLeaderboard"]["leaders"]) == 10  # default
    assert len((await gql.data(BOARD, {"limit": 1}))["BadgeLeaderboard"]["leaders"]) == 1
    assert len((await gql.data(BOARD, {"limit": 1000}))["BadgeLeaderboard"]["leaders"]) == 100  # clamped
    for bad in (0, -5):
        body = await gql(BOARD, {"limit": bad})
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "limit"}


async def test_award_type_falls_back_to_first_dashboard_type(gql, db, demo):
    async with db() as session:
        company = await session.scalar(select(Company))
        company.leaderboard_award_type_id = None
        await session.commit()
    board = (await gql.data(BOARD, {"limit": 3}))["BadgeLeaderboard"]
    # Both demo types are on the dashboard; Course Completion was created first.
    first = (await _first_dashboard_type(db))
    assert board["awardType"]["id"] == first
    async with db() as session:
        (await session.get(AwardType, first)).deleted = True
        company = await session.scalar(select(Company))
        company.leaderboard_award_type_id = first  # configured but deleted: fall back as well
        await session.commit()
    board = (await gql.data(BOARD, {"limit": 3}))["BadgeLeaderboard"]
    assert board["awardType"]["id"] != first and board["awardType"]["id"] in (COMPLETION, CREDIT)


async def _first_dashboard_type(db) -> str:
    async with db() as session:
        return await session.scalar(
            select(AwardType.id).where(AwardType.deleted.is_(False), AwardType.include_on_dashboard.is_(True))
            .order_by(AwardType.created_at, AwardType.id).limit(1))


async def test_no_award_type_gives_an_empty_board(gql, db, jane_token):
    async with db() as session:
        for t in (await session.scalars(select(AwardType))).all():
            t.deleted = True
        await session.commit()
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

    async with db() as session:
        badges = await _badges(session, 3, CREDIT)
        learners = await _learners(session, 100)
        for i, u in enumerate(learners):
            await _earn(session, u, badges[: 1 + i % 3], T0 + timedelta(minutes=i))
        company = await session.scalar(select(Company))
        company.leaderboard_award_type_id = CREDIT
        await session.commit()
    one, one_count = await run(1)
    hundred, hundred_count = await run(100)
    assert (one, hundred) == (1, 100)
    assert one_count == hundred_count
