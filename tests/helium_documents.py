"""Helium's own GraphQL documents (thoughtindustries/helium, MIT; sources in
tests/integration/helium_client/NOTICE.md), kept once for every test that sends them verbatim."""
from pathlib import Path

OPERATIONS = Path(__file__).resolve().parent / "integration" / "helium_client" / "operations"


def helium_document(name: str) -> str:
    """The document of operations/<name>.graphql."""
    return (OPERATIONS / f"{name}.graphql").read_text()
