"""Where a benchmark request spends its time: cProfile over requests run in-process.

    .venv/bin/python -m bench.profile CreateLearners            # top 30 by own time
    .venv/bin/python -m bench.profile UserContentItems --sort cumulative --requests 50 --top 50
    QUERY='{ UserContentItems { id tags { id } } }' .venv/bin/python -m bench.profile UserContentItems

The app runs as `serve` builds it (the same schema and settings) on a small throw-away data set
(bench/dataset.py), driven through httpx's ASGI transport, so no server or socket is measured.
cProfile slows Python code about 2x and the proportions with it; read the figures as shares.
"""
from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import shutil
import tempfile
import time
from pathlib import Path

from bench import dataset as datasets
from bench import documents

SCENARIOS = {
    "CurrentUser8": ("learner", documents.CURRENT_USER_8, None),
    "CurrentUser": ("learner", documents.CURRENT_USER, None),
    "UserContentItems": ("learner", documents.USER_CONTENT_ITEMS, None),
    "UserCertificates": ("learner", documents.USER_CERTIFICATES, {"includeExpiredCertificates": False}),
    "CreateLearners": ("admin", documents.CREATE_LEARNERS, None),
}


def body_for(name: str, n: int) -> bytes:
    """The request body of the scenario; the environment's QUERY, when set, replaces its document."""
    _token, document, variables = SCENARIOS[name]
    if os.environ.get("QUERY"):
        return json.dumps({"query": os.environ["QUERY"]}).encode()
    if name == "CreateLearners":
        variables = {"learners": documents.learner_inputs(n, 1000)}
    return json.dumps({"query": document, "operationName": name, "variables": variables or {}}).encode()


async def profile(data: datasets.Dataset, name: str, requests: int) -> tuple[cProfile.Profile, float]:
    import httpx

    from app.main import create_app
    from app.serving import freeze_startup_heap
    from app.settings import Settings

    app = create_app(Settings(database_url=data.url, secret_key=data.secret_key))
    token = data.admin_token if SCENARIOS[name][0] == "admin" else data.learner_token
    headers = {"authorization": f"Bearer {data.api_key}", "authtoken": token, "content-type": "application/json"}
    profiler = cProfile.Profile()
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            async def send(n: int) -> None:
                response = await client.post("/graphql", content=body_for(name, n), headers=headers)
                if response.status_code != 200 or "errors" in response.json():
                    raise RuntimeError(f"{name} failed: {response.text[:500]}")

            await send(0)  # warm caches (parsed document, prepared statements)
            freeze_startup_heap()  # as `serve` does: the cyclic GC skips the startup heap
            started = time.perf_counter()
            profiler.enable()
            for n in range(1, requests + 1):
                await send(n)
            profiler.disable()
    return profiler, (time.perf_counter() - started) / requests


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    p.add_argument("--requests", type=int, default=20)
    p.add_argument("--sort", default="tottime", help="a pstats sort key: tottime, cumulative, ncalls …")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--learners", type=int, default=500, help="learners in the data set")
    args = p.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="learner-profile-"))
    try:
        data = datasets.build(tmp / "profile.db", learners=args.learners)
        profiler, per_request = asyncio.run(profile(data, args.scenario, args.requests))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{args.scenario}: {args.requests} requests, {per_request * 1000:.1f} ms each under the profiler")
    pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
