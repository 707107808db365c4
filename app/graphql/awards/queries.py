"""Award and badge root fields: UserCourseAwardCounts, UserCourseCollaborations, UserEarnedBadgeBoard,
LearningPathCurrentUserAwardTotals, BadgeLeaderboard. All are scoped to the authToken's user."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import strawberry

from app.awards import queries
from app.graphql.awards.types import (
    AwardCountRow,
    AwardTotal,
    AwardTotalRow,
    BadgeLeaderboard,
    EarnedBadgeBoard,
    UserAwardCount,
)
from app.graphql.context import Info
from app.graphql.descriptions import USER_SCOPE_NOTE
from app.graphql.scalars import Slug


def rounded(amount) -> int:
    """A summed award amount as the Int Helium's `count` is: rounded half up (1.5 -> 2)."""
    return int(Decimal(str(amount or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@strawberry.type
class AwardQueries:
    @strawberry.field(name="UserCourseAwardCounts", description=USER_SCOPE_NOTE)
    async def user_course_award_counts(self, info: Info, course_id: strawberry.ID) -> list[UserAwardCount]:
        user = info.context.viewer()
        async with info.context.db.read() as session:
            course = await queries.course_by_id(session, course_id)
            if user is None:
                return []
            rows = (await session.execute(queries.course_award_counts(user.id, course.id))).all()
        return [AwardCountRow(award_type=t, count=rounded(amount)) for t, amount in rows]

    @strawberry.field(name="UserCourseCollaborations", description=USER_SCOPE_NOTE)
    async def user_course_collaborations(self, info: Info, course_id: strawberry.ID) -> int:
        user = info.context.viewer()
        async with info.context.db.read() as session:
            course = await queries.course_by_id(session, course_id)
            if user is None:
                return 0
            return int(await session.scalar(queries.course_collaborations_count(user.id, course.id)) or 0)

    @strawberry.field(name="UserEarnedBadgeBoard", description=USER_SCOPE_NOTE)
    async def user_earned_badge_board(self, info: Info) -> EarnedBadgeBoard:
        user = info.context.viewer()
        if user is None:
            return EarnedBadgeBoard(earned_badges=[], unearned_badges=[])
        async with info.context.db.read() as session:
            earned = list((await session.scalars(queries.earned_badges(user.id))).all())
            unearned = list((await session.scalars(queries.unearned_badges(user.id))).all())
        return EarnedBadgeBoard(earned_badges=earned, unearned_badges=unearned)

    @strawberry.field(name="LearningPathCurrentUserAwardTotals", description=USER_SCOPE_NOTE)
    async def learning_path_current_user_award_totals(self, info: Info, slug: Slug) -> list[AwardTotal | None] | None:
        user = info.context.viewer()
        async with info.context.db.read() as session:
            path = await queries.learning_path_by_slug(session, slug)
            if user is None:
                return []
            rows = (await session.execute(queries.learning_path_award_totals(user.id, path.id))).all()
        return [AwardTotalRow(resource_id=r, award_type_id=t, total=float(total)) for r, t, total in rows]

    @strawberry.field(name="BadgeLeaderboard", description=USER_SCOPE_NOTE)
    async def badge_leaderboard(self, info: Info, limit: int | None = None) -> BadgeLeaderboard:
        user = info.context.viewer()
        async with info.context.db.read() as session:
            return await queries.leaderboard(session, limit=limit, user_id=user.id if user else None)
