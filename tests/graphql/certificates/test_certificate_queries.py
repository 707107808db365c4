"""UserCertificates and UserCertificateFields: the seed examples as Jane, filters, expiry flags,
nested types, empty cases, and SQL statements that do not grow with the lists."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from app.awards.models import AwardType
from app.certificates.models import Certificate, CertificateField, CertificateTemplate, CertificateTemplateLabel
from app.company.models import CustomField, UserCustomField
from app.demo import JANE_EMAIL, demo_id

JANE = demo_id("user", JANE_EMAIL)

CERTIFICATES = """
query UserCertificates($query: String, $includeExpiredCertificates: Boolean) {
  UserCertificates(query: $query, includeExpiredCertificates: $includeExpiredCertificates) {
    id
    issuedAt
    expirationDate
    didExpire
    isExpired
    progressWasReset
    deleted
    url
    pdfAsset
    resourceType
    resourceTypeLabel
    resourceId
    identifier
    isExternal
    externalResourceTitle
    certificateTemplate {
      id
      title
      asset
      isExpired
    }
    user {
      id
      email
      firstName
      lastName
    }
  }
}"""

DEEP = """
query($q: String, $all: Boolean) { UserCertificates(query: $q, includeExpiredCertificates: $all) {
  id source recertificationDate
  resource { __typename ... on Course { id title slug } ... on LearningPath { id name slug } }
  contentItem { id title slug kind }
  certificateTemplate {
    id resourceType expirationDays expirationDate recertificationAction recertificationAfterDays
    recertificationAutoReset supplementalAssets userCustomFieldSlug userCustomField { slug label }
    resource { __typename ... on Course { slug } ... on LearningPath { slug } }
    labels { id x y fontSize fontColor textAlign certificateFieldId
             certificateField { id type label awardType { id label } } }
  }
} }"""

FIELDS = """
query UserCertificateFields {
  UserCertificateFields {
    id
    type
    label
    includeOnTranscript
    includeOnExternalCertificate
    text
    dateFormat
    identifierPrefix
    identifierBodyLength
    hasIdentifierPrefix
    awardTypeId
    awardType {
      id
      label
      pluralLabel
      icon
      includeOnDashboard
      deleted
    }
    customFieldSlug
    customField {
      id
      label
      slug
      indexed
      multiple
    }
    userCustomFieldSlug
    userCustomField {
      id
      label
      slug
      type
      required
    }
    sessionCustomContentFieldSlug
  }
}"""


def cert_id(slug: str, days_ago: int) -> str:
    return demo_id("certificate", f"{JANE_EMAIL}:{slug}:{days_ago}")


PYTHON = cert_id("intro-to-python", 280)
DATA = cert_id("data-science-fundamentals", 180)
LEADERSHIP = cert_id("foundations-of-leadership", 100)
SECURITY = cert_id("security-awareness", 400)  # expired
OLD_PYTHON = cert_id("intro-to-python", 700)  # deleted


async def _list(gql, token, **variables):
    return (await gql.data(CERTIFICATES, variables, token=token))["UserCertificates"]


async def test_seed_example_as_jane(gql, jane_token):
    certificates = await _list(gql, jane_token, includeExpiredCertificates=False)
    # Held, unexpired, newest issued first; the deleted and the expired ones are left out.
    assert [c["id"] for c in certificates] == [LEADERSHIP, DATA, PYTHON]
    python = certificates[2]
    assert python["url"] == f"/certificates/{PYTHON}"
    assert python["pdfAsset"] == "/certificates/CERT-PY280001.pdf"
    assert python["identifier"] == "CERT-PY280001"
    assert (python["resourceType"], python["resourceTypeLabel"]) == ("course", "Course")
    assert python["resourceId"] == demo_id("content", "intro-to-python")
    assert python["isExpired"] is False and python["didExpire"] is False and python["deleted"] is False
    assert python["progressWasReset"] is False and python["isExternal"] is False
    assert python["issuedAt"].endswith("Z") and python["expirationDate"].endswith("Z")
    assert python["certificateTemplate"] == {
        "id": demo_id("template", "intro-to-python"), "title": "Introduction to Python Certificate",
        "asset": "https://cdn.acme-learning.example/templates/intro-to-python.png", "isExpired": False,
    }
    assert python["user"] == {"id": JANE, "email": JANE_EMAIL, "firstName": "Jane", "lastName": "Doe"}
    assert certificates[0]["expirationDate"] is None  # leadership never expires


async def test_include_expired_certificates(gql, jane_token):
    certificates = await _list(gql, jane_token, includeExpiredCertificates=True)
    assert [c["id"] for c in certificates] == [LEADERSHIP, DATA, PYTHON, SECURITY]
    security = certificates[3]
    assert security["isExpired"] is True and security["didExpire"] is True
    # Omitted argument: expired ones stay out.
    assert SECURITY not in [c["id"] for c in await _list(gql, jane_token)]


async def test_query_matches_resource_title_case_insensitively(gql, jane_token, db):
    assert [c["id"] for c in await _list(gql, jane_token, query="PYTHON")] == [PYTHON]
    assert [c["id"] for c in await _list(gql, jane_token, query="leader")] == [LEADERSHIP]
    assert await _list(gql, jane_token, query="nothing like this") == []
    assert len(await _list(gql, jane_token, query="  ")) == 3  # blank filters nothing
    assert await _list(gql, jane_token, query="%") == []  # LIKE wildcards are literal
    assert [c["id"] for c in await _list(gql, jane_token, query="security", includeExpiredCertificates=True)] == [
        SECURITY]
    async with db() as session:
        session.add(Certificate(id="external-1", user_id=JANE, is_external=True, source="self-reported",
                                external_resource_title="Harvard Negotiation Workshop",
                                issued_at=datetime(2020, 1, 1, tzinfo=UTC)))
        await session.commit()
    found = await _list(gql, jane_token, query="negotiation")
    assert [(c["id"], c["isExternal"], c["externalResourceTitle"], c["resourceType"]) for c in found] == [
        ("external-1", True, "Harvard Negotiation Workshop", None)]


async def test_revoked_and_deleted_never_listed(gql, jane_token, db):
    async with db() as session:
        (await session.get(Certificate, DATA)).revoked_at = datetime.now(UTC)
        await session.commit()
    ids = [c["id"] for c in await _list(gql, jane_token, includeExpiredCertificates=True)]
    assert DATA not in ids and OLD_PYTHON not in ids and len(ids) == 3


async def test_did_expire_covers_an_ended_certificate_is_expired_only_a_past_date(gql, jane_token, db):
    """didExpire: the certificate ended (expiry passed, or revoked by a reset); isExpired: expiry passed."""
    from app.graphql.certificates.types import Certificate as CertificateType

    past = datetime.now(UTC) - timedelta(days=1)
    future = datetime.now(UTC) + timedelta(days=1)
    revoked = Certificate(user_id=JANE, issued_at=past, expiration_date=future, revoked_at=past)
    expired = Certificate(user_id=JANE, issued_at=past, expiration_date=past)
    live = Certificate(user_id=JANE, issued_at=past, expiration_date=future)
    flags = {name: (CertificateType.is_expired(c), CertificateType.did_expire(c))
             for name, c in (("revoked", revoked), ("expired", expired), ("live", live))}
    assert flags == {"revoked": (False, True), "expired": (True, True), "live": (False, False)}


async def test_nested_resource_template_labels_content_item(gql, jane_token):
    rows = (await gql.data(DEEP, {"all": True}, token=jane_token))["UserCertificates"]
    by_slug = {r["resource"]["slug"]: r for r in rows}
    python = by_slug["intro-to-python"]
    assert python["resource"]["__typename"] == "Course" and python["resource"]["title"] == "Introduction to Python"
    assert python["contentItem"]["slug"] == "intro-to-python" and python["contentItem"]["kind"] == "courseGroup"
    assert python["source"] == "platform" and python["recertificationDate"].endswith("Z")
    template = python["certificateTemplate"]
    assert template["resourceType"] == "course" and template["expirationDays"] == 365
    assert template["recertificationAction"] == "resetProgress" and template["recertificationAfterDays"] == 335
    assert template["resource"] == {"__typename": "Course", "slug": "intro-to-python"}
    assert [label["certificateField"]["type"] for label in template["labels"]] == [  # top to bottom
        "nameLabel", "courseLabel", "contentCompletionDate", "awardLabel", "identifier"]
    label = template["labels"][3]
    assert label["certificateField"]["awardType"]["label"] == "Credit"
    assert label["textAlign"] == "center" and label["fontColor"] == "#4B5563" and label["y"] == 388


async def test_learning_path_certificate(gql, jane_token, db):
    path = demo_id("content", "leadership-path")
    async with db() as session:
        session.add(Certificate(id="path-cert", user_id=JANE, template_id=demo_id("template", "leadership-path"),
                                resource_type="learningPath", resource_id=path, source="platform"))
        await session.commit()
    rows = (await gql.data(DEEP, {"q": "leadership learning"}, token=jane_token))["UserCertificates"]
    assert len(rows) == 1
    assert rows[0]["resource"] == {"__typename": "LearningPath", "id": path, "name": "Leadership Learning Path",
                                   "slug": "leadership-path"}
    assert rows[0]["certificateTemplate"]["resource"]["__typename"] == "LearningPath"
    listed = await _list(gql, jane_token, query="leadership learning")
    assert (listed[0]["resourceType"], listed[0]["resourceTypeLabel"]) == ("learningPath", "Learning Path")


async def test_without_user_the_list_is_empty(gql, demo):
    assert (await gql.data(CERTIFICATES, {"includeExpiredCertificates": True}))["UserCertificates"] == []


async def test_user_without_certificates(gql, admin_token):
    assert await _list(gql, admin_token, includeExpiredCertificates=True) == []


async def test_certificates_statements_do_not_grow(gql, jane_token, db, count_statements):
    async def run():
        with count_statements() as c:
            rows = (await gql.data(DEEP, {"all": True}, token=jane_token))["UserCertificates"]
        return len(rows), c.count

    few, few_count = await run()
    templates = [demo_id("template", s) for s in ("intro-to-python", "leadership-path", "security-awareness")]
    async with db() as session:
        items = {t.id: t for t in (await session.scalars(select(CertificateTemplate))).all()}
        session.add_all([
            Certificate(user_id=JANE, template_id=templates[i % 3], resource_id=items[templates[i % 3]].resource_id,
                        resource_type=items[templates[i % 3]].resource_type, identifier=f"BULK-{i}")
            for i in range(100)
        ])
        await session.commit()
    many, many_count = await run()
    assert many == few + 100 and many_count == few_count


# ---- UserCertificateFields -------------------------------------------------------------------------

async def test_fields_seed_example(gql, jane_token):
    fields = (await gql.data(FIELDS, token=jane_token))["UserCertificateFields"]
    assert [f["type"] for f in fields] == [
        "nameLabel", "contentCompletionDate", "awardLabel", "identifier", "courseLabel", "userFieldLabel"]
    name, date, credits, identifier, _title, department = fields
    assert name["label"] == "Learner Name" and name["hasIdentifierPrefix"] is False and name["awardType"] is None
    assert date["dateFormat"] == "usLong"
    assert credits["awardTypeId"] == demo_id("award", "credit")
    assert credits["awardType"] == {"id": demo_id("award", "credit"), "label": "Credit", "pluralLabel": "Credits",
                                    "icon": "star", "includeOnDashboard": True, "deleted": False}
    assert (identifier["identifierPrefix"], identifier["identifierBodyLength"], identifier["hasIdentifierPrefix"]) == (
        "CERT-", 8, True)
    assert department["userCustomFieldSlug"] == "department"
    assert department["userCustomField"] == {"id": demo_id("ucf", "department"), "label": "Department",
                                             "slug": "department", "type": "dropDown", "required": False}


async def test_fields_content_custom_field(gql, jane_token, db):
    async with db() as session:
        session.add(CertificateField(id="cf-field", type="contentFieldLabel", label="Difficulty", position=9,
                                     custom_field_slug="difficulty", text="Level"))
        await session.commit()
    last = (await gql.data(FIELDS, token=jane_token))["UserCertificateFields"][-1]
    assert last["customField"] == {"id": demo_id("cf", "difficulty"), "label": "Difficulty", "slug": "difficulty",
                                   "indexed": True, "multiple": False}
    assert last["text"] == "Level"


async def test_fields_are_the_same_without_a_user(gql, jane_token):
    assert (await gql.data(FIELDS))["UserCertificateFields"] == (
        await gql.data(FIELDS, token=jane_token))["UserCertificateFields"]


async def test_fields_null_when_none_configured(gql, jane_token, db):
    async with db() as session:
        await session.execute(delete(CertificateTemplateLabel))
        await session.execute(delete(CertificateField))
        await session.commit()
    assert (await gql.data(FIELDS, token=jane_token)) == {"UserCertificateFields": None}


async def test_fields_statements_do_not_grow(gql, db, count_statements):
    async def run():
        with count_statements() as c:
            fields = (await gql.data(FIELDS))["UserCertificateFields"]
        return len(fields), c.count

    async def add(n: int, start: int):
        async with db() as session:
            session.add_all([CertificateField(type="awardLabel", label=f"F{i}", position=i, award_type_id="credit",
                                              custom_field_slug="difficulty", user_custom_field_slug="department")
                             for i in range(start, start + n)])
            await session.commit()

    async with db() as session:
        session.add(AwardType(id="credit", label="Credit"))
        session.add(CustomField(id="cf", slug="difficulty", label="Difficulty"))
        session.add(UserCustomField(id="ucf", slug="department", label="Department", type="singleField"))
        await session.commit()
    await add(1, 0)
    few, few_count = await run()
    await add(99, 1)
    many, many_count = await run()
    assert (few, many) == (1, 100) and many_count == few_count
