"""The GraphQL schema: every domain's root fields merged, plus schema-wide extensions."""
from __future__ import annotations

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from app.graphql.awards.queries import AwardQueries
from app.graphql.balances.mutations import BalanceMutations
from app.graphql.certificates.mutations import CertificateMutations
from app.graphql.certificates.queries import CertificateQueries
from app.graphql.codes.mutations import CodeMutations
from app.graphql.company.queries import CompanyQueries
from app.graphql.content.queries import ContentQueries
from app.graphql.engine.execution import FastExecutionContext, fast_enum_output, flat_inputs, slim_resolvers
from app.graphql.learning.bookmarks import BookmarkQueries
from app.graphql.learning.mutations import LearningMutations
from app.graphql.scalars import SCALAR_MAP
from app.graphql.usage.queries import UsageQueries
from app.graphql.users.mutations import AuthMutations
from app.graphql.users.provisioning import ProvisioningMutations
from app.graphql.users.queries import UserQueries

QUERY_TYPES: tuple[type, ...] = (UserQueries, UsageQueries, CompanyQueries, ContentQueries, CertificateQueries,
                                  AwardQueries, BookmarkQueries)
MUTATION_TYPES: tuple[type, ...] = (AuthMutations, ProvisioningMutations, BalanceMutations, CodeMutations,
                                     LearningMutations, CertificateMutations)


class LearnerSchema(strawberry.Schema):
    def process_errors(self, errors, execution_context=None) -> None:
        # Errors are logged where they are formatted (app.graphql.errors), once, with
        # the request id; expected client errors are not logged at all.
        return None


def build_schema(*, thin_execution: bool = True) -> LearnerSchema:
    """The schema. `thin_execution=False` keeps strawberry's stock field execution (bench/baseline.py)."""
    query = merge_types("Query", QUERY_TYPES)
    mutation = merge_types("Mutation", MUTATION_TYPES)
    built = LearnerSchema(
        query=query,
        mutation=mutation,
        config=StrawberryConfig(auto_camel_case=True, scalar_map=SCALAR_MAP),
        **({"execution_context_class": FastExecutionContext} if thin_execution else {}),  # app/graphql/engine/execution.py
    )
    if thin_execution:
        slim_resolvers(built)  # thin resolvers for plain fields and argument-less resolvers
        flat_inputs(built)  # input objects of scalar fields built in one call
        fast_enum_output(built)  # enum members serialised by a dictionary lookup
    return built


schema = build_schema()


def export_sdl() -> str:
    return schema.as_str() + "\n"
