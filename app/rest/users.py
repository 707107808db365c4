"""GET /incoming/v2/users/{id}: the full user (seed 004), rendered by the GraphQL User type."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.errors import not_found
from app.rest.common import endpoint, parse_uuid
from app.rest.graphql_views import render
from app.rest.openapi import standard_responses
from app.web.responses import ORJSONResponse


@endpoint("users:read")
async def get_user(request: Request, api_key) -> Response:
    user_id = parse_uuid(request.path_params["id"], "id")
    user = await render(request.app.state.services, root="UserById", id=user_id, api_key=api_key,
                        request_id=request.state.request_id)
    if user is None:
        raise not_found("User", "id")
    return ORJSONResponse({"data": {"UserById": user}})


ROUTES = [Route("/incoming/v2/users/{id}", get_user, methods=["GET"])]


def _user_response_schema() -> dict:
    from app.rest.graphql_views import compiled

    view = compiled("UserById")[1]
    return {"type": "object", "required": ["data"], "properties": {
        "data": {"type": "object", "required": ["UserById"], "properties": {"UserById": view.schema}}}}


COMPONENTS = {"UserByIdResponse": _user_response_schema}
PATHS = {
    "/incoming/v2/users/{id}": {
        "get": {
            "operationId": "getUser",
            "summary": "Get a user",
            "description": "The full profile of one user: the GraphQL `User` type's fields (purchased courses "
                           "and bundles, licenses, learning paths, meetings, clients …), objects expanded two "
                           "levels deep; deeper objects carry their `id`. Scope `users:read`.",
            "tags": ["Users"],
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "description": "The user's id.", "schema": {"type": "string", "format": "uuid"}}],
            "responses": {
                "200": {"description": "The user", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/UserByIdResponse"}}}},
                **standard_responses(400, 401, 403, 404),
            },
        }
    }
}
