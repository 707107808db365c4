"""The OpenAPI 3 document of the REST surface, served at GET /incoming/v2/openapi.json (no key).

Each REST module contributes `PATHS` (a dict of OpenAPI path items) and optionally `COMPONENTS`
(a dict of component schemas; a value may be a zero-argument callable, evaluated when the
document is first built). Add a module to `MODULES` to publish its paths. The shared pieces
below (error body, error responses, the bearer scheme, the Idempotency-Key header) are
referenced as `#/components/...`.
"""
from __future__ import annotations

import functools
import importlib
import importlib.util

from starlette.requests import Request
from starlette.routing import Route

from app.web.responses import ORJSONResponse

MODULES = ("app.rest.users", "app.rest.certify", "app.rest.certificates", "app.rest.certificate_types",
           "app.rest.certifications", "app.rest.catalog", "app.rest.webhooks_openapi")
OPENAPI_PATH = "/incoming/v2/openapi.json"

ERROR_SCHEMA = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["message", "extensions"],
                "properties": {
                    "message": {"type": "string"},
                    "extensions": {
                        "type": "object",
                        "required": ["code"],
                        "properties": {
                            "code": {"type": "string", "description": "UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, "
                                     "NOT_FOUND, CONFLICT, IDEMPOTENCY_KEY_REUSED, INTERNAL_SERVER_ERROR, …"},
                            "field": {"type": "string", "description": "The input at fault"},
                            "requestId": {"type": "string"},
                        },
                    },
                },
            },
        }
    },
}


def _error_response(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


RESPONSES = {
    "BadRequest": _error_response("Invalid input (BAD_USER_INPUT, with `extensions.field`)"),
    "Unauthorized": _error_response("Missing or invalid API key (UNAUTHENTICATED)"),
    "Forbidden": _error_response("The API key lacks the operation's scope (FORBIDDEN)"),
    "NotFound": _error_response("No such object (NOT_FOUND)"),
    "MethodNotAllowed": _error_response("Method not allowed"),
    "Conflict": _error_response("A request with this Idempotency-Key is still in progress (CONFLICT)"),
    "IdempotencyKeyReused": _error_response("The Idempotency-Key was used with another request "
                                            "(IDEMPOTENCY_KEY_REUSED)"),
}

PARAMETERS = {
    "IdempotencyKey": {
        "name": "Idempotency-Key", "in": "header", "required": False,
        "description": "Makes a retry return the first response (status and body) without doing the work again. "
                       "Per API key; kept for 24 hours; 1–255 visible ASCII characters. The same key with another "
                       "request (method, path, body) is refused with 422 IDEMPOTENCY_KEY_REUSED; while the first "
                       "request runs, a retry waits for it briefly, then gets 409 CONFLICT.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    },
}


def standard_responses(*codes: int) -> dict:
    """Error responses by status, for an operation's `responses`."""
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
             409: "Conflict", 422: "IdempotencyKeyReused"}
    return {str(code): {"$ref": f"#/components/responses/{names[code]}"} for code in codes}


def _contributions():
    for name in MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        yield getattr(module, "PATHS", {}), getattr(module, "COMPONENTS", {})


@functools.cache
def document() -> dict:
    paths: dict = {}
    schemas: dict = {"Error": ERROR_SCHEMA}
    for module_paths, components in _contributions():
        for path, item in module_paths.items():
            paths.setdefault(path, {}).update(item)
        for name, schema in components.items():
            schemas[name] = schema() if callable(schema) else schema
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Learner API — REST v2",
            "version": "2",
            "description": "Thought Industries compatible `/incoming/v2` endpoints. Authenticate with "
                           "`Authorization: Bearer API_KEY`; a key's scopes limit what it may call (403 otherwise). "
                           "Errors are `{\"errors\": [{\"message\", \"extensions\": {\"code\", \"field\"?}}]}`.",
        },
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": schemas,
            "responses": RESPONSES,
            "parameters": PARAMETERS,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearerAuth": []}],
    }


async def openapi_json(request: Request) -> ORJSONResponse:
    return ORJSONResponse(document())


ROUTES = [Route(OPENAPI_PATH, openapi_json, methods=["GET"])]
