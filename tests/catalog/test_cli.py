"""`python -m app import FILE` and `python -m app export`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "catalog.example.json"


@pytest.fixture
def cli_env(monkeypatch, database_url, db):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "cli-test-secret-" + "x" * 32)


def test_import_prints_a_summary_and_export_prints_the_document(cli_env, capsysbinary):
    assert main(["import", str(EXAMPLE)]) == 0
    err = capsysbinary.readouterr().err.decode()
    assert "courses" in err and "Imported in" in err
    assert main(["import", str(EXAMPLE), "--quiet"]) == 0
    assert "(no change)" in capsysbinary.readouterr().err.decode()
    assert main(["export"]) == 0
    document = json.loads(capsysbinary.readouterr().out)
    assert [c["slug"] for c in document["courses"]] == ["graphql-live", "intro-to-python", "leadership-summit"]


def test_import_lists_every_problem_and_writes_nothing(cli_env, capsysbinary, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"courses": [{"slug": "a", "title": "A", "kind": "video", "ribbon": "gone"},
                                           {"slug": "b", "kind": "video"}]}))
    assert main(["import", str(bad), "--quiet"]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert "UNKNOWN_REFERENCE courses[0].ribbon" in err and "REQUIRED courses[1].title" in err
    assert "Nothing was imported: 2 problem(s)" in err
    assert main(["export"]) == 0
    assert json.loads(capsysbinary.readouterr().out)["courses"] == []


def test_a_missing_file_is_an_error(cli_env, capsysbinary, tmp_path):
    assert main(["import", str(tmp_path / "nope.json"), "--quiet"]) == 2


def test_text_no_database_accepts_is_refused_with_its_path(cli_env, capsysbinary, tmp_path):
    bad = tmp_path / "bad.json"
    # JSON escapes can spell what UTF-8 cannot hold: a lone surrogate, and NUL.
    bad.write_text('{"courses": [{"slug": "a", "title": "Lone \\ud800 surrogate", "kind": "video"},'
                   ' {"slug": "b\\u0000", "title": "B", "kind": "video"}]}')
    assert main(["import", str(bad), "--quiet"]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert "INVALID_VALUE courses[0].title" in err and "INVALID_VALUE courses[1].slug" in err, err
    assert main(["export"]) == 0
    assert json.loads(capsysbinary.readouterr().out)["courses"] == []
