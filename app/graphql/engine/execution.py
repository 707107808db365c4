"""Thin field resolvers: the per-field cost of execution, kept close to graphql-core's own.

Strawberry calls every field through a general wrapper chain: it builds an `Info`, converts
arguments, applies field extensions and exception handlers, and for async resolvers adds two
coroutines (`_async_resolver`, `await_maybe`) around the resolver's own. That generality costs
several microseconds per field, which a list of 100 items x 30 fields pays 3000 times.

Most of our fields need none of it: plain attributes of ORM rows (`title: str | None`), and
resolvers without GraphQL arguments (`def kind(self)`, `async def tags(self, info)`). For those,
`slim_resolvers` replaces the graphql-core resolve function with one that does exactly what
strawberry's chain ends up doing:
- a plain field: `getattr(source, python_name)` (strawberry's default resolver);
- a resolver without arguments: `func(source)`, with `info=Info(...)` when it asks for it; an async
  resolver's coroutine goes to graphql-core as it is (graphql-core awaits it).

Fields keep strawberry's resolver when they have arguments (strawberry converts them into input
types and enums), field extensions (permission classes …), `root`/`parent` parameters, or when
the schema has exception handlers. Nothing else changes: types, names, nullability, error paths
and the values returned are the same (the whole test suite runs on the slimmed schema).

`flat_inputs` does the same for arguments: strawberry converts an input object field by field,
resolving each field's annotation again for every value (a list of 1000 learners with 15 fields
is 15000 resolutions). Input types whose fields are all scalars (or lists of scalars) get a
`from_input` (strawberry's hook for types that build their own value) that builds the object in
one call from a field-name table computed once: the same keyword arguments strawberry passes.

`FastExecutionContext` then completes the most common field of all, a scalar or enum read from
its source without I/O (a plain attribute or a synchronous resolver without `info`), without the
general machinery graphql-core runs for every field (a resolve-info tuple, the middleware lookup,
the type dispatch of `complete_value`): value -> `coerce_output_value`. Anything unusual (an
exception, a null for a non-null field, a value the scalar cannot coerce) goes through
graphql-core's own completion, so errors and their paths are exactly graphql-core's. A field made
with `read_field` (app/graphql/prefetch.py) is read the same way, by its `read(item, context)`,
while its batch is loaded; its value, when not a scalar, is completed by `complete_value`.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import MISSING
from inspect import isasyncgenfunction
from operator import attrgetter
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
    is_leaf_type,
    type_from_ast,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.field import StrawberryField

from app.graphql.engine.costs import select_operation
from app.graphql.engine.variables import coerce_flat_list, list_item_type
from app.graphql.prefetch import NotLoaded, read_of

DEFINITION = "strawberry-definition"

# Built-in scalars whose serialiser returns a value of this exact type unchanged.
PASS_THROUGH = {"String": str, "ID": str, "Boolean": bool}
_SPECIFIED_SCALARS = (GraphQLString, GraphQLID, GraphQLBoolean)  # strawberry's back-reference in a GraphQL field's extensions


def slim_resolvers(schema) -> int:
    """Give the schema's eligible fields thin resolvers; returns how many fields were changed."""
    if getattr(schema, "exception_handlers", ()):
        return 0
    graphql_schema = schema._schema
    subscription = graphql_schema.subscription_type
    info_class = schema.config.info_class
    default_resolver = schema.config.default_resolver
    changed = 0
    for graphql_type in graphql_schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type is subscription:
            continue
        for graphql_field in graphql_type.fields.values():
            field = (graphql_field.extensions or {}).get(DEFINITION)
            if not isinstance(field, StrawberryField):
                continue
            resolve = thin_resolver(field, info_class, default_resolver)
            if resolve is not None:
                graphql_field.resolve = resolve
                changed += 1
    return changed


