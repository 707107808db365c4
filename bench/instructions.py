"""Instructions per request under callgrind: a measure that does not move with the machine's load.

    .venv/bin/python -m bench.instructions UserContentItems --requests 10
    QUERY='{ UserContentItems { id tags { id } } }' .venv/bin/python -m bench.instructions UserContentItems

Wall-clock and CPU-time figures are noise on a shared 2-core machine; callgrind counts the instructions
the process executes, repeatable to about 0.2 %. The data set is built outside valgrind; the app is driven
in-process (ASGI scope, receive, send: no server, no socket) under `valgrind --tool=callgrind
--instr-atstart=no`, and counting is switched on (`callgrind_control -i on`) only around the measured
requests. Needs valgrind (Debian package `valgrind`). QUERY replaces the scenario's document.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import dataset as datasets
from bench import profile as scenarios


def _callgrind(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], check=False, capture_output=True)


async def _drive(data, name: str, requests: int) -> None:
    from app.main import create_app
    from app.serving import freeze_startup_heap
    from app.settings import Settings

    app = create_app(Settings(database_url=data.url, secret_key=data.secret_key))
    token = data.admin_token if scenarios.SCENARIOS[name][0] == "admin" else data.learner_token
    body = scenarios.body_for(name, 0)
    headers = [(b"authorization", f"Bearer {data.api_key}".encode()), (b"authtoken", token.encode()),
               (b"content-type", b"application/json"), (b"host", b"bench"),
               (b"content-length", str(len(body)).encode())]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"",
             "root_path": "", "headers": headers, "client": ("127.0.0.1", 1), "server": ("bench", 80)}
    sent: list[dict] = []

    async def one() -> None:
        delivered = False

        async def receive():
            nonlocal delivered
            if delivered:
                await asyncio.sleep(3600)
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message):
            sent.append(message)

        sent.clear()
        await app(dict(scope), receive, send)

    async with app.router.lifespan_context(app):
        freeze_startup_heap()
        for _ in range(5):
            await one()
        answer = b"".join(m.get("body", b"") for m in sent[1:])
        if sent[0]["status"] != 200 or b'"errors"' in answer:
            raise SystemExit(f"{name} failed: {answer[:300]!r}")
        _callgrind("-i", "on")
        for _ in range(requests):
            await one()
        _callgrind("-i", "off")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", choices=sorted(scenarios.SCENARIOS))
    p.add_argument("--requests", type=int, default=10)
    p.add_argument("--run", metavar="DIR", help=argparse.SUPPRESS)  # the process valgrind runs
    args = p.parse_args(argv)
    if args.run:
        import uvloop

        uvloop.install()
        data = pickle.loads((Path(args.run) / "data.pkl").read_bytes())
        asyncio.run(_drive(data, args.scenario, args.requests))
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed (apt-get install valgrind)")
    tmp = Path(tempfile.mkdtemp(prefix="learner-instructions-"))
    try:
        data = datasets.build(tmp / "bench.db", learners=100)
        (tmp / "data.pkl").write_bytes(pickle.dumps(data))
        out = tmp / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                        sys.executable, "-m", "bench.instructions", args.scenario,
                        "--requests", str(args.requests), "--run", str(tmp)],
                       check=True, stderr=subprocess.DEVNULL)
        totals = next(int(line.split()[1]) for path in tmp.glob("callgrind.out*")
                      for line in path.read_text().splitlines() if line.startswith("totals:"))
        print(f"{args.scenario}: {totals // args.requests:,} instructions per request "
              f"({totals:,} over {args.requests})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
