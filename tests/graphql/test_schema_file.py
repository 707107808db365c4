from pathlib import Path

from app.graphql.schema import export_sdl

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_graphql_is_generated_from_the_code():
    assert SCHEMA_FILE.read_text() == export_sdl(), (
        "schema.graphql is stale: run `.venv/bin/python -m app export-schema > schema.graphql`"
    )
