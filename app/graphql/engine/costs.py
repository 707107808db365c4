"""API points: what each operation costs, and the limits that stop abusive documents before they run.

Helium prices every operation in API points (seed 002: the number after each operation's name).
The cost of a request is computed from the parsed document, before validation and execution:

- every root field selected costs its points from `OPERATION_COSTS`, once per response key: ten
  aliases of `UserRecentContent` cost 40; fields reached through fragment spreads and inline
  fragments count like any other; selections that merge into one response key (the same field
  selected twice under the same name) run once and cost once;
- `@skip`/`@include` are honoured when their condition is a literal or a given variable;
- introspection (`__schema`, `__type`, `__typename`) costs 0;
- a root field missing from the table costs `DEFAULT_ROOT_FIELD_COST` (never silently free);
- the User fields the reference marks "additional cost of 3 points" (`FIELD_COSTS`) add their
  points each time the document selects them (per selection, not per returned object: the cost
  must be known before the request runs).

The limits (`Limits`, defaults in `app.settings.Settings`) are checked on the same walk:
document size (bytes, before parsing), depth (a root field is depth 1), aliases (response keys
whose alias differs from the field name, counted over the expanded document) and cost.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from graphql import (
    BooleanValueNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

from app.errors import AppError, ErrorCode

# The 29 Helium operations of seed 002 ("User & Auth"), with their points.
HELIUM_OPERATION_COSTS: Mapping[str, int] = MappingProxyType({
    # queries
    "BadgeLeaderboard": 1,
    "CompanyDetails": 1,
    "CompanyTranslations": 1,
    "CurrentUser": 1,
    "Languages": 1,
    "LearningPathCurrentUserAwardTotals": 1,
    "TermsAndConditions": 1,
    "UserArchivedContent": 1,
    "UserArchives": 1,
    "UserCertificateFields": 1,
    "UserCertificates": 1,
    "UserContentGroups": 1,
    "UserContentItems": 3,
    "UserCourseAwardCounts": 1,
    "UserCourseCollaborations": 1,
    "UserEarnedBadgeBoard": 1,
    "UserRecentContent": 4,
    "UserWaitlist": 1,
    # mutations
    "CreateCertificateFromUpload": 1,
    "CreateLearner": 1,
    "CreateLearners": 1,
    "Login": 1,
    "Logout": 1,
    "RedeemBalance": 1,
    "RedeemRegistrationAndRedemptionCodes": 1,
    "SelectCurrentUserActiveLicense": 1,
    "UnenrollFromWaitlist": 1,
    "ValidateRedemptionCode": 1,
    "ValidateRegistrationCode": 1,
})

# Helium operations beyond seed 002, served since (the dashboard's Bookmark tab).
HELIUM_EXTRA_OPERATION_COSTS: Mapping[str, int] = MappingProxyType({
    "UserBookmarks": 1,
    "UserBookmarksByFolder": 1,
})

# Root fields of our own (not Helium's).
OWN_OPERATION_COSTS: Mapping[str, int] = MappingProxyType({
    "AcceptInvitation": 1,
    "ApiUsage": 1,
    "IssueLearnerInvitation": 1,
})

OPERATION_COSTS: Mapping[str, int] = MappingProxyType(
    {**HELIUM_OPERATION_COSTS, **HELIUM_EXTRA_OPERATION_COSTS, **OWN_OPERATION_COSTS}
)

# Nested fields with an additional cost (the reference: "This field has an additional cost of 3 points").
FIELD_COSTS: Mapping[tuple[str, str], int] = MappingProxyType({
    ("User", "allocatedLearningPaths"): 3,
    ("User", "attendedMeetings"): 3,
    ("User", "purchasedBundles"): 3,
    ("User", "purchasedCourses"): 3,
})

DEFAULT_ROOT_FIELD_COST = 1

# How many items a list field can return, for the node estimate of app/graphql/engine/limits.py
# (QUERY_TOO_LARGE): its `first`/`limit` argument when the request gives one, else its bound here,
# else DEFAULT_LIST_BOUND.
DEFAULT_LIST_BOUND = 10
LIST_BOUNDS: Mapping[tuple[str, str], int] = MappingProxyType({
    ("Query", "UserContentItems"): 100,
    ("Query", "UserArchivedContent"): 100,
    ("Query", "UserRecentContent"): 20,
    ("Query", "UserCertificates"): 100,
    ("Query", "UserContentGroups"): 100,
    ("Query", "UserBookmarks"): 100,
    ("Query", "UserWaitlist"): 100,
    ("Query", "Languages"): 50,
})
INTROSPECTION_FIELDS = frozenset({"__schema", "__type", "__typename"})
_INTROSPECTION_TYPES = {"__schema": "__Schema", "__type": "__Type"}


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_cost: int
    max_document_bytes: int

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(max_depth=settings.max_query_depth, max_aliases=settings.max_query_aliases,
                   max_cost=settings.max_query_cost, max_document_bytes=settings.max_document_bytes)


@dataclass(frozen=True)
class FieldCost:
    """One root field of the request: its response key, the field, and its points (nested ones included)."""

    alias: str
    field: str
    points: int
    # Nested fields with an additional cost under this root field: (path, points).
    additional: tuple[tuple[str, int], ...] = ()

    def to_json(self) -> dict:
        out: dict[str, Any] = {"alias": self.alias, "field": self.field, "points": self.points}
        if self.additional:
            out["additional"] = [{"path": path, "points": points} for path, points in self.additional]
        return out


@dataclass(frozen=True)
class QueryCost:
    operation_type: str  # "query", "mutation" or "subscription"
    fields: tuple[FieldCost, ...]
    depth: int
    aliases: int

    @property
    def total(self) -> int:
        return sum(f.points for f in self.fields)


def check_document_size(query: str, limits: Limits) -> None:
    size = len(query.encode())
    if size > limits.max_document_bytes:
        raise AppError(ErrorCode.DOCUMENT_TOO_LARGE,
                       f"The document is {size} bytes; the maximum is {limits.max_document_bytes}",
                       "query", size=size, maximum=limits.max_document_bytes)


def select_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    """The operation execution would run, or None when there is none (execution then refuses the request)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        return next((o for o in operations if o.name and o.name.value == operation_name), None)
    return operations[0] if len(operations) == 1 else None


