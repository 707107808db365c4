"""The engine reaches below graphql-core's public API: it is written for one version."""
import graphql

from app.graphql.engine import GRAPHQL_CORE_VERSION


def test_graphql_core_is_the_version_the_engine_was_written_for():
    assert graphql.__version__ == GRAPHQL_CORE_VERSION, (
        "graphql-core changed: re-read graphql/execution/execute.py against app/graphql/engine/execution.py, "
        "then move the pin in pyproject.toml and GRAPHQL_CORE_VERSION together")
