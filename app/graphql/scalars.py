"""The custom scalars of the Helium schema."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import NewType

import strawberry
from strawberry.scalars import JSON  # noqa: F401  (re-exported: the reference's JSON scalar)

from app.errors import bad_input
from app.ranges import check_year


def serialize_date(value) -> str:
    """ISO 8601 in UTC with milliseconds, as Helium sends it: 2024-02-20T00:00:00.000Z."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat(timespec="milliseconds") + "Z"
        if value.tzinfo is not UTC:
            value = value.astimezone(UTC)
        return value.isoformat(timespec="milliseconds")[:-6] + "Z"  # without "+00:00"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def parse_date(value) -> datetime:
    """The Date scalar's input: an ISO 8601 date or timestamp (UTC without an offset), years 1900 to 3000."""
    parsed = parse_iso(value)
    check_year(parsed)
    return parsed


def parse_iso(value) -> datetime:
    if not isinstance(value, str):
        raise bad_input("A Date must be an ISO 8601 string")
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise bad_input(f"{value!r} is not an ISO 8601 date") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


_URL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)\S+$")


def parse_url(value) -> str:
    if not isinstance(value, str) or not _URL_RE.match(value):
        raise bad_input(f"{value!r} is not an absolute URL")
    return value


def parse_absolute_or_relative_url(value) -> str:
    if isinstance(value, str) and value.startswith("/"):
        return value
    return parse_url(value)


_SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def parse_slug(value) -> str:
    if not isinstance(value, str) or not _SLUG_RE.match(value):
        raise bad_input(f"{value!r} is not a slug")
    return value


_HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


def parse_hex_color(value) -> str:
    if not isinstance(value, str) or not _HEX_RE.match(value):
        raise bad_input(f"{value!r} is not a hex color")
    return value


# The scalars are NewTypes used in annotations; SCALAR_MAP (below) gives each its GraphQL definition and is
# passed to every schema's StrawberryConfig (strawberry's scalar_map; `strawberry.scalar(cls)` is deprecated).
Date = NewType("Date", datetime)
URL = NewType("URL", str)
AbsoluteOrRelativeURL = NewType("AbsoluteOrRelativeURL", str)
Slug = NewType("Slug", str)
HexColor = NewType("HexColor", str)
UUID = NewType("UUID", str)


def parse_uuid(value) -> str:
    """The canonical lower-case form of a UUID string, or BAD_USER_INPUT."""
    import uuid

    try:
        return str(uuid.UUID(value)) if isinstance(value, str) else _not_uuid(value)
    except ValueError:
        return _not_uuid(value)


def _not_uuid(value):
    raise bad_input(f"{value!r} is not a UUID")


SCALAR_MAP = {
    Date: strawberry.scalar(name="Date", description="Date scalar type",
                            serialize=serialize_date, parse_value=parse_date),
    URL: strawberry.scalar(
        name="URL", description="A valid absolute URL string starting with either a valid protocol or a leading www",
        serialize=str, parse_value=parse_url),
    AbsoluteOrRelativeURL: strawberry.scalar(
        name="AbsoluteOrRelativeURL",
        description="A valid absolute (starting with either a valid protocol or a leading www) or relative "
        "(with a leading slash) URL string",
        serialize=str, parse_value=parse_absolute_or_relative_url),
    Slug: strawberry.scalar(name="Slug", description="Slug scalar type", serialize=str, parse_value=parse_slug),
    HexColor: strawberry.scalar(name="HexColor", description="Hex Color scalar type",
                                serialize=str, parse_value=parse_hex_color),
    UUID: strawberry.scalar(name="UUID", description="A field whose value is a UUID.",
                            serialize=str, parse_value=parse_uuid),
}
