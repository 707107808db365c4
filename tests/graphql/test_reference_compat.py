"""Every type, field, argument and enum value we expose under a Helium name matches the reference."""
from __future__ import annotations

import json
import re

from graphql import (
    GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLScalarType,
    GraphQLUnionType, build_client_schema,
)

from app.graphql.schema import schema
from tests.reference import HELIUM_SCHEMA, LEARNER_SCOPE


# Where the seed is newer than the reference it adds these (README, "Schema coverage").
SEED_ADDITIONS = {
    "User": {"preferredCurrency", "firstInitial"},
    "Content": {"assetAltText", "annotationsEnabled", "completedPassedDueDate", "prices"},
    "LearnerInput": {f"ref{i}" for i in range(1, 11)},
    "Mutation": {"RedeemBalance"},
}
# Fields of our own (not Helium's) must not take a name the reference uses.
OWN_ROOT_FIELDS = {"Query": {"ApiUsage"}, "Mutation": {"IssueLearnerInvitation", "AcceptInvitation"},
                   "Certificate": {"credential"}}


def _reference():
    data = json.loads(HELIUM_SCHEMA.read_text())
    return build_client_schema(data.get("data", data))


def _depths() -> dict[str, int]:
    text = LEARNER_SCOPE.read_text()
    return {m.group(2): int(m.group(1)) for m in
            re.finditer(r"# depth (\d+)\n(?:\"\"\"[\s\S]*?\"\"\"\n)?(?:type|enum|input|union|scalar) (\w+)", text)}


def _ours():
    return schema._schema


def _kind(t) -> str:
    for cls in (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType, GraphQLEnumType,
                GraphQLUnionType, GraphQLScalarType):
        if isinstance(t, cls):
            return cls.__name__
    return type(t).__name__


def _args(field) -> dict[str, str]:
    return {name: str(arg.type) for name, arg in field.args.items()}


def test_every_exposed_helium_type_matches_the_reference():
    reference, ours = _reference(), _ours()
    problems: list[str] = []
    for name, our_type in ours.type_map.items():
        if name.startswith("__"):
            continue
        ref_type = reference.type_map.get(name)
        if ref_type is None:
            continue  # a type of our own
        if _kind(ref_type) != _kind(our_type):
            problems.append(f"{name}: kind {_kind(our_type)} != {_kind(ref_type)}")
            continue
        if isinstance(our_type, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            additions = SEED_ADDITIONS.get(name, set())
            for field_name, field in our_type.fields.items():
                ref_field = ref_type.fields.get(field_name)
                if ref_field is None:
                    if field_name not in additions and field_name not in OWN_ROOT_FIELDS.get(name, set()):
                        problems.append(f"{name}.{field_name}: not in the reference")
                    continue
                if str(field.type) != str(ref_field.type):
                    problems.append(f"{name}.{field_name}: {field.type} != {ref_field.type}")
                if not isinstance(our_type, GraphQLInputObjectType) and _args(field) != _args(ref_field):
                    problems.append(f"{name}.{field_name} args: {_args(field)} != {_args(ref_field)}")
        elif isinstance(our_type, GraphQLEnumType):
            if set(our_type.values) != set(ref_type.values):
                problems.append(f"enum {name}: {sorted(our_type.values)} != {sorted(ref_type.values)}")
        elif isinstance(our_type, GraphQLUnionType):
            if {t.name for t in our_type.types} != {t.name for t in ref_type.types}:
                problems.append(f"union {name}: members differ")
        elif isinstance(our_type, GraphQLScalarType):
            pass
    assert not problems, "\n".join(problems)


def test_depth_one_and_two_types_expose_every_reference_field():
    reference, ours, depths = _reference(), _ours(), _depths()
    missing: list[str] = []
    for name, depth in depths.items():
        our_type = ours.type_map.get(name)
        if depth > 2 or our_type is None or name in ("Query", "Mutation"):
            continue
        if isinstance(our_type, (GraphQLObjectType, GraphQLInputObjectType)):
            absent = set(reference.type_map[name].fields) - set(our_type.fields)
            missing += [f"{name}.{f}" for f in sorted(absent)]
    assert not missing, "\n".join(missing)


def test_own_root_fields_do_not_use_reference_names():
    reference = _reference()
    for root, names in OWN_ROOT_FIELDS.items():
        ref_root = reference.type_map[root]
        assert not names & set(ref_root.fields), names & set(ref_root.fields)
