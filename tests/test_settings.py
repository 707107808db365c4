"""Settings from the environment: declared once, bad values stop start-up with one line naming the variable."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import DEMO_CORS_ORIGINS, ConfigError, Settings, settings_table

REPO = Path(__file__).resolve().parent.parent
GOOD_SECRET = "s" * 32


def from_env(**env) -> Settings:
    return Settings.from_env(env={"SECRET_KEY": GOOD_SECRET, **env})


def test_defaults_are_the_declared_ones(tmp_path):
    settings = from_env(DATA_DIR=str(tmp_path))
    assert settings.port == 8000 and settings.host == "127.0.0.1"
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path}/learner.db"
    assert settings.cors_allowed_origins == () and settings.redis_url is None
    assert settings.log_format == "text" and settings.db_pool_size == 10


def test_values_are_read_and_typed():
    settings = from_env(PORT="9100", CORS_ALLOWED_ORIGINS=" http://a.example/, http://b.example ",
                        COOKIE_SECURE="1", RATE_LIMIT_RESTORE_RATE="2.5", LOG_FORMAT="json", REDIS_URL="")
    assert settings.port == 9100 and settings.cookie_secure is True and settings.rate_limit_restore_rate == 2.5
    assert settings.cors_allowed_origins == ("http://a.example", "http://b.example")
    assert settings.log_format == "json" and settings.redis_url is None  # empty means unset


@pytest.mark.parametrize("variable, value", [
    ("PORT", "abc"), ("PORT", "70000"), ("TOKEN_TTL_SECONDS", "-1"), ("LOG_FORMAT", "xml"),
    ("DB_POOL_SIZE", "0"), ("COOKIE_SECURE", "maybe"), ("DATABASE_URL", "mysql+aiomysql://db/x"),
    ("DATABASE_URL", "postgresql+psycopg://db/x"), ("DATABASE_URL", "learner.db"),
])
def test_a_bad_value_is_one_line_naming_the_variable(variable, value):
    with pytest.raises(ConfigError) as error:
        from_env(**{variable: value})
    message = str(error.value)
    assert variable in message and "\n" not in message


def test_urls_are_not_echoed_in_errors():
    with pytest.raises(ConfigError) as error:
        from_env(DATABASE_URL="mysql://user:hunter2@db/x")
    assert "hunter2" not in str(error.value)


@pytest.mark.parametrize("url", ["postgresql://u:p@db:5432/x", "postgres://u:p@db:5432/x",
                                 "postgresql+asyncpg://u:p@db:5432/x"])
def test_postgresql_urls_mean_asyncpg(url):
    assert from_env(DATABASE_URL=url).database_url == "postgresql+asyncpg://u:p@db:5432/x"


def test_sqlite_without_driver_means_aiosqlite():
    assert from_env(DATABASE_URL="sqlite:////tmp/x.db").database_url == "sqlite+aiosqlite:////tmp/x.db"


def test_secret_key_is_required_and_long_outside_the_demo(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is required"):
        Settings.from_env(env={})
    with pytest.raises(ConfigError, match="SECRET_KEY must be at least 32 bytes"):
        Settings.from_env(env={"SECRET_KEY": "x"})
    assert Settings.from_env(env={"SECRET_KEY": "x" * 32}).secret_key == "x" * 32


def test_the_demo_generates_and_keeps_a_secret_in_data_dir(tmp_path):
    first = Settings.from_env(demo=True, env={"DATA_DIR": str(tmp_path)})
    again = Settings.from_env(demo=True, env={"DATA_DIR": str(tmp_path)})
    assert len(first.secret_key) >= 32 and first.secret_key == again.secret_key
    assert (tmp_path / "demo-secret-key").read_text() == first.secret_key
    assert first.cors_allowed_origins == tuple(DEMO_CORS_ORIGINS.split(","))


def test_readme_table_is_generated_from_the_settings():
    readme = (REPO / "README.md").read_text()
    assert settings_table() in readme, "README's configuration table is stale: python -m app settings-table"


def _cli(*args, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120,
                          env={**clean, **env}, cwd=REPO)


def test_the_cli_reports_a_bad_value_in_one_line_without_traceback(tmp_path):
    result = _cli("migrate", PORT="abc", DATA_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and "PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_one_clear_line(tmp_path):
    # 9101 is in this suite's port range, and nothing listens there.
    result = _cli("migrate", DATABASE_URL="postgresql://postgres@127.0.0.1:9101/nothing", DATA_DIR=str(tmp_path))
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "cannot reach the database (DATABASE_URL)" in result.stderr
