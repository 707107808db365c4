"""One frozen Settings object, read from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{DATA_DIR / 'learner.db'}"


class ConfigError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    demo_api_key: str | None = None
    redis_url: str | None = None
    smtp_url: str | None = None
    token_ttl_seconds: int = 12 * 3600
    login_max_failures: int = 5
    login_lockout_seconds: int = 15 * 60
    debug: bool = False
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, *, demo: bool = False, env: dict | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        secret = env.get("SECRET_KEY", "")
        if not secret:
            if not demo:
                raise ConfigError("SECRET_KEY is required (only the demo server generates one)")
            secret = demo_secret_key()
        return cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            secret_key=secret,
            host=env.get("HOST", "127.0.0.1"),
            port=int(env.get("PORT", "8000")),
            demo_api_key=env.get("DEMO_API_KEY") or None,
            redis_url=env.get("REDIS_URL") or None,
            smtp_url=env.get("SMTP_URL") or None,
            token_ttl_seconds=int(env.get("TOKEN_TTL_SECONDS", 12 * 3600)),
            debug=env.get("DEBUG", "") in ("1", "true", "yes"),
        )


def demo_secret_key() -> str:
    """The demo server keeps a generated key under data/ so tokens survive restarts."""
    import secrets

    path = DATA_DIR / "demo-secret-key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
