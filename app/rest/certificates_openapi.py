"""OpenAPI paths and schemas of the certificate template, assign/reset, holdings and verification endpoints
(merged into /incoming/v2/openapi.json by app/rest/openapi.py)."""
from __future__ import annotations

from app.certificates.assignments import ALREADY_ACTIVE, DUPLICATE, MAX_ASSIGNMENTS
from app.certificates.models import VERIFICATION_STATUSES
from app.certificates.templates import (
    MAX_PER_PAGE,
    MAX_VALIDITY_DAYS,
    MAX_VALIDITY_MONTHS,
    RECERTIFICATION_ACTIONS,
    RESET_DAYS_MAX,
    RESET_DAYS_MIN,
    RESOURCE_TYPES,
)
from app.rest.openapi import standard_responses

TAG = "Certificate templates"
STATUSES = ["active", "expired", "revoked"]


def _ts(description: str, nullable: bool = True) -> dict:
    return {"type": "string", "format": "date-time", "nullable": nullable, "description": description}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _nullable(schema: dict, description: str) -> dict:
    return {**schema, "nullable": True, "description": description}


_TEMPLATE_FIELDS = {
    "title": {"type": "string", "maxLength": 300, "description": "Required on create."},
    "description": _nullable({"type": "string"}, "Free text."),
    "resource_type": {"type": "string", "enum": list(RESOURCE_TYPES),
                      "description": "Required on create; always sent together with resource_id."},
    "resource_id": {"type": "string", "format": "uuid",
                    "description": "The course or learning path the certificate is for; it must exist."},
    "validity_days": _nullable({"type": "integer", "minimum": 1, "maximum": MAX_VALIDITY_DAYS},
                               "Days from issue until an issued certificate expires."),
    "validity_months": _nullable({"type": "integer", "minimum": 1, "maximum": MAX_VALIDITY_MONTHS},
                                 "Calendar months from issue until it expires (day clamped to the month's length)."),
    "expiration_date": _ts("A fixed expiry date for every certificate issued from the template."),
    "reset_days_before_expiry": _nullable(
        {"type": "integer", "minimum": RESET_DAYS_MIN, "maximum": RESET_DAYS_MAX},
        "Days before expiry at which recertification opens (needs a validity)."),
    "recertification_action": _nullable({"type": "string", "enum": list(RECERTIFICATION_ACTIONS)},
                                        "CertificateTemplateRecertificationActionType of the Helium schema."),
    "recertification_after_days": _nullable({"type": "integer", "minimum": 1},
                                            "Days after issue at which the learner must recertify."),
    "recertification_auto_reset": _nullable({"type": "boolean"}, "Reset progress automatically on recertification."),
    "recertification_instructions": _nullable({"type": "string"}, "Shown to the learner."),
    "recertification_action_text": _nullable({"type": "string", "maxLength": 200}, "Label of the action link."),
    "recertification_action_url": _nullable({"type": "string", "format": "uri"},
                                            "Required when recertification_action is actionUrl."),
    "asset": _nullable({"type": "string", "format": "uri"}, "Background image of the certificate."),
    "is_published": {"type": "boolean", "description": "true publishes, false makes it a draft (default on create)."},
    "certificate_type_id": _nullable({"type": "string", "format": "uuid"},
                                     "Its certificate type: an unknown id is 404, a deleted type 409."),
}

# The fields of one issuance, in the issuance schema and in a holder's row.
ISSUANCE_PROPERTIES = {
    "identifier": {"type": "string", "nullable": True},
    "status": {"type": "string", "enum": STATUSES},
    "validity_status": {"type": "string", "enum": ["valid", "invalid"]},
    "is_expired": {"type": "boolean"},
    "issued_at": _ts("", nullable=False),
    "expires_at": _ts("null: never expires"),
    "recertification_date": _ts("When recertification opens"),
    "revoked_at": _ts("When it was revoked (reset with expire)"),
    "progress_was_reset": {"type": "boolean"},
    "source": {"type": "string"},
    "verification_status": {"type": "string", "enum": list(VERIFICATION_STATUSES),
                            "description": "rejected: an administrator found it false; it is not valid."},
}

