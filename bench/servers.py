"""Starting and stopping the servers under test, each in its own process."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A uvicorn server in a subprocess (its own process group), stopped with SIGINT then SIGKILL."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], health_path: str, log: Path):
        self.name, self.args, self.health_path = name, args, health_path
        self.port = free_port()
        self.env = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.log = log
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def cpu_seconds(self) -> float:
        """CPU time (user + system, all threads) the server process has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def start(self, timeout: float = 60.0) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([PYTHON, *self.args], cwd=ROOT, env=self.env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{self.health_path}", timeout=1) as r:
                    if r.status < 500:
                        return
            except OSError as err:
                if getattr(err, "code", None) is not None and err.code < 500:  # an HTTP answer: it is up
                    return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not start within {timeout:.0f} s; see {self.log}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGINT)
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def post(self, path: str, body: dict, headers: dict[str, str], timeout: float = 120.0) -> tuple[int, dict]:
        status, raw = self.post_bytes(path, json.dumps(body).encode(), headers, timeout)
        return status, json.loads(raw or b"{}")

    def post_bytes(self, path: str, data: bytes, headers: dict[str, str], timeout: float = 120.0) -> tuple[int, bytes]:
        """POST an encoded body; the raw answer (so a caller can time the request without the JSON work)."""
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method="POST",
            headers={"content-type": "application/json", **headers})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()


def api_server(database_url: str, secret_key: str, log: Path) -> Server:
    """The API as `python -m app serve` runs it (uvicorn, uvloop, httptools, one process)."""
    return Server("api", ["-m", "app", "serve", "--log-level", "warning", "--no-access-log"],
                  {"DATABASE_URL": database_url, "SECRET_KEY": secret_key}, "/healthz", log)


def baseline_server(database_url: str, secret_key: str, log: Path) -> Server:
    """bench/baseline.py: the API with strawberry's stock execution, no GC freeze, no key cache."""
    return Server("baseline", ["-m", "bench.baseline"], {"DATABASE_URL": database_url, "SECRET_KEY": secret_key},
                  "/healthz", log)


def floor_server(database_url: str, secret_key: str, log: Path) -> Server:
    return Server("floor", ["-m", "bench.floor"], {"DATABASE_URL": database_url, "SECRET_KEY": secret_key},
                  "/floor/current-user", log)


def run_load(spec: dict) -> dict:
    """bench.load in its own process: the load generator never shares a process with a server."""
    done = subprocess.run([PYTHON, "-m", "bench.load"], cwd=ROOT, input=json.dumps(spec), capture_output=True,
                          text=True, timeout=spec["seconds"] + 120)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)
