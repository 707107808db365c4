"""Numeric and date ranges (issue 14, part 4): every Int, Float and Date argument of every GraphQL query
and mutation, at the edges of its type and of the calendar, gets an answer with a code (never a
server error), and a date outside the years 1900 to 3000 is BAD_USER_INPUT; each documented bound n
is accepted and n + 1 refused, in GraphQL and REST, on both databases. (The REST bodies' fields are
walked from the OpenAPI document by tests/rest/test_body_fields.py.)"""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType

from app.awards.queries import MAX_LEADERBOARD_LIMIT
from app.certificates.templates import (
    MAX_PER_PAGE,
    MAX_VALIDITY_DAYS,
    MAX_VALIDITY_MONTHS,
    RESET_DAYS_MAX,
    RESET_DAYS_MIN,
)
from app.certificates.uploads import MAX_AWARD_AMOUNT
from app.graphql.schema import schema
from app.ranges import MAX_YEAR, MIN_YEAR
from app.usage.service import MAX_REPORT_DAYS
from tests.factories import administrator, build, course, enrol, id_of, learner
from tests.factories.users import login_fixture
from tests.graphql.certificates.test_upload_mutation import jane  # noqa: F401  (fixture)
from tests.graphql.fuzzing import server_error
from tests.rest.helpers import bearer, error_of

INT_EDGES = [-(2**31), -1, 0, 1, 2**31 - 1]
FLOAT_EDGES = [-1e308, -1.0, -0.0, 0.5, 1e308]
OUT_OF_RANGE_DATES = [f"{MIN_YEAR - 1}-12-31T23:59:59Z", f"{MAX_YEAR + 1}-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00",
                      "9999-12-31T23:59:59-14:00", "0001-01-01", "9999-12-31"]
WELL_FORMED = {"Int": 1, "Float": 1.0, "Boolean": True, "UUID": "00000000-0000-0000-0000-000000000001",
               "ID": "00000000-0000-0000-0000-000000000001", "URL": "https://example.com/a.png", "Date": "2026-01-01",
               "Slug": "walk"}


@pytest.fixture
async def people(db) -> SimpleNamespace:
    """A course, a learner enrolled in it and an administrator."""
    await build(db, courses=[course("python")])
    python = await id_of(db, "content", "python")
    walker = await learner(db, "walker@example.com")
    await enrol(db, walker, python)
    await administrator(db, "boss@example.com")
    return SimpleNamespace(python=python, learner=walker)


learner_token = login_fixture("walker@example.com", "people")
admin_token = login_fixture("boss@example.com", "people")


def _plain(kind):
    return kind.of_type if isinstance(kind, GraphQLNonNull) else kind


def _leaves(kind, path: tuple) -> list[tuple[tuple, str]]:
    """(path, scalar name) of every Int, Float and Date inside an argument's type."""
    kind = _plain(kind)
    if isinstance(kind, GraphQLList):
        return _leaves(kind.of_type, (*path, 0))
    if isinstance(kind, GraphQLInputObjectType):
        return [leaf for name, field in kind.fields.items() for leaf in _leaves(field.type, (*path, name))]
    return [(path, kind.name)] if getattr(kind, "name", None) in ("Int", "Float", "Date") else []


def _value(kind, target: tuple, value, path: tuple):
    """A value of `kind` with `value` at `target` and something well-formed elsewhere."""
    kind = _plain(kind)
    if path == target:
        return value
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type, target, value, (*path, 0))]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {name: _value(field.type, target, value, (*path, name)) for name, field in kind.fields.items()
                if isinstance(field.type, GraphQLNonNull) or (*path, name) == target[:len(path) + 1]}
    return WELL_FORMED.get(kind.name, "walk")


def _cases():
    for operation, root in (("query", schema._schema.query_type), ("mutation", schema._schema.mutation_type)):
        for field_name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                for path, scalar in _leaves(arg.type, (arg_name,)):
                    values = {"Int": INT_EDGES, "Float": FLOAT_EDGES, "Date": OUT_OF_RANGE_DATES}[scalar]
                    for value in values:
                        yield pytest.param(operation, field_name, path, scalar, value,
                                           id=f"{field_name}.{'.'.join(map(str, path))}={value}")


