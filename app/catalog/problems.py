"""What is wrong with a catalog document: each problem has its JSON path and a code."""
from __future__ import annotations

from dataclasses import dataclass

from app.errors import AppError, ErrorCode

# Problem codes (docs/catalog.md).
INVALID_JSON = "INVALID_JSON"          # the document is not JSON, or a section is not the right shape
UNKNOWN_FIELD = "UNKNOWN_FIELD"        # a member the format does not have (a typo?)
REQUIRED = "REQUIRED"                  # a required member is missing or null
INVALID_VALUE = "INVALID_VALUE"        # wrong type, length, enum value or date
DUPLICATE_KEY = "DUPLICATE_KEY"        # two entries with the same key (slug, sku, code, label …)
UNKNOWN_REFERENCE = "UNKNOWN_REFERENCE"  # a reference to nothing in the document or the store
CONFLICT = "CONFLICT"                  # the store refused the change (a unique value held by another row)

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    path: str
    code: str
    message: str

    def to_json(self) -> dict:
        return {"message": self.message, "extensions": {"code": self.code, "field": self.path}}


class CatalogRejected(AppError):
    """The import changed nothing: every problem found (up to MAX_PROBLEMS) is an entry of `errors`."""

    def __init__(self, problems: list[Problem]):
        first = problems[0]
        super().__init__(ErrorCode.BAD_USER_INPUT,
                         f"The catalog was not imported: {len(problems)} problem(s); first at {first.path}: "
                         f"{first.message}", first.path)
        self.problems = problems

    def to_json(self) -> dict:
        return {"errors": [p.to_json() for p in self.problems]}


def json_path(prefix: str, loc) -> str:
    """`courses[12]` + ('sessions', 0, 'startDate') -> `courses[12].sessions[0].startDate`."""
    path = prefix
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path
