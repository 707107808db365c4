"""UserCertificates and UserCertificateFields: a learner's factory-issued certificates, filters, expiry
flags, nested types, empty cases, and SQL statements that do not grow with the lists."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from app.certificates.models import Certificate
from tests.factories import (
    PASSWORD,
    award_type,
    build,
    certificate_field,
    certificate_template,
    course,
    id_of,
    learner,
    learning_path,
)
from tests.factories.certificates import deleted_certificate, issued_certificate, revoke, uploaded

JANE_EMAIL = "jane@example.com"
CREDIT = {"label": "Credit", "pluralLabel": "Credits", "icon": "star", "includeOnDashboard": True}
FIELDS_IN_ORDER = [
    certificate_field("Learner Name", "nameLabel", position=0),
    certificate_field("Completed On", "contentCompletionDate", position=1, dateFormat="usLong"),
    certificate_field("Credits Earned", "awardLabel", position=2, awardType="Credit"),
    certificate_field("Certificate Id", "identifier", position=3, identifierPrefix="CERT-", identifierBodyLength=8),
    certificate_field("Course Title", "courseLabel", position=4),
    certificate_field("Department", "userFieldLabel", position=5, userCustomFieldSlug="department"),
]
PYTHON_TEMPLATE = "Introduction to Python Certificate"
PYTHON_ASSET = "https://cdn.example.com/templates/intro-to-python.png"


def _template(title: str, resource: str, **fields) -> dict:
    return certificate_template(title, resource, isPublished=True, **fields)


def _ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


@pytest.fixture
async def catalog(db):
    """Courses and a path with published certificate templates; the instance's certificate fields."""
    await build(db, award_types=[award_type(**CREDIT)],
                user_custom_fields=[{"slug": "department", "label": "Department", "type": "dropDown",
                                     "required": False, "choices": ["Sales", "Support"]}],
                content_custom_fields=[{"slug": "difficulty", "label": "Difficulty", "indexed": True,
                                        "multiple": False}],
                courses=[course("intro-to-python", title="Introduction to Python"), course("data-science"),
                         course("leadership", title="Foundations of Leadership"),
                         course("security", title="Security Awareness")],
                learning_paths=[learning_path("leadership-path", ["leadership"], title="Leadership Learning Path")],
                certificate_fields=FIELDS_IN_ORDER,
                certificate_templates=[
                    _template(PYTHON_TEMPLATE, "intro-to-python", asset=PYTHON_ASSET, expirationDays=365,
                              recertificationAction="resetProgress", recertificationAfterDays=335,
                              labels=[{"field": "Learner Name", "y": 100}, {"field": "Course Title", "y": 200},
                                      {"field": "Completed On", "y": 300},
                                      {"field": "Credits Earned", "y": 388, "textAlign": "center",
                                       "fontColor": "#4B5563"},
                                      {"field": "Certificate Id", "y": 500}]),
                    _template("Data Science Certificate", "data-science", expirationDays=365),
                    _template("Leadership Certificate", "leadership"),  # never expires
                    _template("Security Certificate", "security", expirationDays=365),
                    _template("Leadership Path Certificate", "leadership-path", resourceType="learningPath"),
                ])


@pytest.fixture
async def jane(db, gql, catalog):
    """Jane holds python, data science and leadership certificates; her security one expired, her first
    python one was deleted."""
    j = SimpleNamespace(id=await learner(db, JANE_EMAIL, first_name="Jane", last_name="Doe"))
    j.old_python = (await deleted_certificate(db, j.id, await id_of(db, "content", "intro-to-python"), days_ago=700)).id
    j.security = (await issued_certificate(db, j.id, await id_of(db, "content", "security"), days_ago=400)).id
    j.python_certificate = await issued_certificate(db, j.id, await id_of(db, "content", "intro-to-python"), days_ago=280)
    j.python = j.python_certificate.id
    j.data = (await issued_certificate(db, j.id, await id_of(db, "content", "data-science"), days_ago=180)).id
    j.leadership = (await issued_certificate(db, j.id, await id_of(db, "content", "leadership"), days_ago=100)).id
    j.token = await gql.login(JANE_EMAIL, PASSWORD)
    return j


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


async def _list(gql, token, **variables):
    return (await gql.data(CERTIFICATES, variables, token=token))["UserCertificates"]


