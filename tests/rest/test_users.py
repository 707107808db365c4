"""GET /incoming/v2/users/{id}: the full user, rendered by the GraphQL User type."""
from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest

from app.rest.graphql_views import compiled
from tests.factories.catalog import build, bundle, client, course, id_of, license
from tests.factories.certificates import issued_certificate, published_template
from tests.factories.clients import client_admin
from tests.factories.learning import attended
from tests.factories.people import enrol, learner
from tests.factories.users import logged_in
from tests.rest.helpers import bearer

JANE_EMAIL = "jane@example.com"
MEETING = {"title": "Kick-off", "startDate": "2026-01-10T09:00:00Z", "endDate": "2026-01-10T10:00:00Z"}


@pytest.fixture
async def w(db):
    """Jane Doe, of the Acme Corp client with two of its licenses, bought the Python course (certified) and
    the starter bundle, and attended the workshop's meeting; Ada administers Acme Corp and Globex."""
    await build(db, courses=[course("python"), course("workshop", meetings=[MEETING])],
                bundles=[bundle("acme-starter-bundle", ["python"])],
                clients=[client("acme-corp", license("ENTERPRISE"), license("ENGINEERING")), client("globex")],
                certificate_templates=[published_template("Python Certificate", "python")])
    w = SimpleNamespace(**{key: await id_of(db, "content", slug) for key, slug in (
        ("python", "python"), ("workshop", "workshop"), ("bundle", "acme-starter-bundle"))})
    w.acme, w.globex = await id_of(db, "client", "acme-corp"), await id_of(db, "client", "globex")
    w.licenses = {await id_of(db, "license", "ENTERPRISE"), await id_of(db, "license", "ENGINEERING")}
    w.jane = await learner(db, JANE_EMAIL, first_name="Jane", last_name="Doe", client_id=w.acme,
                           license_ids=tuple(sorted(w.licenses)), password=None)
    for content in (w.python, w.bundle, w.workshop):
        await enrol(db, w.jane, content)
    await attended(db, w.jane, w.workshop)
    await issued_certificate(db, w.jane, w.python)
    w.ada = await learner(db, "ada@example.com", first_name="Ada", last_name="Admin", password=None)
    await client_admin(db, w.ada, w.acme, w.globex)
    w.url = f"/incoming/v2/users/{w.jane}"
    return w


def _code(response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


async def test_user_by_id_has_the_seed_shape(http, w):
    response = await http.get(w.url, headers=bearer())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    user = response.json()["data"]["UserById"]
    assert user["id"] == w.jane and user["email"] == JANE_EMAIL
    assert (user["firstName"], user["lastName"], user["name"], user["abbreviatedName"]) == (
        "Jane", "Doe", "Jane Doe", "Jane D.")
    # Every field the seed example shows is present (nested objects too).
    for field in ("asset", "lastActiveAt", "bio", "twoFactorEnabled", "firstInitial", "lastInitial", "invitedByName",
                  "shouldHighlight", "purchasedCourses", "purchasedBundles", "activeLicense", "allocatedLicenses",
                  "allocatedLearningPaths", "attendedMeetings", "waitlistedCourses", "adminClients", "roleKey",
                  "address1", "address2", "city", "state", "zipCode", "country", "telephone", "stripeCustomerId",
                  "externalCustomerId", "createdAt", "updatedAt", "sfAccountId", "sfContactId", "shippingName",
                  "client"):
        assert field in user, field
    courses = {c["courseId"]: c for c in user["purchasedCourses"]}
    assert set(courses) == {w.python, w.workshop}
    course = courses[w.python]
    assert {"course", "courseId", "certificate", "certificateIssuedAt", "instructorAccessPurchased",
            "status"} <= set(course)
    assert course["course"]["id"] == course["courseId"] and "title" in course["course"]
    assert course["certificate"] is not None and course["certificateIssuedAt"] is not None
    assert user["purchasedBundles"][0]["bundle"]["id"] == w.bundle
    # Two levels deep are expanded (License -> Client), the third is reduced to its id.
    client = user["activeLicense"]["client"]
    assert client is None or ("name" in client and "id" in client)
    licenses = user["allocatedLicenses"]
    assert {a["licenseId"] for a in licenses} == w.licenses
    assert all(set(a["license"]) > {"id", "name"} for a in licenses)
    for a in licenses:
        if a["license"]["client"] is not None:
            assert set(a["license"]["client"]) == {"id"}
    assert user["attendedMeetings"] and set(user["attendedMeetings"][0]["meeting"]) > {"id"}
    assert user["attendedMeetings"][0]["user"]["id"] == w.jane
    # Dates are rendered as the GraphQL Date scalar renders them.
    assert user["createdAt"].endswith("Z")


async def test_rest_user_equals_the_graphql_user(http, gql, db, w):
    """One definition per field: the REST body is what the GraphQL User type gives for the same selection
    (apart from the fields that depend on who is asking: REST has no viewer)."""
    jane_token = await logged_in(db, gql, w.jane, JANE_EMAIL)
    rest = (await http.get(w.url, headers=bearer())).json()["data"]["UserById"]
    _schema, view, _document = compiled("UserById")
    graphql = (await gql.data("{ CurrentUser " + view.selection + " }", token=jane_token))["CurrentUser"]

    def strip_viewer(value):
        if isinstance(value, dict):
            return {k: strip_viewer(v) for k, v in value.items() if not k.startswith("currentUser")}
        if isinstance(value, list):
            return [strip_viewer(v) for v in value]
        return value

    assert strip_viewer(rest) == strip_viewer(graphql)


async def test_admin_user_lists_admin_clients(http, w):
    response = await http.get(f"/incoming/v2/users/{w.ada}", headers=bearer())
    user = response.json()["data"]["UserById"]
    assert {c["id"] for c in user["adminClients"]} == {w.acme, w.globex}
    assert all(isinstance(c["licenses"], list) for c in user["adminClients"])


async def test_unknown_user_is_404(http):
    response = await http.get(f"/incoming/v2/users/{uuid.uuid4()}", headers=bearer())
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "id"}


async def test_bad_uuid_is_400(http):
    response = await http.get("/incoming/v2/users/not-a-uuid", headers=bearer())
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


async def test_api_key_is_required(http, w):
    assert (await http.get(w.url)).status_code == 401
    response = await http.get(w.url, headers=bearer("wrong"))
    assert response.status_code == 401 and _code(response) == "UNAUTHENTICATED"


async def test_scope_users_read_is_required(http, w, make_key):
    reader = await make_key(["users:read"])
    writer = await make_key(["certificates:write", "graphql"])
    assert (await http.get(w.url, headers=bearer(reader))).status_code == 200
    response = await http.get(w.url, headers=bearer(writer))
    assert response.status_code == 403 and _code(response) == "FORBIDDEN"


async def test_wrong_method_and_unknown_path_are_json(http, w):
    response = await http.delete(w.url, headers=bearer())
    assert response.status_code == 405 and response.headers["content-type"].startswith("application/json")
    assert "GET" in response.headers["allow"]
    response = await http.get("/incoming/v2/nope", headers=bearer())
    assert response.status_code == 404 and response.headers["content-type"].startswith("application/json")
