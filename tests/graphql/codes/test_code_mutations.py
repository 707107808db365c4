"""ValidateRedemptionCode, ValidateRegistrationCode and RedeemRegistrationAndRedemptionCodes."""
from __future__ import annotations

import asyncio

from sqlalchemy import select

from app.balances.models import BalanceTransaction
from app.codes.models import Code
from app.demo import DEMO_PASSWORD, demo_id
from app.security import hash_password
from app.users.models import User

VALIDATE_REDEMPTION = "mutation($c: String!) { ValidateRedemptionCode(code: $c) { valid alreadyRedeemed codeExpired } }"
VALIDATE_REGISTRATION = "mutation($c: String!) { ValidateRegistrationCode(code: $c) { valid alreadyRedeemed } }"
REDEEM = "mutation($c: [String!]!) { RedeemRegistrationAndRedemptionCodes(validatedRedemptionCodes: $c) { redeemed } }"
ME = """{ CurrentUser { balance client { id } activeLicense { id } allocatedLicenses { licenseId }
                     purchasedCourses { courseId } } }"""
ACME = demo_id("client", "acme-corp")
ENGINEERING = demo_id("license", "engineering")
KUBERNETES = demo_id("content", "kubernetes-deep-dive")


def _error(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]


async def _fresh_learner(db, gql, email="walk.in@example.com") -> str:
    """A learner of no client, with no license, logged in."""
    async with db() as session:
        session.add(User(email=email, first_name="Walk", last_name="In", password_hash=hash_password(DEMO_PASSWORD)))
        await session.commit()
    return await gql.login(email, DEMO_PASSWORD)


async def test_seed_example_validate_redemption_code(gql, demo):
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


async def test_seed_example_validate_registration_code(gql, demo):
    data = await gql.data('mutation ValidateRegistrationCode { ValidateRegistrationCode(code: "WELCOME2024") '
                          '{ valid alreadyRedeemed } }')
    assert data == {"ValidateRegistrationCode": {"valid": True, "alreadyRedeemed": False}}
    assert (await gql.data(VALIDATE_REGISTRATION, {"c": " join-globex "}))["ValidateRegistrationCode"]["valid"]
    assert (await gql.data(VALIDATE_REGISTRATION, {"c": "COURSE-ABC-XYZ"}))["ValidateRegistrationCode"] == {
        "valid": False, "alreadyRedeemed": False}


async def test_seed_example_redeem_grants_license_client_and_course(gql, db, demo):
    token = await _fresh_learner(db, gql)
    # Validation consumed nothing.
    await gql.data(VALIDATE_REDEMPTION, {"c": "COURSE-ABC-XYZ"}, token=token)
    data = await gql.data('mutation RedeemRegistrationAndRedemptionCodes { RedeemRegistrationAndRedemptionCodes('
                          'validatedRedemptionCodes: ["WELCOME2024", "COURSE-ABC-XYZ"]) { redeemed } }', token=token)
    assert data == {"RedeemRegistrationAndRedemptionCodes": {"redeemed": True}}
    me = (await gql.data(ME, token=token))["CurrentUser"]
    assert me["client"] == {"id": ACME} and me["activeLicense"] == {"id": ENGINEERING}
    assert me["allocatedLicenses"] == [{"licenseId": ENGINEERING}]
    assert me["purchasedCourses"] == [{"courseId": KUBERNETES}]
    status = (await gql.data(VALIDATE_REDEMPTION, {"c": "COURSE-ABC-XYZ"}))["ValidateRedemptionCode"]
    assert status == {"valid": False, "alreadyRedeemed": True, "codeExpired": False}


async def test_a_balance_code_credits_the_balance(gql, db, jane_token):
    async with db() as session:
        session.add(Code(code="GIFT-25", kind="redemption", balance_cents=2500))
        await session.commit()
    await gql.data(REDEEM, {"c": ["gift-25"]}, token=jane_token)
    assert (await gql.data(ME, token=jane_token))["CurrentUser"]["balance"] == 175.0
    async with db() as session:
        kinds = (await session.scalars(select(BalanceTransaction.kind).where(BalanceTransaction.amount_cents == 2500))).all()
    assert kinds == ["code"]


async def test_a_bad_code_redeems_nothing(gql, db, demo):
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


async def test_redeemed_content_appears_in_user_content_items(gql, db, demo):
    token = await _fresh_learner(db, gql, "reader@example.com")
    items = "{ UserContentItems { id } }"
    assert (await gql.data(items, token=token))["UserContentItems"] == []
    await gql.data(REDEEM, {"c": ["COURSE-ABC-XYZ"]}, token=token)
    assert {"id": KUBERNETES} in (await gql.data(items, token=token))["UserContentItems"]
