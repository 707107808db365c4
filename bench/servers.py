"""Starting and stopping the servers under test, each in its own process group, and their CPU time."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER_DIR = ROOT / "bench" / "peer"
PYTHON = sys.executable
PORTS = range(8900, 9000)  # the benchmark's servers listen here (loopback only)
_handed_out: set[int] = set()


def free_port() -> int:
    """A port of PORTS nobody listens on (nor was given to another server of this run)."""
    for port in PORTS:
        if port in _handed_out:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def _process_tree(root: int) -> list[int]:
    """`root` and every process descending from it (uvicorn's or node's worker processes)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def _cpu_of(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class Server:
    """A server in a subprocess (its own process group), stopped with SIGINT then SIGKILL."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path, health_path: str = "/healthz",
                 cwd: Path = ROOT):
        self.name, self.command, self.health_path, self.cwd = name, command, health_path, cwd
        self.port = free_port()
        self.env = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        self.log = log
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def cpu_seconds(self) -> float:
        """CPU time (user + system, all threads, all worker processes) the server has used so far."""
        return sum(_cpu_of(pid) for pid in _process_tree(self.pid))

    def start(self, timeout: float = 90.0) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=out,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log}:\n"
                                   + self.log.read_text()[-2000:])
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
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def post(self, path: str, body, headers: dict[str, str], timeout: float = 120.0) -> tuple[int, object]:
        status, raw = self.post_bytes(path, json.dumps(body).encode(), headers, timeout)
        try:
            return status, json.loads(raw or b"{}")
        except ValueError:
            return status, {"unparsable": raw[:300].decode(errors="replace")}

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


# ---- the API ------------------------------------------------------------------------------------------

def api_workers_support() -> str | None:
    """How the API can run N worker processes: 'serve' (python -m app serve --workers), 'asgi'
    (uvicorn app.asgi:create_app --factory --workers) or None."""
    done = subprocess.run([PYTHON, "-m", "app", "serve", "--help"], cwd=ROOT, capture_output=True, text=True)
    if "--workers" in done.stdout:
        return "serve"
    import importlib.util

    if importlib.util.find_spec("app.asgi") is not None:
        return "asgi"
    return None


def api_server(database_url: str, secret_key: str, log: Path, workers: int = 1) -> Server:
    """The API as `python -m app serve` runs it (uvicorn, uvloop, httptools; `workers` processes)."""
    # At `warning` the access lines (info) are not written, as the peer and the floor write none; the
    # background tasks (webhook delivery, certificate expiry) are off: the request path is measured.
    env = {"DATABASE_URL": database_url, "SECRET_KEY": secret_key, "BACKGROUND_TASKS": "0"}
    command = [PYTHON, "-m", "app", "serve", "--log-level", "warning"]
    if workers > 1:
        if api_workers_support() == "asgi":
            command = [PYTHON, "-m", "uvicorn", "app.asgi:create_app", "--factory", "--workers", str(workers),
                       "--loop", "uvloop", "--http", "httptools", "--log-level", "warning", "--no-access-log",
                       "--host", "127.0.0.1"]
            return _with_port(Server("api", command, env, log))
        command += ["--workers", str(workers)]
    return Server("api", command, env, log)


def _with_port(server: Server) -> Server:
    server.command += ["--port", str(server.port)]
    return server


def baseline_server(database_url: str, secret_key: str, log: Path) -> Server:
    """bench/baseline.py: the API with strawberry's stock execution, no GC freeze, no key cache."""
    return Server("baseline", [PYTHON, "-m", "bench.baseline"],
                  {"DATABASE_URL": database_url, "SECRET_KEY": secret_key}, log)


# ---- the floor and the graphql-js peer ---------------------------------------------------------------

def floor_server(plain_url: str, secret_key: str, log: Path, workers: int = 1) -> Server:
    """bench/floor.py: hand-written reads, raw driver, no code of the API."""
    return Server("floor", [PYTHON, "-m", "bench.floor"],
                  {"DATABASE_URL": plain_url, "SECRET_KEY": secret_key, "WORKERS": str(workers)}, log)


def node_version() -> tuple[int, ...] | None:
    node = shutil.which("node")
    if node is None:
        return None
    out = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip().lstrip("v")
    try:
        return tuple(int(p) for p in out.split("."))
    except ValueError:
        return None


def ensure_peer_installed(log: Path) -> None:
    """`npm ci` in bench/peer when its node_modules is missing (the lock file pins every package).

    better-sqlite3 builds its native module from source when no prebuilt binary can be fetched;
    node-gyp is pointed at the local Node headers when the system has them (/usr/include/node),
    so that the build needs no download."""
    native = PEER_DIR / "node_modules" / "better-sqlite3" / "build" / "Release" / "better_sqlite3.node"
    if native.exists() and (PEER_DIR / "node_modules" / "graphql-http").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed: the graphql-js peer needs Node 20 and npm")
    env = dict(os.environ)
    node = shutil.which("node")
    prefix = Path(node).resolve().parent.parent if node else None
    if prefix and (prefix / "include" / "node" / "node.h").exists():
        env.setdefault("npm_config_nodedir", str(prefix))
    print("Installing the graphql-js peer's packages (npm ci in bench/peer; building better-sqlite3 may take a "
          "minute)...", flush=True)
    with open(log, "ab") as out:
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PEER_DIR, env=env, stdout=out,
                              stderr=subprocess.STDOUT)
        if done.returncode == 0 and not native.exists():
            # An npm that holds back packages' install scripts: build the native module explicitly.
            done = subprocess.run([npm, "rebuild", "better-sqlite3"], cwd=PEER_DIR, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    if done.returncode != 0 or not native.exists():
        raise RuntimeError(f"npm ci failed in {PEER_DIR}; see {log}:\n" + log.read_text()[-2000:])


def peer_server(plain_url: str, secret_key: str, log: Path, workers: int = 1) -> Server:
    """bench/peer/server.mjs: graphql-js 16 + graphql-http on Node (`workers` cluster processes)."""
    return Server("peer", [shutil.which("node") or "node", "server.mjs"],
                  {"DATABASE_URL": plain_url, "SECRET_KEY": secret_key, "WORKERS": str(workers)}, log,
                  cwd=PEER_DIR)


def run_load(spec: dict) -> dict:
    """bench.load in its own process: the load generator never shares a process with a server."""
    done = subprocess.run([PYTHON, "-m", "bench.load"], cwd=ROOT, input=json.dumps(spec), capture_output=True,
                          text=True, timeout=spec["seconds"] + 120)
    if done.returncode != 0:
        raise RuntimeError(f"load generator failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout)
