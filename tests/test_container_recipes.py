"""The Dockerfile and compose.yaml: checked as text here, validated by a container engine where one exists."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent


def test_the_dockerfile_is_multi_stage_non_root_with_a_healthcheck():
    lines = [line.strip() for line in (REPO / "Dockerfile").read_text().splitlines()]
    assert sum(line.startswith("FROM ") for line in lines) == 2
    assert any(line.startswith("USER ") and "root" not in line for line in lines)
    assert any(line.startswith("HEALTHCHECK") for line in lines)
    assert any("/livez" in line for line in lines)
    assert 'CMD ["learner-api", "serve"]' in lines


def test_compose_runs_the_api_on_postgresql_and_redis():
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    services = compose["services"]
    assert {"api", "migrate", "postgres", "redis"} <= set(services)
    env = services["api"]["environment"]
    assert env["DATABASE_URL"].startswith("postgresql://") and "@postgres:" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert "--no-migrate" in services["api"]["command"]  # the migrate service does it, once
    assert services["api"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["learner-api", "migrate"]
    for name in ("postgres", "redis"):
        assert "healthcheck" in services[name]


def _compose_command() -> list[str] | None:
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    for tool in ("docker-compose", "podman-compose"):
        if shutil.which(tool):
            return [tool]
    return None


def test_compose_file_is_valid_for_the_container_engine():
    command = _compose_command()
    if command is None:
        pytest.skip("no container engine with compose here (docker compose, docker-compose, podman-compose)")
    result = subprocess.run([*command, "-f", str(REPO / "compose.yaml"), "config", "--quiet"],
                            capture_output=True, text=True, timeout=120,
                            env={"PATH": "/usr/local/bin:/usr/bin:/bin", "SECRET_KEY": "s" * 48})
    assert result.returncode == 0, result.stderr
