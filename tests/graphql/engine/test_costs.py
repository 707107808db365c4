"""The API-point calculator and the document limits (app/graphql/engine/costs.py), without HTTP.

The costs of the 29 Helium operations are checked on documents valid against the reference
schema (so they hold whether or not an operation is implemented yet), and the table is compared
with the seed's "Name N pt(s)" headings.
"""
from __future__ import annotations

import json
import re

import pytest
from graphql import (
    GraphQLNonNull,
    build_client_schema,
    get_named_type,
    is_leaf_type,
    parse,
    validate,
)

from app.errors import AppError
from app.graphql.engine.costs import (
    FIELD_COSTS,
    HELIUM_OPERATION_COSTS,
    OPERATION_COSTS,
    Limits,
    analyze,
    check_document_size,
)
from tests.reference import HELIUM_SCHEMA, SEED_002

LIMITS = Limits(max_depth=15, max_aliases=30, max_cost=100, max_document_bytes=64 * 1024)


@pytest.fixture(scope="module")
def reference():
    data = json.loads(HELIUM_SCHEMA.read_text())
    return build_client_schema(data.get("data", data))


def cost_of(query: str, schema=None, limits: Limits = LIMITS, **kwargs):
    return analyze(parse(query), limits=limits, schema=schema, **kwargs)


def _type_ref(t) -> str:
    return str(t)


def operation_document(schema, kind: str, name: str) -> str:
    """A document running `name` with every required argument as a variable, selecting `__typename`."""
    root = schema.query_type if kind == "query" else schema.mutation_type
    field = root.fields[name]
    required = {arg_name: arg for arg_name, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull)}
    variables = ", ".join(f"${a}: {_type_ref(arg.type)}" for a, arg in required.items())
    args = ", ".join(f"{a}: ${a}" for a in required)
    selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
    head = f"{kind} Op({variables})" if variables else f"{kind} Op"
    return f"{head} {{ {name}{f'({args})' if args else ''}{selection} }}"


def test_the_table_holds_the_29_helium_operations_with_the_seed_points():
    text = SEED_002.read_text()
    seed = {m.group(1): int(m.group(2)) for m in re.finditer(r"([A-Z][A-Za-z]+?)(\d+) pts?(?=[A-Z])", text)}
    assert len(seed) == 29
    assert dict(HELIUM_OPERATION_COSTS) == seed
    assert {n for n, p in seed.items() if p != 1} == {"UserContentItems", "UserRecentContent"}


def test_each_of_the_29_operations_costs_its_points_on_a_valid_document(reference):
    seen = {}
    for name, points in HELIUM_OPERATION_COSTS.items():
        kind = "query" if name in reference.query_type.fields else "mutation"
        if name not in reference.query_type.fields and name not in reference.mutation_type.fields:
            # Seed additions newer than the reference (RedeemBalance): priced from the name alone.
            document = parse(f"mutation {{ {name}(input: {{}}) {{ __typename }} }}")
        else:
            document = parse(operation_document(reference, kind, name))
            assert validate(reference, document) == [], name
        cost = analyze(document, limits=LIMITS, schema=reference)
        assert cost.total == points, name
        assert [(f.alias, f.field, f.points) for f in cost.fields] == [(name, name, points)]
        seen[name] = cost.total
    assert seen["UserRecentContent"] == 4 and seen["UserContentItems"] == 3 and seen["CurrentUser"] == 1
    assert len(seen) == 29


def test_ten_aliases_of_user_recent_content_cost_40():
    fields = " ".join(f"r{i}: UserRecentContent(limit: 5) {{ id }}" for i in range(10))
    cost = cost_of(f"{{ {fields} }}")
    assert cost.total == 40 and cost.aliases == 10
    assert [f.alias for f in cost.fields] == [f"r{i}" for i in range(10)]


def test_fragment_spreads_and_inline_fragments_count():
    query = """
        query { ...Recent ... on Query { items: UserContentItems { id } } CurrentUser { id } }
        fragment Recent on Query { UserRecentContent { id } again: UserRecentContent { id } }
    """
    cost = cost_of(query)
    assert {(f.alias, f.points) for f in cost.fields} == {
        ("UserRecentContent", 4), ("again", 4), ("items", 3), ("CurrentUser", 1)}
    assert cost.total == 12


def test_selections_merged_into_one_response_key_run_and_cost_once():
    # graphql-core merges these into one field execution; the same fragment spread twice is expanded once.
    assert cost_of("{ CurrentUser { id } CurrentUser { email } ...F ...F } fragment F on Query { CurrentUser { id } }"
                   ).total == 1


def test_introspection_costs_nothing():
    assert cost_of("{ __typename }").total == 0
    assert cost_of("{ __schema { types { name } } __type(name: \"User\") { name } }").total == 0
    assert cost_of("{ __typename CurrentUser { __typename id } }").total == 1


def test_user_fields_with_an_additional_cost(reference):
    query = """{ CurrentUser { purchasedCourses { __typename } ...Paths }
                 BadgeLeaderboard { leaders { user { attendedMeetings { __typename } } } } }
               fragment Paths on User { allocatedLearningPaths { __typename } purchasedBundles { __typename } }"""
    assert validate(reference, parse(query)) == []
    cost = cost_of(query, schema=reference)
    by_alias = {f.alias: f for f in cost.fields}
    assert by_alias["CurrentUser"].points == 1 + 3 * 3
    assert dict(by_alias["CurrentUser"].additional) == {
        "CurrentUser.purchasedCourses": 3, "CurrentUser.allocatedLearningPaths": 3, "CurrentUser.purchasedBundles": 3}
    assert by_alias["BadgeLeaderboard"].points == 1 + 3
    assert cost.total == 14
    assert set(FIELD_COSTS) == {("User", f) for f in
                                ("allocatedLearningPaths", "attendedMeetings", "purchasedBundles", "purchasedCourses")}