def _document(operation: str, field_name: str, target: tuple, value) -> tuple[str, dict]:
    root = schema._schema.query_type if operation == "query" else schema._schema.mutation_type
    field = root.fields[field_name]
    definitions, arguments, variables = [], [], {}
    for arg_name, arg in field.args.items():
        if isinstance(arg.type, GraphQLNonNull) or arg_name == target[0]:
            definitions.append(f"${arg_name}: {arg.type}")
            arguments.append(f"{arg_name}: ${arg_name}")
            variables[arg_name] = _value(arg.type, target, value, (arg_name,))
    returned = field.type
    while isinstance(returned, GraphQLList | GraphQLNonNull):
        returned = returned.of_type
    selection = " { __typename }" if isinstance(returned, GraphQLObjectType) else ""
    signature = f"({', '.join(definitions)})" if definitions else ""
    call = f"({', '.join(arguments)})" if arguments else ""
    return f"{operation}{signature} {{ {field_name}{call}{selection} }}", variables


def test_the_walk_covers_the_known_numeric_and_date_arguments():
    covered = {(p.values[1], p.values[2]) for p in _cases()}
    assert {("ApiUsage", ("days",)), ("UserRecentContent", ("limit",)), ("BadgeLeaderboard", ("limit",)),
            ("CreateCertificateFromUpload", ("certificateUploadFields", 0, "awardAmount")),
            ("CreateCertificateFromUpload", ("certificateUploadFields", 0, "date"))} <= covered


@pytest.mark.parametrize("operation,field_name,path,scalar,value", list(_cases()))
async def test_numbers_and_dates_at_the_edges_get_an_answer(gql, learner_token, admin_token, operation, field_name,
                                                            path, scalar, value):
    document, variables = _document(operation, field_name, path, value)
    for token in (learner_token, admin_token):
        response = await gql.post(document, variables, token=token)
        assert server_error(response) is None, (document, variables, response.text[:500])
        errors = response.json().get("errors") or []
        assert all((e.get("extensions") or {}).get("code") for e in errors), errors
        if scalar == "Date":
            assert [e["extensions"]["code"] for e in errors] == ["BAD_USER_INPUT"], errors


# ---- each documented bound: n accepted, n + 1 refused ---------------------------------------------

def _codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or ()]


@pytest.mark.parametrize("days,accepted", [(1, True), (0, False), (MAX_REPORT_DAYS, True), (MAX_REPORT_DAYS + 1, False)])
async def test_api_usage_days(gql, admin_token, days, accepted):
    body = await gql("query($d: Int!) { ApiUsage(days: $d) { day } }", {"d": days}, token=admin_token)
    assert _codes(body) == ([] if accepted else ["BAD_USER_INPUT"]), body


async def test_leaderboard_and_recent_content_limits(gql, learner_token):
    leaderboard = "query($n: Int) { BadgeLeaderboard(limit: $n) { leaders { rank } } }"
    assert _codes(await gql(leaderboard, {"n": 1}, token=learner_token)) == []
    assert _codes(await gql(leaderboard, {"n": 0}, token=learner_token)) == ["BAD_USER_INPUT"]
    clamped = await gql.data(leaderboard, {"n": MAX_LEADERBOARD_LIMIT + 1}, token=learner_token)
    assert len(clamped["BadgeLeaderboard"]["leaders"]) <= MAX_LEADERBOARD_LIMIT
    recent = "query($n: Int) { UserRecentContent(limit: $n) { id } }"
    assert (await gql.data(recent, {"n": 0}, token=learner_token))["UserRecentContent"] == []
    assert _codes(await gql(recent, {"n": -1}, token=learner_token)) == ["BAD_USER_INPUT"]


UPLOAD = """mutation($fields: [CertificateUploadField!]) {
  CreateCertificateFromUpload(asset: "https://assets.example.com/a.png", certificateUploadFields: $fields) { id } }"""


@pytest.mark.parametrize("amount,accepted", [(0, True), (-0.5, False), (MAX_AWARD_AMOUNT, True),
                                             (MAX_AWARD_AMOUNT + 0.5, False)])
async def test_upload_award_amount(gql, jane, amount, accepted):  # noqa: F811
    fields = [{"certificateFieldId": jane.credits, "type": "awardLabel", "awardTypeId": jane.credit,
               "awardAmount": amount}]
    body = await gql(UPLOAD, {"fields": fields}, token=jane.token)
    assert _codes(body) == ([] if accepted else ["BAD_USER_INPUT"]), body


@pytest.mark.parametrize("day,accepted", [(f"{MIN_YEAR}-01-01T00:00:00Z", True), (f"{MIN_YEAR - 1}-12-31T23:59:59Z", False),
                                          (f"{MAX_YEAR}-12-31T23:59:59Z", True), (f"{MAX_YEAR + 1}-01-01T00:00:00Z", False),
                                          ("0001-01-01T00:00:00+14:00", False), ("9999-12-31T23:59:59-14:00", False)])