def flat_inputs(schema) -> int:
    """Give input types made of scalar fields a one-call `from_input`; returns how many were changed."""
    registry = schema.schema_converter.scalar_registry
    changed = 0
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLInputObjectType):
            continue
        definition = (graphql_type.extensions or {}).get(DEFINITION)
        if definition is None or definition.from_input is not None:
            continue
        shapes = [_scalar_shape(f.resolve_type(type_definition=definition), registry) for f in definition.fields]
        if None in shapes:
            continue
        names = [(schema.config.name_converter.from_field(f), f.python_name, is_list)
                 for f, is_list in zip(definition.fields, shapes)]
        definition.from_input = _flat_builder(names, definition.fields)
        changed += 1
    return changed


def fast_enum_output(schema) -> int:
    """Give strawberry's enum types a dictionary lookup from member to name; returns how many were changed.

    strawberry finds a member's GraphQL name by comparing `.value` (a Python-level property of Enum)
    with every value of the enum in turn: the enum fields of a 100-item list spent more on that than
    on the rest of their completion. The member -> name table is built once; anything not in it (a raw
    value, a member of another enum) goes to strawberry's method as before.
    """
    changed = 0
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, CustomGraphQLEnumType):
            continue
        members: list[Any] = list(graphql_type.wrapped_cls)
        names = {id(member): name for name, value in graphql_type.values.items()
                 for member in members if member.value == value.value}
        # an instance attribute in front of the class's method (graphql-core looks it up on the instance)
        setattr(graphql_type, "coerce_output_value", _enum_output(names, graphql_type.coerce_output_value))  # noqa: B010
        changed += 1
    return changed


def _enum_output(names: dict[int, str], general: Callable[[Any], Any]) -> Callable[[Any], Any]:
    # Keyed by identity: members are singletons that live as long as the process, so no other live
    # object shares their id (and a member's own __hash__ is a Python-level call).
    def coerce_output_value(value):
        name = names.get(id(value))
        return name if name is not None else general(value)

    return coerce_output_value


def _scalar_shape(type_, registry) -> bool | None:
    """For a field of a scalar or a list of scalars (optional or not): whether it is a list; else None."""
    type_ = _strip_optional(type_)
    is_list = isinstance(type_, StrawberryList)
    if is_list:
        type_ = _strip_optional(type_.of_type)
    if isinstance(type_, (StrawberryList, StrawberryOptional)) or type_ not in registry:
        return None
    return is_list


def _flat_builder(names: list[tuple[str, str, bool]], fields: list[StrawberryField]):
    """strawberry's convert_argument for an input object of scalar fields, with the names looked up once.

    `names`: (GraphQL name, Python name, is a list) of each field.
    """
    implicit_none = {f.python_name: None for f in fields
                     if f.default_value is MISSING and f.default_factory is MISSING}

    def build(cls, value, _context):
        kwargs = dict(implicit_none)
        for graphql_name, python_name, is_list in names:
            if graphql_name in value:
                item = value[graphql_name]
                # strawberry copies lists: graphql-core shares default values between requests
                kwargs[python_name] = list(item) if is_list and item is not None else item
        return cls(**kwargs)

    return build


def _fast_list_variables(schema, document, operation_name, raw: dict | None) -> dict[str, list]:
    """name -> coerced value of the request's variables that coerce_flat_list can take."""
    if not raw:
        return {}
    operation = select_operation(document, operation_name)
    if operation is None:
        return {}
    fast = {}
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        if type(raw.get(name)) is not list:
            continue
        item_type = list_item_type(type_from_ast(schema, definition.type))
        coerced = coerce_flat_list(raw[name], item_type) if item_type is not None else None
        if coerced is not None:
            fast[name] = coerced
    return fast


def _strip_optional(type_):
    return type_.of_type if isinstance(type_, StrawberryOptional) else type_


