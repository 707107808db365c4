"""SelectCurrentUserActiveLicense and UnenrollFromWaitlist."""
from __future__ import annotations

from sqlalchemy import update

from app.clients.models import LicenseAllocation
from app.demo import JANE_EMAIL, demo_id

SELECT = "mutation($id: ID!) { SelectCurrentUserActiveLicense(licenseId: $id) }"
UNENROLL = "mutation($id: ID!) { UnenrollFromWaitlist(id: $id) }"
ME = "{ CurrentUser { activeLicense { id name } waitlistedCourses { courseId } } }"
ENTERPRISE = demo_id("license", "enterprise")
ENGINEERING = demo_id("license", "engineering")
GLOBEX_LICENSE = demo_id("license", "globex")
SUMMIT = demo_id("content", "leadership-summit")


def _error(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]


async def test_seed_example_select_active_license(gql, jane_token):
    data = await gql.data(f'mutation SelectCurrentUserActiveLicense {{ SelectCurrentUserActiveLicense(licenseId: "{ENGINEERING}") }}',
                          token=jane_token)
    assert data == {"SelectCurrentUserActiveLicense": True}
    me = (await gql.data(ME, token=jane_token))["CurrentUser"]
    assert me["activeLicense"] == {"id": ENGINEERING, "name": "Engineering License"}


async def test_select_active_license_errors(gql, jane_token, db):
    assert _error(await gql(SELECT, {"id": GLOBEX_LICENSE}, token=jane_token)) == {"code": "FORBIDDEN", "field": "licenseId"}
    assert _error(await gql(SELECT, {"id": "no-such-license"}, token=jane_token)) == {"code": "NOT_FOUND", "field": "licenseId"}
    assert _error(await gql(SELECT, {"id": ENGINEERING}))["code"] == "UNAUTHENTICATED"
    async with db() as session:
        await session.execute(update(LicenseAllocation).where(LicenseAllocation.license_id == ENGINEERING,
                                                              LicenseAllocation.user_id == demo_id("user", JANE_EMAIL))
                              .values(status="revoked"))
        await session.commit()
    assert _error(await gql(SELECT, {"id": ENGINEERING}, token=jane_token))["code"] == "FORBIDDEN"
    assert (await gql.data(ME, token=jane_token))["CurrentUser"]["activeLicense"]["id"] == ENTERPRISE


async def test_seed_example_unenroll_from_waitlist(gql, jane_token):
    assert (await gql.data(ME, token=jane_token))["CurrentUser"]["waitlistedCourses"] == [{"courseId": SUMMIT}]
    data = await gql.data(f'mutation UnenrollFromWaitlist {{ UnenrollFromWaitlist(id: "{SUMMIT}") }}', token=jane_token)
    assert data == {"UnenrollFromWaitlist": True}
    assert (await gql.data(ME, token=jane_token))["CurrentUser"]["waitlistedCourses"] == []
    # Not (or no longer) on the waitlist: false.
    assert (await gql.data(UNENROLL, {"id": SUMMIT}, token=jane_token)) == {"UnenrollFromWaitlist": False}


async def test_unenroll_errors(gql, jane_token):
    assert _error(await gql(UNENROLL, {"id": "no-such-content"}, token=jane_token)) == {"code": "NOT_FOUND", "field": "id"}
    assert _error(await gql(UNENROLL, {"id": SUMMIT}))["code"] == "UNAUTHENTICATED"


async def test_unenrolled_content_leaves_user_waitlist(gql, jane_token):
    waitlist = "{ UserWaitlist { id } }"
    assert (await gql.data(waitlist, token=jane_token))["UserWaitlist"] == [{"id": SUMMIT}]
    await gql.data(UNENROLL, {"id": SUMMIT}, token=jane_token)
    assert (await gql.data(waitlist, token=jane_token))["UserWaitlist"] == []
