"""The JSON Schema and the example shipped in docs/: current, valid, importable."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs

from app.catalog.document import json_schema
from tests.catalog.helpers import export, load

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_schema_file_is_current():
    stored = json.loads((DOCS / "catalog.schema.json").read_text())
    assert stored == json_schema(), "regenerate: python -m app catalog-schema > docs/catalog.schema.json"


def test_the_example_follows_the_schema():
    validator = jsonschema_rs.validator_for(json_schema())
    validator.validate(json.loads((DOCS / "catalog.example.json").read_text()))
    assert not validator.is_valid({"courses": [{"slug": "a", "title": "A", "kind": "podcast"}]})


async def test_the_example_imports_and_its_export_follows_the_schema(db):
    summary = await load(db, (DOCS / "catalog.example.json").read_bytes())
    assert summary.to_json()["courses"]["created"] == 3
    exported = json.loads(await export(db))
    jsonschema_rs.validator_for(json_schema()).validate(exported)
    assert exported["bundles"][0]["items"] == ["intro-to-python", "leadership-path"]


async def test_the_demo_export_follows_the_schema(db, demo):
    jsonschema_rs.validator_for(json_schema()).validate(json.loads(await export(db)))
