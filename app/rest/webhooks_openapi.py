"""OpenAPI paths and schemas of /incoming/v2/webhooks and the administrators' credential download."""
from __future__ import annotations

from app.rest.openapi import standard_responses
from app.webhooks.events import EVENT_TYPES


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_TS = {"type": "string", "format": "date-time"}
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
_ENDPOINT = {
    "type": "object", "required": ["id", "url", "event_types", "created_at"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "url": {"type": "string"},
        "description": {"type": "string", "nullable": True},
        "event_types": {"type": "array", "items": {"type": "string", "enum": list(EVENT_TYPES)}},
        "created_at": _TS,
    },
}

COMPONENTS = {
    "WebhookEndpointInput": {
        "type": "object", "required": ["url", "event_types"],
        "properties": {
            "url": {"type": "string", "minLength": 1, "maxLength": 2000,
                    "description": "http(s); private addresses are refused unless WEBHOOK_ALLOW_PRIVATE=1"},
            "event_types": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(EVENT_TYPES)}},
            "secret": {"type": "string", "pattern": "^whsec_[A-Za-z0-9+/]+={0,2}$",
                       "description": "whsec_ + base64 of 24 to 64 bytes; generated when absent"},
            "description": {"type": "string", "maxLength": 200, "nullable": True},
        },
    },
    "WebhookEndpoint": _ENDPOINT,
    "WebhookEndpointCreated": {"type": "object", "required": ["data"], "properties": {"data": {
        **_ENDPOINT, "required": [*_ENDPOINT["required"], "secret"],
        "properties": {**_ENDPOINT["properties"],
                       "secret": {"type": "string", "description": "The signing secret, shown only here"}}}}},
    "WebhookEndpointResponse": {"type": "object", "required": ["data"], "properties": {"data": _ref("WebhookEndpoint")}},
    "WebhookEndpointList": {"type": "object", "required": ["data"],
                            "properties": {"data": {"type": "array", "items": _ref("WebhookEndpoint")}}},
    "WebhookDeliveryLog": {"type": "object", "required": ["data", "meta"], "properties": {
        "data": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "string", "description": "The webhook-id header of every attempt"},
            "event_type": {"type": "string", "enum": list(EVENT_TYPES)},
            "status": {"type": "string", "enum": ["pending", "sent", "failed"]},
            "attempts": {"type": "integer"},
            "last_error": {"type": "string", "nullable": True},
            "created_at": _TS, "delivered_at": {**_TS, "nullable": True},
            "next_attempt_at": {**_TS, "nullable": True},
        }}},
        "meta": {"type": "object", "properties": {"page": {"type": "integer"}, "per_page": {"type": "integer"},
                                                  "total": {"type": "integer"}, "total_pages": {"type": "integer"}}},
    }},
    "CertificateCredential": {"type": "object", "required": ["data"], "properties": {"data": {
        "type": "object", "required": ["credential"],
        "properties": {"credential": {"type": "string", "description": "An Open Badges 3.0 OpenBadgeCredential as a "
                                                                       "VC-JOSE JWT (EdDSA); keys at /.well-known/jwks.json"},
                       "media_type": {"type": "string", "enum": ["application/vc+jwt"]}}}}},
}

_PAGING = [{"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
           {"name": "per_page", "in": "query", "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": 50}}]

PATHS = {
    "/incoming/v2/webhooks": {
        "post": {"operationId": "createWebhookEndpoint", "summary": "Register a webhook endpoint",
                 "description": "Scope webhooks:write. Deliveries are signed per Standard Webhooks (webhook-id, "
                                "webhook-timestamp, webhook-signature) and retried with exponential backoff.",
                 "tags": ["Webhooks"],
                 "requestBody": {"required": True, "content": {"application/json": {
                     "schema": _ref("WebhookEndpointInput")}}},
                 "responses": {"201": _json(_ref("WebhookEndpointCreated"), "The endpoint, with its secret"),
                               **standard_responses(400, 401, 403)}},
        "get": {"operationId": "listWebhookEndpoints", "summary": "Webhook endpoints", "tags": ["Webhooks"],
                "responses": {"200": _json(_ref("WebhookEndpointList"), "The endpoints (no secrets)"),
                              **standard_responses(401, 403)}},
    },
    "/incoming/v2/webhooks/{id}": {
        "get": {"operationId": "getWebhookEndpoint", "summary": "A webhook endpoint", "tags": ["Webhooks"],
                "parameters": [_ID],
                "responses": {"200": _json(_ref("WebhookEndpointResponse"), "The endpoint"),
                              **standard_responses(400, 401, 403, 404)}},
        "delete": {"operationId": "deleteWebhookEndpoint", "summary": "Remove a webhook endpoint", "tags": ["Webhooks"],
                   "parameters": [_ID],
                   "responses": {"204": {"description": "Removed; its delivery log stays readable"},
                                 **standard_responses(400, 401, 403, 404)}},
    },
    "/incoming/v2/webhooks/{id}/deliveries": {
        "get": {"operationId": "webhookDeliveries", "summary": "The delivery log of an endpoint", "tags": ["Webhooks"],
                "parameters": [_ID, *_PAGING],
                "responses": {"200": _json(_ref("WebhookDeliveryLog"), "Newest first"),
                              **standard_responses(400, 401, 403, 404)}},
    },
    "/incoming/v2/users/{id}/certificates/{certificateId}/credential": {
        "get": {"operationId": "certificateCredential", "summary": "A certificate as a signed Open Badges 3.0 credential",
                "tags": ["Certificates"],
                "parameters": [_ID, {"name": "certificateId", "in": "path", "required": True,
                                     "schema": {"type": "string", "format": "uuid"}}],
                "responses": {"200": _json(_ref("CertificateCredential"), "The credential"),
                              **standard_responses(400, 401, 403, 404)}},
    },
}
