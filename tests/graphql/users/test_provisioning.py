"""CreateLearner, CreateLearners, IssueLearnerInvitation and AcceptInvitation through GraphQL."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from tests.factories import administrator, build, client, course, id_of, learner, license
from tests.factories.users import login_fixture

JANE_EMAIL = "jane@example.com"


@pytest.fixture
async def acme(db) -> SimpleNamespace:
    """Acme's licenses (enterprise gives a course), Globex's, Jane (a learner) and an administrator."""
    await build(db, courses=[course("python")],
                clients=[client("acme-corp", license("enterprise", ["python"], name="Enterprise License"),
                                license("engineering"), name="Acme Corp"),
                         client("globex", license("globex"))])
    return SimpleNamespace(client=await id_of(db, "client", "acme-corp"), enterprise=await id_of(db, "license", "enterprise"),
                           engineering=await id_of(db, "license", "engineering"),
                           globex=await id_of(db, "license", "globex"),
                           jane=await learner(db, JANE_EMAIL), admin=await administrator(db, "boss@example.com"))


jane_token = login_fixture(JANE_EMAIL, "acme")
admin_token = login_fixture("boss@example.com", "acme")

CREATE_LEARNER = """
mutation CreateLearner($email: String!, $clientId: ID, $licenseIds: [ID!]) {
  CreateLearner(email: $email, firstName: "Alex", lastName: "Johnson", clientId: $clientId, licenseIds: $licenseIds) {
    id email firstName lastName name createdAt disabled mustVerifyEmail
    certificatesCount completedCoursesCount availableCoursesCount
    client { id name }
    activeLicense { id name }
  }
}"""

CREATE_LEARNERS = """
mutation CreateLearners($learners: [LearnerInput!]!) {
  CreateLearners(learners: $learners) { id email firstName lastName name createdAt disabled clientId ref1 ref2 }
}"""

INVITE = "mutation($u: ID!) { IssueLearnerInvitation(userId: $u) { token userId expiresAt } }"
ACCEPT = "mutation($t: String!, $p: String!) { AcceptInvitation(token: $t, password: $p) }"
ME = "{ CurrentUser { id email client { name } activeLicense { id } allocatedLicenses { licenseId licenseRole } } }"


def _error(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]


async def test_seed_example_create_learner_with_client_and_licenses(gql, acme):
    data = await gql.data(CREATE_LEARNER, {"email": "Alex.Johnson@example.com", "clientId": acme.client,
                                           "licenseIds": [acme.enterprise, acme.engineering]})
    user = data["CreateLearner"]
    assert user["email"] == "alex.johnson@example.com" and user["name"] == "Alex Johnson"
    assert user["disabled"] is False and user["mustVerifyEmail"] is False
    assert user["client"] == {"id": acme.client, "name": "Acme Corp"}
    assert user["activeLicense"] == {"id": acme.enterprise, "name": "Enterprise License"}
    assert user["certificatesCount"] == 0 and user["completedCoursesCount"] == 0
    # The licenses give access to their courses right away.
    assert user["availableCoursesCount"] > 0


async def test_seed_example_create_learners_with_refs(gql, acme, admin_token):
    learners = [
        {"email": "jane.roe@example.com", "firstName": "Jane", "lastName": "Roe", "ref1": "dept-engineering"},
        {"email": "john.smith@example.com", "firstName": "John", "lastName": "Smith", "clientId": acme.client},
    ]
    created = (await gql.data(CREATE_LEARNERS, {"learners": learners}, token=admin_token))["CreateLearners"]
    assert [(u["email"], u["name"], u["ref1"], u["ref2"], u["clientId"]) for u in created] == [
        ("jane.roe@example.com", "Jane Roe", "dept-engineering", None, None),
        ("john.smith@example.com", "John Smith", None, None, acme.client),
    ]
    assert all(u["createdAt"].endswith("Z") and u["disabled"] is False for u in created)


async def test_a_learner_token_is_forbidden_and_a_bad_token_unauthenticated(gql, acme, jane_token):
    body = await gql(CREATE_LEARNER, {"email": "x@example.com"}, token=jane_token)
    assert _error(body)["extensions"]["code"] == "FORBIDDEN" and body["data"] is None
    body = await gql(CREATE_LEARNERS, {"learners": [{"email": "y@example.com", "firstName": "Y", "lastName": "Z"}]},
                     token="not-a-token")
    assert _error(body)["extensions"]["code"] == "UNAUTHENTICATED"
    body = await gql(INVITE, {"u": acme.jane}, token=jane_token)
    assert _error(body)["extensions"]["code"] == "FORBIDDEN"


async def test_create_learner_errors_carry_code_and_field(gql, acme):
    dup = _error(await gql(CREATE_LEARNER, {"email": "JANE@Example.com"}))
    assert dup["extensions"]["code"] == "CONFLICT" and dup["extensions"]["field"] == "email"
    bad = _error(await gql(CREATE_LEARNER, {"email": "nope"}))
    assert bad["extensions"]["code"] == "BAD_USER_INPUT" and bad["extensions"]["field"] == "email"
    client = _error(await gql(CREATE_LEARNER, {"email": "c@example.com", "clientId": "missing"}))
    assert client["extensions"]["code"] == "NOT_FOUND" and client["extensions"]["field"] == "clientId"
    other = _error(await gql(CREATE_LEARNER, {"email": "d@example.com", "clientId": acme.client, "licenseIds": [acme.globex]}))
    assert other["extensions"]["code"] == "BAD_USER_INPUT" and other["extensions"]["field"] == "licenseIds"
    blank = _error(await gql('mutation { CreateLearner(email: "e@example.com", firstName: "  ", lastName: "L") { id } }'))
    assert blank["extensions"]["field"] == "firstName"


async def test_create_learners_is_all_or_nothing_with_every_problem_listed(gql, acme):
    learners = [
        {"email": "ok@example.com", "firstName": "Ok", "lastName": "Fine"},
        {"email": "OK@example.com", "firstName": "Twin", "lastName": "Fine"},
        {"email": "broken", "firstName": "", "lastName": "L"},
    ]
    body = await gql(CREATE_LEARNERS, {"learners": learners})
    err = _error(body)
    assert body["data"] is None
    assert err["extensions"]["code"] == "BAD_USER_INPUT"
    assert sorted((e["index"], e["field"], e["code"]) for e in err["extensions"]["errors"]) == [
        (1, "email", "CONFLICT"), (2, "email", "BAD_USER_INPUT"), (2, "firstName", "BAD_USER_INPUT")]
    body = await gql(CREATE_LEARNER, {"email": "ok@example.com"})
    assert "errors" not in body  # nothing of the refused batch was written


async def test_batch_over_the_limit_is_refused(gql, acme):
    learners = [{"email": f"u{i}@example.com", "firstName": "U", "lastName": "V"} for i in range(1001)]
    err = _error(await gql(CREATE_LEARNERS, {"learners": learners}))
    assert err["extensions"]["code"] == "BAD_USER_INPUT" and err["extensions"]["field"] == "learners"


async def test_a_batch_of_1000_is_created_in_one_request(gql, acme):
    learners = [{"email": f"bulk{i}@example.com", "firstName": "Bulk", "lastName": str(i), "clientId": acme.client,
                 "licenseIds": [acme.enterprise]} for i in range(1000)]
    created = (await gql.data(CREATE_LEARNERS, {"learners": learners}))["CreateLearners"]
    assert len(created) == 1000 and created[999]["email"] == "bulk999@example.com"


async def test_concurrent_create_learner_of_one_email_has_one_winner(gql, acme):
    bodies = await asyncio.gather(*(gql(CREATE_LEARNER, {"email": "race@example.com"}) for _ in range(4)))
    winners = [b for b in bodies if not b.get("errors")]
    losers = [b for b in bodies if b.get("errors")]
    assert len(winners) == 1
    assert [b["errors"][0]["extensions"]["code"] for b in losers] == ["CONFLICT"] * 3


async def test_invited_learner_sets_a_password_and_is_logged_in(gql, acme, admin_token):
    user = (await gql.data(CREATE_LEARNER, {"email": "invitee@example.com", "clientId": acme.client,
                                            "licenseIds": [acme.engineering]}, token=admin_token))["CreateLearner"]
    # Without a password nobody can log in as the new learner.
    login = await gql('mutation { Login(email: "invitee@example.com", password: "whatever-password") }')
    assert _error(login)["extensions"]["code"] == "INVALID_CREDENTIALS"
    invitation = (await gql.data(INVITE, {"u": user["id"]}, token=admin_token))["IssueLearnerInvitation"]
    assert invitation["userId"] == user["id"] and invitation["expiresAt"].endswith("Z")
    short = _error(await gql(ACCEPT, {"t": invitation["token"], "p": "short"}))
    assert short["extensions"] == {"code": "BAD_USER_INPUT", "field": "password"}
    token = (await gql.data(ACCEPT, {"t": invitation["token"], "p": "correct horse battery"}))["AcceptInvitation"]
    me = (await gql.data(ME, token=token))["CurrentUser"]
    assert me["email"] == "invitee@example.com" and me["client"]["name"] == "Acme Corp"
    assert me["activeLicense"]["id"] == acme.engineering
    assert me["allocatedLicenses"] == [{"licenseId": acme.engineering, "licenseRole": "student"}]
    assert await gql.login("invitee@example.com", "correct horse battery")
    reused = _error(await gql(ACCEPT, {"t": invitation["token"], "p": "another password"}))
    assert reused["extensions"]["code"] == "INVITATION_INVALID"
