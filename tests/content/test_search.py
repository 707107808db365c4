"""The search query parser on its own, and the SQL filters it produces."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.content import search
from app.content.models import ContentItem
from app.content.search import Term, check_fields, parse_query
from app.errors import AppError, ErrorCode
from tests.factories.catalog import build, course, learning_path


@pytest.mark.parametrize("text, terms", [
    (None, []),
    ("", []),
    ("   ", []),
    ('tags:"Premium Package"', [Term("tags", "Premium Package")]),
    ("difficulty:Easy", [Term("difficulty", "Easy")]),
    ('authors:"Jack"', [Term("authors", "Jack")]),
    ("python", [Term(None, "python")]),
    ('"machine learning"', [Term(None, "machine learning")]),
    ("title:python", [Term("title", "python")]),
    ('tags:"Premium Package" difficulty:Easy', [Term("tags", "Premium Package"), Term("difficulty", "Easy")]),
    ("tags:Cloud AND authors:Sam", [Term("tags", "Cloud"), Term("authors", "Sam")]),
    ("TAGS:Cloud", [Term("tags", "Cloud")]),
    ('  intro   to  ', [Term(None, "intro"), Term(None, "to")]),
    ('title:"say \\"hi\\""', [Term("title", 'say "hi"')]),
    ('title:"back\\\\slash"', [Term("title", "back\\slash")]),
    ("sku:A:B", [Term("sku", "A:B")]),
    ('tags:"  Cloud "', [Term("tags", "Cloud")]),
    ("100%", [Term(None, "100%")]),
])
def test_parses_terms(text, terms):
    assert parse_query(text) == terms


@pytest.mark.parametrize("text, fragment", [
    ('tags:"Premium Package', "Unbalanced quote"),
    ('"machine learning', "Unbalanced quote"),
    (":Easy", "Empty field name"),
    ("tags:", "has no value"),
    ("tags: Cloud", "has no value"),
    ('tags:""', "empty value"),
    ('tags:"   "', "empty value"),
    ('""', "empty quoted text"),
    ('tags:foo"bar"', "Unexpected quote"),
    ('foo"bar"', "Unexpected quote"),
    ('tags:"a"b', "Expected a space"),
    ("python OR java", "OR is not supported"),
    ("NOT python", "NOT is not supported"),
    ("AND python", "AND must stand between"),
    ("python AND", "AND must stand between"),
    ("python AND AND java", "AND must stand between"),
    ("x" * 1001, "longer than"),
    (" ".join(f"w{i}" for i in range(21)), "at most 20 terms"),
])
def test_malformed_queries_are_bad_user_input_on_the_query_field(text, fragment):
    with pytest.raises(AppError) as caught:
        parse_query(text)
    assert caught.value.code == ErrorCode.BAD_USER_INPUT
    assert caught.value.field == "query"
    assert fragment in caught.value.message


def test_fields_must_be_built_in_or_custom_field_slugs():
    check_fields(parse_query('tags:a authors:b title:c difficulty:Easy plain'), ["difficulty"])
    check_fields(parse_query("Difficulty:Easy"), ["difficulty"])
    with pytest.raises(AppError) as caught:
        check_fields(parse_query("colour:red"), ["difficulty"])
    assert caught.value.field == "query" and "colour" in caught.value.message and "difficulty" in caught.value.message


def test_only_non_built_in_fields_need_the_custom_field_definitions():
    assert not search.needs_custom_fields(parse_query('tags:a authors:b title:c plain "x y"'))
    assert search.needs_custom_fields(parse_query("difficulty:Easy"))


async def _titles(db, text):
    terms = parse_query(text)
    async with db() as session:
        stmt = select(ContentItem.title).where(*search.filters(terms)).order_by(ContentItem.title)
        return list((await session.scalars(stmt)).all())


def _item(slug, title, tags, authors, difficulty, **fields):
    return course(slug, title=title, tags=tags, authors=[{"name": a} for a in authors],
                  customFields={"difficulty": difficulty}, **fields)


async def test_filters_select_the_matching_items(db):
    await build(db, content_custom_fields=[{"slug": "difficulty", "label": "Difficulty", "indexed": True}], courses=[
        _item("python", "Introduction to Python", ["Programming", "Premium Package"], ["Jack Miller"], "Easy"),
        _item("kubernetes", "Kubernetes Deep Dive", ["Cloud", "Premium Package"], ["Sam Lee"], "Hard"),
        _item("cloud", "Cloud Engineering Basics", ["Cloud"], ["Sam Lee"], "Easy", kind="microCourse"),
        _item("data", "Data Science Fundamentals", ["Data Science", "Premium Package"], ["Jane Smith", "Jack Miller"],
              "Medium"),
        _item("ml", "Introduction to Machine Learning", ["Data Science"], ["Dr. Alice Smith"], "Hard")],
        learning_paths=[learning_path("cloud-path", ["cloud"], title="Cloud Engineering Path"),
                        learning_path("data-path", ["data"], title="Data Science Learning Path")])
    premium = await _titles(db, 'tags:"Premium Package"')
    assert "Introduction to Python" in premium and "Kubernetes Deep Dive" in premium
    assert "Cloud Engineering Basics" not in premium
    assert await _titles(db, 'tags:"premium package"') == premium  # labels match case-insensitively
    assert await _titles(db, "tags:Premium") == []  # a tag matches its whole label
    jack = await _titles(db, 'authors:"Jack"')
    assert jack == ["Data Science Fundamentals", "Introduction to Python"]
    assert await _titles(db, "difficulty:Hard") == ["Introduction to Machine Learning", "Kubernetes Deep Dive"]
    assert await _titles(db, "difficulty:easy tags:Cloud") == ["Cloud Engineering Basics"]
    assert await _titles(db, '"machine learning"') == ["Introduction to Machine Learning"]
    assert await _titles(db, "introduction python") == ["Introduction to Python"]
    assert await _titles(db, "title:Path") == ["Cloud Engineering Path", "Data Science Learning Path"]
    # LIKE wildcards in a value are literal characters
    assert await _titles(db, "%") == [] and await _titles(db, "authors:_") == []
