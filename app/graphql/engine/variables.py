"""Coercing a large list of simple input objects in one pass (CreateLearners' 1000 learners).

graphql-core coerces a variable value generically: a recursive call per value, type checks at
every level, and first a second walk that guards against deep nesting. For 1000 LearnerInputs of
15 fields that is about 16 ms of a 100 ms request (docs/performance.md), more than the rest of
the GraphQL layer together.

`coerce_flat_list` does the same for the one shape that gets large in practice: a list of input
objects whose fields are String, ID or Boolean, or lists of them. It accepts only what
graphql-core would accept unchanged (exact JSON types: a string for String and ID, a bool for
Boolean, a JSON array for a list, no unknown fields, no null for a non-null type) and builds the
same value (fields in schema order, defaults of omitted fields filled in, the type's `out_type`).
For anything else it returns None and graphql-core coerces the value itself, so every error, its
message and its path stay graphql-core's own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLString,
    Undefined,
    is_required_input_field,
)
from graphql.utilities.coerce_input_value import coerce_default_value

# The scalars whose accepted JSON values pass graphql-core's coercion unchanged.
EXACT_TYPES = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}
# Lists shorter than this are left to graphql-core: the fast path pays off on bulk inputs.
MIN_ITEMS = 50


@dataclass(frozen=True)
class FieldPlan:
    name: str
    out_name: str
    json_type: type  # str or bool
    non_null: bool
    required: bool  # non-null without a default: must be given
    is_list: bool
    item_non_null: bool
    default: Any  # the coerced default of an omitted field, or Undefined


_plans: dict[GraphQLInputObjectType, tuple[FieldPlan, ...] | None] = {}


def plan_for(input_type: GraphQLInputObjectType) -> tuple[FieldPlan, ...] | None:
    """How to coerce the type's fields, or None when a field is not a simple scalar (cached)."""
    if input_type not in _plans:
        _plans[input_type] = None if input_type.is_one_of else _field_plans(input_type)
    return _plans[input_type]


def _field_plans(input_type: GraphQLInputObjectType) -> tuple[FieldPlan, ...] | None:
    plans = []
    for name, field in input_type.fields.items():
        type_, non_null = _unwrap_non_null(field.type)
        is_list = isinstance(type_, GraphQLList)
        item_non_null = False
        if is_list:
            type_, item_non_null = _unwrap_non_null(type_.of_type)
        json_type = EXACT_TYPES.get(type_)
        if json_type is None:
            return None
        required = is_required_input_field(field)
        default = Undefined if required else coerce_default_value(field)
        plans.append(FieldPlan(name, field.out_name or name, json_type, non_null, required, is_list, item_non_null,
                               default))
    return tuple(plans)


def _unwrap_non_null(type_) -> tuple[Any, bool]:
    return (type_.of_type, True) if isinstance(type_, GraphQLNonNull) else (type_, False)


def list_item_type(var_type) -> GraphQLInputObjectType | None:
    """The input object type of a variable typed [T!] or [T!]!, else None."""
    type_, _ = _unwrap_non_null(var_type)
    if not isinstance(type_, GraphQLList):
        return None
    item, item_non_null = _unwrap_non_null(type_.of_type)
    return item if item_non_null and isinstance(item, GraphQLInputObjectType) else None


def coerce_flat_list(value: Any, input_type: GraphQLInputObjectType) -> list | None:
    """The coerced list, as graphql-core would build it; None to let graphql-core do it."""
    plans = plan_for(input_type)
    if plans is None or type(value) is not list or len(value) < MIN_ITEMS:
        return None
    names = {p.name for p in plans}
    out_type = input_type.out_type
    coerced = []
    for item in value:
        if type(item) is not dict or not names.issuperset(item):
            return None
        fields = {}
        for p in plans:
            v = item.get(p.name, Undefined)
            if v is Undefined:
                if p.required:
                    return None
                if p.default is not Undefined:
                    fields[p.out_name] = p.default
            elif v is None:
                if p.non_null:
                    return None
                fields[p.out_name] = None
            elif p.is_list:
                if type(v) is not list:
                    return None
                for element in v:
                    if element is None:
                        if p.item_non_null:
                            return None
                    elif type(element) is not p.json_type:
                        return None
                fields[p.out_name] = list(v)
            elif type(v) is not p.json_type:
                return None
            else:
                fields[p.out_name] = v
        coerced.append(out_type(fields))
    return coerced
