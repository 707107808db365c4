"""ValidateRedemptionCode, ValidateRegistrationCode and RedeemRegistrationAndRedemptionCodes."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.balances.models import BalanceTransaction
from tests.factories import PASSWORD, build, client, code, course, id_of, learner, license
from tests.factories.balances import credited
from tests.factories.codes import redeemed

VALIDATE_REDEMPTION = "mutation($c: String!) { ValidateRedemptionCode(code: $c) { valid alreadyRedeemed codeExpired } }"
VALIDATE_REGISTRATION = "mutation($c: String!) { ValidateRegistrationCode(code: $c) { valid alreadyRedeemed } }"
REDEEM = "mutation($c: [String!]!) { RedeemRegistrationAndRedemptionCodes(validatedRedemptionCodes: $c) { redeemed } }"
ME = """{ CurrentUser { balance client { id } activeLicense { id } allocatedLicenses { licenseId }
                     purchasedCourses { courseId } } }"""
CATALOG = dict(
    courses=[course("kubernetes-deep-dive"), course("intro-to-python")],
    clients=[client("acme-corp", license("engineering")), client("globex", license("globex"))],
    codes=[code("COURSE-ABC-XYZ", content="kubernetes-deep-dive"),
           code("EXPIRED-2023", content="intro-to-python", expiresAt="2023-12-31T00:00:00Z"),
           code("USED-CODE-1", content="intro-to-python"),
           code("WELCOME2024", "registration", client="acme-corp", license="engineering"),
           code("JOIN-GLOBEX", "registration", client="globex", license="globex")],
)


@pytest.fixture
async def acme(db) -> SimpleNamespace:
    """The codes (one of them already redeemed by Jo) and what they grant."""
    await build(db, **CATALOG)
    await redeemed(db, await learner(db, "jo@example.com", password=None), "USED-CODE-1")
    return SimpleNamespace(client=await id_of(db, "client", "acme-corp"), engineering=await id_of(db, "license", "engineering"),
                           kubernetes=await id_of(db, "content", "kubernetes-deep-dive"))


@pytest.fixture
async def jane_token(db, gql, acme) -> str:
    """Jane, with a balance of 150.00."""
    await credited(db, await learner(db, "jane@example.com"), 15000)
    return await gql.login("jane@example.com", PASSWORD)


@pytest.fixture
async def admin_token(db, gql, acme) -> str:
    await learner(db, "boss@example.com")
    return await gql.login("boss@example.com", PASSWORD)


def _error(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]


async def _fresh_learner(db, gql, email="walk.in@example.com") -> str:
    """A learner of no client, with no license, logged in."""
    await learner(db, email, first_name="Walk", last_name="In")
    return await gql.login(email, PASSWORD)


async def test_seed_example_validate_redemption_code(gql, acme):
    data = await gql.data('mutation ValidateRedemptionCode { ValidateRedemptionCode(code: "COURSE-ABC-XYZ") '
                          '{ valid alreadyRedeemed codeExpired } }')
    assert data == {"ValidateRedemptionCode": {"valid": True, "alreadyRedeemed": False, "codeExpired": False}}
    flags = lambda c: gql.data(VALIDATE_REDEMPTION, {"c": c})  # noqa: E731
    assert (await flags("expired-2023"))["ValidateRedemptionCode"] == {
        "valid": False, "alreadyRedeemed": False, "codeExpired": True}
    assert (await flags("USED-CODE-1"))["ValidateRedemptionCode"] == {
        "valid": False, "alreadyRedeemed": True, "codeExpired": False}
    assert (await flags("NO-SUCH-CODE"))["ValidateRedemptionCode"] == {
        "valid": False, "alreadyRedeemed": False, "codeExpired": False}


async def test_seed_example_validate_registration_code(gql, acme):
    data = await gql.data('mutation ValidateRegistrationCode { ValidateRegistrationCode(code: "WELCOME2024") '
                          '{ valid alreadyRedeemed } }')
    assert data == {"ValidateRegistrationCode": {"valid": True, "alreadyRedeemed": False}}
    assert (await gql.data(VALIDATE_REGISTRATION, {"c": " join-globex "}))["ValidateRegistrationCode"]["valid"]
    assert (await gql.data(VALIDATE_REGISTRATION, {"c": "COURSE-ABC-XYZ"}))["ValidateRegistrationCode"] == {
        "valid": False, "alreadyRedeemed": False}


async def test_seed_example_redeem_grants_license_client_and_course(gql, db, acme):
    token = await _fresh_learner(db, gql)
    # Validation consumed nothing.
    await gql.data(VALIDATE_REDEMPTION, {"c": "COURSE-ABC-XYZ"}, token=token)
    data = await gql.data('mutation RedeemRegistrationAndRedemptionCodes { RedeemRegistrationAndRedemptionCodes('
                          'validatedRedemptionCodes: ["WELCOME2024", "COURSE-ABC-XYZ"]) { redeemed } }', token=token)
    assert data == {"RedeemRegistrationAndRedemptionCodes": {"redeemed": True}}
    me = (await gql.data(ME, token=token))["CurrentUser"]
    assert me["client"] == {"id": acme.client} and me["activeLicense"] == {"id": acme.engineering}
    assert me["allocatedLicenses"] == [{"licenseId": acme.engineering}]
    assert me["purchasedCourses"] == [{"courseId": acme.kubernetes}]
    status = (await gql.data(VALIDATE_REDEMPTION, {"c": "COURSE-ABC-XYZ"}))["ValidateRedemptionCode"]
    assert status == {"valid": False, "alreadyRedeemed": True, "codeExpired": False}


async def test_a_balance_code_credits_the_balance(gql, db, jane_token):
    await build(db, codes=[code("GIFT-25", balanceCents=2500)])
    await gql.data(REDEEM, {"c": ["gift-25"]}, token=jane_token)
    assert (await gql.data(ME, token=jane_token))["CurrentUser"]["balance"] == 175.0
    async with db() as session:
        kinds = (await session.scalars(select(BalanceTransaction.kind).where(BalanceTransaction.amount_cents == 2500))).all()
    assert kinds == ["code"]


async def test_a_bad_code_redeems_nothing(gql, db, acme):
    token = await _fresh_learner(db, gql)
    for codes, expected in ((["COURSE-ABC-XYZ", "EXPIRED-2023"], "CODE_EXPIRED"),
                            (["WELCOME2024", "USED-CODE-1"], "CODE_ALREADY_REDEEMED"),
                            (["COURSE-ABC-XYZ", "NOT-A-CODE"], "CODE_INVALID")):
        ext = _error(await gql(REDEEM, {"c": codes}, token=token))
        assert ext["code"] == expected and ext["redemptionCode"] == codes[1]
        assert ext["field"] == "validatedRedemptionCodes"
        assert [e["redemptionCode"] for e in ext["errors"]] == [codes[1]]
    me = (await gql.data(ME, token=token))["CurrentUser"]
    assert me["client"] is None and me["allocatedLicenses"] == [] and me["purchasedCourses"] == []
    assert (await gql.data(VALIDATE_REDEMPTION, {"c": "COURSE-ABC-XYZ"}))["ValidateRedemptionCode"]["valid"]
    assert (await gql.data(VALIDATE_REGISTRATION, {"c": "WELCOME2024"}))["ValidateRegistrationCode"]["valid"]
    ext = _error(await gql(REDEEM, {"c": ["NOPE-1", "EXPIRED-2023"]}, token=token))
    assert [(e["redemptionCode"], e["code"]) for e in ext["errors"]] == [("NOPE-1", "CODE_INVALID"),
                                                                        ("EXPIRED-2023", "CODE_EXPIRED")]


async def test_empty_list_and_anonymous_caller(gql, jane_token):
    assert _error(await gql(REDEEM, {"c": []}, token=jane_token)) == {"code": "BAD_USER_INPUT",
                                                                       "field": "validatedRedemptionCodes"}
    assert _error(await gql(REDEEM, {"c": ["COURSE-ABC-XYZ"]}))["code"] == "UNAUTHENTICATED"


async def test_racing_requests_redeem_a_code_once(gql, jane_token, admin_token):
    bodies = await asyncio.gather(*(gql(REDEEM, {"c": ["COURSE-ABC-XYZ"]}, token=t)
                                    for t in (jane_token, admin_token, jane_token, admin_token)))
    assert sum(not b.get("errors") for b in bodies) == 1
    assert [_error(b)["code"] for b in bodies if b.get("errors")] == ["CODE_ALREADY_REDEEMED"] * 3


async def test_redeemed_content_appears_in_user_content_items(gql, db, acme):
    token = await _fresh_learner(db, gql, "reader@example.com")
    items = "{ UserContentItems { id } }"
    assert (await gql.data(items, token=token))["UserContentItems"] == []
    await gql.data(REDEEM, {"c": ["COURSE-ABC-XYZ"]}, token=token)
    assert {"id": acme.kubernetes} in (await gql.data(items, token=token))["UserContentItems"]
