"""CreateCertificateFromUpload through GraphQL, read back with UserCertificates."""
from __future__ import annotations

from app.demo import demo_id

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
FIELDS = [
    {"certificateFieldId": demo_id("certfield", "title"), "type": "courseLabel", "value": "Certified Kubernetes Administrator"},
    {"certificateFieldId": demo_id("certfield", "credits"), "type": "awardLabel",
     "awardTypeId": demo_id("award", "credit"), "awardAmount": 3},
    {"certificateFieldId": demo_id("certfield", "date"), "type": "contentCompletionDate", "date": "2024-06-15"},
]


def _error(body: dict) -> dict:
    assert body.get("errors"), body
    return body["errors"][0]


async def test_seed_example_creates_an_external_certificate_listed_in_user_certificates(gql, jane_token):
    variables = {"asset": "https://assets.example.com/uploads/cka.png", "certificateUploadFields": FIELDS}
    cert = (await gql.data(SEED_EXAMPLE, variables, token=jane_token))["CreateCertificateFromUpload"]
    assert cert["source"] == "self-reported" and cert["isExternal"] is True
    assert cert["externalResourceTitle"] == "Certified Kubernetes Administrator"
    assert cert["identifier"].startswith("CERT-") and cert["url"] == f"/certificates/{cert['id']}"
    assert cert["user"]["email"] == "jane.doe@example.com"
    assert cert["expirationDate"] is None and cert["isExpired"] is False and cert["didExpire"] is False
    assert cert["deleted"] is False and cert["progressWasReset"] is False
    assert cert["certificateTemplate"] is None and cert["resource"] is None and cert["contentItem"] is None
    listed = (await gql.data(READ_BACK, token=jane_token))["UserCertificates"]
    assert [(c["id"], c["identifier"], c["isExternal"]) for c in listed] == [(cert["id"], cert["identifier"], True)]
    me = (await gql.data("{ CurrentUser { certificatesCount } }", token=jane_token))["CurrentUser"]
    assert me["certificatesCount"] == 5


async def test_needs_a_user(gql, demo):
    body = await gql(SEED_EXAMPLE, {"asset": "https://x.example.com/c.png"})
    assert _error(body)["extensions"]["code"] == "UNAUTHENTICATED" and body["data"] is None


async def test_bad_asset_and_field_values_name_the_input(gql, jane_token):
    body = await gql(SEED_EXAMPLE, {"asset": "ftp://x.example.com/c.png"}, token=jane_token)
    assert _error(body)["extensions"] == {"code": "BAD_USER_INPUT", "field": "asset"}
    wrong_type = [{"certificateFieldId": demo_id("certfield", "title"), "type": "dateLabel", "date": "2024-01-01"}]
    ext = _error(await gql(SEED_EXAMPLE, {"asset": "https://x.example.com/c.png", "certificateUploadFields": wrong_type},
                           token=jane_token))["extensions"]
    assert ext["code"] == "BAD_USER_INPUT" and ext["field"] == "certificateUploadFields[0].type"
    no_amount = [{"certificateFieldId": demo_id("certfield", "credits"), "type": "awardLabel",
                  "awardTypeId": demo_id("award", "credit")}]
    ext = _error(await gql(SEED_EXAMPLE, {"asset": "https://x.example.com/c.png", "certificateUploadFields": no_amount},
                           token=jane_token))["extensions"]
    assert ext["field"] == "certificateUploadFields[0].awardAmount"
    listed = (await gql.data("{ UserCertificates(includeExpiredCertificates: true) { source } }", token=jane_token))
    assert "self-reported" not in {c["source"] for c in listed["UserCertificates"]}
