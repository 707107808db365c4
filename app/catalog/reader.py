"""Reads a catalog document section by section without loading it whole (ijson).

A first pass over the parser's events checks the top level (an object of known sections, each
the right shape) and counts each section's entries for the progress bar; then each section is
read on its own pass, one entry at a time. Reading by section means the importer can take the
sections in dependency order, whatever their order in the file.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

import ijson
from pydantic.alias_generators import to_camel

from app.catalog.document import FORMAT, VERSION, Catalog
from app.catalog.problems import INVALID_JSON, INVALID_VALUE, UNKNOWN_FIELD, Problem

# A `\uD800`-`\uDFFF` escape without its pair. ijson's C backend reads it as "?", which would be
# imported silently; such a file is read with the pure-Python backend, which keeps the character
# for the document's validator to refuse with its path (a literal backslash before "ud800" only
# costs that slower read).
_LONE_SURROGATE = re.compile(rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                             rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_CHUNK = 1 << 20


def _has_lone_surrogate(file: IO[bytes]) -> bool:
    file.seek(0)
    tail = b""
    while chunk := file.read(_CHUNK):
        if _LONE_SURROGATE.search(tail + chunk):
            return True
        tail = chunk[-12:]  # an escape pair split across two chunks
    return False


# JSON name of each top-level member -> (python name, is a list)
MEMBERS = {to_camel(name): (name, name != "company") for name in Catalog.model_fields}


class CatalogSource:
    """A seekable binary file holding a catalog document."""

    def __init__(self, file: IO[bytes]):
        self.file = file
        self.counts: dict[str, int] = {}
        self.problems: list[Problem] = []
        self.present: set[str] = set()
        self._json = ijson

    def scan(self) -> None:
        """Check the top level and count entries; problems go to `self.problems`."""
        if _has_lone_surrogate(self.file):
            self._json = ijson.get_backend("python")
        self.file.seek(0)
        header: dict[str, object] = {}
        try:
            events = ijson.parse(self.file, use_float=True)
            prefix, event, value = next(events)
            if event != "start_map":
                self.problems.append(Problem("", INVALID_JSON, "The document must be a JSON object"))
                return
            for prefix, event, value in events:
                if prefix == "" and event == "map_key":
                    if value not in MEMBERS:
                        self.problems.append(Problem(value, UNKNOWN_FIELD, f"Unknown section {value!r}"))
                    continue
                top, _, rest = prefix.partition(".")
                if top not in MEMBERS or rest and not rest.startswith("item"):
                    continue
                name, is_list = MEMBERS[top]
                if not rest and event != "map_key":
                    self.present.add(name)
                    if name in ("format", "version"):
                        header[name] = value
                    elif is_list and event not in ("start_array", "end_array"):
                        self.problems.append(Problem(top, INVALID_JSON, f"{top} must be an array"))
                    elif not is_list and event not in ("start_map", "end_map", "null"):
                        self.problems.append(Problem(top, INVALID_JSON, f"{top} must be an object"))
                    elif not is_list and event == "start_map":
                        self.counts[name] = 1
                elif rest == "item" and event not in ("end_map", "end_array", "map_key"):
                    self.counts[name] = self.counts.get(name, 0) + 1
        except ijson.JSONError as err:
            self.problems.append(Problem("", INVALID_JSON,
                                         f"The document is not valid JSON: {str(err).splitlines()[0]}"))
            return
        if header.get("format", FORMAT) != FORMAT:
            self.problems.append(Problem("format", INVALID_VALUE, f"format must be {FORMAT!r}"))
        if header.get("version", VERSION) != VERSION:
            self.problems.append(Problem("version", INVALID_VALUE, f"This server reads version {VERSION}"))

    def entries(self, name: str) -> Iterator[object]:
        """The raw entries of a list section (or the one object of `company`), in file order."""
        if name not in self.present:
            return iter(())
        self.file.seek(0)
        alias = to_camel(name)
        path = alias if name == "company" else f"{alias}.item"
        return self._json.items(self.file, path, use_float=True)

    @property
    def total(self) -> int:
        return sum(self.counts.values())
