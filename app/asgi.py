"""The ASGI app built from the environment, for process managers that start their own workers:

    uvicorn app.asgi:create_app_from_env --factory --workers 4 --loop uvloop --http httptools
    gunicorn -k uvicorn.workers.UvicornWorker -w 4 'app.asgi:create_app_from_env()'

Migrate first (`python -m app migrate`): workers never migrate. `LEARNER_DEMO=1` gives the settings
of the demo server (a generated SECRET_KEY kept under data/, the demo's CORS origins).
"""
from __future__ import annotations

import os
import sys

from starlette.applications import Starlette

from app.main import create_app
from app.observability.logs import configure_logging
from app.serving import freeze_startup_heap
from app.settings import ConfigError, Settings


def create_app_from_env() -> Starlette:
    try:
        settings = Settings.from_env(demo=os.environ.get("LEARNER_DEMO", "") == "1")
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(settings.log_format, settings.log_level)  # a worker process starts with none
    application = create_app(settings)
    freeze_startup_heap()  # the schema and mappers stay out of the GC's scans (app/serving.py)
    return application
