"""Read side of awards and badges: a learner's awards on content, the badge board, the leaderboard.

Builders return `Select`s; `leaderboard` runs a fixed number of statements whatever the number
of learners: the top N come off the rank index in order, and each rank is 1 + the learners with
a higher total, summed from badge_total_histogram (one row per distinct total of the award
type, at most its number of badges) instead of counted from badge_totals.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.awards.models import Award, AwardType, Badge, BadgeTotal, BadgeTotalHistogram, EarnedBadge
from app.company.models import Company
from app.content.models import COURSE_KINDS, LEARNING_PATH, ContentChild, ContentItem
from app.errors import bad_input, not_found
from app.learning.models import Collaboration

DEFAULT_LEADERBOARD_LIMIT = 10
MAX_LEADERBOARD_LIMIT = 100


# ---- content the queries are about --------------------------------------------------------------

async def course_by_id(session: AsyncSession, course_id: str, *, field: str = "courseId") -> ContentItem:
    """A course-like content item, or NOT_FOUND."""
    course = await session.scalar(
        select(ContentItem).where(ContentItem.id == course_id, ContentItem.kind.in_(COURSE_KINDS))
    )
    if course is None:
        raise not_found("Course", field)
    return course


async def learning_path_by_slug(session: AsyncSession, slug: str, *, field: str = "slug") -> ContentItem:
    path = await session.scalar(
        select(ContentItem).where(ContentItem.slug == slug, ContentItem.kind == LEARNING_PATH)
    )
    if path is None:
        raise not_found("Learning path", field)
    return path


# ---- awards on content ----------------------------------------------------------------------------

def course_award_counts(user_id: str, course_id: str) -> Select:
    """(AwardType, summed amount) of the learner's awards on the course, per live award type."""
    return (
        select(AwardType, func.sum(Award.amount))
        .join(Award, Award.award_type_id == AwardType.id)
        .where(Award.user_id == user_id, Award.resource_id == course_id, AwardType.deleted.is_(False))
        .group_by(AwardType.id)
        .order_by(AwardType.label, AwardType.id)
    )


def learning_path_award_totals(user_id: str, path_id: str) -> Select:
    """(resource_id, award_type_id, total) of the learner's awards on the path and its items,
    in path order (the path first, then its items by position), then award type label."""
    members = (
        select(literal(path_id).label("resource_id"), literal(-1).label("position"))
        .union_all(select(ContentChild.child_id, ContentChild.position).where(ContentChild.parent_id == path_id))
        .subquery()
    )
    return (
        select(Award.resource_id, Award.award_type_id, func.sum(Award.amount))
        .join(members, members.c.resource_id == Award.resource_id)
        .join(AwardType, AwardType.id == Award.award_type_id)
        .where(Award.user_id == user_id, AwardType.deleted.is_(False))
        .group_by(Award.resource_id, Award.award_type_id, members.c.position, AwardType.label)
        .order_by(members.c.position, AwardType.label, Award.award_type_id)
    )


def course_collaborations_count(user_id: str, course_id: str) -> Select:
    return select(func.count()).select_from(Collaboration).where(
        Collaboration.user_id == user_id, Collaboration.course_id == course_id
    )


# ---- badge board ----------------------------------------------------------------------------------

def earned_badges(user_id: str) -> Select:
    """The learner's earned badges (neither the earning nor the badge deleted), newest first."""
    return (
        select(EarnedBadge)
        .join(Badge, Badge.id == EarnedBadge.badge_id)
        .where(EarnedBadge.user_id == user_id, EarnedBadge.deleted.is_(False), Badge.deleted.is_(False))
        .order_by(EarnedBadge.earned_at.desc(), EarnedBadge.id)
    )