async def test_held_unexpired_certificates_newest_first(gql, db, jane):
    certificates = await _list(gql, jane.token, includeExpiredCertificates=False)
    # Held, unexpired, newest issued first; the deleted and the expired ones are left out.
    assert [c["id"] for c in certificates] == [jane.leadership, jane.data, jane.python]
    python = certificates[2]
    identifier = jane.python_certificate.identifier
    assert identifier.startswith("CERT-") and len(identifier) == len("CERT-") + 8
    assert python["url"] == f"/certificates/{jane.python}"
    assert python["pdfAsset"] == f"/certificates/{identifier}.pdf"
    assert python["identifier"] == identifier
    assert (python["resourceType"], python["resourceTypeLabel"]) == ("course", "Course")
    assert python["resourceId"] == await id_of(db, "content", "intro-to-python")
    assert python["isExpired"] is False and python["didExpire"] is False and python["deleted"] is False
    assert python["progressWasReset"] is False and python["isExternal"] is False
    assert python["issuedAt"].endswith("Z") and python["expirationDate"].endswith("Z")
    assert python["certificateTemplate"] == {
        "id": await id_of(db, "certificateTemplate", PYTHON_TEMPLATE), "title": PYTHON_TEMPLATE,
        "asset": PYTHON_ASSET, "isExpired": False,
    }
    assert python["user"] == {"id": jane.id, "email": JANE_EMAIL, "firstName": "Jane", "lastName": "Doe"}
    assert certificates[0]["expirationDate"] is None  # leadership never expires


async def test_include_expired_certificates(gql, jane):
    certificates = await _list(gql, jane.token, includeExpiredCertificates=True)
    assert [c["id"] for c in certificates] == [jane.leadership, jane.data, jane.python, jane.security]
    security = certificates[3]
    assert security["isExpired"] is True and security["didExpire"] is True
    # Omitted argument: expired ones stay out.
    assert jane.security not in [c["id"] for c in await _list(gql, jane.token)]


async def test_query_matches_resource_title_case_insensitively(gql, jane, db):
    assert [c["id"] for c in await _list(gql, jane.token, query="PYTHON")] == [jane.python]
    assert [c["id"] for c in await _list(gql, jane.token, query="leader")] == [jane.leadership]
    assert await _list(gql, jane.token, query="nothing like this") == []
    assert len(await _list(gql, jane.token, query="  ")) == 3  # blank filters nothing
    assert await _list(gql, jane.token, query="%") == []  # LIKE wildcards are literal
    assert [c["id"] for c in await _list(gql, jane.token, query="security", includeExpiredCertificates=True)] == [
        jane.security]
    external = await uploaded(db, jane.id, title="Harvard Negotiation Workshop", issued_at=datetime(2020, 1, 1, tzinfo=UTC))
    found = await _list(gql, jane.token, query="negotiation")
    assert [(c["id"], c["isExternal"], c["externalResourceTitle"], c["resourceType"]) for c in found] == [
        (external.id, True, "Harvard Negotiation Workshop", None)]


async def test_revoked_and_deleted_never_listed(gql, jane, db):
    await revoke(db, await id_of(db, "certificateTemplate", "Data Science Certificate"), jane.id)
    ids = [c["id"] for c in await _list(gql, jane.token, includeExpiredCertificates=True)]
    assert jane.data not in ids and jane.old_python not in ids and len(ids) == 3


async def test_did_expire_covers_an_ended_certificate_is_expired_only_a_past_date():
    """didExpire: the certificate ended (expiry passed, or revoked by a reset); isExpired: expiry passed."""
    from app.graphql.certificates.types import Certificate as CertificateType

    past = datetime.now(UTC) - timedelta(days=1)
    future = datetime.now(UTC) + timedelta(days=1)
    revoked = Certificate(user_id="u", issued_at=past, expiration_date=future, revoked_at=past)
    expired = Certificate(user_id="u", issued_at=past, expiration_date=past)
    live = Certificate(user_id="u", issued_at=past, expiration_date=future)
    flags = {name: (CertificateType.is_expired(c), CertificateType.did_expire(c))
             for name, c in (("revoked", revoked), ("expired", expired), ("live", live))}
    assert flags == {"revoked": (False, True), "expired": (True, True), "live": (False, False)}


async def test_nested_resource_template_labels_content_item(gql, jane):
    rows = (await gql.data(DEEP, {"all": True}, token=jane.token))["UserCertificates"]
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


async def test_learning_path_certificate(gql, jane, db):
    path = await id_of(db, "content", "leadership-path")
    await issued_certificate(db, jane.id, path, resource_type="learningPath")
    rows = (await gql.data(DEEP, {"q": "leadership learning"}, token=jane.token))["UserCertificates"]
    assert len(rows) == 1
    assert rows[0]["resource"] == {"__typename": "LearningPath", "id": path, "name": "Leadership Learning Path",
                                   "slug": "leadership-path"}
    assert rows[0]["certificateTemplate"]["resource"]["__typename"] == "LearningPath"
    listed = await _list(gql, jane.token, query="leadership learning")
    assert (listed[0]["resourceType"], listed[0]["resourceTypeLabel"]) == ("learningPath", "Learning Path")


