"""GET /incoming/v2/users/{id}: the full user, rendered by the GraphQL User type."""
from __future__ import annotations

import uuid

from app.demo import ADMIN_EMAIL, JANE_EMAIL, demo_id
from app.rest.graphql_views import compiled
from tests.rest.helpers import bearer

JANE = demo_id("user", JANE_EMAIL)
URL = f"/incoming/v2/users/{JANE}"


def _code(response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


async def test_user_by_id_has_the_seed_shape(http, demo):
    response = await http.get(URL, headers=bearer())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    user = response.json()["data"]["UserById"]
    assert user["id"] == JANE and user["email"] == JANE_EMAIL
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
    course = user["purchasedCourses"][0]
    assert {"course", "courseId", "certificate", "certificateIssuedAt", "instructorAccessPurchased",
            "status"} <= set(course)
    assert course["course"]["id"] == course["courseId"] and "title" in course["course"]
    assert user["purchasedBundles"][0]["bundle"]["id"] == demo_id("content", "acme-starter-bundle")
    # Two levels deep are expanded (License -> Client), the third is reduced to its id.
    client = user["activeLicense"]["client"]
    assert client is None or ("name" in client and "id" in client)
    licenses = user["allocatedLicenses"]
    assert {a["licenseId"] for a in licenses} == {demo_id("license", "enterprise"), demo_id("license", "engineering")}
    assert all(set(a["license"]) > {"id", "name"} for a in licenses)
    for a in licenses:
        if a["license"]["client"] is not None:
            assert set(a["license"]["client"]) == {"id"}
    assert user["attendedMeetings"] and set(user["attendedMeetings"][0]["meeting"]) > {"id"}
    assert user["attendedMeetings"][0]["user"]["id"] == JANE
    # Dates are rendered as the GraphQL Date scalar renders them.
    assert user["createdAt"].endswith("Z")


async def test_rest_user_equals_the_graphql_user(http, gql, jane_token):
    """One definition per field: the REST body is what the GraphQL User type gives for the same selection
    (apart from the fields that depend on who is asking: REST has no viewer)."""
    rest = (await http.get(URL, headers=bearer())).json()["data"]["UserById"]
    _schema, view, _document = compiled("UserById")
    graphql = (await gql.data("{ CurrentUser " + view.selection + " }", token=jane_token))["CurrentUser"]

    def strip_viewer(value):
        if isinstance(value, dict):
            return {k: strip_viewer(v) for k, v in value.items() if not k.startswith("currentUser")}
        if isinstance(value, list):
            return [strip_viewer(v) for v in value]
        return value

    assert strip_viewer(rest) == strip_viewer(graphql)


async def test_admin_user_lists_admin_clients(http, demo):
    response = await http.get(f"/incoming/v2/users/{demo_id('user', ADMIN_EMAIL)}", headers=bearer())
    user = response.json()["data"]["UserById"]
    assert {c["id"] for c in user["adminClients"]} == {demo_id("client", "acme-corp"), demo_id("client", "globex")}
    assert all(isinstance(c["licenses"], list) for c in user["adminClients"])


async def test_unknown_user_is_404(http, demo):
    response = await http.get(f"/incoming/v2/users/{uuid.uuid4()}", headers=bearer())
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "id"}


async def test_bad_uuid_is_400(http, demo):
    response = await http.get("/incoming/v2/users/not-a-uuid", headers=bearer())
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


async def test_api_key_is_required(http, demo):
    assert (await http.get(URL)).status_code == 401
    response = await http.get(URL, headers=bearer("wrong"))
    assert response.status_code == 401 and _code(response) == "UNAUTHENTICATED"


async def test_scope_users_read_is_required(http, demo, make_key):
    reader = await make_key(["users:read"])
    writer = await make_key(["certificates:write", "graphql"])
    assert (await http.get(URL, headers=bearer(reader))).status_code == 200
    response = await http.get(URL, headers=bearer(writer))
    assert response.status_code == 403 and _code(response) == "FORBIDDEN"


async def test_wrong_method_and_unknown_path_are_json(http, demo):
    response = await http.delete(URL, headers=bearer())
    assert response.status_code == 405 and response.headers["content-type"].startswith("application/json")
    assert "GET" in response.headers["allow"]
    response = await http.get("/incoming/v2/nope", headers=bearer())
    assert response.status_code == 404 and response.headers["content-type"].startswith("application/json")