COMPONENTS = {
    "CertificateTemplateInput": {
        "type": "object", "additionalProperties": False, "properties": _TEMPLATE_FIELDS,
        "description": "Create: title, resource_type and resource_id are required. PUT and PATCH: every field is "
                       "optional and only what is sent changes; null clears a nullable field. Give at most one of "
                       "validity_days, validity_months, expiration_date (none: never expires); sending one clears "
                       "the other two. Unknown fields are refused.",
    },
    "CertificateTemplate": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            **{k: v for k, v in _TEMPLATE_FIELDS.items()},
            "resource_id": {"type": "string", "format": "uuid", "nullable": True},
            "never_expires": {"type": "boolean", "description": "No validity is set."},
            "certificate_type": _ref("EmbeddedCertificateType"),
            "published_at": _ts("When it was last published; null for a draft."),
            "active_users_count": {"type": "integer", "description": "Users holding an active certificate of it."},
            "created_at": _ts("", nullable=False),
            "updated_at": _ts("", nullable=False),
        },
    },
    "CertificateTemplateResponse": {"type": "object", "required": ["data"],
                                    "properties": {"data": _ref("CertificateTemplate")}},
    "PageMeta": {"type": "object", "properties": {
        "page": {"type": "integer"}, "per_page": {"type": "integer"}, "total": {"type": "integer"},
        "total_pages": {"type": "integer"}}},
    "CertificateTemplateList": {"type": "object", "required": ["data", "meta"], "properties": {
        "data": {"type": "array", "items": _ref("CertificateTemplate")}, "meta": _ref("PageMeta")}},
    "IssuedCertificate": {
        "type": "object",
        "description": "One issuance. status: revoked when revoked_at is set, else expired when expires_at is "
                       "past, else active. validity_status is valid only for an active certificate.",
        "properties": {"id": {"type": "string", "format": "uuid"}, **ISSUANCE_PROPERTIES},
    },
    "AssignInput": {
        "type": "object", "required": ["assignments"],
        "properties": {"assignments": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["certificate_template_id", "users"],
            "properties": {
                "certificate_template_id": {"type": "string", "format": "uuid"},
                "users": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["user_id"],
                    "properties": {
                        "user_id": {"type": "string", "format": "uuid"},
                        "completed_at": {"type": "string", "format": "date-time",
                                         "description": "ISO 8601 date or timestamp the certificate is issued "
                                                        "as of (default now; not in the future)."},
                    }}},
            }}}},
    },
    "AssignResponse": {"type": "object", "required": ["data"], "properties": {"data": {
        "type": "object",
        "properties": {
            "issued": {"type": "array", "items": {"type": "object", "properties": {
                "certificate_template_id": {"type": "string", "format": "uuid"},
                "user_id": {"type": "string", "format": "uuid"},
                "certificate": _ref("IssuedCertificate")}}},
            "skipped": {"type": "array", "items": {"type": "object", "properties": {
                "certificate_template_id": {"type": "string", "format": "uuid"},
                "user_id": {"type": "string", "format": "uuid"},
                "reason": {"type": "string", "enum": [ALREADY_ACTIVE, DUPLICATE]},
                "certificate_id": {"type": "string", "format": "uuid", "nullable": True,
                                   "description": "The active certificate the user already holds."}}}},
        }}}},
    "ResetInput": {"type": "object", "additionalProperties": False, "properties": {
        "user_ids": {"type": "array", "items": {"type": "string", "format": "uuid"}, "maxItems": 1000,
                     "description": "Default: every user holding (not revoked) a certificate of the template."},
        "expire": {"type": "boolean", "description": "Revoke: revoked_at = now and a future expiry pulled to now."},
        "notify": {"type": "boolean", "description": "E-mail the affected users (only with expire)."},
    }},
    "ResetResponse": {"type": "object", "required": ["data"], "properties": {"data": {
        "type": "object",
        "properties": {
            "certificate_template_id": {"type": "string", "format": "uuid"},
            "expired": {"type": "boolean"},
            "reset": {"type": "array", "items": {"type": "object", "properties": {
                "user_id": {"type": "string", "format": "uuid"},
                "certificates": {"type": "array", "items": _ref("IssuedCertificate")}}}},
            "not_holding": {"type": "array", "items": {"type": "string", "format": "uuid"},
                            "description": "Requested users without a certificate of the template."},
            "notified": {"type": "integer"},
        }}}},
    "UserCertificate": {
        "type": "object",
        "description": "A user's certificate of one template: the latest issuance flat, earlier ones in history "
                       "(newest first).",
        "properties": {
            "template_id": {"type": "string", "format": "uuid", "nullable": True},
            "title": {"type": "string", "nullable": True},
            "description": {"type": "string", "nullable": True},
            "resource_type": {"type": "string", "nullable": True},
            "resource_id": {"type": "string", "format": "uuid", "nullable": True},
            "validity_days": {"type": "integer", "nullable": True},
            "validity_months": {"type": "integer", "nullable": True},
            "certificate_type": _ref("EmbeddedCertificateType"),
            "certificate_id": {"type": "string", "format": "uuid"},
            **ISSUANCE_PROPERTIES,
            "history": {"type": "array", "items": _ref("IssuedCertificate")},
        },
    },
    "UserCertificateList": {"type": "object", "required": ["data"], "properties": {
        "data": {"type": "array", "items": _ref("UserCertificate")}}},
    "CertificateHolderList": {"type": "object", "required": ["data", "meta"], "properties": {
        "data": {"type": "array", "items": {"type": "object", "properties": {
            "user": {"type": "object", "properties": {
                "id": {"type": "string", "format": "uuid"}, "name": {"type": "string", "nullable": True},
                "email": {"type": "string"}}},
            "user_state": {"type": "object", "properties": {
                "has_certificate": {"type": "boolean",
                                    "description": "The latest issuance is active (and not rejected)."},
                "status": {"type": "string", "enum": STATUSES},
                "certificate_id": {"type": "string", "format": "uuid"},
                "identifier": {"type": "string", "nullable": True},
                "issued_at": _ts("", nullable=False),
                "expires_at": _ts(""),
                "is_expired": {"type": "boolean"},
                "revoked_at": _ts(""),
                "progress_was_reset": {"type": "boolean"},
                "completion": {"type": "object", "nullable": True, "description": "The user's enrolment in the "
                               "template's resource", "properties": {
                                   "status": {"type": "string"}, "progress": {"type": "integer"},
                                   "completed_at": _ts("")}},
                "history": {"type": "array", "items": _ref("IssuedCertificate")},
            }},
        }}},
        "meta": _ref("PageMeta")}},
    "CertificateVerification": {"type": "object", "required": ["data"], "properties": {"data": {
        "type": "object",
        "properties": {
            "identifier": {"type": "string"},
            "title": {"type": "string", "nullable": True},
            "holder_name": {"type": "string", "nullable": True},
            "issuer": {"type": "string", "nullable": True},
            "status": {"type": "string", "enum": STATUSES},
            "validity_status": {"type": "string", "enum": ["valid", "invalid"]},
            "verification_status": {"type": "string", "enum": list(VERIFICATION_STATUSES),
                                    "description": "unverified: a record from elsewhere (e.g. self-reported) "
                                                   "that nobody has checked; rejected records are invalid."},
            "issued_at": _ts("", nullable=False),
            "expires_at": _ts("null: never expires"),
            "revoked_at": _ts(""),
        }}}},
}

