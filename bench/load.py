"""The load generator: concurrent keep-alive HTTP/1.1 clients over loopback (a small asyncio client).

Runs in its own process (`python -m bench.load`, spec as JSON on stdin, result as JSON on stdout)
so that the client's CPU time is not charged to the server under test. Each of `concurrency`
connections sends the same prepared request again and again until `requests` responses are in
or `seconds` have passed (whichever comes first); the first `warmup` responses are not counted,
except those that come after the first quarter of the round (a slow server keeps most of a short round).

A small client instead of httpx: httpx spends more CPU per request than the servers measured here,
and with few cores that would cap what can be measured.
"""
from __future__ import annotations

import asyncio
import json
import sys
import time


def build_request(host: str, port: int, path: str, headers: dict[str, str], body: bytes) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(body)}",
             "Content-Type: application/json", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = None
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if length is not None:
        return status, await reader.readexactly(length)
    if not chunked:
        raise RuntimeError("response without Content-Length or chunked encoding")
    body = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return status, bytes(body)
        body += chunk[:-2]


async def one_request(host: str, port: int, request: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request)
        return await read_response(reader)
    finally:
        writer.close()


async def run(spec: dict) -> dict:
    host, port = spec["host"], spec["port"]
    request = build_request(host, port, spec["path"], spec.get("headers", {}), spec["body"].encode())
    total, warmup, seconds = spec["requests"], spec.get("warmup", 0), spec["seconds"]
    expect = spec.get("expect")  # a byte string every counted response body must contain
    latencies: list[float] = []
    failures: list[str] = []
    issued = 0
    started = time.perf_counter()
    deadline = started + seconds
    warm_until = started + seconds / 4
    measured_from: list[float] = []

    async def worker():
        nonlocal issued
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while issued < total + warmup and time.perf_counter() < deadline:
                issued += 1
                number = issued
                t0 = time.perf_counter()
                writer.write(request)
                status, body = await read_response(reader)
                t1 = time.perf_counter()
                if number <= warmup and t0 < warm_until:
                    continue
                if not measured_from:
                    measured_from.append(t0)
                if status != 200 or (expect and expect.encode() not in body) or b'"errors"' in body:
                    if len(failures) < 5:
                        failures.append(f"HTTP {status}: {body[:300]!r}")
                    else:
                        failures.append("")
                    continue
                latencies.append(t1 - t0)
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(spec["concurrency"])))
    elapsed = time.perf_counter() - (measured_from[0] if measured_from else started)
    latencies.sort()

    def pct(p: float) -> float | None:
        if not latencies:
            return None
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "issued": issued, "ok": len(latencies), "failed": len(failures), "failures": [f for f in failures if f][:5],
        "seconds": elapsed, "rps": len(latencies) / elapsed if elapsed > 0 else 0.0,
        "p50_ms": pct(0.50), "p99_ms": pct(0.99),
    }


def main() -> None:
    import uvloop

    spec = json.load(sys.stdin)
    print(json.dumps(uvloop.run(run(spec))))


if __name__ == "__main__":
    main()
