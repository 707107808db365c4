"""The access log never shows an API key: `?apiKey=…` (how Helium clients send the key) is redacted
in uvicorn's access log lines (its record's arguments: client, method, path with query, version, status)."""
from __future__ import annotations

import logging
import re

_API_KEY = re.compile(r"(?i)([?&]apikey=)[^&\s]*")
REDACTED = r"\1[redacted]"


def redact(path: str) -> str:
    return _API_KEY.sub(REDACTED, path)


class RedactApiKey(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install() -> None:
    """Add the filter to uvicorn's access logger (once)."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactApiKey) for f in logger.filters):
        logger.addFilter(RedactApiKey())