_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
_IDEMPOTENCY = {"$ref": "#/components/parameters/IdempotencyKey"}
_PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                                    "default": 20},
     "description": f"At most {MAX_PER_PAGE} (larger values are refused with 400)."},
]


def _op(op_id: str, summary: str, description: str, scope: str, responses: dict, *, parameters=(), body=None) -> dict:
    op = {"operationId": op_id, "summary": summary, "description": f"{description} Scope `{scope}`.",
          "tags": [TAG], "parameters": list(parameters), "responses": responses}
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": _ref(body)}}}
    return op


_TEMPLATE_OK = _json(_ref("CertificateTemplateResponse"), "The template")
BASE = "/incoming/v2/certificate-templates"

PATHS = {
    BASE: {
        "get": _op("listCertificateTemplates", "List certificate templates",
                   "Non-deleted templates, oldest first.", "certificates:read",
                   {"200": _json(_ref("CertificateTemplateList"), "A page of templates"),
                    **standard_responses(400, 401, 403)},
                   parameters=[
                       {"name": "is_published", "in": "query", "schema": {"type": "boolean"},
                        "description": "true: published only; false: drafts only; omit for all."},
                       {"name": "title", "in": "query", "schema": {"type": "string"},
                        "description": "Case-insensitive partial match."},
                       {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"},
                        "description": "ISO 8601: created at or after."},
                       {"name": "certificate_type_id", "in": "query", "schema": {"type": "string", "format": "uuid"},
                        "description": "Templates of this certificate type."},
                       *_PAGING]),
        "post": _op("createCertificateTemplate", "Create a certificate template",
                    "A draft unless is_published is true.", "certificates:write",
                    {"201": _TEMPLATE_OK, **standard_responses(400, 401, 403, 404, 409, 422)},
                    parameters=[_IDEMPOTENCY], body="CertificateTemplateInput"),
    },
    f"{BASE}/{{id}}": {
        "get": _op("getCertificateTemplate", "Get a certificate template", "Deleted templates are 404.",
                   "certificates:read", {"200": _TEMPLATE_OK, **standard_responses(400, 401, 403, 404)},
                   parameters=[_ID]),
        "put": _op("replaceCertificateTemplate", "Update a certificate template",
                   "Same as PATCH: only the fields sent change; is_published toggles publication.",
                   "certificates:write", {"200": _TEMPLATE_OK, **standard_responses(400, 401, 403, 404, 409, 422)},
                   parameters=[_ID, _IDEMPOTENCY], body="CertificateTemplateInput"),
        "patch": _op("updateCertificateTemplate", "Update a certificate template",
                     "Only the fields sent change; is_published toggles publication.",
                     "certificates:write", {"200": _TEMPLATE_OK, **standard_responses(400, 401, 403, 404, 409, 422)},
                     parameters=[_ID, _IDEMPOTENCY], body="CertificateTemplateInput"),
        "delete": _op("deleteCertificateTemplate", "Delete a certificate template",
                      "Soft delete: it disappears from lists and reads; issued certificates stay.",
                      "certificates:write", {"204": {"description": "Deleted"},
                                             **standard_responses(400, 401, 403, 404, 409, 422)},
                      parameters=[_ID, _IDEMPOTENCY]),
    },
    f"{BASE}/{{id}}/publish": {
        "post": _op("publishCertificateTemplate", "Publish a certificate template",
                    "Idempotent: a published template keeps its published_at.", "certificates:write",
                    {"200": _TEMPLATE_OK, **standard_responses(400, 401, 403, 404, 409, 422)},
                    parameters=[_ID, _IDEMPOTENCY]),
    },
    f"{BASE}/assign": {
        "post": _op("assignCertificateTemplates", "Assign certificates to users",
                    "Issues each template's certificate to each user as of completed_at (expiry from the "
                    "template's validity). Users who already hold an active certificate of the template are "
                    f"skipped ({ALREADY_ACTIVE}), as is a pair repeated in the request ({DUPLICATE}). One "
                    f"transaction, at most {MAX_ASSIGNMENTS} users: an unknown template or user is 404 and a draft "
                    "template 409, naming the item in `extensions.field` (e.g. assignments[0].users[1].user_id), "
                    "and nothing is issued.", "certificates:write",
                    {"200": _json(_ref("AssignResponse"), "Who was issued a certificate and who was skipped"),
                     **standard_responses(400, 401, 403, 404, 409, 422)},
                    parameters=[_IDEMPOTENCY], body="AssignInput"),
    },
    f"{BASE}/{{id}}/reset": {
        "post": _op("resetCertificateTemplate", "Reset or revoke a certificate for users",
                    "Resets the users' completion of the template's resource (enrolment back to not-started, "
                    "certificates marked progress_was_reset); with expire, revokes their certificates of the "
                    "template. Issuance history is kept: nothing is deleted.", "certificates:write",
                    {"200": _json(_ref("ResetResponse"), "The users reset"),
                     **standard_responses(400, 401, 403, 404, 409, 422)},
                    parameters=[_ID, _IDEMPOTENCY], body="ResetInput"),
    },
    f"{BASE}/{{id}}/users": {
        "get": _op("listCertificateTemplateUsers", "List a template's holders",
                   "Users with a certificate of the template (any status), by e-mail, with their state.",
                   "certificates:read", {"200": _json(_ref("CertificateHolderList"), "A page of holders"),
                                         **standard_responses(400, 401, 403, 404)},
                   parameters=[_ID, *_PAGING]),
    },
    "/incoming/v2/users/{id}/certificates": {
        "get": _op("listUserCertificates", "List a user's certificates",
                   "One entry per template: the latest issuance and the earlier ones under history. Deleted "
                   "certificates are left out; revoked and expired ones stay.", "certificates:read",
                   {"200": _json(_ref("UserCertificateList"), "The user's certificates"),
                    **standard_responses(400, 401, 403, 404)},
                   parameters=[_ID]),
    },
    "/verify/certificates/{identifier}": {
        "get": {
            "operationId": "verifyCertificate", "summary": "Verify a certificate (public)",
            "description": "No API key. Whether the certificate with this identifier is valid, with its title, "
                           "the holder's name, the issuer and its dates only. A browser (Accept preferring text/html) "
                           "gets the same as an HTML page.",
            "tags": ["Verification"], "security": [],
            "parameters": [{"name": "identifier", "in": "path", "required": True,
                            "schema": {"type": "string", "minLength": 1, "maxLength": 100}}],
            "responses": {"200": _json(_ref("CertificateVerification"), "The certificate's validity"),
                          **standard_responses(400, 404)},
        },
    },
}
