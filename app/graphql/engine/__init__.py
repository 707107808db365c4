"""The fast GraphQL execution path: our own machinery below strawberry's public API.

- `costs`: API points and the document limits, computed from the parsed document;
- `documents`: parsing and validation cached per process (persisted queries make a repeated
  document the common case);
- `execution`: thin resolvers and the short path for scalar fields;
- `variables`: one-pass coercion of large list variables.

These reach into graphql-core's executor (`execute_fields`, `build_resolve_info`, the
`Path`/`to_nodes` helpers), which changes between minor versions. graphql-core is pinned in
pyproject.toml and `tests/graphql/engine/test_version.py` fails when the installed version is
not the one this code was written against: re-read the executor before moving the pin.
"""
from __future__ import annotations

GRAPHQL_CORE_VERSION = "3.3.2"