async def test_without_user_the_list_is_empty(gql, jane):
    assert (await gql.data(CERTIFICATES, {"includeExpiredCertificates": True}))["UserCertificates"] == []


async def test_user_without_certificates(gql, db, jane):
    await learner(db, "sam@example.com")
    token = await gql.login("sam@example.com", PASSWORD)
    assert await _list(gql, token, includeExpiredCertificates=True) == []


async def test_certificates_statements_do_not_grow(gql, jane, db, count_statements):
    async def run():
        with count_statements() as c:
            rows = (await gql.data(DEEP, {"all": True}, token=jane.token))["UserCertificates"]
        return len(rows), c.count

    few, few_count = await run()
    resources = [("course", await id_of(db, "content", "intro-to-python")),
                 ("learningPath", await id_of(db, "content", "leadership-path")),
                 ("course", await id_of(db, "content", "security"))]
    for i in range(100):
        resource_type, resource_id = resources[i % 3]
        await issued_certificate(db, jane.id, resource_id, resource_type=resource_type)
    many, many_count = await run()
    assert many == few + 100 and many_count == few_count


# ---- UserCertificateFields -------------------------------------------------------------------------

async def test_fields_in_position_order_with_their_types(gql, db, jane):
    fields = (await gql.data(FIELDS, token=jane.token))["UserCertificateFields"]
    assert [f["type"] for f in fields] == [
        "nameLabel", "contentCompletionDate", "awardLabel", "identifier", "courseLabel", "userFieldLabel"]
    name, date, credits, identifier, _title, department = fields
    assert name["label"] == "Learner Name" and name["hasIdentifierPrefix"] is False and name["awardType"] is None
    assert date["dateFormat"] == "usLong"
    credit = await id_of(db, "awardType", "Credit")
    assert credits["awardTypeId"] == credit
    assert credits["awardType"] == {"id": credit, **CREDIT, "deleted": False}
    assert (identifier["identifierPrefix"], identifier["identifierBodyLength"], identifier["hasIdentifierPrefix"]) == (
        "CERT-", 8, True)
    assert department["userCustomFieldSlug"] == "department"
    assert department["userCustomField"] == {"id": await id_of(db, "userCustomField", "department"),
                                             "label": "Department", "slug": "department", "type": "dropDown",
                                             "required": False}


async def test_fields_content_custom_field(gql, jane, db):
    await build(db, certificate_fields=[certificate_field("Difficulty", "contentFieldLabel", position=9,
                                                          customFieldSlug="difficulty", text="Level")])
    last = (await gql.data(FIELDS, token=jane.token))["UserCertificateFields"][-1]
    assert last["customField"] == {"id": await id_of(db, "contentCustomField", "difficulty"), "label": "Difficulty",
                                   "slug": "difficulty", "indexed": True, "multiple": False}
    assert last["text"] == "Level"


async def test_fields_are_the_same_without_a_user(gql, jane):
    assert (await gql.data(FIELDS))["UserCertificateFields"] == (
        await gql.data(FIELDS, token=jane.token))["UserCertificateFields"]


async def test_fields_null_when_none_configured(gql, db):
    await build(db, courses=[course("intro-to-python")])
    await learner(db, JANE_EMAIL)
    token = await gql.login(JANE_EMAIL, PASSWORD)
    assert (await gql.data(FIELDS, token=token)) == {"UserCertificateFields": None}


async def test_fields_statements_do_not_grow(gql, db, count_statements):
    async def run():
        with count_statements() as c:
            fields = (await gql.data(FIELDS))["UserCertificateFields"]
        return len(fields), c.count

    def fields(start: int, n: int) -> list[dict]:
        return [certificate_field(f"F{i:03d}", "awardLabel", position=i, awardType="Credit",
                                  customFieldSlug="difficulty", userCustomFieldSlug="department")
                for i in range(start, start + n)]

    await build(db, award_types=[award_type("Credit")],
                content_custom_fields=[{"slug": "difficulty", "label": "Difficulty"}],
                user_custom_fields=[{"slug": "department", "label": "Department", "type": "singleField"}],
                certificate_fields=fields(0, 1))
    few, few_count = await run()
    await build(db, certificate_fields=fields(1, 99))
    many, many_count = await run()
    assert (few, many) == (1, 100) and many_count == few_count
