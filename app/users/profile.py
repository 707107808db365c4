"""A learner's profile: contact details, preferences, custom fields and the recommendations shown to them."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import column_length, utcnow
from app.errors import bad_input, not_found
from app.users.models import User

TEXT_FIELDS = ("address1", "address2", "city", "state", "zip_code", "country", "telephone")
BIO_MAX_LENGTH = 5000
CURRENCY = re.compile(r"[A-Z]{3}")
MAX_ENTRIES = 100  # custom fields, recommendations, flows
ENTRY_MAX_LENGTH = 200
FIELDS = (*TEXT_FIELDS, "bio", "preferred_currency", "custom_fields", "recommended_tags", "recommended_slugs",
          "accessed_flows")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _text(name: str, value: Any, max_length: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise bad_input(f"{_camel(name)} must be text", _camel(name))
    text = value.strip()
    if len(text) > max_length:
        raise bad_input(f"{_camel(name)} can have at most {max_length} characters", _camel(name))
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise bad_input(f"{_camel(name)} must not contain control characters", _camel(name))
    return text or None


def _short(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value.strip()) <= ENTRY_MAX_LENGTH


def _boosted(name: str, value: Any, key: str) -> list[dict] | None:
    """[{key: text, "boost": whole number}, …]"""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_ENTRIES or not all(
            isinstance(e, Mapping) and set(e) == {key, "boost"} and _short(e[key])
            and isinstance(e["boost"], int) and not isinstance(e["boost"], bool) for e in value):
        raise bad_input(f"{_camel(name)} must be at most {MAX_ENTRIES} entries of {key} and a whole-number boost",
                        _camel(name))
    return [{key: e[key].strip(), "boost": e["boost"]} for e in value]


def _check(name: str, value: Any) -> Any:
    if name in TEXT_FIELDS:
        return _text(name, value, column_length(getattr(User, name)))
    if name == "bio":
        return _text(name, value, BIO_MAX_LENGTH)
    if name == "preferred_currency":
        if value is not None and not (isinstance(value, str) and CURRENCY.fullmatch(value)):
            raise bad_input("preferredCurrency must be a three-letter currency code (USD)", "preferredCurrency")
        return value
    if name == "custom_fields":
        if value is not None and not (isinstance(value, Mapping) and len(value) <= MAX_ENTRIES and all(
                _short(k) and (v is None or isinstance(v, bool | int | float) or _short(v)) for k, v in value.items())):
            raise bad_input(f"customFields must map at most {MAX_ENTRIES} names to short values", "customFields")
        return dict(value) if value is not None else None
    if name == "recommended_tags":
        return _boosted(name, value, "label")
    if name == "recommended_slugs":
        return _boosted(name, value, "slug")
    if name == "accessed_flows":
        if value is not None and not (isinstance(value, list) and len(value) <= MAX_ENTRIES
                                      and all(_short(v) for v in value)):
            raise bad_input(f"accessedFlows must be at most {MAX_ENTRIES} names", "accessedFlows")
        return list(dict.fromkeys(v.strip() for v in value)) if value is not None else None
    raise bad_input(f"{_camel(name)} is not a profile field", _camel(name))


async def update_profile(session: AsyncSession, *, user_id: str, changes: Mapping[str, Any],
                         now: datetime | None = None) -> User:
    """Change the given profile fields (FIELDS; None clears one) and nothing else.

    BAD_USER_INPUT (the field at fault, camelCase) for an unknown field or a value out of shape;
    NOT_FOUND (userId). Nothing changes when a field is refused.
    """
    values = {name: _check(name, value) for name, value in changes.items()}
    user = await session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None:
        raise not_found("User", "userId")
    for name, value in values.items():
        setattr(user, name, value)
    user.updated_at = now or utcnow()
    await session.flush()
    return user