def analyze(document: DocumentNode, *, limits: Limits, operation_name: str | None = None,
            variables: dict | None = None, schema: GraphQLSchema | None = None) -> QueryCost | None:
    """The cost of the operation the request runs, checking depth, aliases and cost on the way.

    `schema` (optional) gives the types of nested fields, for `FIELD_COSTS`; without it only root
    fields are priced. None when the document has no operation to run.
    """
    operation = select_operation(document, operation_name)
    if operation is None:
        return None
    walker = _Walker(document, variables or {}, schema, limits)
    kind = operation.operation.value
    root_type = _root_type_name(schema, kind)
    fields = []
    for key, nodes in walker.collect([operation.selection_set], root_type).items():
        name = nodes[0].name.value
        walker.count_alias(key, name)
        additional = walker.nested(nodes, root_type, depth=1, path=key)
        base = 0 if name in INTROSPECTION_FIELDS else OPERATION_COSTS.get(name, DEFAULT_ROOT_FIELD_COST)
        fields.append(FieldCost(alias=key, field=name, points=base + sum(p for _, p in additional),
                                additional=tuple(additional)))
    cost = QueryCost(operation_type=kind, fields=tuple(fields), depth=walker.depth, aliases=walker.aliases)
    if cost.total > limits.max_cost:
        raise too_costly(cost.total, limits.max_cost)
    return cost


