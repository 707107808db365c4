"""RedeemBalance: buys a course with the balance, all or nothing, never overspending."""
from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from app.balances.models import BalanceTransaction
from app.learning.models import Enrollment
from tests.factories import build, bundle, course, enrol, id_of, learner, learning_path
from tests.factories.balances import credited
from tests.factories.users import login_fixture

REDEEM = "mutation($t: BalanceContentType!, $id: UUID!) { RedeemBalance(contentType: $t, contentId: $id) }"
ME = "{ CurrentUser { balance purchasedCourses { courseId status } } }"
JANE_EMAIL = "jane@example.com"
CATALOG = dict(
    courses=[course("kubernetes-deep-dive", priceInCents=8999), course("advanced-javascript-patterns", priceInCents=7999),
             course("cloud-engineering-basics", kind="microCourse", priceInCents=1999),
             course("leadership-summit", kind="inPersonEvent", priceInCents=49900),
             course("gdpr-essentials", kind="article", priceInCents=999),
             course("intro-to-python", priceInCents=4999), course("legacy-excel-course", status="draft", priceInCents=999)],
    bundles=[bundle("acme-starter-bundle", ["intro-to-python"], priceInCents=999)],
    learning_paths=[learning_path("data-science-learning-path", ["intro-to-python"], priceInCents=999)],
)
IDS: dict[str, str] = {}  # slug -> id of the CATALOG entries, filled by the jane fixture


def _id(slug: str) -> str:
    return IDS[slug]


@pytest.fixture
async def jane(db) -> str:
    """Jane, with 150.00 credits and Intro to Python already among her courses."""
    await build(db, **CATALOG)
    IDS.clear()
    IDS.update({entry["slug"]: await id_of(db, "content", entry["slug"])
                for section in CATALOG.values() for entry in section})
    jane = await learner(db, JANE_EMAIL)
    await credited(db, jane, 15000)
    await enrol(db, jane, _id("intro-to-python"))
    return jane


jane_token = login_fixture(JANE_EMAIL, "jane")


def _error(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]


async def _redeem(gql, token, slug_or_id, content_type="courses"):
    content_id = slug_or_id if "-" in slug_or_id and len(slug_or_id) == 36 else _id(slug_or_id)
    return await gql(REDEEM, {"t": content_type, "id": content_id}, token=token)


async def test_seed_example_buys_a_course_and_returns_the_dashboard(gql, jane, jane_token, db):
    body = await gql(f'mutation RedeemBalance {{ RedeemBalance(contentType: courses, contentId: "{_id("kubernetes-deep-dive")}") }}',
                     token=jane_token)
    assert "errors" not in body and body["data"] == {"RedeemBalance": "/learn/dashboard"}
    me = (await gql.data(ME, token=jane_token))["CurrentUser"]
    assert me["balance"] == (15000 - 8999) / 100
    assert {"courseId": _id("kubernetes-deep-dive"), "status": "not-started"} in me["purchasedCourses"]
    async with db() as session:
        enrollment = await session.scalar(select(Enrollment).where(Enrollment.user_id == jane,
                                                                   Enrollment.content_id == _id("kubernetes-deep-dive")))
        assert enrollment.source == "balance"
        ledger = (await session.scalars(select(BalanceTransaction).where(BalanceTransaction.user_id == jane,
                                                                         BalanceTransaction.kind == "redemption"))).all()
    assert [(t.amount_cents, t.content_id) for t in ledger] == [(-8999, _id("kubernetes-deep-dive"))]


async def test_articles_and_videos_return_their_own_url(gql, jane_token):
    assert (await _redeem(gql, jane_token, "gdpr-essentials"))["data"]["RedeemBalance"] == "/courses/gdpr-essentials"


async def test_error_codes(gql, jane_token, db):
    assert _error(await _redeem(gql, jane_token, "leadership-summit"))["code"] == "INSUFFICIENT_BALANCE"
    assert _error(await _redeem(gql, jane_token, "intro-to-python"))["code"] == "ALREADY_PURCHASED"
    assert _error(await _redeem(gql, jane_token, "00000000-0000-4000-8000-000000000000")) == {
        "code": "NOT_FOUND", "field": "contentId"}
    assert _error(await _redeem(gql, jane_token, "legacy-excel-course"))["code"] == "NOT_PURCHASABLE"
    assert _error(await _redeem(gql, jane_token, "acme-starter-bundle"))["code"] == "NOT_PURCHASABLE"
    assert _error(await _redeem(gql, jane_token, "data-science-learning-path", "learningPaths")) == {
        "code": "NOT_PURCHASABLE", "field": "contentType"}
    await build(db, courses=[course("cloud-engineering-basics", kind="microCourse", purchasable=False)])
    assert _error(await _redeem(gql, jane_token, "cloud-engineering-basics"))["code"] == "NOT_PURCHASABLE"
    assert _error(await gql(REDEEM, {"t": "courses", "id": "not-a-uuid"}, token=jane_token))["code"] == "BAD_USER_INPUT"
    # Nothing of the refused redemptions was written.
    me = (await gql.data(ME, token=jane_token))["CurrentUser"]
    assert me["balance"] == 150.0


async def test_needs_a_logged_in_user(gql, jane):
    assert _error(await _redeem(gql, None, "kubernetes-deep-dive"))["code"] == "UNAUTHENTICATED"


async def test_concurrent_redemptions_cannot_overspend(gql, jane, jane_token, db):
    # 79.99 + 89.99 > 150: each alone is affordable, both together are not.
    bodies = await asyncio.gather(_redeem(gql, jane_token, "advanced-javascript-patterns"),
                                  _redeem(gql, jane_token, "kubernetes-deep-dive"))
    ok = [b for b in bodies if not b.get("errors")]
    refused = [b for b in bodies if b.get("errors")]
    assert len(ok) == 1 and [_error(b)["code"] for b in refused] == ["INSUFFICIENT_BALANCE"]
    balance = (await gql.data(ME, token=jane_token))["CurrentUser"]["balance"]
    assert balance in ((15000 - 7999) / 100, (15000 - 8999) / 100)
    async with db() as session:
        bought = (await session.scalars(select(Enrollment.content_id).where(
            Enrollment.user_id == jane, Enrollment.source == "balance"))).all()
    assert len(bought) == 1


async def test_concurrent_purchases_of_one_course_buy_it_once(gql, jane_token):
    bodies = await asyncio.gather(*(_redeem(gql, jane_token, "cloud-engineering-basics") for _ in range(3)))
    assert sum(not b.get("errors") for b in bodies) == 1
    assert sorted(_error(b)["code"] for b in bodies if b.get("errors")) == ["ALREADY_PURCHASED"] * 2
    assert (await gql.data(ME, token=jane_token))["CurrentUser"]["balance"] == (15000 - 1999) / 100


async def test_a_bought_course_appears_in_user_content_items(gql, jane_token):
    items = "{ UserContentItems(kind: [course]) { id } }"
    javascript = {"id": _id("advanced-javascript-patterns")}
    assert javascript not in (await gql.data(items, token=jane_token))["UserContentItems"]
    await gql.data(REDEEM, {"t": "courses", "id": javascript["id"]}, token=jane_token)
    assert javascript in (await gql.data(items, token=jane_token))["UserContentItems"]
