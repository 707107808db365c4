"""A small threaded HTTP server on a port in 9500-9599 (background fetches, webhook receivers): it
records every request it gets and answers from `routes`."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORTS = range(9500, 9600)


@dataclass
class LocalServer:
    port: int
    routes: dict = field(default_factory=dict)  # path -> (status, headers, body, delay seconds)
    requests: list[str] = field(default_factory=list)
    # (path, headers, body) of each POST
    posts: list[tuple[str, dict, bytes]] = field(default_factory=list)

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"http://{self.host}{path}"


@contextmanager
def serve():
    state = LocalServer(port=0)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            state.requests.append(self.path)
            status, headers, body, delay = state.routes.get(self.path, (404, {}, b"", 0))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            if delay:
                time.sleep(delay)
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            state.posts.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.do_GET()

        def log_message(self, *args):
            pass

    server = None
    for port in PORTS:
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
            break
        except OSError:
            continue
    if server is None:
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
