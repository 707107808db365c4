"""Every type, field, argument and enum value we expose under a Helium name matches the reference."""
from __future__ import annotations

import json
import re

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    build_client_schema,
    parse,
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


def _scope_items(max_depth: int, *, fields_only: bool) -> list[tuple[str, ...]]:
    """Items of the scope file: the root types' fields and arguments, and for every type up to
    `max_depth` its fields, their arguments and its enum values (or only the fields)."""
    document, depths = parse(LEARNER_SCOPE.read_text()), _depths()
    items: list[tuple[str, ...]] = []
    for definition in document.definitions:
        name = definition.name.value
        root = name in ("Query", "Mutation")
        if (root and fields_only) or (not root and depths[name] > max_depth):
            continue
        if root:
            items.append(("type", name))
        for field in getattr(definition, "fields", None) or []:
            items.append(("field", name, field.name.value))
            if not fields_only:
                items += [("arg", name, field.name.value, arg.name.value) for arg in getattr(field, "arguments", None) or []]
        if not fields_only:
            items += [("enum", name, value.name.value) for value in getattr(definition, "values", None) or []]
    return items


def _served(item, reference, ours) -> bool:
    """The item exists in our schema with the reference's type."""
    our_type, ref_type = ours.type_map.get(item[1]), reference.type_map[item[1]]
    if our_type is None:
        return False
    if item[0] == "type":
        return True
    if item[0] == "enum":
        return item[2] in our_type.values
    field, ref_field = our_type.fields.get(item[2]), ref_type.fields[item[2]]
    if field is None or str(field.type) != str(ref_field.type):
        return False
    return item[0] == "field" or str(getattr(field.args.get(item[3]), "type", None)) == str(ref_field.args[item[3]].type)


def test_the_whole_scope_is_served():
    """Required items (the root types with their fields and arguments, and the fields, arguments and
    enum values of depth-1 and depth-2 types) and the depth-3 scope (every field of every type up to
    depth 3) are all served."""
    reference, ours = _reference(), _ours()
    required, depth_three = _scope_items(2, fields_only=False), _scope_items(3, fields_only=True)
    missing = [i for i in required + depth_three if not _served(i, reference, ours)]
    assert not missing, "\n".join(".".join(i[1:]) for i in missing)
    assert (len(required), len(depth_three)) == (596, 719)


def test_own_root_fields_do_not_use_reference_names():
    reference = _reference()
    for root, names in OWN_ROOT_FIELDS.items():
        ref_root = reference.type_map[root]
        assert not names & set(ref_root.fields), names & set(ref_root.fields)
