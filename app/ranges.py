"""The range every date a client sends is checked against (issue 14): the years 1900 to 3000, in GraphQL
(the Date scalar) and REST alike, so that adding a validity (at most 100 years) or converting between
UTC offsets never leaves what Python and both databases represent."""
from __future__ import annotations

from datetime import date

from app.errors import bad_input

MIN_YEAR, MAX_YEAR = 1900, 3000


def check_year(value: date, field: str | None = None) -> None:
    """BAD_USER_INPUT (on `field`) unless `value` (a date or datetime, before any offset conversion) is in range."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise bad_input(f"{field or 'A date'} must be between the years {MIN_YEAR} and {MAX_YEAR}", field)