async def test_upload_date(gql, jane, day, accepted):  # noqa: F811
    fields = [{"certificateFieldId": jane.date, "type": "contentCompletionDate", "date": day}]
    body = await gql(UPLOAD, {"fields": fields}, token=jane.token)
    assert _codes(body) == ([] if accepted else ["BAD_USER_INPUT"]), body


TEMPLATES = "/incoming/v2/certificate-templates"


@pytest.mark.parametrize("body,accepted", [
    ({"validity_days": MAX_VALIDITY_DAYS}, True), ({"validity_days": MAX_VALIDITY_DAYS + 1}, False),
    ({"validity_days": 1}, True), ({"validity_days": 0}, False),
    ({"validity_months": MAX_VALIDITY_MONTHS}, True), ({"validity_months": MAX_VALIDITY_MONTHS + 1}, False),
    ({"validity_days": 365, "reset_days_before_expiry": RESET_DAYS_MIN}, True),
    ({"validity_days": 365, "reset_days_before_expiry": RESET_DAYS_MIN - 1}, False),
    ({"validity_days": 400, "reset_days_before_expiry": RESET_DAYS_MAX}, True),
    ({"validity_days": 400, "reset_days_before_expiry": RESET_DAYS_MAX + 1}, False),
    ({"recertification_after_days": MAX_VALIDITY_DAYS}, True),
    ({"recertification_after_days": MAX_VALIDITY_DAYS + 1}, False),
    ({"expiration_date": f"{MAX_YEAR}-12-31T00:00:00Z"}, True), ({"expiration_date": f"{MAX_YEAR + 1}-01-01"}, False),
], ids=repr)
async def test_template_bounds(http, people, body, accepted):
    response = await http.post(TEMPLATES, headers=bearer(),
                               json={"title": "Bound", "resource_type": "course", "resource_id": people.python, **body})
    if accepted:
        assert response.status_code == 201, response.text
    else:
        assert response.status_code == 400 and error_of(response)["code"] == "BAD_USER_INPUT", response.text
        assert error_of(response)["field"] == next(iter(body.keys() - {"validity_days"}), "validity_days")


@pytest.mark.parametrize("body,accepted", [
    ({"issued_on": f"{MIN_YEAR}-01-01"}, True), ({"issued_on": f"{MIN_YEAR - 1}-12-31"}, False),
    ({"expires_on": f"{MAX_YEAR}-12-31"}, True), ({"expires_on": f"{MAX_YEAR + 1}-01-01"}, False),
], ids=repr)
async def test_certification_record_dates(http, people, body, accepted):
    response = await http.post("/incoming/v2/certifications", headers=bearer(),
                               json={"user_id": people.learner, "title": "Bound", **body})
    if accepted:
        assert response.status_code == 201, response.text
    else:
        assert response.status_code == 400 and error_of(response) | {"code": "BAD_USER_INPUT"} == error_of(response)
        assert error_of(response)["field"] == next(iter(body)), response.text


@pytest.mark.parametrize("query,accepted", [(f"per_page={MAX_PER_PAGE}", True), (f"per_page={MAX_PER_PAGE + 1}", False),
                                            ("page=10000000", True), ("page=10000001", False), ("page=0", False),
                                            ("page=" + "9" * 5000, False)], ids=str)
async def test_pagination_bounds(http, people, query, accepted):
    response = await http.get(f"{TEMPLATES}?{query}", headers=bearer())
    if accepted:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 400 and error_of(response)["code"] == "BAD_USER_INPUT", response.text


@pytest.mark.parametrize("start,accepted", [(f"{MAX_YEAR}-12-31T00:00:00Z", True), (f"{MAX_YEAR + 1}-01-01T00:00:00Z", False),
                                            (f"{MIN_YEAR}-01-01T00:00:00Z", True), (f"{MIN_YEAR - 1}-12-31T00:00:00Z", False)])
async def test_catalog_dates(http, people, start, accepted):
    catalog = {"format": "learner-api/catalog", "version": 1,
               "courses": [{"slug": "bound", "title": "Bound", "kind": "courseGroup", "sessions": [
                   {"slug": "bound-session", "title": "Bound", "courseStartDate": start}]}]}
    response = await http.put("/incoming/v2/catalog", headers=bearer(), json=catalog)
    if accepted:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code in (400, 422) and error_of(response)["code"], response.text
