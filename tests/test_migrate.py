"""Migrations are safe to start concurrently, and scripts/make-migration works as README shows it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from app.db import create_engine
from app.settings import Settings
from tests.test_migrations import fresh_url  # noqa: F401  (fixture: an empty database of the suite's kind)

REPO = Path(__file__).resolve().parent.parent


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    return {**env, **extra}


async def test_three_processes_migrating_at_once_all_succeed(fresh_url, tmp_path):  # noqa: F811
    env = _env(DATABASE_URL=fresh_url, DATA_DIR=str(tmp_path), SECRET_KEY="k" * 32)
    processes = [subprocess.Popen([sys.executable, "-m", "app", "migrate"], cwd=REPO, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(p.wait(timeout=180), p.stderr.read()) for p in processes]
    for p in processes:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _ in results] == [0, 0, 0], [err[-2000:] for _, err in results]
    engine = create_engine(fresh_url)
    try:
        async with engine.connect() as conn:
            versions = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all()
    finally:
        await engine.dispose()
    assert len(versions) >= 1 and len(set(versions)) == len(versions)


def test_make_migration_with_only_a_message(tmp_path):
    """As README shows it: a message alone; the revision id is the next number and the message."""
    work = tmp_path / "repo"
    shutil.copytree(REPO / "app", work / "app", ignore=shutil.ignore_patterns("__pycache__"))
    (work / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "make-migration", work / "scripts" / "make-migration")
    (work / ".venv").symlink_to(sys.prefix)  # the virtualenv running the tests
    before = {f.name for f in (work / "app/migrations/versions").glob("*.py")}
    result = subprocess.run([str(work / "scripts/make-migration"), "Add nothing at all"], cwd=work,
                            capture_output=True, text=True, timeout=300, env=_env())
    assert result.returncode == 0, result.stderr[-2000:]
    created = {f.name for f in (work / "app/migrations/versions").glob("*.py")} - before
    assert len(created) == 1
    name = created.pop()
    highest = max(int(n.split("_")[0]) for n in before)
    assert name == f"{highest + 1:04d}_add_nothing_at_all.py"
    source = (work / "app/migrations/versions" / name).read_text()
    assert "Add nothing at all" in source and "down_revision" in source


def test_make_migration_without_a_message_shows_its_usage():
    result = subprocess.run([str(REPO / "scripts/make-migration")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "usage:" in result.stderr
