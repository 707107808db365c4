"""Lengths match the columns (issue 14, part 4): input one character longer than its String(n)
column is refused (BAD_USER_INPUT, or 400 with a code on REST) on both databases, input of exactly
n is stored. Every GraphQL mutation's text arguments, made very long, get an answer, never a
database error."""
from __future__ import annotations

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType

from app.certificates.models import Certificate, CertificateType
from app.db import column_length
from app.graphql.schema import schema
from app.users.emails import MAX_EMAIL_LENGTH
from app.users.models import LoginThrottle, User
from app.webhooks.models import WebhookEndpoint
from tests.factories import administrator
from tests.factories.users import login_fixture
from tests.graphql.fuzzing import server_error
from tests.rest.helpers import bearer, error_of


@pytest.fixture
async def boss(db) -> str:
    return await administrator(db, "boss@example.com")


admin_token = login_fixture("boss@example.com", "boss")


def _email(length: int) -> str:
    local = "l" * 64
    return local + "@" + "d" * (length - len(local) - 1 - 4) + ".com"


def test_the_email_bound_is_the_columns():
    assert MAX_EMAIL_LENGTH == column_length(User.email) == column_length(LoginThrottle.email)


@pytest.mark.parametrize("argument,column", [("firstName", User.first_name), ("lastName", User.last_name),
                                             ("email", User.email)])
async def test_create_learner_text_up_to_the_column(gql, admin_token, argument, column):
    n = column_length(column)
    create = ("mutation($email: String!, $first: String!, $last: String!) "
              "{ CreateLearner(email: $email, firstName: $first, lastName: $last) { email firstName lastName } }")

    def variables(value: str, number: int) -> dict:
        values = {"email": f"learner{number}@example.com", "first": "F", "last": "L"}
        values[{"firstName": "first", "lastName": "last"}.get(argument, argument)] = value
        return values

    long_value = _email(n + 1) if argument == "email" else "x" * (n + 1)
    body = await gql(create, variables(long_value, 1), token=admin_token)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], body
    exact = _email(n) if argument == "email" else "x" * n
    created = (await gql.data(create, variables(exact, 2), token=admin_token))["CreateLearner"]
    assert created[argument] == exact


@pytest.mark.parametrize("field,column", [("title", CertificateType.title), ("slug", CertificateType.slug)])
async def test_certificate_type_text_up_to_the_column(http, field, column):
    n = column_length(column)
    value = "x" * n if field == "title" else "s" * n

    too_long = await http.post("/incoming/v2/certificate-types", headers=bearer(),
                               json={"title": "T", field: value + value[0]})
    assert too_long.status_code == 400 and error_of(too_long) | {"code": "BAD_USER_INPUT", "field": field} == \
        error_of(too_long), too_long.text
    exact = await http.post("/incoming/v2/certificate-types", headers=bearer(), json={"title": "T", field: value})
    assert exact.status_code == 201, exact.text
    assert exact.json()["data"][field] == value


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"webhook_allow_private": True})


async def test_webhook_description_up_to_the_column(http):
    n = column_length(WebhookEndpoint.description)
    body = {"url": "http://127.0.0.1/hook", "event_types": ["certificate.issued"]}
    too_long = await http.post("/incoming/v2/webhooks", headers=bearer(), json={**body, "description": "d" * (n + 1)})
    assert too_long.status_code == 400 and error_of(too_long)["field"] == "description", too_long.text
    exact = await http.post("/incoming/v2/webhooks", headers=bearer(), json={**body, "description": "d" * n})
    assert exact.status_code == 201 and exact.json()["data"]["description"] == "d" * n, exact.text
    long_url = "http://127.0.0.1/" + "u" * column_length(WebhookEndpoint.url)
    refused = await http.post("/incoming/v2/webhooks", headers=bearer(), json={**body, "url": long_url})
    assert refused.status_code == 400 and error_of(refused)["field"] == "url", refused.text


def test_the_upload_bounds_are_the_columns():
    from app.certificates import uploads

    assert uploads.MAX_ASSET_LENGTH == column_length(Certificate.asset)
    assert uploads.MAX_TITLE_LENGTH == column_length(Certificate.external_resource_title)


# ---- every mutation's text arguments, very long -------------------------------------------------

LONG = "x" * 5_000  # longer than every String(n) column


def _plain(kind) -> tuple[object, bool]:
    required = isinstance(kind, GraphQLNonNull)
    return (kind.of_type if required else kind), required


def _value(kind, long_path: list[str], path: list[str]):
    """A value of `kind`: `LONG` where the path is `long_path`, something well-formed elsewhere."""
    kind, _ = _plain(kind)
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type, long_path, path + ["0"])]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {name: _value(field.type, long_path, path + [name]) for name, field in kind.fields.items()
                if isinstance(field.type, GraphQLNonNull) or path + [name] == long_path[:len(path) + 1]}
    name = kind.name
    if path == long_path:
        return LONG if name != "URL" else "https://example.com/" + LONG
    return {"Int": 1, "Float": 1.0, "Boolean": True, "UUID": "00000000-0000-0000-0000-000000000001",
            "ID": "00000000-0000-0000-0000-000000000001", "URL": "https://example.com/a.png",
            "Date": "2026-01-01"}.get(name, "walk@example.com" if path[-1].lower().endswith("email") else "text")


def _text_paths(kind, path: list[str]) -> list[list[str]]:
    kind, _ = _plain(kind)
    if isinstance(kind, GraphQLList):
        return _text_paths(kind.of_type, path + ["0"])
    if isinstance(kind, GraphQLInputObjectType):
        return [p for name, field in kind.fields.items() for p in _text_paths(field.type, path + [name])]
    if getattr(kind, "name", None) in ("String", "ID", "URL", "UUID", "Slug"):
        return [path]
    return []


def _cases():
    mutation = schema._schema.mutation_type
    for field_name, field in mutation.fields.items():
        for arg_name, arg in field.args.items():
            for path in _text_paths(arg.type, [arg_name]):
                yield field_name, field, path


@pytest.mark.parametrize("field_name,field,path", list(_cases()), ids=lambda v: ".".join(v) if isinstance(v, list)
                         else v if isinstance(v, str) else "")
async def test_very_long_text_in_any_mutation_argument_gets_an_answer(gql, admin_token, field_name, field, path):
    definitions, arguments, variables = [], [], {}
    for arg_name, arg in field.args.items():
        if not isinstance(arg.type, GraphQLNonNull) and arg_name != path[0]:
            continue
        definitions.append(f"${arg_name}: {arg.type}")
        arguments.append(f"{arg_name}: ${arg_name}")
        variables[arg_name] = _value(arg.type, path, [arg_name])
    returned = _plain(field.type)[0]
    while isinstance(returned, GraphQLList | GraphQLNonNull):
        returned = returned.of_type
    selection = " { __typename }" if isinstance(returned, GraphQLObjectType) else ""
    document = f"mutation({', '.join(definitions)}) {{ {field_name}({', '.join(arguments)}){selection} }}"
    response = await gql.post(document, variables, token=admin_token)
    assert server_error(response) is None, (document, response.text[:500])
