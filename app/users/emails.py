"""Email normalisation and validation."""
from __future__ import annotations

import re

from app.errors import bad_input

# Deliberately simple: one @, no spaces, a dot in the domain, sane lengths.
_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
MAX_EMAIL_LENGTH = 320  # the column's length (RFC 5321's bound)


def normalize_email_loose(email: str) -> str:
    return (email or "").strip().lower()


def normalize_email(email: str, field: str = "email") -> str:
    """The stored form of an email (trimmed, lower-cased), or BAD_USER_INPUT."""
    value = normalize_email_loose(email)
    if len(value) > MAX_EMAIL_LENGTH or not _EMAIL_RE.match(value) or ".." in value:
        raise bad_input(f"{email!r} is not a valid email address", field)
    return value
