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
    # API points (app/graphql/engine/costs.py): each API key's leaky bucket, unless the key sets its own.
    rate_limit_capacity: int = 1000
    rate_limit_restore_rate: float = 50.0  # points per second
    redis_key_prefix: str = "learner:ratelimit:"
    # Documents refused before they run.
    max_query_cost: int = 100
    max_query_depth: int = 15
    max_query_aliases: int = 30
    max_document_bytes: int = 64 * 1024
    # Bounded work per request (app/graphql/engine/limits.py, app/web/limits.py).
    max_document_tokens: int = 10_000
    max_nodes: int = 100_000
    request_timeout_seconds: float = 10.0
    max_response_bytes: int = 16 * 1024 * 1024
    max_body_bytes: int = 2 * 1024 * 1024
    body_timeout_seconds: float = 30.0
    # Verified API keys are cached this long per process (app/apikeys/cache.py); revocation takes
    # effect within it. 0 turns the cache off.
    api_key_cache_seconds: float = 5.0
    # Operations in one batched request (a JSON array).
    max_batch_size: int = 10
    # Automatic persisted queries kept in the database (Redis keeps each for 7 days instead).
    persisted_queries_max: int = 10_000
    # The usage ledger is written from memory this often (app/usage/recorder.py).
    usage_flush_seconds: float = 1.0
    # Browser origins allowed to call the API (CORS) and to use the authToken cookie.
    cors_allowed_origins: tuple[str, ...] = ()
    # The authToken cookie is Secure even over plain http (behind a TLS-terminating proxy).
    cookie_secure: bool = False
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
            rate_limit_capacity=int(env.get("RATE_LIMIT_CAPACITY", 1000)),
            rate_limit_restore_rate=float(env.get("RATE_LIMIT_RESTORE_RATE", 50.0)),
            redis_key_prefix=env.get("REDIS_KEY_PREFIX") or "learner:ratelimit:",
            max_query_cost=int(env.get("MAX_QUERY_COST", 100)),
            max_query_depth=int(env.get("MAX_QUERY_DEPTH", 15)),
            max_query_aliases=int(env.get("MAX_QUERY_ALIASES", 30)),
            max_document_bytes=int(env.get("MAX_DOCUMENT_BYTES", 64 * 1024)),
            max_document_tokens=int(env.get("MAX_DOCUMENT_TOKENS", 10_000)),
            max_nodes=int(env.get("MAX_NODES", 100_000)),
            request_timeout_seconds=float(env.get("REQUEST_TIMEOUT_SECONDS", 10.0)),
            max_response_bytes=int(env.get("MAX_RESPONSE_BYTES", 16 * 1024 * 1024)),
            max_body_bytes=int(env.get("MAX_BODY_BYTES", 2 * 1024 * 1024)),
            body_timeout_seconds=float(env.get("BODY_TIMEOUT_SECONDS", 30.0)),
            api_key_cache_seconds=float(env.get("API_KEY_CACHE_SECONDS", 5.0)),
            max_batch_size=int(env.get("MAX_BATCH_SIZE", 10)),
            persisted_queries_max=int(env.get("PERSISTED_QUERIES_MAX", 10_000)),
            usage_flush_seconds=float(env.get("USAGE_FLUSH_SECONDS", 1.0)),
            cors_allowed_origins=_origins(env.get("CORS_ALLOWED_ORIGINS",
                                                  DEMO_CORS_ORIGINS if demo else "")),
            cookie_secure=env.get("COOKIE_SECURE", "") in ("1", "true", "yes"),
        )


# Where a Helium app's development server runs (`npm run dev` of helium-server).
DEMO_CORS_ORIGINS = "http://localhost:3000,http://127.0.0.1:3000"


def _origins(value: str) -> tuple[str, ...]:
    return tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())


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
