"""REST responses rendered by the GraphQL types, so each field has one definition.

A REST endpoint answers with `{"data": {RootField: …}}`, the shape of the Helium REST v2
documents (seeds 000 and 004). The object is produced by executing a fixed GraphQL document
on a small internal schema whose root fields (`UserById`, `APICertifyUser`) load the row by id
and return the public GraphQL type (User, Certificate). The document selects every field of the
type and of the objects below it two levels deep, as the seed examples show them; objects a
third level down (shown as `{"...": "..."}` in the seeds) carry their `id` (or `__typename`),
and a union (Certificate.resource) its `__typename` and `id`. Fields that need arguments are left out.
The same walk produces the JSON Schema of the response for the OpenAPI document.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    Undefined,
)
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from app.apikeys.service import ApiKeyIdentity
from app.errors import AppError
from app.graphql.context import Context, Info, RequestDB
from app.graphql.errors import format_error
from app.graphql.loaders import by_id
from app.graphql.refs import CertificateRef, UserRef
from app.graphql.scalars import SCALAR_MAP

# Objects this many levels below the root are expanded; deeper ones are reduced to their id.
EXPANDED_DEPTH = 2

SCALAR_SCHEMAS = {
    "ID": {"type": "string"},
    "String": {"type": "string"},
    "Int": {"type": "integer"},
    "Float": {"type": "number"},
    "Boolean": {"type": "boolean"},
    "Date": {"type": "string", "description": "ISO 8601, e.g. 2024-01-01T00:00:00.000Z"},
    "URL": {"type": "string"},
    "AbsoluteOrRelativeURL": {"type": "string"},
    "Slug": {"type": "string"},
    "HexColor": {"type": "string"},
    "JSON": {},
}


@dataclass
class View:
    """A fixed document selecting one root field, and the JSON Schema of its value."""

    root: str
    selection: str
    schema: dict


def _unwrap(gql_type) -> tuple[Any, bool]:
    """(the type without NonNull, nullable?)."""
    if isinstance(gql_type, GraphQLNonNull):
        return gql_type.of_type, False
    return gql_type, True


def _nullable(schema: dict, nullable: bool) -> dict:
    if not nullable:
        return schema
    if not schema:  # any JSON value, null included
        return schema
    return {**schema, "nullable": True}


def _walk_type(gql_type, depth: int) -> tuple[str, dict]:
    """(selection text, JSON schema) of a value of `gql_type` found at object depth `depth`."""
    inner, nullable = _unwrap(gql_type)
    if isinstance(inner, GraphQLList):
        selection, item_schema = _walk_type(inner.of_type, depth)
        return selection, _nullable({"type": "array", "items": item_schema}, nullable)
    if isinstance(inner, GraphQLScalarType):
        return "", _nullable(dict(SCALAR_SCHEMAS.get(inner.name, {})), nullable)
    if isinstance(inner, GraphQLEnumType):
        return "", _nullable({"type": "string", "enum": list(inner.values)}, nullable)
    if isinstance(inner, (GraphQLObjectType, GraphQLInterfaceType)) and depth <= EXPANDED_DEPTH:
        selection, schema = _walk_object(inner, depth)
        return selection, _nullable(schema, nullable)
    if isinstance(inner, GraphQLUnionType):
        return _walk_union(inner, nullable)
    # Elided object: its id when it has one, else its type name.
    fields = getattr(inner, "fields", {})
    if "id" in fields:
        id_schema = _walk_type(fields["id"].type, depth)[1]
        schema = {"type": "object", "properties": {"id": id_schema}, "required": ["id"]}
        return "{ id }", _nullable(schema, nullable)
    schema = {"type": "object", "properties": {"__typename": {"type": "string"}}, "required": ["__typename"]}
    return "{ __typename }", _nullable(schema, nullable)


def _walk_union(gql_type: GraphQLUnionType, nullable: bool) -> tuple[str, dict]:
    """A union: its member's type name, and its id when the member has one."""
    with_id = [t.name for t in gql_type.types if "id" in t.fields]
    selection = "{ __typename " + " ".join(f"... on {name} {{ id }}" for name in with_id) + " }"
    properties = {"__typename": {"type": "string", "enum": [t.name for t in gql_type.types]}}
    if with_id:
        properties["id"] = {"type": "string"}
    return selection, _nullable({"type": "object", "properties": properties, "required": ["__typename"]}, nullable)


def _walk_object(gql_type, depth: int) -> tuple[str, dict]:
    parts: list[str] = []
    properties: dict[str, dict] = {}
    for name, field in gql_type.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined for arg in field.args.values()):
            continue  # needs arguments: not part of a fixed view
        selection, schema = _walk_type(field.type, depth + 1)
        parts.append(f"{name} {selection}".rstrip())
        properties[name] = schema
    return "{ " + " ".join(parts) + " }", {"type": "object", "properties": properties, "required": list(properties)}


def view_of(schema: strawberry.Schema, root: str) -> View:
    field = schema._schema.query_type.fields[root]
    selection, value_schema = _walk_type(field.type, 0)
    return View(root=root, selection=selection, schema=value_schema)


# Internal schemas: one per root field, so that one area's types cannot break another's view.

@strawberry.type
class UserView:
    @strawberry.field(name="UserById")
    async def user_by_id(self, info: Info, id: strawberry.ID) -> UserRef | None:
        from app.users.models import User

        return await by_id(info.context, User).load(id)


@strawberry.type
class CertificateView:
    @strawberry.field(name="APICertifyUser")
    async def certificate(self, info: Info, id: strawberry.ID) -> CertificateRef | None:
        from app.certificates.models import Certificate

        return await by_id(info.context, Certificate).load(id)


def _schema(query: type) -> strawberry.Schema:
    return strawberry.Schema(
        query=query, config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALAR_MAP),
        extensions=[lambda: ParserCache(maxsize=8), lambda: ValidationCache(maxsize=8)],
    )


QUERIES = {"UserById": UserView, "APICertifyUser": CertificateView}


@functools.cache
def compiled(root: str) -> tuple[strawberry.Schema, View, str]:
    """(internal schema, view, document) of a root field, built once."""
    schema = _schema(QUERIES[root])
    view = view_of(schema, root)
    document = f"query View($id: ID!) {{ {root}(id: $id) {view.selection} }}"
    return schema, view, document


async def render(services, *, root: str, id: str, api_key: ApiKeyIdentity | None, request_id: str) -> Any:
    """The value of `root` for `id` (None when there is no such row), as the GraphQL API renders it.

    Executed as the API key with no user, in its own read session.
    """
    schema, _view, document = compiled(root)
    ctx = Context(settings=services.settings, db=RequestDB(services.session_factory, services.hot_reads), api_key=api_key,
                  request_id=request_id, services=services)
    try:
        result = await schema.execute(document, variable_values={"id": id}, context_value=ctx)
    finally:
        await ctx.db.finish()
    if result.errors:
        for error in result.errors:
            format_error(error, request_id)  # logs the unexpected ones with the request id
        first = result.errors[0].original_error
        if isinstance(first, AppError):
            raise first
        raise RuntimeError(f"rendering {root} failed: {result.errors[0].message}") from first
    return (result.data or {}).get(root)
