"""Swagger UI for the OpenAPI document at /incoming/v2/docs, from the swagger-ui-bundle package's
files (served by us: it works offline, no CDN)."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from app.rest.openapi import OPENAPI_PATH

DOCS_PATH = "/incoming/v2/docs"

PAGE = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Learner API: REST v2</title>
  <link rel="stylesheet" href="{DOCS_PATH}/static/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{DOCS_PATH}/static/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{url: "{OPENAPI_PATH}", dom_id: "#swagger-ui", deepLinking: true}});
  </script>
</body>
</html>
"""


async def swagger_ui(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE)


async def to_docs(request: Request) -> RedirectResponse:
    return RedirectResponse(DOCS_PATH)


ROUTES = [
    Route(DOCS_PATH, swagger_ui, methods=["GET"]),
    Route(DOCS_PATH + "/", to_docs, methods=["GET"]),
    Mount(DOCS_PATH + "/static", app=StaticFiles(directory=swagger_ui_path), name="swagger-ui"),
]
