"""The content list services called directly (the REST layer or scripts may call them too)."""
from __future__ import annotations

import pytest

from app.content import service
from app.errors import AppError, ErrorCode
from tests.factories.catalog import build, course, id_of
from tests.factories.people import enrol
from tests.factories.users import learners


@pytest.fixture
async def jane(db) -> str:
    [user_id] = await learners(db, "jane@example.com")
    return user_id


@pytest.mark.parametrize("kwargs, field", [
    ({"sort_column": "price"}, "sortColumn"),
    ({"sort_direction": "sideways"}, "sortDirection"),
    ({"query": "colour:red"}, "query"),
])
async def test_bad_arguments_are_bad_user_input(db, jane, kwargs, field):
    async with db() as session:
        with pytest.raises(AppError) as caught:
            await service.user_content_items(session, user_id=jane, **kwargs)
    assert caught.value.code == ErrorCode.BAD_USER_INPUT and caught.value.field == field


@pytest.mark.parametrize("limit, expected", [(None, 25), (0, 0), (3, 3), (25, 25), (26, 25), (10**9, 25)])
def test_recent_limit(limit, expected):
    assert service.recent_limit(limit) == expected


def test_negative_recent_limit():
    with pytest.raises(AppError) as caught:
        service.recent_limit(-5)
    assert caught.value.field == "limit"


async def test_an_unknown_user_has_nothing(db):
    async with db() as session:
        assert await service.user_content_items(session, user_id="nobody") == []
        assert await service.user_recent_content(session, user_id="nobody") == []
        assert await service.user_waitlist(session, user_id="nobody") == []
        assert await service.user_archives(session, user_id="nobody") == []
        groups = await service.user_content_groups(session, user_id="nobody")
    assert [kind for kind, _ in groups] == list(service.GROUP_KINDS) and {c for _, c in groups} == {0}


async def test_custom_fields_that_are_not_indexed_are_not_searchable(db, jane):
    difficulty = {"slug": "difficulty", "label": "Difficulty", "indexed": True}
    await build(db, content_custom_fields=[difficulty], courses=[
        course("python", customFields={"difficulty": "Easy"}), course("sql", customFields={"difficulty": "Easy"}),
        course("kubernetes", customFields={"difficulty": "Hard"})])
    for slug in ("python", "sql", "kubernetes"):  # the learner's items are the ones she can reach
        await enrol(db, jane, await id_of(db, "content", slug))
    async with db() as session:
        assert len(await service.user_content_items(session, user_id=jane, query="difficulty:Easy")) == 2
    await build(db, content_custom_fields=[{**difficulty, "indexed": False}])
    async with db() as session:
        with pytest.raises(AppError):
            await service.user_content_items(session, user_id=jane, query="difficulty:Easy")
