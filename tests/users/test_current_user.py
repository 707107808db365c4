"""CurrentUser returns the seed's fields from the store, in a bounded number of SQL statements."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from tests.factories import build, bundle, client, course, id_of, learner, learning_path, license
from tests.factories.balances import credited
from tests.factories.certificates import deleted_certificate, issued_certificate, published_template
from tests.factories.clients import allocated
from tests.factories.learning import add, attended, collaboration, completed, enrolled, progress, waitlist_entry
from tests.factories.people import enrol, profile
from tests.factories.users import learners, login_fixture

JANE_EMAIL = "jane@example.com"
COMPLETED = ("intro-to-python", "data-science", "foundations-of-leadership")
CATALOG = dict(
    courses=[*(course(slug) for slug in COMPLETED), course("advanced-communication"), course("cloud-basics"),
             course("graphql-live", kind="webinar", title="GraphQL Live: Schema Design",
                    meetings=[{"title": "Part 1", "startDate": "2025-12-12T00:00:00Z", "endDate": "2025-12-12T01:00:00Z"}]),
             course("leadership-summit", kind="inPersonEvent", seatsLimit=1, waitlistingEnabled=True)],
    learning_paths=[learning_path("leadership-path", ["foundations-of-leadership", "advanced-communication"]),
                    learning_path("cloud-engineering-path", ["cloud-basics"])],
    bundles=[bundle("acme-starter-bundle", ["intro-to-python"])],
    clients=[client("acme-corp", license("LIC-ENT", ["advanced-communication"], name="Enterprise License"),
                    license("LIC-ENG", ["cloud-basics"], name="Engineering License", parentLicense="LIC-ENT"),
                    name="Acme Corp")],
    certificate_templates=[published_template(f"{slug} certificate", slug) for slug in COMPLETED],
)


@pytest.fixture
async def jane(db) -> SimpleNamespace:
    """Jane Doe of Acme Corp (a student of the Enterprise License, her active one, and manager of the Engineering
    License below it) completed three courses (certified; an older Python certificate was deleted), started
    one and has not started the webinar, whose meeting she attended; she bought the starter bundle, holds two
    learning paths, waits for a seat at the full summit, has a balance and collaborated three times."""
    await build(db, **CATALOG)
    ids = {slug: await id_of(db, "content", slug) for slug in (*COMPLETED, "advanced-communication", "graphql-live",
                                                                "leadership-summit", "leadership-path",
                                                                "cloud-engineering-path", "acme-starter-bundle")}
    j = SimpleNamespace(enterprise=await id_of(db, "license", "LIC-ENT"), engineering=await id_of(db, "license", "LIC-ENG"))
    j.id = await learner(db, JANE_EMAIL, first_name="Jane", last_name="Doe", client_id=await id_of(db, "client", "acme-corp"),
                         license_ids=(j.enterprise,))
    await allocated(db, j.id, j.engineering, role="manager")
    await profile(db, j.id, lang="en", preferred_currency="USD",
                  recommended_tags=[{"label": "Leadership", "boost": 3}, {"label": "Cloud", "boost": 1}])
    await enrolled(db, j.id, *(ids[slug] for slug in (*COMPLETED, "advanced-communication", "graphql-live",
                                                      "acme-starter-bundle", "leadership-path", "cloud-engineering-path")))
    for slug in COMPLETED:
        await completed(db, j.id, ids[slug])
    await progress(db, j.id, {ids["advanced-communication"]: {"status": "started", "progress": 40}})
    await deleted_certificate(db, j.id, ids["intro-to-python"], days_ago=400)
    for slug in COMPLETED:
        await issued_certificate(db, j.id, ids[slug], days_ago=30)
    await attended(db, j.id, ids["graphql-live"])
    [bob] = await learners(db, "bob@example.com")
    await enrol(db, bob, ids["leadership-summit"])  # the summit's only seat
    await add(db, waitlist_entry(j.id, ids["leadership-summit"]),
              *(collaboration(j.id, ids["intro-to-python"]) for _ in range(3)))
    await credited(db, j.id, 15000)
    return j


jane_token = login_fixture(JANE_EMAIL, "jane")

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
    # Counts agree with the data: completed (python, data science, leadership), started includes completed
    # (and communication), held certificates exclude the deleted one.
    assert me["completedCoursesCount"] == 3
    assert me["startedCoursesCount"] == 4
    assert me["certificatesCount"] == 3
    issued = [c for c in me["purchasedCourses"] if c["certificateIssuedAt"]]
    assert issued and all(c["certificateIssuedAt"].endswith("Z") for c in issued)


async def test_every_relation_is_backed_by_the_store(gql, jane, jane_token):
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
        "ancestorIds": [jane.enterprise]}
    assert [n["name"] for n in me["client"]["currentUserManagerAllocatedLicenseTree"]] == ["Engineering License"]
    assert me["collaborationsCount"] == 3 and me["firstInitial"] == "J"


async def test_statements_do_not_grow_with_the_number_of_courses(gql, jane, jane_token, db, count_statements):
    with count_statements() as before:
        few = (await gql.data(EVERYTHING, token=jane_token))["CurrentUser"]
    await build(db, courses=[course(f"extra-{i}", kind="course") for i in range(25)])
    extra = [await id_of(db, "content", f"extra-{i}") for i in range(25)]
    await enrolled(db, jane.id, *extra)
    await progress(db, jane.id, {item: {"status": "started"} for item in extra})
    with count_statements() as after:
        me = (await gql.data(EVERYTHING, token=jane_token))["CurrentUser"]
    assert len(me["purchasedCourses"]) == len(few["purchasedCourses"]) + 25
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
    assert all(data[f"a{i}"]["certificatesCount"] == 3 for i in range(5))
    assert overlaps == 1
