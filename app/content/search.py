"""The `query` argument of the content queries: a small search syntax turned into SQL filters.

Syntax (Helium's "Writing a Search Query", the part our store backs):

    query   := term (["AND"] term)*          terms are separated by spaces; all must match (AND)
    term    := [field ":"] value
    value   := word | '"' characters '"'    inside quotes, \\" is a quote and \\\\ a backslash
    field   := "tags" | "authors" | "title" | the slug of an indexed content custom field

- `tags:"Premium Package"`  the item carries a tag with exactly that label (case-insensitive);
- `authors:"Jack"`          one of the item's author names contains the text (case-insensitive);
- `title:python`, `python`, `"machine learning"`  the title contains the text (case-insensitive);
- `difficulty:Easy`         the item's value of the custom field `difficulty` equals the text
                            (case-insensitive; values live in content_custom_values).

Field names are case-insensitive. `AND` between terms is allowed and changes nothing; `OR` and
`NOT` are not supported. A malformed query (unbalanced quote, empty field name or value, unknown
field, stray quote, too long …) raises BAD_USER_INPUT with field "query".

Relevance (sortColumn `relevance`) is the number of terms whose text occurs in the item's title,
so items whose titles match the search come first.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, exists, func, literal, select

from app.content.models import ContentAuthor, ContentCustomValue, ContentItem, ContentTag, Tag
from app.errors import bad_input

TAGS = "tags"
AUTHORS = "authors"
TITLE = "title"
BUILT_IN_FIELDS = (TAGS, AUTHORS, TITLE)
MAX_QUERY_LENGTH = 1000
MAX_TERMS = 20
UNSUPPORTED_OPERATORS = ("OR", "NOT")


@dataclass(frozen=True)
class Term:
    """One search term. `field` is None for free text (matched against titles)."""

    field: str | None
    value: str


def _error(message: str):
    return bad_input(message, "query")


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_spaces(self) -> None:
        while not self.at_end() and self.text[self.pos].isspace():
            self.pos += 1

    def word(self) -> str:
        """Characters up to a space, a colon or a quote."""
        start = self.pos
        while not self.at_end() and not self.text[self.pos].isspace() and self.text[self.pos] not in ':"':
            self.pos += 1
        return self.text[start:self.pos]

    def bare_value(self) -> str:
        """Characters up to a space (colons allowed); a quote inside is an error."""
        start = self.pos
        while not self.at_end() and not self.text[self.pos].isspace():
            if self.text[self.pos] == '"':
                raise _error(f'Unexpected quote at position {self.pos + 1} of the search query')
            self.pos += 1
        return self.text[start:self.pos]

    def quoted(self) -> str:
        opening = self.pos
        self.pos += 1  # the opening quote
        out: list[str] = []
        while not self.at_end():
            ch = self.text[self.pos]
            if ch == "\\" and self.pos + 1 < len(self.text) and self.text[self.pos + 1] in '"\\':
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if ch == '"':
                self.pos += 1
                if not self.at_end() and not self.peek().isspace():
                    raise _error(f"Expected a space after the quoted text ending at position {self.pos}")
                return "".join(out)
            out.append(ch)
            self.pos += 1
        raise _error(f"Unbalanced quote: the quote at position {opening + 1} of the search query is never closed")


def parse_query(text: str | None) -> list[Term]:
    """The terms of a search query; None or blank gives no terms. Field names come back lowercased."""
    if text is None:
        return []
    if len(text) > MAX_QUERY_LENGTH:
        raise _error(f"The search query is longer than {MAX_QUERY_LENGTH} characters")
    reader = _Reader(text)
    terms: list[Term] = []
    pending_and = False
    while True:
        reader.skip_spaces()
        if reader.at_end():
            break
        if reader.peek() == '"':
            value = reader.quoted()
            if not value.strip():
                raise _error("An empty quoted text is not a search term")
            terms.append(Term(None, value.strip()))
            pending_and = False
            continue
        if reader.peek() == ":":
            raise _error(f"Empty field name before the colon at position {reader.pos + 1} of the search query")
        word = reader.word()
        if reader.peek() == ":":
            reader.pos += 1
            if reader.at_end() or reader.peek().isspace():
                raise _error(f"The field {word!r} has no value (write {word}:value or {word}:\"some value\")")
            value = reader.quoted() if reader.peek() == '"' else reader.bare_value()
            if not value.strip():
                raise _error(f"The field {word!r} has an empty value")
            terms.append(Term(word.lower(), value.strip()))
            pending_and = False
            continue
        if reader.peek() == '"':
            raise _error(f'Unexpected quote at position {reader.pos + 1} of the search query')
        if word in UNSUPPORTED_OPERATORS:
            raise _error(f"{word} is not supported in search queries; terms are combined with AND")
        if word == "AND":
            if not terms or pending_and:
                raise _error("AND must stand between two search terms")
            pending_and = True
            continue
        terms.append(Term(None, word))
        pending_and = False
    if pending_and:
        raise _error("AND must stand between two search terms")
    if len(terms) > MAX_TERMS:
        raise _error(f"A search query has at most {MAX_TERMS} terms")
    return terms


def needs_custom_fields(terms: list[Term]) -> bool:
    """Whether checking these terms needs the custom field definitions (a field that is not built in)."""
    return any(t.field is not None and t.field not in BUILT_IN_FIELDS for t in terms)


def check_fields(terms: list[Term], custom_slugs) -> None:
    """Raise BAD_USER_INPUT for a field that is neither built in nor a searchable custom field slug."""
    known = {s.lower() for s in custom_slugs}
    for t in terms:
        if t.field is not None and t.field not in BUILT_IN_FIELDS and t.field not in known:
            allowed = ", ".join([*BUILT_IN_FIELDS, *sorted(known)])
            raise _error(f"Unknown search field {t.field!r}; use one of: {allowed}")


def _title_contains(value: str) -> ColumnElement[bool]:
    return func.lower(ContentItem.title).contains(value.lower(), autoescape=True)


def term_filter(term: Term) -> ColumnElement[bool]:
    """A condition on ContentItem (correlated) that holds when the item matches the term."""
    value = term.value.lower()
    if term.field is None or term.field == TITLE:
        return _title_contains(term.value)
    if term.field == TAGS:
        return exists(
            select(literal(1)).select_from(ContentTag).join(Tag, Tag.id == ContentTag.tag_id)
            .where(ContentTag.content_id == ContentItem.id, func.lower(Tag.label) == value)
        )
    if term.field == AUTHORS:
        return exists(
            select(literal(1)).select_from(ContentAuthor)
            .where(ContentAuthor.content_id == ContentItem.id,
                   func.lower(ContentAuthor.name).contains(value, autoescape=True))
        )
    return exists(
        select(literal(1)).select_from(ContentCustomValue)
        .where(ContentCustomValue.content_id == ContentItem.id,
               func.lower(ContentCustomValue.field_slug) == term.field,
               func.lower(ContentCustomValue.value) == value)
    )


def filters(terms: list[Term]) -> list[ColumnElement[bool]]:
    """One condition per term; an item matches the query when all hold."""
    return [term_filter(t) for t in terms]


def relevance(terms: list[Term]):
    """Number of terms whose text occurs in the title (an integer SQL expression)."""
    if not terms:
        return literal(0)
    score = None
    for t in terms:
        part = case((_title_contains(t.value), 1), else_=0)
        score = part if score is None else score + part
    return score
