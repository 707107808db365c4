"""The wheel built from pyproject.toml holds everything it needs and serves from a fresh virtualenv
outside the repo, through its `learner-api` console script."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.integration.demo_server import demo_server, free_port, skip_in_postgres_pass

REPO = Path(__file__).resolve().parent.parent
API_KEY = "packaging-test-key"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the sources (a build in the work tree would race parallel runs)."""
    skip_in_postgres_pass()
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(REPO / "app", src / "app", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             "-w", str(dist), str(src)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return next(dist.glob("learner_api-*.whl"))


def test_the_wheel_holds_static_files_migrations_and_demo_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("app/static/graphiql/index.html", "app/static/graphiql/graphiql.min.js",
                   "app/migrations/env.py", "app/migrations/script.py.mako",
                   "app/migrations/versions/0001_learner_domain.py", "app/demo_data/helium-i18n/en.json"):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "learner-api = app.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    assert not any(n.startswith(("tests/", "data/")) for n in names)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtualenv with the wheel; its dependencies are borrowed from the test run's environment
    (a path entry, so that nothing is downloaded and the repo's editable install is not seen)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                             str(wheel)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    site = Path(subprocess.check_output([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True).strip())
    (site / "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def test_the_console_script_serves_from_the_fresh_venv(installed, tmp_path):
    site = next((installed / "lib").glob("python*/site-packages"))
    where = subprocess.check_output([str(installed / "bin/python"), "-c", "import app; print(app.__file__)"],
                                    cwd=tmp_path, text=True)
    assert where.startswith(str(site)), where  # the wheel's copy, not the repo's
    work = tmp_path / "run"
    work.mkdir()
    env = {"DATABASE_URL": "", "DATA_DIR": "", "PYTHONPATH": ""}
    with demo_server(api_key=API_KEY, env=env, port=free_port(),
                     command=[str(installed / "bin/learner-api"), "serve", "--demo"], cwd=work) as server:
        headers = {"Authorization": f"Bearer {API_KEY}"}
        answer = httpx.post(f"{server.url}/graphql", json={"query": "{ Languages { code } }"}, headers=headers)
        assert answer.status_code == 200 and answer.json()["data"]["Languages"], answer.text
        assert "graphiql" in httpx.get(f"{server.url}/graphql", headers={"Accept": "text/html"}).text.lower()
        assert httpx.get(f"{server.url}/incoming/v2/docs/static/swagger-ui-bundle.js").status_code == 200
        assert httpx.get(f"{server.url}/readyz").json()["status"] == "ok"
    assert (work / "data" / "learner.db").exists()  # DATA_DIR: ./data of the working directory
    assert not (site / "data").exists() and not (site / "app" / "data").exists()


def test_learner_api_help_lists_the_commands(installed, tmp_path):
    out = subprocess.run([str(installed / "bin/learner-api"), "--help"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=60, env={**os.environ, "PYTHONPATH": ""})
    assert out.returncode == 0
    for command in ("serve", "migrate", "seed-demo", "create-api-key", "settings-table"):
        assert command in out.stdout
