"""One structured log format for every line (LOG_FORMAT=text|json), each carrying the request id.

- `configure_logging(settings)` installs one handler on the root logger; uvicorn's own loggers
  propagate to it (uvicorn runs with `log_config=None` and no access log: app/web/access.py
  writes the access lines).
- Secrets never reach the output: `redact()` runs over every formatted message (API keys in query
  strings, authToken, passwords, Authorization headers, cookies).
- `Throttled` logs a failing dependency (Redis, SMTP) once per interval, with how many failures
  it did not log, instead of a traceback per request.
"""
from __future__ import annotations

import contextvars
import logging
import re
import sys
import time
from datetime import UTC, datetime

import orjson

# The request being served (set by app/web/access.py); "-" outside requests.
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_SECRET_PARAMS = r"(?:apiKey|api_key|authToken|auth_token|token|password|secret|secretKey|key)"
_PATTERNS = [
    # ?apiKey=…&authToken=… in URLs and query strings; "password": "…" in JSON; key=value pairs.
    (re.compile(rf"(?i)([?&;\s]{_SECRET_PARAMS}=)[^&\s\"']+"), r"\1[REDACTED]"),
    (re.compile(rf"(?i)(\"{_SECRET_PARAMS}\"\s*:\s*\")[^\"]*\""), r'\1[REDACTED]"'),
    (re.compile(r"(?i)\b(authorization|authtoken|cookie|set-cookie)(\"?\s*[:=]\s*\"?)(?:bearer\s+)?[^\s\",}]+"),
     r"\1\2[REDACTED]"),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1[REDACTED]"),
    # user:password@ in service URLs (DATABASE_URL, REDIS_URL, SMTP_URL).
    (re.compile(r"(://[^:/@\s]+:)[^@\s]+@"), r"\1[REDACTED]@"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


# LogRecord's own attributes, and uvicorn's terminal-coloured copy of its message.
_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "color_message"}


def _fields(record: logging.LogRecord) -> dict:
    """The record's structured extras (`log.info("…", extra={...})`)."""
    return {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {"ts": _timestamp(record), "level": record.levelname.lower(), "logger": record.name,
               "request_id": getattr(record, "request_id", request_id_var.get()),
               "msg": redact(record.getMessage())}
        out.update({k: redact(v) if isinstance(v, str) else v for k, v in _fields(record).items()
                    if k != "request_id"})
        if record.exc_info:
            out["exc"] = redact(self.formatException(record.exc_info))
        return orjson.dumps(out, default=str).decode()


class TextFormatter(logging.Formatter):
    """key=value pairs (logfmt): readable in a terminal, parseable by log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        pairs = {"ts": _timestamp(record), "level": record.levelname.lower(), "logger": record.name,
                 "request_id": getattr(record, "request_id", request_id_var.get()), "msg": record.getMessage()}
        pairs.update({k: v for k, v in _fields(record).items() if k != "request_id"})
        line = " ".join(f"{k}={_logfmt(v)}" for k, v in pairs.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return redact(line)


def _logfmt(value) -> str:
    text = str(value)
    if text == "" or any(c in text for c in ' "=\n'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return text


_handler: logging.Handler | None = None


def configure_logging(log_format: str = "text", level: str = "info", *, stream=None) -> None:
    """Install (or replace) our one handler on the root logger."""
    global _handler
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
    _handler = handler
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # app/web/access.py writes the access lines
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # a line per plugin on every start


class Throttled:
    """Log a recurring failure at most once per `interval` seconds (per key)."""

    def __init__(self, logger: logging.Logger, interval: float = 60.0, clock=time.monotonic):
        self.logger, self.interval, self.clock = logger, interval, clock
        self._last: dict[str, float] = {}
        self._suppressed: dict[str, int] = {}

    def warning(self, key: str, message: str, *args, error: BaseException | None = None) -> None:
        now = self.clock()
        last = self._last.get(key)
        if last is not None and now - last < self.interval:
            self._suppressed[key] = self._suppressed.get(key, 0) + 1
            return
        self._last[key] = now
        suppressed = self._suppressed.pop(key, 0)
        suffix = f" ({suppressed} more since the last report)" if suppressed else ""
        reason = f": {type(error).__name__}: {error}" if error is not None else ""
        self.logger.warning(message + reason + suffix, *args)

    def recovered(self, key: str, message: str) -> None:
        if self._last.pop(key, None) is not None:
            self._suppressed.pop(key, None)
            self.logger.info(message)
