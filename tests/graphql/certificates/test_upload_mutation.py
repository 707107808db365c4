"""CreateCertificateFromUpload through GraphQL, read back with UserCertificates."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.factories import PASSWORD, award_type, build, certificate_field, course, id_of, learner
from tests.factories.certificates import issued_certificate

JANE_EMAIL = "jane@example.com"
COURSES = ["python", "sql", "go", "rust"]

SEED_EXAMPLE = """
mutation CreateCertificateFromUpload($asset: URL!, $certificateUploadFields: [CertificateUploadField!]) {
  CreateCertificateFromUpload(asset: $asset, certificateUploadFields: $certificateUploadFields) {
    id issuedAt url pdfAsset isExpired expirationDate didExpire deleted progressWasReset resourceType
    resourceTypeLabel resourceId recertificationDate source isExternal externalResourceTitle identifier
    user { id email firstName lastName name }
    certificateTemplate { id title resourceType asset expirationDays isExpired }
    resource { ... on Course { id title slug } ... on LearningPath { id name slug } }
    contentItem { id title slug kind }
  }
}"""
READ_BACK = "{ UserCertificates(query: \"kubernetes admin\") { id source isExternal externalResourceTitle identifier issuedAt } }"


@pytest.fixture
async def jane(db, gql) -> SimpleNamespace:
    """The instance's certificate fields; Jane holds four certificates of her own courses."""
    await build(db, award_types=[award_type("Credit")], courses=[course(slug) for slug in COURSES],
                certificate_fields=[certificate_field("Title", "courseLabel", position=0),
                                    certificate_field("Credits", "awardLabel", position=1, awardType="Credit"),
                                    certificate_field("Date", "contentCompletionDate", position=2),
                                    certificate_field("Identifier", "identifier", position=3, identifierPrefix="CERT-")])
    j = SimpleNamespace(id=await learner(db, JANE_EMAIL), credit=await id_of(db, "awardType", "Credit"),
                        **{name: await id_of(db, "certificateField", name.capitalize()) for name in ("title", "credits", "date")})
    for slug in COURSES:
        await issued_certificate(db, j.id, await id_of(db, "content", slug))
    j.token = await gql.login(JANE_EMAIL, PASSWORD)
    return j


def _fields(jane) -> list[dict]:
    return [
        {"certificateFieldId": jane.title, "type": "courseLabel", "value": "Certified Kubernetes Administrator"},
        {"certificateFieldId": jane.credits, "type": "awardLabel", "awardTypeId": jane.credit, "awardAmount": 3},
        {"certificateFieldId": jane.date, "type": "contentCompletionDate", "date": "2024-06-15"},
    ]


def _error(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]


async def test_seed_example_creates_an_external_certificate_listed_in_user_certificates(gql, jane):
    jane_token = jane.token
    variables = {"asset": "https://assets.example.com/uploads/cka.png", "certificateUploadFields": _fields(jane)}
    cert = (await gql.data(SEED_EXAMPLE, variables, token=jane_token))["CreateCertificateFromUpload"]
    assert cert["source"] == "self-reported" and cert["isExternal"] is True
    assert cert["externalResourceTitle"] == "Certified Kubernetes Administrator"
    assert cert["identifier"].startswith("CERT-") and cert["url"] == f"/certificates/{cert['id']}"
    assert cert["user"]["email"] == JANE_EMAIL
    assert cert["expirationDate"] is None and cert["isExpired"] is False and cert["didExpire"] is False
    assert cert["deleted"] is False and cert["progressWasReset"] is False
    assert cert["certificateTemplate"] is None and cert["resource"] is None and cert["contentItem"] is None
    listed = (await gql.data(READ_BACK, token=jane_token))["UserCertificates"]
    assert [(c["id"], c["identifier"], c["isExternal"]) for c in listed] == [(cert["id"], cert["identifier"], True)]
    me = (await gql.data("{ CurrentUser { certificatesCount } }", token=jane_token))["CurrentUser"]
    assert me["certificatesCount"] == 5


async def test_needs_a_user(gql, jane):
    body = await gql(SEED_EXAMPLE, {"asset": "https://x.example.com/c.png"})
    assert _error(body)["extensions"]["code"] == "UNAUTHENTICATED" and body["data"] is None


async def test_bad_asset_and_field_values_name_the_input(gql, jane):
    jane_token = jane.token
    body = await gql(SEED_EXAMPLE, {"asset": "ftp://x.example.com/c.png"}, token=jane_token)
    assert _error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": "asset"}
    wrong_type = [{"certificateFieldId": jane.title, "type": "dateLabel", "date": "2024-01-01"}]
    ext = _error(await gql(SEED_EXAMPLE, {"asset": "https://x.example.com/c.png", "certificateUploadFields": wrong_type},
                           token=jane_token))["extensions"]
    assert ext["code"] == "BAD_USER_INPUT" and ext["field"] == "certificateUploadFields[0].type"
    no_amount = [{"certificateFieldId": jane.credits, "type": "awardLabel",
                  "awardTypeId": jane.credit}]
    ext = _error(await gql(SEED_EXAMPLE, {"asset": "https://x.example.com/c.png", "certificateUploadFields": no_amount},
                           token=jane_token))["extensions"]
    assert ext["field"] == "certificateUploadFields[0].awardAmount"
    listed = (await gql.data("{ UserCertificates(includeExpiredCertificates: true) { source } }", token=jane_token))
    assert "self-reported" not in {c["source"] for c in listed["UserCertificates"]}
