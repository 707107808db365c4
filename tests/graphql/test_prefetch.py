"""app/graphql/prefetch.py: the names selected under a field (fragments included), and fields made with
`read_field`: a prefetched list loads each selected field's batch once and the engine reads the items'
values; elsewhere the field loads for its own item, batched with the request's other items."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
import strawberry
from graphql import parse
from strawberry.dataloader import DataLoader

from app.graphql.engine.execution import FastExecutionContext, slim_resolvers
from app.graphql.prefetch import load_all, loaded, prefetch, read_field, selected_names


def _info(document: str, context=None):
    ast = parse(document)
    operation = ast.definitions[0]
    fragments = {d.name.value: d for d in ast.definitions[1:]}
    raw = SimpleNamespace(field_nodes=[operation.selection_set.selections[0]], fragments=fragments)
    return SimpleNamespace(_raw_info=raw, context=context)


def test_selected_names_follow_fragments_and_ignore_aliases():
    info = _info("""query { list { id renamed: title ... on Content { tags { id } } ...More } }
                    fragment More on Content { state ...Deeper }
                    fragment Deeper on Content { authors }""")
    assert selected_names(info) == {"id", "title", "tags", "state", "authors"}
    assert selected_names(info) is selected_names(info)  # computed once per field node


class Batches:
    """The request context of the test schema: its loaders, and the batches they ran."""

    def __init__(self, failing: str | None = None):
        self.ran: list[tuple[str, list]] = []

        def batch(name, value_of):
            async def load(keys):
                self.ran.append((name, list(keys)))
                if name == failing:
                    raise RuntimeError(f"{name} failed")
                return [value_of(k) for k in keys]
            return DataLoader(load_fn=load)

        self.doubles = batch("doubles", lambda n: n * 2)
        self.labels = batch("labels", lambda n: [f"label {n}", f"more {n}"])


class Row:
    def __init__(self, n: int):
        self.n = n


def _load_doubles(ctx, items):
    return load_all(ctx.doubles, [i.n for i in items])


def _load_labels(ctx, items):
    return load_all(ctx.labels, [i.n for i in items])


@strawberry.type
class Box:
    n: int
    double: int = read_field(_load_doubles, lambda item, ctx: loaded(ctx.doubles, item.n))
    labels: list[str] | None = read_field(_load_labels, lambda item, ctx: loaded(ctx.labels, item.n))


@strawberry.type
class Query:
    @strawberry.field
    async def boxes(self, info: strawberry.Info, count: int) -> list[Box]:
        return await prefetch(info, [Row(n) for n in range(count)])  # type: ignore[misc]

    @strawberry.field
    def plain_boxes(self, count: int) -> list[Box]:
        return [Row(n) for n in range(count)]  # type: ignore[misc]


def _schema():
    built = strawberry.Schema(query=Query, execution_context_class=FastExecutionContext)
    slim_resolvers(built)
    return built


def _expected(count: int, fields=("n", "double", "labels")) -> list[dict]:
    every = {n: {"n": n, "double": n * 2, "labels": [f"label {n}", f"more {n}"]} for n in range(count)}
    return [{f: every[n][f] for f in fields} for n in range(count)]


@pytest.mark.parametrize("root", ["boxes", "plainBoxes"])
async def test_each_selected_batch_is_loaded_once_for_the_list(root):
    context = Batches()
    result = await _schema().execute(f"{{ {root}(count: 4) {{ n double labels }} }}", context_value=context)
    assert result.errors is None
    assert result.data == {root: _expected(4)}
    assert sorted(context.ran) == [("doubles", [0, 1, 2, 3]), ("labels", [0, 1, 2, 3])]


async def test_a_field_not_selected_loads_nothing_and_an_empty_list_nothing_at_all():
    context = Batches()
    result = await _schema().execute("{ boxes(count: 3) { n double } none: boxes(count: 0) { labels } }",
                                     context_value=context)
    assert result.data == {"boxes": _expected(3, ("n", "double")), "none": []}
    assert context.ran == [("doubles", [0, 1, 2])]


async def test_a_failed_batch_fails_the_prefetched_list():
    context = Batches(failing="labels")
    result = await _schema().execute("{ boxes(count: 2) { n labels } }", context_value=context)
    assert result.data is None
    assert [(e.message, e.path) for e in result.errors] == [("labels failed", ["boxes"])]


async def test_a_failed_batch_fails_each_field_elsewhere():
    context = Batches(failing="labels")
    result = await _schema().execute("{ plainBoxes(count: 2) { n labels } }", context_value=context)
    assert result.data == {"plainBoxes": [{"n": 0, "labels": None}, {"n": 1, "labels": None}]}
    assert sorted((e.message, tuple(e.path)) for e in result.errors) == [
        ("labels failed", ("plainBoxes", 0, "labels")), ("labels failed", ("plainBoxes", 1, "labels"))]


async def test_concurrent_loads_of_the_same_keys_run_one_batch():
    context = Batches()
    await asyncio.gather(load_all(context.doubles, [1, 2, 3]), load_all(context.doubles, [2, 3, 4]))
    assert context.ran == [("doubles", [1, 2, 3]), ("doubles", [4])]
    assert [loaded(context.doubles, k) for k in (1, 2, 3, 4)] == [2, 4, 6, 8]
