"""Helium award and badge types: AwardType, Badge, EarnedBadge(Board), BadgeLeader(board),
AwardTotal, UserAwardCount. Sources are ORM rows or the small dataclasses of app.awards.queries."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry

from app.awards.models import AwardType as AwardTypeRow
from app.awards.models import Badge as BadgeRow
from app.content.models import ContentItem
from app.graphql.content.types import Course, LearningPath
from app.graphql.context import Info
from app.graphql.enums import AwardTypeIcon
from app.graphql.loaders import by_id
from app.graphql.refs import UserRef
from app.graphql.scalars import URL
from app.users.models import User as UserRow

AwardResource = Annotated[Course | LearningPath, strawberry.union("AwardResource")]


def icon_of(value: str | None) -> AwardTypeIcon | None:
    return AwardTypeIcon(value) if value in AwardTypeIcon._value2member_map_ else None


async def load_award_type(info: Info, award_type_id: str | None):
    return await by_id(info.context, AwardTypeRow).load(award_type_id) if award_type_id else None


async def load_user(info: Info, user_id: str | None):
    return await by_id(info.context, UserRow).load(user_id) if user_id else None


@strawberry.type
class AwardType:
    """Source: an award_types row."""

    id: strawberry.ID
    label: str | None
    plural_label: str | None
    include_on_dashboard: bool | None
    deleted: bool | None = strawberry.field(description="Returns true when the Award Type is deleted.")

    @strawberry.field
    def icon(self) -> AwardTypeIcon | None:
        return icon_of(self.icon)


@strawberry.type
class Badge:
    """Source: a badges row."""

    id: strawberry.ID
    label: str
    asset: URL
    award_threshold: int
    deleted: bool | None = strawberry.field(description="Returns true when the Badge is deleted.")

    @strawberry.field
    async def award_type(self, info: Info) -> AwardType | None:
        return await load_award_type(info, self.award_type_id)


@strawberry.type
class EarnedBadge:
    """Source: an earned_badges row. `id` is a one-element list: the earned badge's own id."""

    deleted: bool | None = strawberry.field(description="Returns true when the Earned Badge is deleted.")

    @strawberry.field(description="The ID of the Earned Badge.")
    def id(self) -> list[strawberry.ID | None]:
        return [self.id]

    @strawberry.field
    async def badge(self, info: Info) -> Badge | None:
        return await by_id(info.context, BadgeRow).load(self.badge_id)

    @strawberry.field
    async def user(self, info: Info) -> UserRef | None:
        return await load_user(info, self.user_id)


@strawberry.type
class EarnedBadgeBoard:
    earned_badges: list[EarnedBadge | None] | None
    unearned_badges: list[Badge | None] | None


@strawberry.type
class BadgeLeader:
    """Source: app.awards.queries.LeaderPosition."""

    rank: int | None
    total: int | None

    @strawberry.field
    async def user(self, info: Info) -> UserRef | None:
        return await load_user(info, self.user_id)


@strawberry.type
class BadgeLeaderboard:
    """Source: app.awards.queries.Leaderboard."""

    award_type: AwardType | None
    leaders: list[BadgeLeader | None] | None
    current_user_position: BadgeLeader | None


@dataclass
class AwardTotalRow:
    resource_id: str
    award_type_id: str
    total: float


@strawberry.type
class AwardTotal:
    """Source: AwardTotalRow."""

    resource_id: strawberry.ID
    total: float

    @strawberry.field
    async def award_type(self, info: Info) -> AwardType:
        return await load_award_type(info, self.award_type_id)

    @strawberry.field
    async def resource(self, info: Info) -> AwardResource | None:
        return await by_id(info.context, ContentItem).load(self.resource_id)


@dataclass
class AwardCountRow:
    award_type: AwardTypeRow
    count: int


@strawberry.type
class UserAwardCount:
    """Source: AwardCountRow (an award type and the learner's rounded summed amount of it)."""

    count: int | None

    @strawberry.field(description="The ID of the User Award Count.")
    def id(self) -> strawberry.ID:
        return self.award_type.id

    @strawberry.field
    def label(self) -> str | None:
        return self.award_type.label

    @strawberry.field
    def icon(self) -> AwardTypeIcon | None:
        return icon_of(self.award_type.icon)
