"""Helium's own Apollo client (Node 20) against the real demo server (issue 10, "How to test it").

tests/integration/helium_client/run.mjs builds the client as helium-server does (setContext with
the authToken header -> createPersistedQueryLink({ sha256 }) -> BatchHttpLink), logs in as the demo
learner with Helium's Login document and runs the dashboard's documents, batched, twice (the second
time as persisted-query hashes only). See that file for what it checks.

Needs node >= 20 and npm: skipped when absent, failed when CI is set. `npm ci` runs (from the
committed package-lock.json, npm's cache makes reruns cheap) when node_modules is missing or was
installed from another lock file. Runs in the SQLite pass of scripts/test only.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import warnings

import pytest

from tests.integration.demo_server import demo_server, require, skip_in_postgres_pass

CLIENT_DIR = os.path.join(os.path.dirname(__file__), "helium_client")
API_KEY = "helium-client-test-api-key"
NPM_CI_SECONDS = 300
RUN_SECONDS = 120
# Written into node_modules after `npm ci`: the lock file it was installed from.
LOCK_STAMP = os.path.join(CLIENT_DIR, "node_modules", ".installed-from-lock-sha256")


def _node_major(node: str) -> int:
    out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    match = re.match(r"v(\d+)\.", out)
    return int(match.group(1)) if match else 0


def _lock_digest() -> str:
    with open(os.path.join(CLIENT_DIR, "package-lock.json"), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def _ensure_node_modules(npm: str) -> None:
    digest = _lock_digest()
    try:
        with open(LOCK_STAMP) as f:
            if f.read().strip() == digest:
                return
    except OSError:
        pass
    try:
        proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=CLIENT_DIR,
                              capture_output=True, text=True, timeout=NPM_CI_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`npm ci` in {CLIENT_DIR} took over {NPM_CI_SECONDS} s")
    if proc.returncode != 0:
        pytest.fail(f"`npm ci` in {CLIENT_DIR} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    with open(LOCK_STAMP, "w") as f:
        f.write(digest)


def test_helium_apollo_client_batches_and_persists_the_dashboard_queries():
    skip_in_postgres_pass()
    node, npm = shutil.which("node"), shutil.which("npm")
    require(node is not None and npm is not None,
            "node and npm are missing: install Node.js 20 to run the Helium client test")
    major = _node_major(node)
    require(major >= 20, f"{node} is Node {major}: the Helium client test needs Node 20 or later")
    _ensure_node_modules(npm)

    with demo_server(api_key=API_KEY) as server:
        env = {**os.environ, "LEARNER_API_URL": server.url, "LEARNER_API_KEY": API_KEY,
               "RUN_TIMEOUT_MS": str((RUN_SECONDS - 10) * 1000)}
        try:
            proc = subprocess.run([node, "run.mjs"], cwd=CLIENT_DIR, env=env, capture_output=True, text=True,
                                  timeout=RUN_SECONDS)
        except subprocess.TimeoutExpired as err:
            pytest.fail(f"run.mjs took over {RUN_SECONDS} s:\n{err.stdout}\n{err.stderr}\n"
                        f"server log:\n{server.log_tail()}")
        output = f"{proc.stdout}\n{proc.stderr}"
        for line in proc.stdout.splitlines():
            if line.startswith("WARNING: "):
                warnings.warn(f"Helium client: {line[len('WARNING: '):]}", UserWarning, stacklevel=1)
        assert proc.returncode == 0, (f"run.mjs exited with {proc.returncode}:\n{output}\n"
                                      f"server log:\n{server.log_tail()}")
        print(output)  # pytest -rP shows it


def test_the_graphql_over_http_audit_finds_no_must_failure():
    """graphql-http's server audit (the GraphQL over HTTP spec's MUST/SHOULD rules) against serve --demo."""
    skip_in_postgres_pass()
    node, npm = shutil.which("node"), shutil.which("npm")
    require(node is not None and npm is not None, "node and npm are missing: install Node.js 20 to run the audit")
    _ensure_node_modules(npm)
    with demo_server(api_key=API_KEY) as server:
        env = {**os.environ, "LEARNER_API_URL": server.url, "LEARNER_API_KEY": API_KEY}
        proc = subprocess.run([node, "audit.mjs"], cwd=CLIENT_DIR, env=env, capture_output=True, text=True,
                              timeout=RUN_SECONDS)
        for line in proc.stdout.splitlines():
            if line.startswith("WARNING: "):
                warnings.warn(f"GraphQL over HTTP audit: {line[len('WARNING: '):]}", UserWarning, stacklevel=1)
        assert proc.returncode == 0, f"audit.mjs exited with {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
