"""OpenAPI paths and schemas of /incoming/v2/certifications (merged by app/rest/openapi.py)."""
from __future__ import annotations

from app.certificates.models import VERIFICATION_STATUSES
from app.certificates.records import LIFECYCLE_STATUSES, MAX_BATCH, SOURCES, VALIDITY_STATUSES
from app.certificates.types import ACTIVE, DRAFT
from app.rest.openapi import standard_responses

TAG = "Certification records"
BASE = "/incoming/v2/certifications"
READ, WRITE = "certification_records:read", "certification_records:write"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _s(kind: str, description: str = "", nullable: bool = False, **extra) -> dict:
    schema = {"type": "string", **extra, "description": description}
    if kind:
        schema["format"] = kind
    if nullable:
        schema["nullable"] = True
    return schema


_DAY = "date"
_INPUT = {
    "user_id": _s("uuid", "The holder. Give one of user_id, organization_member_id or email (create only)."),
    "organization_member_id": _s("uuid", "The holder's user id (seed 001's name for it)."),
    "email": _s("email", "The holder's e-mail address (case-insensitive)."),
    "external_id": _s("", "The record's id in the system it came from; with external_source it makes POST an "
                          "upsert.", nullable=True, maxLength=200),
    "external_source": _s("", "The system the record came from (e.g. workday).", nullable=True, maxLength=100),
    "certification_type_id": _s("uuid", "Our certificate template the record is of (its expiry defaults to the "
                                        "template's validity).", nullable=True),
    "source": {"type": "string", "enum": list(SOURCES), "description": "Default api (import in a batch)."},
    "issued_on": _s(_DAY, "Default today; not in the future."),
    "expires_on": _s(_DAY, "The last day the record is valid; null: never expires.", nullable=True),
    "issuer_name": _s("", "", nullable=True, maxLength=300),
    "serial_number": _s("", "", nullable=True, maxLength=200),
    "title": _s("", "Beyond the seed: a title for a record without a certification type.", nullable=True,
                maxLength=300),
}

_RECORD = {
    "id": _s("uuid"),
    "organization_id": _s("uuid", "The holder's client (organization) on this instance.", nullable=True),
    "organization_member_id": _s("uuid", "The holder's user id."),
    "user_id": _s("uuid"),
    "external_id": _s("", nullable=True),
    "external_source": _s("", nullable=True),
    "certification_type_id": _s("uuid", "The certificate template.", nullable=True),
    "lifecycle_status": {"type": "string", "enum": list(LIFECYCLE_STATUSES)},
    "source": {"type": "string", "enum": [*SOURCES, "platform"],
               "description": "platform: issued by this server on completion."},
    "issued_on": _s(_DAY),
    "expires_on": _s(_DAY, "The last valid day.", nullable=True),
    "issuer_name": _s("", nullable=True),
    "serial_number": _s("", nullable=True),
    "verification_status": {"type": "string", "enum": list(VERIFICATION_STATUSES),
                            "description": "Records pushed in or uploaded start unverified."},
    "validity_status": {"type": "string", "enum": list(VALIDITY_STATUSES),
                        "description": "valid: active and not rejected."},
    "verification_method": _s("", nullable=True),
    "last_verified_at": _s("date-time", nullable=True),
    "created_at": _s("date-time"),
    "updated_at": _s("date-time"),
    "certification_type": {
        "type": "object", "nullable": True, "required": ["id", "slug", "title", "status"],
        "description": "The template's certificate type, in seed 001's shape (null when it has none).",
        "properties": {"id": _s("uuid"), "slug": _s(""), "title": _s(""),
                       "status": {"type": "string", "enum": [ACTIVE, DRAFT]}}},
    "title": _s("", "The template's title, or the record's own.", nullable=True),
    "identifier": _s("", "For public verification at /verify/certificates/{identifier}.", nullable=True),
    "is_external": {"type": "boolean"},
    "verification_note": _s("", nullable=True),
}

COMPONENTS = {
    "CertificationInput": {
        "type": "object", "additionalProperties": False, "properties": _INPUT,
        "description": "Unknown fields are refused. external_id and external_source go together.",
    },
    "CertificationPatch": {
        "type": "object", "additionalProperties": False,
        "properties": {k: v for k, v in _INPUT.items() if k not in ("user_id", "organization_member_id", "email")},
        "description": "Only the fields sent change; the holder cannot change.",
    },
    "Certification": {"type": "object", "required": list(_RECORD), "properties": _RECORD},
    "CertificationResponse": {"type": "object", "required": ["data"], "properties": {"data": _ref("Certification")}},
    "CertificationList": {"type": "object", "required": ["data", "meta"], "properties": {
        "data": {"type": "array", "items": _ref("Certification")}, "meta": _ref("PageMeta")}},
    "CertificationVerificationInput": {
        "type": "object", "additionalProperties": False, "required": ["verification_method"],
        "properties": {"verification_method": _s("", "How it was checked, e.g. issuer-registry.", minLength=1,
                                                 maxLength=100),
                       "note": _s("", "", nullable=True, maxLength=2000)},
    },
    "CertificationBatchInput": {
        "type": "object", "additionalProperties": False, "required": ["certifications"],
        "properties": {"certifications": {"type": "array", "minItems": 1, "maxItems": MAX_BATCH,
                                          "items": _ref("CertificationInput")}},
    },
    "CertificationBatchResponse": {"type": "object", "required": ["data"], "properties": {"data": {
        "type": "array", "items": {"type": "object", "required": ["index", "created", "certification"],
                                   "properties": {"index": {"type": "integer"}, "created": {"type": "boolean"},
                                                  "certification": _ref("Certification")}}}}},
}

