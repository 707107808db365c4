"""One frozen Settings object, read from the environment (pydantic-settings).

Each setting is declared once, here: its type, default and description. The environment variable
is the field name in upper case. README's configuration table is generated from these fields
(`python -m app settings-table`; tests/test_settings.py checks that README holds it).
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, NoDecode, SettingsConfigDict

# Where a Helium app's development server runs (`npm run dev` of helium-server).
DEMO_CORS_ORIGINS = "http://localhost:3000,http://127.0.0.1:3000"
MIN_SECRET_KEY_BYTES = 32


class ConfigError(RuntimeError):
    """A setting is missing or invalid: one line naming the variable, never a traceback."""


# from_env(env=...) reads this mapping instead of os.environ.
_ENV: ContextVar[Mapping[str, str] | None] = ContextVar("settings_env", default=None)


class _EnvSource(EnvSettingsSource):
    def _load_env_vars(self):
        env = _ENV.get()
        if env is None:
            return super()._load_env_vars()
        return {name.lower(): value for name, value in env.items() if value != ""}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, env_ignore_empty=True, extra="ignore")

    data_dir: Path = Field(Path("data"), description=(
        "where the SQLite database and the demo's generated secret and API key live "
        "(relative to the working directory)"))
    database_url: str = Field(
        default_factory=lambda given: f"sqlite+aiosqlite:///{given['data_dir'] / 'learner.db'}",
        json_schema_extra={"shown_default": "`sqlite+aiosqlite:///DATA_DIR/learner.db`"},
        description=("`sqlite+aiosqlite:///path` or `postgresql+asyncpg://…` (`postgresql://` and "
                     "`postgres://` mean asyncpg)"))
    secret_key: str = Field("", description=(
        f"signs login tokens; at least {MIN_SECRET_KEY_BYTES} bytes, required outside the demo "
        "(the demo server generates one and keeps it in `DATA_DIR`)"))
    host: str = Field("127.0.0.1", description="where to listen")
    port: int = Field(8000, ge=1, le=65535, description="where to listen")
    demo_api_key: str | None = Field(None, description=(
        "the demo instance's API key takes this value (else one is generated and kept in `DATA_DIR`)"))
    token_ttl_seconds: int = Field(12 * 3600, gt=0, description="login token lifetime")
    login_max_failures: int = Field(5, gt=0, description="failed logins for one email before it is throttled")
    login_lockout_seconds: int = Field(15 * 60, gt=0, description="how long those failures count and the throttle lasts")
    debug: bool = Field(False, description="unmasked error messages (never in production)")
    redis_url: str | None = Field(None, description=(
        "API-point buckets, persisted queries and usage counts live in Redis, shared by every "
        "server process (else in the process)"))
    redis_key_prefix: str = Field("learner:ratelimit:", description="prefix of the API-point bucket keys in Redis")
    smtp_url: str | None = Field(None, description=(
        "certificate e-mails of the outbox are delivered in the background "
        "(else they wait; `learner-api send-outbox`)"))
    rate_limit_capacity: int = Field(1000, gt=0, description=(
        "an API key's bucket of points, unless the key sets its own"))
    rate_limit_restore_rate: float = Field(50.0, gt=0, description="the bucket's refill, points per second")
    max_query_cost: int = Field(100, gt=0, description="documents costing more are refused before they run")
    max_query_depth: int = Field(15, gt=0, description="deeper documents are refused")
    max_query_aliases: int = Field(30, ge=0, description="documents with more aliases are refused")
    max_document_bytes: int = Field(64 * 1024, gt=0, description="larger documents are refused (413)")
    max_document_tokens: int = Field(10_000, gt=0, description=(
        "documents with more tokens are refused before they are parsed (`QUERY_TOO_LARGE`)"))
    max_nodes: int = Field(100_000, gt=0, description=(
        "field selections of a document with its fragments expanded, counted before validation; "
        "above: `QUERY_TOO_LARGE`"))
    max_estimated_nodes: int = Field(1_000_000, gt=0, description=(
        "estimated result nodes of a valid document (unsized lists counted full, nested lists "
        "multiplied); above: `QUERY_TOO_LARGE`"))
    request_timeout_seconds: float = Field(10.0, gt=0, description="a GraphQL request's deadline (`REQUEST_TIMEOUT`)")
    max_response_bytes: int = Field(16 * 1024 * 1024, gt=0, description="larger answers are refused (`RESPONSE_TOO_LARGE`)")
    max_body_bytes: int = Field(2 * 1024 * 1024, gt=0, description="larger request bodies are refused (413 `BODY_TOO_LARGE`)")
    body_timeout_seconds: float = Field(30.0, gt=0, description="a request body must arrive within this (else 408)")
    max_batch_size: int = Field(10, gt=0, description="operations in one batched request")
    persisted_queries_max: int = Field(10_000, gt=0, description="automatic persisted queries kept in the database")
    usage_flush_seconds: float = Field(1.0, gt=0, description="how often the usage ledger is written from memory")
    api_key_cache_seconds: float = Field(5.0, ge=0, description=(
        "verified API keys are cached per process this long (a revoked key stops working within it); "
        "0 turns it off"))
    cors_allowed_origins: Annotated[tuple[str, ...], NoDecode] = Field((), description=(
        "comma-separated browser origins allowed to call the API and to use the authToken cookie "
        f"(the demo server: `{DEMO_CORS_ORIGINS}`)"))
    cookie_secure: bool = Field(False, description=(
        "`1`: the authToken cookie is Secure even over http (TLS ends at a proxy)"))
    db_pool_size: int = Field(10, ge=1, description="PostgreSQL connections kept open per process")
    db_max_overflow: int = Field(20, ge=0, description="extra PostgreSQL connections per process under load")
    db_pool_timeout: float = Field(10.0, gt=0, description="seconds a request waits for a pooled connection")
    db_connect_timeout: float = Field(5.0, gt=0, description=(
        "seconds to wait for PostgreSQL to accept a connection"))
    log_format: Literal["text", "json"] = Field("text", description=(
        "`text` (key=value) or `json` (one object per line)"))
    log_level: Literal["debug", "info", "warning", "error"] = Field("info", description="the lowest level logged")
    metrics_token: str | None = Field(None, description=(
        "`/metrics` answers only `Authorization: Bearer METRICS_TOKEN`; unset: open "
        "(restrict it at the proxy)"))
    idempotency_purge_seconds: float = Field(3600.0, gt=0, description=(
        "how often expired idempotency keys are deleted (one process at a time)"))
    certificate_asset_hosts: Annotated[tuple[str, ...], NoDecode] = Field((), description=(
        "comma-separated hosts a certificate template's background may be fetched from (else none)"))
    certificate_asset_dir: Path = Field(Path(__file__).resolve().parent / "static" / "certificates",
                                        json_schema_extra={"shown_default": "`app/static/certificates`"},
                                        description="the folder of local certificate backgrounds")
    certificate_asset_max_bytes: int = Field(5 * 1024 * 1024, gt=0, description="largest background fetched")
    certificate_asset_timeout_seconds: float = Field(5.0, gt=0, description="time limit of a background fetch")
    certificate_cache_dir: Path = Field(
        default_factory=lambda given: given["data_dir"] / "certificate-cache",
        json_schema_extra={"shown_default": "`DATA_DIR/certificate-cache`"},
        description="rendered certificate PDFs, by certificate and template version")
    public_base_url: str | None = Field(None, description=(
        "the public origin printed in certificate QR codes and credentials (else the request's)"))
    webhook_allow_private: bool = Field(False, description=(
        "`1`: webhook targets on private addresses (loopback, RFC 1918) are allowed"))
    background_tasks: bool = Field(False, json_schema_extra={"shown_default": "`1` in `serve`"}, description=(
        "webhook deliveries and the certificate expiry task run in the server (tests run them by hand)"))
    certificate_expiry_interval_seconds: float = Field(60.0, gt=0, description=(
        "how often certificate expiry reminders and expiries are processed"))

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return init_settings, _EnvSource(settings_cls)

    @field_validator("cors_allowed_origins", "certificate_asset_hosts", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(o.strip().rstrip("/") for o in value.split(",") if o.strip())
        return value

    @field_validator("public_base_url")
    @classmethod
    def _origin(cls, url: str | None) -> str | None:
        return url.rstrip("/") or None if url else None

    @field_validator("database_url")
    @classmethod
    def _database_driver(cls, url: str) -> str:
        return normalize_database_url(url)

    @classmethod
    def from_env(cls, *, demo: bool = False, env: Mapping[str, str] | None = None) -> Settings:
        """The settings of a server process; raises ConfigError with one line naming the variable."""
        token = _ENV.set(dict(os.environ if env is None else env))
        try:
            settings = cls()
            given = _ENV.get() or {}
            if demo and "CORS_ALLOWED_ORIGINS" not in given:
                settings = settings.model_copy(update={"cors_allowed_origins": cls._split_origins(DEMO_CORS_ORIGINS)})
            if "BACKGROUND_TASKS" not in given:  # a server process runs them unless told not to
                settings = settings.model_copy(update={"background_tasks": True})
        except ValidationError as error:
            raise ConfigError(describe(error)) from None
        finally:
            _ENV.reset(token)
        if not settings.secret_key:
            if not demo:
                raise ConfigError("SECRET_KEY is required (only the demo server generates one)")
            settings = settings.model_copy(update={"secret_key": demo_secret_key(settings.data_dir)})
        elif not demo and len(settings.secret_key.encode()) < MIN_SECRET_KEY_BYTES:
            raise ConfigError(f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes "
                              "(generate one: python -c 'import secrets; print(secrets.token_urlsafe(48))')")
        return settings


def normalize_database_url(url: str) -> str:
    """Map `postgresql://`, `postgres://` and `sqlite://` to the async drivers we ship; refuse others."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError("is not a URL (expected sqlite+aiosqlite:///path or postgresql+asyncpg://…)")
    dialect, _, driver = scheme.partition("+")
    if dialect in ("postgresql", "postgres") and driver in ("", "asyncpg"):
        return f"postgresql+asyncpg://{rest}"
    if dialect == "sqlite" and driver in ("", "aiosqlite"):
        return f"sqlite+aiosqlite://{rest}"
    raise ValueError(f"scheme {scheme!r} is not supported (use sqlite+aiosqlite:// or postgresql+asyncpg://)")


_SECRET_FIELDS = {"secret_key", "demo_api_key", "metrics_token", "database_url", "redis_url", "smtp_url"}


def describe(error: ValidationError) -> str:
    """One line naming each bad variable; values of secrets (and URLs, which may hold passwords) are not shown."""
    parts = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        message = item["msg"].removeprefix("Value error, ")
        shown = "" if field in _SECRET_FIELDS else f" (got {item.get('input')!r})"
        parts.append(f"{field.upper()}: {message}{shown}")
    return "invalid configuration: " + "; ".join(parts)


def settings_table() -> str:
    """README's configuration table, generated from the fields above."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = field.default
        given = (field.json_schema_extra or {}).get("shown_default")  # type: ignore[union-attr]
        if given is not None:
            shown = given
        elif default in (None, "", ()):
            shown = "unset"
        else:
            shown = f"`{','.join(default) if isinstance(default, tuple) else default}`"
            if isinstance(default, bool):
                shown = f"`{int(default)}`"
        rows.append(f"| `{name.upper()}` | {shown} | {field.description} |")
    return "\n".join(rows) + "\n"


def demo_secret_key(data_dir: Path) -> str:
    """The demo server keeps a generated key in DATA_DIR so tokens survive restarts."""
    path = data_dir / "demo-secret-key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key
