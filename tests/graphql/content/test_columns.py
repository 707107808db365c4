"""A list of Content selects only the columns its fields read (app/graphql/content/columns.py): each
field, selected alone, answers on every item of a learner's list what it answers when the list reads every
column. The learner holds items of every kind and relation (tests/graphql/content/jane.py) and courses and
paths with every part behind the parity fields (helpers.add_catalog_parts)."""
from __future__ import annotations

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType

from app.content.models import CONTENT_COLUMNS
from app.graphql.content import columns, queries
from app.graphql.schema import schema
from tests.graphql.content.helpers import add_catalog_parts
from tests.graphql.content.jane import build_jane


@pytest.fixture
async def jane_token(db, gql) -> str:
    jane = await build_jane(db, gql)
    await add_catalog_parts(db, jane.id, 2)
    return jane.token


def _selection(field_type) -> str:
    while isinstance(field_type, (GraphQLNonNull, GraphQLList)):
        field_type = field_type.of_type
    if isinstance(field_type, GraphQLObjectType):
        return " { " + " ".join(name for name, f in field_type.fields.items() if not f.args) + " }"
    return ""


CONTENT = schema._schema.type_map["Content"]
FIELDS = {name: f"{name}{_selection(field.type)}" for name, field in CONTENT.fields.items() if not field.args}


def test_every_content_field_is_known():
    """A field missing from READS still works (the list reads every column), but loses the saving."""
    assert {name for name in FIELDS if columns.content_columns(frozenset({name})) == tuple(CONTENT_COLUMNS.c)} == set()


def test_a_list_reads_only_the_columns_of_its_fields():
    read = {c.key for c in columns.content_columns(frozenset({"title", "availabilityStatus"}))}
    assert read == {"id", "title", "status", "course_end_date", "expires_at", "enrollment_end_date",
                    "enrollment_start_date", "publish_date"}


@pytest.mark.parametrize("args", ["", "(kind: [course, learningPath])"])
async def test_each_field_answers_as_with_every_column(gql, jane_token, monkeypatch, args):
    alone = await _each_field_alone(gql, jane_token, args)
    monkeypatch.setattr(queries, "content_columns", lambda names: tuple(CONTENT_COLUMNS.c))
    every = await gql.data(_list(args, " ".join(FIELDS.values())), token=jane_token)
    assert len(alone) > 3
    assert alone == every["UserContentItems"]


async def _each_field_alone(gql, token, args) -> list[dict]:
    """Each field in a list of its own (reading only that field's columns), merged per item."""
    merged: list[dict] = []
    for name, selection in FIELDS.items():
        items = (await gql.data(_list(args, selection), token=token))["UserContentItems"]
        merged = merged or [{"id": item["id"]} for item in items]
        for target, item in zip(merged, items, strict=True):
            assert target["id"] == item["id"]
            target[name] = item[name]
    return merged


def _list(args: str, selection: str) -> str:
    return "{ UserContentItems" + args + " { id " + selection + " } }"
