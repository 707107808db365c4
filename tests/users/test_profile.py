"""update_profile: the given fields change, checked; nothing changes when one is refused."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.db import begin_write
from app.errors import AppError, ErrorCode
from app.users.models import User
from app.users.profile import update_profile
from tests.factories.people import learner

AT = datetime(2025, 3, 1, tzinfo=UTC)
PROFILE = {"bio": " Engineer learning leadership. ", "address1": "42 Galaxy Way", "city": "Springfield",
           "state": "IL", "zip_code": "62701", "country": "US", "telephone": "+1 555 0100",
           "preferred_currency": "USD", "custom_fields": {"department": "Engineering"},
           "accessed_flows": ["onboarding", "onboarding"],
           "recommended_tags": [{"label": "Leadership", "boost": 3}],
           "recommended_slugs": [{"slug": "kubernetes-deep-dive", "boost": 2}]}


async def _update(db, user_id, changes, now=None):
    async with db() as session:
        await begin_write(session)
        await update_profile(session, user_id=user_id, changes=changes, now=now)
        await session.commit()


async def _user(db, user_id) -> User:
    async with db() as session:
        return await session.get(User, user_id)


async def test_the_given_fields_change(db):
    jane = await learner(db, "jane.doe@example.com", password=None)
    await _update(db, jane, PROFILE, now=AT)
    user = await _user(db, jane)
    assert (user.bio, user.city, user.preferred_currency, user.updated_at) == (
        "Engineer learning leadership.", "Springfield", "USD", AT)
    assert user.custom_fields == {"department": "Engineering"} and user.accessed_flows == ["onboarding"]
    assert user.recommended_tags == [{"label": "Leadership", "boost": 3}]
    await _update(db, jane, {"city": None, "bio": "  "})
    user = await _user(db, jane)
    assert (user.city, user.bio, user.country) == (None, None, "US")  # the rest stays


@pytest.mark.parametrize("changes, field", [
    ({"preferred_currency": "usd"}, "preferredCurrency"),
    ({"zip_code": "1" * 21}, "zipCode"),
    ({"bio": "a\x00b"}, "bio"),
    ({"city": 42}, "city"),
    ({"custom_fields": ["department"]}, "customFields"),
    ({"recommended_tags": [{"label": "Cloud"}]}, "recommendedTags"),
    ({"recommended_slugs": [{"slug": "x", "boost": 1.5}]}, "recommendedSlugs"),
    ({"accessed_flows": "onboarding"}, "accessedFlows"),
    ({"email": "other@example.com"}, "email"),
])
async def test_a_refused_field_changes_nothing(db, changes, field):
    jane = await learner(db, "jane.doe@example.com", password=None)
    with pytest.raises(AppError) as caught:
        await _update(db, jane, {"city": "Paris", **changes})
    assert (caught.value.code, caught.value.field) == (ErrorCode.BAD_USER_INPUT, field)
    assert (await _user(db, jane)).city is None


async def test_unknown_user(db):
    with pytest.raises(AppError) as caught:
        await _update(db, "nobody", {"city": "Paris"})
    assert (caught.value.code, caught.value.field) == (ErrorCode.NOT_FOUND, "userId")
