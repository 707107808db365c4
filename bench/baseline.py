"""The "before" server of scripts/bench: our API without its execution-speed design.

The same app, resolvers, DataLoaders, store, metering and JSON as `python -m app serve`, minus
what docs/performance.md credits for the speed-up:
- strawberry's stock field execution (no thin resolvers, no FastExecutionContext: app/graphql/engine/execution.py);
- no frozen startup heap (app/serving.py), so the cyclic GC scans the schema on full collections;
- no API-key cache (every request looks its key up).
Input objects keep their one-call conversion (`flat_inputs`): it is set on the input type itself,
which both schemas share; the baseline is only measured on reads.

Measured in the same run as the API and the floor, it shows what those choices are worth.

Run: python -m bench.baseline   (DATABASE_URL, SECRET_KEY, HOST, PORT from the environment)
"""
from __future__ import annotations

import dataclasses
import os

from app.graphql.schema import build_schema
from app.main import create_app
from app.settings import Settings


def main() -> None:
    import uvicorn

    settings = dataclasses.replace(Settings.from_env(), api_key_cache_seconds=0)
    app = create_app(settings, schema=build_schema(thin_execution=False))
    uvicorn.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ["PORT"]), loop="uvloop",
                http="httptools", log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
