"""app/graphql/engine/execution.py: thin resolvers, the fast leaf path and flat inputs answer exactly as
strawberry's stock execution does, errors and their paths included."""
from __future__ import annotations

import enum

import pytest
import strawberry
from strawberry.types import Info

from app.graphql.engine.execution import FastExecutionContext, fast_enum_output, flat_inputs, slim_resolvers
from app.graphql.schema import schema as app_schema


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Row:
    def __init__(self, n: int):
        self.n = n
        self.label = f"row {n}" if n != 3 else None  # row 3 breaks the non-null `label`


@strawberry.type
class Item:
    n: int
    label: str

    @strawberry.field
    def double(self) -> int:
        return self.n * 2

    @strawberry.field
    def colour(self) -> Colour:
        return Colour.RED if self.n % 2 else Colour.BLUE

    @strawberry.field
    async def later(self, info: Info) -> str:
        return f"{info.field_name}:{self.n}"

    @strawberry.field
    def boom(self) -> str | None:
        if self.n == 2:
            raise ValueError("boom at 2")
        return "fine"

    @strawberry.field
    def scaled(self, by: int = 10) -> int:
        return self.n * by

    @strawberry.field
    def names(self) -> list[str | None]:
        return [f"name {self.n}", None]

    @strawberry.field
    def codes(self) -> list[str]:
        return [self.n, "x"]  # type: ignore[list-item]  # an int: String coerces it


@strawberry.input
class Filter:
    name: str
    tags: list[str] | None = None
    limit: int | None = 3
    note: str | None


@strawberry.type
class Query:
    @strawberry.field
    def items(self, count: int) -> list[Item]:
        return [Row(n) for n in range(count)]  # type: ignore[misc]

    @strawberry.field
    def echo(self, filters: list[Filter]) -> str:
        return repr([(f.name, f.tags, f.limit, f.note) for f in filters])


def _schemas():
    stock = strawberry.Schema(query=Query)
    thin = strawberry.Schema(query=Query, execution_context_class=FastExecutionContext)
    assert slim_resolvers(thin) > 0
    assert fast_enum_output(thin) == 1
    return stock, thin


@pytest.mark.parametrize("query", [
    "{ items(count: 3) { n label double colour later boom scaled scaled10: scaled(by: 100) names codes } }",
    "{ items(count: 5) { n label } }",  # a null for a non-null field: the item becomes null… the list too
    "{ items(count: 4) { n boom } }",  # a resolver error beside data
    "{ items(count: 2) { __typename n ... on Item { double } } }",
])
async def test_thin_execution_answers_as_strawberry_does(query):
    stock, thin = _schemas()
    expected, got = await stock.execute(query), await thin.execute(query)
    assert got.data == expected.data
    assert [(e.message, e.path) for e in got.errors or []] == [(e.message, e.path) for e in expected.errors or []]


async def test_flat_inputs_build_the_same_objects():
    query = """query($f: [Filter!]!) { echo(filters: $f) }"""
    values = [
        [{"name": "a"}],
        [{"name": "b", "tags": ["x", "y"], "limit": None, "note": "n"}, {"name": "c", "tags": None}],
        [{"name": "d", "limit": 7}],
    ]
    schema = strawberry.Schema(query=Query)
    expected = [(await schema.execute(query, variable_values={"f": v})).data for v in values]
    assert flat_inputs(schema) == 1
    assert [(await schema.execute(query, variable_values={"f": v})).data for v in values] == expected
    bad = await schema.execute(query, variable_values={"f": [{"tags": []}]})
    assert bad.errors and "name" in bad.errors[0].message


def test_the_app_schema_uses_flat_inputs_only_where_every_field_is_a_scalar():
    from graphql import GraphQLInputObjectType

    flat = {t.name for t in app_schema._schema.type_map.values()
            if isinstance(t, GraphQLInputObjectType) and t.extensions["strawberry-definition"].from_input}
    assert "LearnerInput" in flat and "CertificateUploadField" not in flat


# ---- large list variables (app/graphql/engine/variables.py) ------------------------------------------

@strawberry.input
class Person:
    email: str
    team_id: strawberry.ID | None = None
    badge_ids: list[strawberry.ID] | None = None
    active: bool | None = True
    note: str | None


@strawberry.type
class PeopleQuery:
    @strawberry.field
    def people(self, people: list[Person]) -> str:
        return repr([(p.email, p.team_id, p.badge_ids, p.active, p.note) for p in people])


PEOPLE = "query($p: [Person!]!) { people(people: $p) }"


def _people(n: int, **extra) -> list[dict]:
    return [{"email": f"p{i}@x.org", **extra} for i in range(n)]


@pytest.mark.parametrize("value", [
    _people(60),
    _people(60, teamId="t", badgeIds=["a", "b"], active=False, note=None),
    _people(60, badgeIds=[], active=None),
    _people(60, badgeIds=None, note="n"),
])
async def test_large_list_variables_coerce_as_graphql_core_does(value, monkeypatch):
    from graphql import GraphQLList, GraphQLNonNull
    from graphql.utilities import coerce_input_value

    from app.graphql.engine import execution
    from app.graphql.engine.variables import coerce_flat_list

    taken = []
    monkeypatch.setattr(execution, "coerce_flat_list", lambda *a: taken.append(coerce_flat_list(*a)) or taken[-1])

    stock = strawberry.Schema(query=PeopleQuery)
    fast = strawberry.Schema(query=PeopleQuery, execution_context_class=FastExecutionContext)
    person = fast._schema.type_map["Person"]
    assert coerce_flat_list(value, person) == coerce_input_value(value, GraphQLNonNull(GraphQLList(GraphQLNonNull(person))))
    expected, got = await stock.execute(PEOPLE, variable_values={"p": value}), await fast.execute(
        PEOPLE, variable_values={"p": value})
    assert got.errors is None and got.data == expected.data
    assert taken and taken[0] is not None  # the fast path ran


@pytest.mark.parametrize("bad_item", [
    {"teamId": "t"},  # a required field missing
    {"email": None},
    {"email": 5},
    {"email": "e", "unknown": 1},
    {"email": "e", "badgeIds": [None]},
    {"email": "e", "badgeIds": "single"},  # graphql-core's list of one: left to graphql-core
    {"email": "e", "teamId": 12},  # an ID from a number: left to graphql-core
    {"email": "e", "active": "yes"},
    "not an object",
])
async def test_anything_unusual_is_left_to_graphql_core(bad_item):
    from app.graphql.engine.variables import coerce_flat_list

    value = _people(59) + [bad_item]
    fast = strawberry.Schema(query=PeopleQuery, execution_context_class=FastExecutionContext)
    assert coerce_flat_list(value, fast._schema.type_map["Person"]) is None
    stock = strawberry.Schema(query=PeopleQuery)
    expected, got = await stock.execute(PEOPLE, variable_values={"p": value}), await fast.execute(
        PEOPLE, variable_values={"p": value})
    assert got.data == expected.data
    assert [e.message for e in got.errors or []] == [e.message for e in expected.errors or []]


def test_short_lists_and_other_types_are_left_to_graphql_core():
    from app.graphql.engine.variables import coerce_flat_list, plan_for

    fast = strawberry.Schema(query=Query)  # Filter has an Int field
    assert plan_for(fast._schema.type_map["Filter"]) is None
    people = strawberry.Schema(query=PeopleQuery)._schema.type_map["Person"]
    assert coerce_flat_list(_people(3), people) is None