def test_without_a_schema_only_root_fields_are_priced():
    assert cost_of("{ CurrentUser { purchasedCourses { id } } }").total == 1


def test_skip_and_include_are_honoured_when_known():
    query = "query($no: Boolean!) { a: CurrentUser @skip(if: true) { id } b: UserRecentContent @include(if: $no) { id } }"
    assert cost_of(query, variables={"no": False}).total == 0
    assert cost_of(query, variables={"no": True}).total == 4
    assert cost_of(query).total == 4  # an unknown condition counts (an upper bound)


def test_a_root_field_missing_from_the_table_costs_one_and_own_fields_are_priced():
    assert cost_of("{ SomethingNew }").total == 1
    assert OPERATION_COSTS["ApiUsage"] == 1


def test_every_root_field_of_our_schema_is_in_the_table():
    from app.graphql.schema import schema

    ours = schema._schema
    names = set(ours.query_type.fields) | set(ours.mutation_type.fields)
    assert names <= set(OPERATION_COSTS), (
        f"price these root fields in app/graphql/engine/costs.py (OWN_OPERATION_COSTS): {names - set(OPERATION_COSTS)}")


def test_the_operation_named_is_the_one_priced():
    query = "query A { CurrentUser { id } } query B { UserRecentContent { id } }"
    assert cost_of(query, operation_name="B").total == 4
    assert cost_of(query) is None  # ambiguous: execution refuses it
    assert cost_of(query, operation_name="C") is None
    assert cost_of("mutation { Login(email: \"a\", password: \"b\") }").operation_type == "mutation"


def _code(fn) -> str:
    with pytest.raises(AppError) as raised:
        fn()
    return raised.value.code.value


def test_depth_limit():
    limits = Limits(max_depth=3, max_aliases=30, max_cost=100, max_document_bytes=1000)
    assert cost_of("{ CurrentUser { client { id } } }", limits=limits).depth == 3
    assert _code(lambda: cost_of("{ CurrentUser { client { sso { id } } } }", limits=limits)) == "QUERY_TOO_DEEP"
    # through fragments too, and a fragment cycle ends at the limit
    assert _code(lambda: cost_of("{ CurrentUser { ...A } } fragment A on User { client { ...B } } "
                                 "fragment B on Client { users { ...A } }", limits=limits)) == "QUERY_TOO_DEEP"


def test_the_default_depth_admits_graphiql_introspection():
    from graphql import get_introspection_query

    query = get_introspection_query(descriptions=True, specified_by_url=True, directive_is_repeatable=True,
                                    schema_description=True, input_value_deprecation=True)
    assert cost_of(query).total == 0


def test_alias_limit():
    limits = Limits(max_depth=15, max_aliases=3, max_cost=100, max_document_bytes=10_000)
    assert cost_of("{ a: CurrentUser { x: id id: id } b: Languages { code } }", limits=limits).aliases == 3
    assert _code(lambda: cost_of("{ a: CurrentUser { x: id y: id z: id } }", limits=limits)) == "TOO_MANY_ALIASES"
    # aliases inside a fragment count wherever it is spread
    assert _code(lambda: cost_of("{ a: CurrentUser { ...F } b: CurrentUser { ...F } } "
                                 "fragment F on User { x: id }", limits=limits)) == "TOO_MANY_ALIASES"


def test_cost_limit():
    limits = Limits(max_depth=15, max_aliases=30, max_cost=8, max_document_bytes=10_000)
    assert cost_of("{ a: UserRecentContent { id } b: UserRecentContent { id } }", limits=limits).total == 8
    with pytest.raises(AppError) as raised:
        cost_of("{ a: UserRecentContent { id } b: UserRecentContent { id } CurrentUser { id } }", limits=limits)
    assert raised.value.code.value == "QUERY_TOO_COSTLY"
    assert raised.value.details == {"requestedQueryCost": 9, "maximum": 8}


def test_document_size_limit_counts_bytes():
    limits = Limits(max_depth=15, max_aliases=30, max_cost=100, max_document_bytes=20)
    check_document_size("{ CurrentUser { id } }"[:20], limits)
    assert _code(lambda: check_document_size("{ CurrentUser { id } }", limits)) == "DOCUMENT_TOO_LARGE"
    assert _code(lambda: check_document_size("# " + "é" * 10, limits)) == "DOCUMENT_TOO_LARGE"  # 22 bytes


def test_a_fragment_bomb_is_walked_in_linear_time(monkeypatch):
    # Each fragment selects a field holding the next one twice: naive expansion visits 2**12 fields per level.
    from app.graphql.engine import costs

    fragments = " ".join(f"fragment F{i} on User {{ id client {{ ...F{i + 1} }} client {{ ...F{i + 1} }} }}"
                         for i in range(12))
    query = "{ CurrentUser { ...F0 } } " + fragments + " fragment F12 on User { id }"
    calls = []
    collect = costs._Walker.collect
    monkeypatch.setattr(costs._Walker, "collect", lambda self, *a: calls.append(1) or collect(self, *a))
    assert cost_of(query).total == 1
    assert len(calls) <= 30  # one collection per level and field, not 2**12


