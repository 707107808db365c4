"""`learner-api serve` migrates unless told not to (--no-migrate: the deployment migrates in its own step)."""
from __future__ import annotations

import pytest

from app import cli


@pytest.fixture
def serve_calls(monkeypatch, tmp_path):
    import logging

    import uvicorn

    import app.serving

    root = logging.getLogger()
    saved = list(root.handlers), root.level  # main() installs the server's handler on stderr
    calls = []

    async def migrate(settings):
        calls.append("migrate")

    monkeypatch.setattr(cli, "migrate", migrate)
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(("serve", kw)))
    monkeypatch.setattr(app.serving, "freeze_startup_heap", lambda: None)
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PORT", "9106")
    yield calls
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def test_serve_migrates_first(serve_calls):
    assert cli.main(["serve"]) == 0
    assert serve_calls[0] == "migrate" and serve_calls[1][0] == "serve"
    options = serve_calls[1][1]
    assert options["port"] == 9106 and options["access_log"] is False and options["log_config"] is None


def test_serve_no_migrate_only_serves(serve_calls):
    assert cli.main(["serve", "--no-migrate"]) == 0
    assert [c if isinstance(c, str) else c[0] for c in serve_calls] == ["serve"]


def test_a_bad_setting_stops_serve_with_one_line(serve_calls, monkeypatch, capsys):
    monkeypatch.setenv("PORT", "abc")
    assert cli.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: invalid configuration: PORT:") and err.count("\n") == 1
    assert serve_calls == []
