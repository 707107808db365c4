"""The GraphQL schema: every domain's root fields merged, plus schema-wide extensions."""
from __future__ import annotations

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from app.graphql.users.mutations import AuthMutations
from app.graphql.users.queries import UserQueries

QUERY_TYPES: tuple[type, ...] = (UserQueries,)
MUTATION_TYPES: tuple[type, ...] = (AuthMutations,)


class LearnerSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        # Errors are logged where they are formatted (app.graphql.errors), once, with
        # the request id; expected client errors are not logged at all.
        return None


def build_schema() -> LearnerSchema:
    query = merge_types("Query", QUERY_TYPES)
    mutation = merge_types("Mutation", MUTATION_TYPES)
    return LearnerSchema(
        query=query,
        mutation=mutation,
        extensions=[lambda: ParserCache(maxsize=512), lambda: ValidationCache(maxsize=512)],
        config=StrawberryConfig(auto_camel_case=True),
    )


schema = build_schema()


def export_sdl() -> str:
    return schema.as_str() + "\n"
