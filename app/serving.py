"""Process set-up for serving: keep the startup heap out of the cyclic garbage collector's way.

A server process holds a large, permanent object graph built at startup: the GraphQL schema
(strawberry and graphql-core types, fields, resolvers), the SQLAlchemy mappers, every imported
module. CPython's cyclic GC walks all of it on each full collection, and a GraphQL request
allocates enough containers to trigger several collections: measured with scripts/bench, GC took
about 40% of the CPU time of CurrentUser before this (docs/performance.md).

`gc.freeze()` moves everything alive at startup into a permanent generation that collections
skip. Objects created later are collected as usual; reference counting still frees frozen objects
that die, only reference cycles among them would never be reclaimed (startup objects live as long
as the process anyway).
"""
from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Call once the app is built, before serving."""
    from sqlalchemy.orm import configure_mappers

    configure_mappers()  # built lazily otherwise, on the first query
    gc.collect()
    gc.freeze()
