"""The ASGI factory process managers call: a bad setting is one line and exit status 2, not a traceback."""
from __future__ import annotations

import pytest

from app.asgi import create_app_from_env


def test_a_bad_setting_stops_the_worker_with_one_line(monkeypatch, capsys):
    monkeypatch.setenv("SECRET_KEY", "short")
    monkeypatch.delenv("LEARNER_DEMO", raising=False)
    with pytest.raises(SystemExit) as stopped:
        create_app_from_env()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: SECRET_KEY must be at least 32 bytes") and err.count("\n") == 1
