"""The real demo server (`python -m app serve --demo`) for tests that drive it from outside.

As in tests/graphql/test_graphiql_browser.py: a throw-away SQLite file in a temporary directory, a
fixed demo API key and secret, a loopback port, /healthz polled until it answers. The demo server is
SQLite-only, so the tests using it run once per `scripts/test`, in its SQLite pass
(`skip_in_postgres_pass`); a missing tool skips them, or fails them when CI is set (`require`).
"""
from __future__ import annotations

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.db import is_sqlite

ROOT = Path(__file__).resolve().parents[2]
# Away from the ports people serve on (8000, 3000); the OS picks one when the range is taken.
PORT_RANGE = range(8800, 8900)
STARTUP_SECONDS = 60


def require(ok: bool, reason: str) -> None:
    """Skip the test when a tool it needs is missing; fail it instead when CI is set."""
    if ok:
        return
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


# Debian's Chromium, as the browser tests launch it (no background traffic off the machine).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium(test: str) -> None:
    require(os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK),
            f"{CHROMIUM} is missing: install it with `apt-get install chromium` to run the {test}")


def skip_in_postgres_pass() -> None:
    url = os.environ.get("TEST_DATABASE_URL")
    if url and not is_sqlite(url):
        pytest.skip("runs once per scripts/test, in its SQLite pass: the demo server it starts is SQLite-only")


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(exclude: tuple[int, ...] = ()) -> int:
    candidates = [p for p in PORT_RANGE if p not in exclude]
    random.shuffle(candidates)
    for port in candidates:
        if _bindable(port):
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class DemoServer:
    url: str
    log_path: Path

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@contextmanager
def demo_server(*, api_key: str, env: dict[str, str] | None = None, port: int | None = None,
                command: list[str] | None = None, cwd: Path = ROOT):
    """Serve the demo instance on 127.0.0.1; yields a DemoServer. `env` adds or overrides settings;
    `command` replaces `python -m app serve --demo` (run in `cwd`)."""
    tmp = Path(tempfile.mkdtemp(prefix="demo-server-test-"))
    port = port or free_port()
    server_env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'learner.db'}", "DEMO_API_KEY": api_key,
                  "SECRET_KEY": "integration-test-" + "s" * 32, "HOST": "127.0.0.1", "PORT": str(port),
                  # No webhook deliveries or expiry passes changing the demo under the tests (env may turn them on).
                  "BACKGROUND_TASKS": "0", "CERTIFICATE_CACHE_DIR": str(tmp / "certificate-cache")}
    for name in ("SMTP_URL", "REDIS_URL", "TEST_DATABASE_URL", "CORS_ALLOWED_ORIGINS", "COOKIE_SECURE"):
        server_env.pop(name, None)
    server_env.update(env or {})
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command or [sys.executable, "-m", "app", "serve", "--demo"], cwd=cwd, env=server_env,
                                stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if proc.poll() is not None:
                pytest.fail(f"the server exited with {proc.returncode}:\n{log_path.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not become healthy:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield DemoServer(base, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
