"""JSON responses encoded with orjson."""
from __future__ import annotations

import orjson
from starlette.responses import Response

from app.errors import AppError


class ORJSONResponse(Response):
    media_type = "application/json"

    def render(self, content) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def error_response(error: AppError, headers: dict | None = None) -> ORJSONResponse:
    return ORJSONResponse(error.to_json(), status_code=error.http_status, headers=headers)