def unearned_badges(user_id: str | None) -> Select:
    """Live badges the learner has not earned, by award type, threshold, label. Without a user: none."""
    if user_id is None:
        return select(Badge).where(literal(False))
    held = select(EarnedBadge.badge_id).where(EarnedBadge.user_id == user_id, EarnedBadge.deleted.is_(False))
    # By the award type's label, not its id, so that the order does not depend on our ids (a catalog
    # imported elsewhere answers the same).
    return (
        select(Badge)
        .outerjoin(AwardType, AwardType.id == Badge.award_type_id)
        .where(Badge.deleted.is_(False), Badge.id.not_in(held))
        .order_by(AwardType.label, Badge.award_threshold, Badge.label, Badge.id)
    )


# ---- leaderboard ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LeaderPosition:
    user_id: str
    total: int
    rank: int


@dataclass
class Leaderboard:
    award_type: AwardType | None
    leaders: list[LeaderPosition]
    current_user_position: LeaderPosition | None


def check_leaderboard_limit(limit: int | None) -> int:
    """None -> the default (10); below 1 -> BAD_USER_INPUT; above the maximum (100) -> the maximum."""
    if limit is None:
        return DEFAULT_LEADERBOARD_LIMIT
    if limit < 1:
        raise bad_input("limit must be at least 1", "limit")
    return min(limit, MAX_LEADERBOARD_LIMIT)


async def leaderboard_award_type(session: AsyncSession) -> AwardType | None:
    """The company's leaderboard award type; else (unset or deleted) the first live on-dashboard one."""
    configured = select(Company.leaderboard_award_type_id).limit(1).scalar_subquery()
    return await session.scalar(
        select(AwardType)
        .where(AwardType.deleted.is_(False), (AwardType.id == configured) | AwardType.include_on_dashboard.is_(True))
        .order_by(case((AwardType.id == configured, 0), else_=1), AwardType.created_at, AwardType.id)
        .limit(1)
    )


def _rank_of(total_column, award_type_id: str):
    """1 + learners of the award type with a higher total (standard competition ranking)."""
    higher = (
        select(func.coalesce(func.sum(BadgeTotalHistogram.learners), 0))
        .where(BadgeTotalHistogram.award_type_id == award_type_id, BadgeTotalHistogram.total > total_column)
        .scalar_subquery()
    )
    return (higher + 1).label("rank")


def leaders(award_type_id: str, limit: int) -> Select:
    """(user_id, total, rank) of the top `limit` learners with a positive total, in leaderboard order:
    total high to low, then who reached it first, then user id (the rank index's order)."""
    return (
        select(BadgeTotal.user_id, BadgeTotal.total, _rank_of(BadgeTotal.total, award_type_id))
        .where(BadgeTotal.award_type_id == award_type_id, BadgeTotal.total > 0)
        .order_by(BadgeTotal.total.desc(), BadgeTotal.reached_at, BadgeTotal.user_id)
        .limit(limit)
    )


def position_of(award_type_id: str, user_id: str) -> Select:
    """(total, rank) of one learner; a learner without badges of the type has total 0 and ranks
    just below every learner with a positive total (all of them tied there)."""
    own = (
        select(BadgeTotal.total)
        .where(BadgeTotal.award_type_id == award_type_id, BadgeTotal.user_id == user_id)
        .scalar_subquery()
    )
    total = func.coalesce(own, 0)
    return select(total.label("total"), _rank_of(total, award_type_id))


async def leaderboard(session: AsyncSession, *, limit: int | None = None, user_id: str | None = None) -> Leaderboard:
    """The badge leaderboard: at most 3 statements whatever the number of learners."""
    size = check_leaderboard_limit(limit)
    award_type = await leaderboard_award_type(session)
    if award_type is None:
        return Leaderboard(award_type=None, leaders=[], current_user_position=None)
    rows = (await session.execute(leaders(award_type.id, size))).all()
    top = [LeaderPosition(user_id=u, total=int(t), rank=int(r)) for u, t, r in rows]
    mine = None
    if user_id is not None:
        mine = next((p for p in top if p.user_id == user_id), None)
        if mine is None:
            total, rank = (await session.execute(position_of(award_type.id, user_id))).one()
            mine = LeaderPosition(user_id=user_id, total=int(total), rank=int(rank))
    return Leaderboard(award_type=award_type, leaders=top, current_user_position=mine)