def thin_resolver(field: StrawberryField, info_class, default_resolver) -> Callable[..., Any] | None:
    """The thin resolve function for `field`, or None when it needs strawberry's full chain."""
    if field.extensions or field.arguments:
        return None
    resolver = field.base_resolver
    if resolver is None:
        if default_resolver is not getattr:
            return None
        get = attrgetter(field.python_name)

        def resolve_attribute(source, info):
            return get(source)

        resolve_attribute._is_default = True  # as strawberry marks its default resolvers
        resolve_attribute.value_of = get  # source -> value, for FastExecutionContext
        return resolve_attribute

    # `resolver.wrapped_func` is read at each call, as strawberry does (it can be replaced, e.g. in tests).
    if (resolver.arguments or resolver.root_parameter or resolver.parent_parameter
            or not callable(resolver.wrapped_func) or isasyncgenfunction(resolver.wrapped_func)):
        return None
    takes_self = resolver.self_parameter is not None
    info_parameter = resolver.info_parameter
    if info_parameter is None:
        if not takes_self:
            return lambda source, info: resolver.wrapped_func()

        def value_of(source):
            return resolver.wrapped_func(source)

        def resolve_from_source(source, info):
            return resolver.wrapped_func(source)

        if not resolver.is_async:
            resolve_from_source.value_of = value_of
        return resolve_from_source
    info_name = info_parameter.name
    step = run_eagerly if resolver.is_async else _identity

    if takes_self:
        def resolve_with_info(source, info):
            return step(resolver.wrapped_func(source, **{info_name: info_class(_raw_info=info, _field=field)}))
    else:
        def resolve_with_info(source, info):
            return step(resolver.wrapped_func(**{info_name: info_class(_raw_info=info, _field=field)}))
    return resolve_with_info


async def _awaited(results, keys):
    """`results` (a dict of fields or a list of items) with the awaitables at `keys` replaced by their
    values: one await for a single key, gathered (cancelling the rest on an error) for several."""
    if len(keys) == 1:
        results[keys[0]] = await results[keys[0]]
    else:
        for key, value in zip(keys, await gather_with_cancel(*(results[key] for key in keys)), strict=True):
            results[key] = value
    return results


def _identity(value):
    return value


def run_eagerly(coroutine):
    """The coroutine's value when it finishes without waiting (its data already loaded, see
    app/graphql/prefetch.py); otherwise an awaitable that carries on from where it stopped.

    A field graphql-core gets as a value costs nothing more; an awaitable costs a coroutine, and in
    a list a task, per field.
    """
    try:
        waiting_for = coroutine.send(None)
    except StopIteration as finished:
        return finished.value
    return _carry_on(coroutine, _received(waiting_for))


def _received(waiting_for):
    """What asyncio's Task does with a future its coroutine yields: clear its "blocking" mark (a
    future yielded again while marked is refused with "await wasn't used with future")."""
    if waiting_for is not None:
        waiting_for._asyncio_future_blocking = False
    return waiting_for