def too_costly(requested: int, maximum: int) -> AppError:
    return AppError(ErrorCode.QUERY_TOO_COSTLY,
                    f"The query costs {requested} points; one request may cost at most {maximum}",
                    requestedQueryCost=requested, maximum=maximum)


def _root_type_name(schema: GraphQLSchema | None, kind: str) -> str:
    if schema is not None:
        root = {"query": schema.query_type, "mutation": schema.mutation_type,
                "subscription": schema.subscription_type}.get(kind)
        if root is not None:
            return root.name
    return kind.capitalize()


class _Walker:
    """Expands fragments level by level, merging fields by response key as execution does.

    Each fragment is expanded at most once per selection set (as graphql-core's collect_fields
    does), so the walk is linear in depth x document size even for fragment "bombs"; cycles end
    at the depth limit.
    """

    def __init__(self, document: DocumentNode, variables: dict, schema: GraphQLSchema | None, limits: Limits):
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.variables = variables
        self.schema = schema
        self.limits = limits
        self.depth = 0
        self.aliases = 0

    def collect(self, selection_sets: list[SelectionSetNode], type_name: str | None) -> dict[str, list[FieldNode]]:
        fields: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()

        def add(selection_set: SelectionSetNode) -> None:
            for selection in selection_set.selections:
                if not self._included(selection):
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    fields.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    add(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    if name not in visited and name in self.fragments:
                        visited.add(name)
                        add(self.fragments[name].selection_set)

        for selection_set in selection_sets:
            add(selection_set)
        return fields

    def count_alias(self, key: str, name: str) -> None:
        if key != name:
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                raise AppError(ErrorCode.TOO_MANY_ALIASES,
                               f"The document uses more than {self.limits.max_aliases} aliases",
                               maximum=self.limits.max_aliases)

    def nested(self, nodes: list[FieldNode], parent_type: str | None, *, depth: int, path: str) -> list:
        """Checks depth and aliases below the field `nodes`; returns its nested additional costs."""
        if depth > self.limits.max_depth:
            raise AppError(ErrorCode.QUERY_TOO_DEEP,
                           f"The document is nested deeper than {self.limits.max_depth} levels",
                           maximum=self.limits.max_depth)
        self.depth = max(self.depth, depth)
        selection_sets = [n.selection_set for n in nodes if n.selection_set is not None]
        if not selection_sets:
            return []
        type_name = self._field_type(parent_type, nodes[0].name.value)
        additional: list[tuple[str, int]] = []
        for key, children in self.collect(selection_sets, type_name).items():
            name = children[0].name.value
            self.count_alias(key, name)
            child_path = f"{path}.{key}"
            if type_name is not None and (type_name, name) in FIELD_COSTS:
                additional.append((child_path, FIELD_COSTS[(type_name, name)]))
            additional += self.nested(children, type_name, depth=depth + 1, path=child_path)
        return additional

    def _field_type(self, parent_type: str | None, name: str) -> str | None:
        if name in _INTROSPECTION_TYPES:
            return _INTROSPECTION_TYPES[name]
        if self.schema is None or parent_type is None:
            return None
        parent = self.schema.type_map.get(parent_type)
        field = getattr(parent, "fields", {}).get(name) if parent is not None else None
        return get_named_type(field.type).name if field is not None else None

    def _included(self, node) -> bool:
        for directive in node.directives or ():
            kind = directive.name.value
            if kind not in ("skip", "include"):
                continue
            arg = next((a for a in directive.arguments if a.name.value == "if"), None)
            value = self._bool(arg.value) if arg is not None else None
            if value is None:
                continue  # unknown now: counted (an upper bound)
            if (kind == "skip" and value) or (kind == "include" and not value):
                return False
        return True

    def _bool(self, value) -> bool | None:
        if isinstance(value, BooleanValueNode):
            return value.value
        if isinstance(value, VariableNode):
            given = self.variables.get(value.name.value)
            return given if isinstance(given, bool) else None
        return None
