"""PUT /incoming/v2/catalog imports a catalog document; GET /incoming/v2/catalog exports it (docs/catalog.md)."""
from __future__ import annotations

import io

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from app.catalog.document import Catalog
from app.catalog.exporter import export_catalog
from app.catalog.importer import import_catalog
from app.catalog.reader import CatalogSource
from app.rest.common import endpoint, write_session
from app.rest.openapi import standard_responses
from app.web.responses import ORJSONResponse

PATH = "/incoming/v2/catalog"


@endpoint("catalog:write")
async def put_catalog(request: Request, api_key) -> Response:
    source = CatalogSource(io.BytesIO(await request.body()))
    async with write_session(request) as session:
        summary = await import_catalog(session, source)
    return ORJSONResponse({"data": summary.to_json()})


@endpoint("catalog:read")
async def get_catalog(request: Request, api_key) -> Response:
    factory = request.app.state.services.session_factory

    async def chunks():
        async with factory() as session:
            async for chunk in export_catalog(session):
                yield chunk

    return StreamingResponse(chunks(), media_type="application/json")


ROUTES = [Route(PATH, put_catalog, methods=["PUT"]), Route(PATH, get_catalog, methods=["GET"])]


def openapi_30(schema):
    """A JSON Schema of pydantic (2020-12) as OpenAPI 3.0 reads it: `anyOf [X, null]` -> X + nullable, const -> enum."""
    if isinstance(schema, list):
        return [openapi_30(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {k: openapi_30(v) for k, v in schema.items()}
    options = schema.get("anyOf")
    if options and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        del schema["anyOf"]
        schema.update(rest[0] if len(rest) == 1 and "$ref" not in rest[0] else {"anyOf": rest})
        schema["nullable"] = True
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    return schema


def _components() -> dict:
    root = Catalog.model_json_schema(by_alias=True, ref_template="#/components/schemas/Catalog{model}")
    defs = root.pop("$defs", {})
    root.pop("$id", None)
    return {"CatalogDocument": openapi_30(root), **{f"Catalog{name}": openapi_30(s) for name, s in defs.items()}}


COUNTS = {"type": "object", "required": ["created", "updated", "unchanged"],
          "properties": {k: {"type": "integer", "minimum": 0} for k in ("created", "updated", "unchanged")}}
COMPONENTS = {
    **_components(),
    "CatalogImportSummary": {"type": "object", "required": ["data"], "properties": {"data": {
        "type": "object", "description": "Counts per section (`courses`, `sessions`, `licenses`, `translations` "
                                         "(one per string) …) of the entries created, updated and left unchanged.",
        "additionalProperties": COUNTS}}},
}
PATHS = {
    PATH: {
        "put": {
            "operationId": "importCatalog",
            "summary": "Import a catalog",
            "description": "Upserts the document by the operator's keys (slug, sku, code, label), all or nothing: "
                           "on any problem nothing is written and every problem is listed, each with its JSON path "
                           "in `extensions.field` and its code (`INVALID_JSON`, `UNKNOWN_FIELD`, `REQUIRED`, "
                           "`INVALID_VALUE`, `DUPLICATE_KEY`, `UNKNOWN_REFERENCE`, `CONFLICT`). Importing the same "
                           "document again changes nothing. Scope `catalog:write`. Format: docs/catalog.md.",
            "tags": ["Catalog"],
            "parameters": [{"$ref": "#/components/parameters/IdempotencyKey"}],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/CatalogDocument"}}}},
            "responses": {
                "200": {"description": "Imported", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/CatalogImportSummary"}}}},
                **standard_responses(400, 401, 403, 409, 422),
            },
        },
        "get": {
            "operationId": "exportCatalog",
            "summary": "Export the catalog",
            "description": "The whole catalog and organisation as one document, the format PUT takes. "
                           "Scope `catalog:read`.",
            "tags": ["Catalog"],
            "responses": {
                "200": {"description": "The catalog document", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/CatalogDocument"}}}},
                **standard_responses(401, 403),
            },
        },
    }
}