async def _carry_on(coroutine, waiting_for):
    """Drive `coroutine` as asyncio's Task would, from a step where it yielded `waiting_for`."""
    while True:
        try:
            if waiting_for is None:  # a bare yield (asyncio.sleep(0))
                await asyncio.sleep(0)
            elif not waiting_for.done():
                await asyncio.wait((waiting_for,))
        except BaseException as error:  # this task was cancelled: the coroutine hears it where it waits
            try:
                waiting_for = _received(coroutine.throw(error))
            except StopIteration as finished:
                return finished.value
            continue
        try:
            # The future is done: the coroutine reads its result (or exception) where it awaited it.
            waiting_for = _received(coroutine.send(None))
        except StopIteration as finished:
            return finished.value


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's execution, with a short path for scalar fields read without I/O (see above)
    and for large list variables of simple input objects (app/graphql/engine/variables.py)."""

    @classmethod
    def build(cls, schema, document, root_value=None, context_value=None, raw_variable_values=None,
              operation_name=None, *args, **kwargs):
        fast = _fast_list_variables(schema, document, operation_name, raw_variable_values)
        if not fast:
            return super().build(schema, document, root_value, context_value, raw_variable_values, operation_name,
                                 *args, **kwargs)
        # graphql-core coerces the other variables (and an empty list in place of each fast one) ...
        placeholders = {**raw_variable_values, **dict.fromkeys(fast, ())}
        executor = super().build(schema, document, root_value, context_value, placeholders, operation_name,
                                 *args, **kwargs)
        if isinstance(executor, list):  # errors in the other variables
            return executor
        # ... and the fast ones get their value and their original source.
        values = executor.variable_values
        values.coerced.update(fast)
        for name in fast:
            values.sources[name] = values.sources[name]._replace(value=raw_variable_values[name])
        return executor

    _leaf_plans: dict[GraphQLObjectType, dict[str, tuple]] = {}

    @classmethod
    def leaf_plans(cls, parent_type: GraphQLObjectType) -> dict[str, tuple]:
        """field name -> plan of the type's fields read without awaiting: (value_of, coerce, identity, return
        type, read). A plain or synchronous field has `value_of(source)` and no `read`; a `read_field` has
        its `read(source, context)` (value_of is bound to the request's context in `row_plan`).

        `coerce` is the scalar's or enum's `coerce_output_value`, None for a field whose value is not a
        scalar; `identity` is str or bool for String, ID and Boolean, whose serialisers give such a value
        back as it is.
        """
        plans = cls._leaf_plans.get(parent_type)
        if plans is None:
            plans = {}
            for name, field in parent_type.fields.items():
                value_of = getattr(field.resolve, "value_of", None)
                read = read_of(field)
                named = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
                leaf = is_leaf_type(named)
                if (value_of is not None and leaf) or read is not None:
                    identity = PASS_THROUGH.get(named.name) if named in _SPECIFIED_SCALARS else None
                    plans[name] = (value_of, named.coerce_output_value if leaf else None, identity, field.type, read)
            cls._leaf_plans[parent_type] = plans
        return plans

    def row_plan(self, parent_type: GraphQLObjectType, grouped_field_set) -> tuple:
        """The plan of one selection on `parent_type`: (response name, (value_of, coerce, identity, return type,
        nullable) or None, field details) in order. graphql-core gives every item of a list the same grouped field set,
        so this is built once per list; the set is kept with its plan so that its id is not reused while the
        request runs."""
        plans = self.__dict__.setdefault("_row_plans", {})
        key = (parent_type, id(grouped_field_set))
        found = plans.get(key)
        if found is None:
            leaves = self.leaf_plans(parent_type)
            rows = tuple((name, self._bound(leaves.get(details[0].node.name.value)), details)
                         for name, details in grouped_field_set.items())
            found = plans[key] = (grouped_field_set, rows)
        return found[1]

    def _bound(self, plan: tuple | None) -> tuple | None:
        if plan is None:
            return None
        value_of, coerce, identity, return_type, read = plan
        if read is not None:
            context = self.context_value

            def value_of(source):
                return read(source, context)
        return value_of, coerce, identity, return_type, not isinstance(return_type, GraphQLNonNull)

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):
        if not self.leaf_plans(parent_type) or (self.middleware_manager is not None
                                                and self.middleware_manager.middlewares):
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        # graphql-core's Executor.execute_fields, with the short path for the planned fields.
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for response_name, plan, field_details_list in self.row_plan(parent_type, grouped_field_set):
                if plan is not None:
                    value_of, coerce, identity, return_type, nullable = plan
                    try:
                        value = value_of(source_value)
                    except NotLoaded:  # a read_field whose batch is not loaded: resolved the usual way below
                        value = NotLoaded
                    except Exception as error:  # completed below, as execute_field handles a resolver's error
                        value = error
                    if identity is not None and type(value) is identity:
                        results[response_name] = value
                        continue
                    if value is not NotLoaded:
                        if coerce is not None:
                            if value is None and nullable:
                                results[response_name] = None
                                continue
                            if value is not None and value is not Undefined and not isinstance(value, Exception):
                                try:
                                    coerced = coerce(value)
                                except Exception:
                                    coerced = None
                                if coerced is not None and coerced is not Undefined:
                                    results[response_name] = coerced
                                    continue
                            # errors and values the scalar refuses: completed as graphql-core completes them
                            result = self._complete_leaf(value, return_type, parent_type, field_details_list, path,
                                                         response_name, position_context)
                        else:
                            result = self._complete_read(value, return_type, parent_type, field_details_list,
                                                         Path(path, response_name, parent_type.name),
                                                         position_context)
                            if is_awaitable(result):
                                awaitable_fields.append(response_name)
                        results[response_name] = result
                        continue
                result = self.execute_field(parent_type, source_value, field_details_list,
                                            Path(path, response_name, parent_type.name), position_context)
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        return _awaited(results, awaitable_fields)

    def complete_iterable_value(self, item_type, field_details_list, info, path, items, position_context):
        """graphql-core's list completion, with short paths for a list of strings (IDs, booleans) that need no
        coercion, and for a list of objects: each item's fields are executed directly (the selection
        collected once), without the five calls graphql-core makes per item to get there. Items that are
        awaitable, null, errors or of a doubtful type go the usual way."""
        object_type = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if type(items) is list and object_type in _SPECIFIED_SCALARS:
            identity, nullable = PASS_THROUGH[object_type.name], object_type is item_type
            if all(type(item) is identity or (item is None and nullable) for item in items):
                return list(items)  # what graphql-core would build: the serialisers give such values back
        if (position_context is not None or not isinstance(object_type, GraphQLObjectType)
                or self.get_stream_usage(field_details_list, path)):
            return super().complete_iterable_value(item_type, field_details_list, info, path, items, position_context)
        grouped_field_set, new_defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if new_defer_usages:
            return super().complete_iterable_value(item_type, field_details_list, info, path, items, position_context)
        is_awaitable, is_type_of, execute_fields = self.is_awaitable, object_type.is_type_of, self.execute_fields
        results: list[Any] = []
        awaitable_indices: list[int] = []
        try:
            for index, item in enumerate(items):
                item_path = path.add_key(index, None)
                if (item is None or isinstance(item, Exception) or is_awaitable(item)
                        or (is_type_of is not None and is_type_of(item, info) is not True)):
                    if is_awaitable(item):
                        results.append(self.complete_awaitable_list_item_value(
                            item, item_type, field_details_list, info, item_path, position_context))
                        awaitable_indices.append(index)
                    elif self.complete_list_item_value(item, results, item_type, field_details_list, info,
                                                       item_path, position_context):
                        awaitable_indices.append(index)
                    continue
                try:
                    completed = execute_fields(object_type, item, item_path, grouped_field_set, None)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                    completed = None
                if is_awaitable(completed):
                    completed = self._item_settled(completed, item_type, field_details_list, item_path)
                    awaitable_indices.append(index)
                results.append(completed)
        except Exception:
            if awaitable_indices:
                self.settle_in_background([results[i] for i in awaitable_indices])
            raise
        if not awaitable_indices:
            return results

        return _awaited(results, awaitable_indices)

    async def _item_settled(self, completed, item_type, field_details_list, item_path):
        """An awaitable list item or field value, its error handled as graphql-core handles it."""
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, item_type, field_details_list, item_path)
            return None

    def _complete_read(self, value, return_type, parent_type, field_details_list, path, position_context):
        """A read_field's value that is not a scalar, completed as execute_field completes a resolver's."""
        if isinstance(value, Exception):
            self.handle_field_error(value, return_type, field_details_list, path)
            return None
        field_name = field_details_list[0].node.name.value
        info = self.build_resolve_info(parent_type.fields[field_name], to_nodes(field_details_list), parent_type,
                                       path)
        try:
            completed = self.complete_value(return_type, field_details_list, info, path, value, position_context)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        if self.is_awaitable(completed):
            return self._item_settled(completed, return_type, field_details_list, path)
        return completed

    def _complete_leaf(self, value, return_type, parent_type, field_details_list, parent_path, response_name,
                       position_context):
        path = Path(parent_path, response_name, parent_type.name)
        if isinstance(value, Exception):
            self.handle_field_error(value, return_type, field_details_list, path)
            return None
        if value is Undefined and not isinstance(return_type, GraphQLNonNull):
            return None
        # Anything else (errors included) is completed by graphql-core, as execute_field would.
        field_name = field_details_list[0].node.name.value
        info = self.build_resolve_info(parent_type.fields[field_name], to_nodes(field_details_list), parent_type,
                                       path)
        try:
            return self.complete_value(return_type, field_details_list, info, path, value, position_context)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
