"""Strings no database accepts, refused at the API boundary (GraphQL variables and literals, REST
bodies, path and query parameters), the same way on SQLite and PostgreSQL.

PostgreSQL refuses NUL (U+0000) in text and SQLite would store it; lone surrogates cannot be encoded
in UTF-8 (the JSON parser and GraphQL's lexer already refuse them, the check covers the rest).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphql import DocumentNode, StringValueNode, Visitor, visit

from app.errors import AppError, bad_input


def _is_clean(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def unclean_path(value: Any, path: str) -> str | None:
    """The path (`variables.input.name`, `items.3`) of the first unacceptable string in a JSON value."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if not _is_clean(item):
                return where
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str) and not _is_clean(key):
                    return where
                stack.append((child, f"{where}.{key}"))
        elif isinstance(item, list):
            stack.extend((child, f"{where}.{index}") for index, child in enumerate(item))
    return None


def unclean_error(field: str) -> AppError:
    return bad_input("Text may not contain NUL (U+0000) or unpaired surrogate characters", field)


def check_clean(value: Any, field: str) -> None:
    """BAD_USER_INPUT (with the offending path as `field`) when `value` holds an unacceptable string."""
    where = unclean_path(value, field)
    if where is not None:
        raise unclean_error(where)


def check_clean_items(items: Iterable[tuple[str, Any]]) -> None:
    """The same for (name, value) pairs: query-string or path parameters (a converted path parameter,
    `{n:int}`, is no text)."""
    for name, value in items:
        if not _is_clean(name) or (isinstance(value, str) and not _is_clean(value)):
            raise unclean_error(name if _is_clean(name) else "parameters")


class _StringLiterals(Visitor):
    def __init__(self):
        super().__init__()
        self.unclean = False

    def enter_string_value(self, node: StringValueNode, *_args):
        if not _is_clean(node.value):
            self.unclean = True
            return self.BREAK
        return None


def check_document_strings(query: str, document: DocumentNode) -> None:
    """BAD_USER_INPUT when a string literal of the document holds NUL (only an escape can put it there)."""
    if "\\u" not in query:
        return
    literals = _StringLiterals()
    visit(document, literals)
    if literals.unclean:
        raise unclean_error("query")