_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
_IDEMPOTENCY = {"$ref": "#/components/parameters/IdempotencyKey"}
_OK = _json(_ref("CertificationResponse"), "The record")
_WRITE_ERRORS = standard_responses(400, 401, 403, 404, 409, 422)


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "schema": schema, "description": description}


def _op(op_id: str, summary: str, description: str, scope: str, responses: dict, *, parameters=(), body=None):
    op = {"operationId": op_id, "summary": summary, "description": f"{description} Scope `{scope}`.", "tags": [TAG],
          "parameters": list(parameters), "responses": responses}
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    return op


_VERIFY_NOTE = "Refused: a deleted record (404), a revoked one (409)."

PATHS = {
    BASE: {
        "get": _op("listCertifications", "List certification records", "Non-deleted records, oldest first.", READ,
                   {"200": _json(_ref("CertificationList"), "A page of records"), **standard_responses(400, 401, 403)},
                   parameters=[
                       _query("user_id", {"type": "string", "format": "uuid"}, "The holder."),
                       _query("certification_type_id", {"type": "string", "format": "uuid"}, "The template."),
                       _query("source", {"type": "string", "enum": [*SOURCES, "platform"]}, ""),
                       _query("lifecycle_status", {"type": "string", "enum": list(LIFECYCLE_STATUSES)}, ""),
                       _query("validity_status", {"type": "string", "enum": list(VALIDITY_STATUSES)}, ""),
                       _query("verification_status", {"type": "string", "enum": list(VERIFICATION_STATUSES)}, ""),
                       _query("external_source", {"type": "string"}, ""),
                       _query("external_id", {"type": "string"}, ""),
                       _query("page", {"type": "integer", "minimum": 1, "default": 1}, ""),
                       _query("per_page", {"type": "integer", "minimum": 1, "maximum": 50, "default": 20}, ""),
                   ]),
        "post": _op("createCertification", "Create or upsert a certification record",
                    "Creates an unverified record for a user (201). With external_source and external_id, the "
                    "record holding that pair is updated instead (200); a pair held by another user or by a deleted "
                    "record is 409.", WRITE,
                    {"201": _json(_ref("CertificationResponse"), "Created"), "200": _json(
                        _ref("CertificationResponse"), "Updated (same external pair)"), **_WRITE_ERRORS},
                    parameters=[_IDEMPOTENCY], body="CertificationInput"),
    },
    f"{BASE}:batch": {
        "post": _op("importCertifications", "Import certification records",
                    f"Up to {MAX_BATCH} records (each as POST, source default import), all or nothing: with any "
                    "problem nothing is saved and the 400 error lists every problem by index in "
                    "`extensions.errors` ({index, field, code, message}).", WRITE,
                    {"200": _json(_ref("CertificationBatchResponse"), "Every record, in order"), **_WRITE_ERRORS},
                    parameters=[_IDEMPOTENCY], body="CertificationBatchInput"),
    },
    f"{BASE}/{{id}}": {
        "get": _op("getCertification", "Get a certification record", "Deleted records are 404.", READ,
                   {"200": _OK, **standard_responses(400, 401, 403, 404)}, parameters=[_ID]),
        "patch": _op("updateCertification", "Update a certification record",
                     "Only the fields sent change. An external pair another record has is 409.", WRITE,
                     {"200": _OK, **_WRITE_ERRORS}, parameters=[_ID, _IDEMPOTENCY], body="CertificationPatch"),
        "delete": _op("deleteCertification", "Delete a certification record",
                      "Soft delete; its external pair stays taken.", WRITE,
                      {"204": {"description": "Deleted"}, **_WRITE_ERRORS}, parameters=[_ID, _IDEMPOTENCY]),
    },
    f"{BASE}/{{id}}/verify": {
        "post": _op("verifyCertification", "Verify a certification record",
                    f"verification_status verified, with the method and note; last_verified_at now (verifying again "
                    f"re-dates the check). {_VERIFY_NOTE}", WRITE,
                    {"200": _OK, **_WRITE_ERRORS}, parameters=[_ID, _IDEMPOTENCY],
                    body="CertificationVerificationInput"),
    },
    f"{BASE}/{{id}}/reject": {
        "post": _op("rejectCertification", "Reject a certification record",
                    "verification_status rejected: the record is no longer valid anywhere (UserCertificates, "
                    f"counts, verification). {_VERIFY_NOTE} Also 409: already rejected, or issued by this platform "
                    "(revoke it instead).", WRITE,
                    {"200": _OK, **_WRITE_ERRORS}, parameters=[_ID, _IDEMPOTENCY],
                    body="CertificationVerificationInput"),
    },
}
