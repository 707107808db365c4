"""CurrentUser returns the seed's fields from the store, in a bounded number of SQL statements."""
from __future__ import annotations

import asyncio

from app.content.models import ContentItem
from app.db import new_id
from app.demo import JANE_EMAIL, demo_id
from app.learning.models import Enrollment

SEED_EXAMPLE = """
query CurrentUser {
  CurrentUser {
    id email firstName lastName name roleKey lang preferredCurrency disabled mustVerifyEmail
    certificatesCount completedCoursesCount startedCoursesCount availableCoursesCount balance
    purchasedCourses { courseId status certificateIssuedAt }
    activeLicense { id name }
    client { id name }
  }
}"""

EVERYTHING = """
{ CurrentUser {
    id abbreviatedName firstInitial lastInitial collaborationsCount ref1 ref2 customFields accessedFlows
    address1 city zipCode country telephone createdAt lastActiveAt
    recommendedTags { label boost } recommendedSlugs { slug boost }
    purchasedCourses { courseId status certificate certificateIssuedAt course { id title slug prices { currencyCode priceInCents } } }
    purchasedBundles { bundleId bundle { name slug } }
    allocatedLicenses { licenseId licenseRole status license { name client { name } } }
    allocatedLearningPaths { learningPathId status learningPath { name slug tags { label } authors } }
    waitlistedCourses { courseId course { title waitlistCount waitlistingTriggered } }
    attendedMeetings { attendanceDate meeting { title course { title } } }
    adminClients { name }
    activeLicense { name courses { title } learningPaths { name } parentLicense { name } childLicenses { name } }
    client { name licenses { name } licenseTree { hierarchicalName depth ancestorIds }
             currentUserManagerAllocatedLicenseTree { name } courses { title } seatsUsedCount seatsAllocatedCount
             appearance { accentColor globalNavigationLinks { label href } company { name } } catalog { defaultSort } }
} }"""


async def test_seed_example_returns_janes_data(gql, jane_token):
    me = (await gql.data(SEED_EXAMPLE, token=jane_token))["CurrentUser"]
    assert me["email"] == JANE_EMAIL and me["roleKey"] == "learner"
    assert me["lang"] == "en" and me["preferredCurrency"] == "USD"
    assert me["balance"] == 150.0
    assert me["activeLicense"]["name"] == "Enterprise License"
    assert me["client"]["name"] == "Acme Corp"
    statuses = {c["status"] for c in me["purchasedCourses"]}
    assert statuses == {"completed", "started", "not-started"}
    # Counts agree with the demo data: completed (python, data science, leadership, security, excel),
    # started includes completed, held certificates exclude the deleted one.
    assert me["completedCoursesCount"] == 5
    assert me["startedCoursesCount"] == 7
    assert me["certificatesCount"] == 4
    issued = [c for c in me["purchasedCourses"] if c["certificateIssuedAt"]]
    assert issued and all(c["certificateIssuedAt"].endswith("Z") for c in issued)


async def test_every_relation_is_backed_by_the_store(gql, jane_token):
    me = (await gql.data(EVERYTHING, token=jane_token))["CurrentUser"]
    assert me["recommendedTags"] == [{"label": "Leadership", "boost": 3}, {"label": "Cloud", "boost": 1}]
    assert me["purchasedBundles"][0]["bundle"]["slug"] == "acme-starter-bundle"
    assert {a["licenseRole"] for a in me["allocatedLicenses"]} == {"student", "manager"}
    assert {p["learningPath"]["slug"] for p in me["allocatedLearningPaths"]} == {"leadership-path", "cloud-engineering-path"}
    assert me["waitlistedCourses"][0]["course"]["waitlistingTriggered"] is True
    assert me["attendedMeetings"][0]["meeting"]["course"]["title"] == "GraphQL Live: Schema Design"
    assert me["adminClients"] == []
    assert me["client"]["licenseTree"][1] == {
        "hierarchicalName": "Enterprise License > Engineering License", "depth": 1,
        "ancestorIds": [demo_id("license", "enterprise")]}
    assert [n["name"] for n in me["client"]["currentUserManagerAllocatedLicenseTree"]] == ["Engineering License"]
    assert me["collaborationsCount"] == 7 and me["firstInitial"] == "J"


async def test_statements_do_not_grow_with_the_number_of_courses(gql, jane_token, db, count_statements):
    with count_statements() as before:
        await gql.data(EVERYTHING, token=jane_token)
    async with db() as s:
        jane_id = demo_id("user", JANE_EMAIL)
        for i in range(25):
            item = ContentItem(id=new_id(), kind="course", slug=f"extra-{i}", title=f"Extra {i}")
            s.add(item)
            await s.flush()
            s.add(Enrollment(id=new_id(), user_id=jane_id, content_id=item.id, status="started"))
        await s.commit()
    with count_statements() as after:
        me = (await gql.data(EVERYTHING, token=jane_token))["CurrentUser"]
    assert len(me["purchasedCourses"]) >= 33
    # 25 more courses must not add statements. The count can differ by a batch or two: which keys a
    # DataLoader has collected when it dispatches depends on when sibling queries return (PostgreSQL).
    assert abs(after.count - before.count) <= 2, (before.count, after.count)


async def test_concurrent_sibling_resolvers_do_not_share_a_session_at_once(gql, jane_token, monkeypatch):
    """graphql-core runs sibling fields concurrently; RequestDB must serialise session use."""
    from app.graphql import context

    active = 0
    overlaps = 0
    real_read = context.RequestDB.read

    def tracking_read(self):
        cm = real_read(self)

        class Wrapper:
            async def __aenter__(inner):
                nonlocal active, overlaps
                session = await cm.__aenter__()
                active += 1
                overlaps = max(overlaps, active)
                await asyncio.sleep(0)  # give a concurrent resolver the chance to interleave
                return session

            async def __aexit__(inner, *exc):
                nonlocal active
                active -= 1
                return await cm.__aexit__(*exc)

        return Wrapper()

    monkeypatch.setattr(context.RequestDB, "read", tracking_read)
    aliases = " ".join(f"a{i}: CurrentUser {{ certificatesCount completedCoursesCount client {{ name }} }}" for i in range(5))
    data = await gql.data("{ " + aliases + " }", token=jane_token)
    assert all(data[f"a{i}"]["certificatesCount"] == 4 for i in range(5))
    assert overlaps == 1
