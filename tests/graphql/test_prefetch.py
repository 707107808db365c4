"""app/graphql/prefetch.py: the names selected under a field, fragments included, and the loads of
the selected fields run once each."""
from __future__ import annotations

from types import SimpleNamespace

from graphql import parse

from app.graphql.prefetch import prefetch, selected_names


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


async def test_prefetch_runs_each_selected_load_once():
    ran = []

    async def load_tags(ctx, items):
        ran.append(("tags", ctx, tuple(items)))

    async def load_progress(ctx, items):
        ran.append(("progress", ctx, tuple(items)))

    loads = {"tags": load_tags, "state": load_progress, "issuedAt": load_progress, "authors": load_tags}
    info = _info("query { list { tags { id } state issuedAt } }", context="ctx")
    assert await prefetch(info, [1, 2], loads) == [1, 2]
    assert sorted(ran) == [("progress", "ctx", (1, 2)), ("tags", "ctx", (1, 2))]


async def test_nothing_is_loaded_for_an_empty_list():
    async def fail(ctx, items):
        raise AssertionError("loaded for nothing")

    assert await prefetch(_info("query { list { tags { id } } }"), [], {"tags": fail}) == []
