"""SelectCurrentUserActiveLicense and UnenrollFromWaitlist, for a factory-built learner."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import update

from app.clients.models import LicenseAllocation
from tests.factories import PASSWORD, build, client, course, id_of, learner, license
from tests.factories.learning import add, waitlist_entry

SELECT = "mutation($id: ID!) { SelectCurrentUserActiveLicense(licenseId: $id) }"
UNENROLL = "mutation($id: ID!) { UnenrollFromWaitlist(id: $id) }"
ME = "{ CurrentUser { activeLicense { id name } waitlistedCourses { courseId } } }"


@pytest.fixture
async def jane(db, gql) -> SimpleNamespace:
    """Jane of Acme holds the enterprise (active) and engineering licenses and waits for the summit."""
    await build(db, courses=[course("leadership-summit", kind="inPersonEvent", waitlistingEnabled=True)],
                clients=[client("acme-corp", license("enterprise"), license("engineering", name="Engineering License")),
                         client("globex", license("globex"))])
    j = SimpleNamespace(**{name: await id_of(db, "license", name) for name in ("enterprise", "engineering", "globex")})
    j.summit = await id_of(db, "content", "leadership-summit")
    j.id = await learner(db, "jane@example.com", client_id=await id_of(db, "client", "acme-corp"),
                         license_ids=(j.enterprise, j.engineering))
    await add(db, waitlist_entry(j.id, j.summit))
    j.token = await gql.login("jane@example.com", PASSWORD)
    return j


def _error(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]["extensions"]


async def test_seed_example_select_active_license(gql, jane):
    assert (await gql.data(ME, token=jane.token))["CurrentUser"]["activeLicense"]["id"] == jane.enterprise
    data = await gql.data(f'mutation SelectCurrentUserActiveLicense {{ SelectCurrentUserActiveLicense(licenseId: "{jane.engineering}") }}',
                          token=jane.token)
    assert data == {"SelectCurrentUserActiveLicense": True}
    me = (await gql.data(ME, token=jane.token))["CurrentUser"]
    assert me["activeLicense"] == {"id": jane.engineering, "name": "Engineering License"}


async def test_select_active_license_errors(gql, jane, db):
    assert _error(await gql(SELECT, {"id": jane.globex}, token=jane.token)) == {"code": "FORBIDDEN", "field": "licenseId"}
    assert _error(await gql(SELECT, {"id": "no-such-license"}, token=jane.token)) == {"code": "NOT_FOUND", "field": "licenseId"}
    assert _error(await gql(SELECT, {"id": jane.engineering}))["code"] == "UNAUTHENTICATED"
    async with db() as session:  # no service revokes an allocation yet
        await session.execute(update(LicenseAllocation).where(LicenseAllocation.license_id == jane.engineering,
                                                              LicenseAllocation.user_id == jane.id)
                              .values(status="revoked"))
        await session.commit()
    assert _error(await gql(SELECT, {"id": jane.engineering}, token=jane.token))["code"] == "FORBIDDEN"
    assert (await gql.data(ME, token=jane.token))["CurrentUser"]["activeLicense"]["id"] == jane.enterprise


async def test_seed_example_unenroll_from_waitlist(gql, jane):
    assert (await gql.data(ME, token=jane.token))["CurrentUser"]["waitlistedCourses"] == [{"courseId": jane.summit}]
    data = await gql.data(f'mutation UnenrollFromWaitlist {{ UnenrollFromWaitlist(id: "{jane.summit}") }}', token=jane.token)
    assert data == {"UnenrollFromWaitlist": True}
    assert (await gql.data(ME, token=jane.token))["CurrentUser"]["waitlistedCourses"] == []
    # Not (or no longer) on the waitlist: false.
    assert (await gql.data(UNENROLL, {"id": jane.summit}, token=jane.token)) == {"UnenrollFromWaitlist": False}


async def test_unenroll_errors(gql, jane):
    assert _error(await gql(UNENROLL, {"id": "no-such-content"}, token=jane.token)) == {"code": "NOT_FOUND", "field": "id"}
    assert _error(await gql(UNENROLL, {"id": jane.summit}))["code"] == "UNAUTHENTICATED"


async def test_unenrolled_content_leaves_user_waitlist(gql, jane):
    waitlist = "{ UserWaitlist { id } }"
    assert (await gql.data(waitlist, token=jane.token))["UserWaitlist"] == [{"id": jane.summit}]
    await gql.data(UNENROLL, {"id": jane.summit}, token=jane.token)
    assert (await gql.data(waitlist, token=jane.token))["UserWaitlist"] == []
