"""A front-end on another origin, in real headless Chromium: CORS and the authToken cookie.

The real demo server (`python -m app serve --demo`) allows one extra origin through
CORS_ALLOWED_ORIGINS: http://127.0.0.1:<page port>, where a small static page is served. The page
logs in with `fetch(API + "/graphql?apiKey=KEY", {credentials: "include"})`, then reads
`CurrentUser { email }` with the cookie alone (no authToken header) and writes it into the DOM;
a button logs out (cookie only) and reads CurrentUser again. A cookie ignores ports and
SameSite=Lax cookies go with same-site fetches, and 127.0.0.1:<page port> and 127.0.0.1:<api port>
are the same site, so the browser sends the cookie; CORS decides whether the page may read the answers.

The same page served from an origin that is not listed (http://127.0.0.1:<other port>: same
site, so the browser would send the cookie) cannot read anything: the Login POST fails its
preflight, and a simple GET that carries the cookie is refused by the server and unreadable.

Needs /usr/bin/chromium (Debian package `chromium`): skipped when absent, failed when CI is set.
Runs in the SQLite pass of scripts/test only (the demo server is SQLite-only).
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

import pytest

from app.demo import DEMO_PASSWORD, JANE_EMAIL
from tests.integration.demo_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    demo_server,
    free_port,
    require_chromium,
    skip_in_postgres_pass,
)

API_KEY = "cross-origin-test-api-key"
TIMEOUT_MS = 20_000

PAGE = """<!doctype html>
<html>
<head><meta charset="utf-8"><title>Another origin</title><link rel="icon" href="data:,"></head>
<body>
<p>status: <span id="status">loading</span></p>
<p>email: <span id="email"></span></p>
<p>login: <span id="login"></span></p>
<p>error: <span id="error"></span></p>
<p>page cookies: <span id="page-cookies"></span></p>
<button id="logout" type="button">Log out</button>
<p>after logout: <span id="after-logout"></span></p>
<button id="probe" type="button">Read CurrentUser with GET</button>
<p>probe: <span id="probe-result"></span></p>
<script>
const params = new URLSearchParams(location.search);
const API = params.get("api");
const KEY = params.get("key");
const ENDPOINT = API + "/graphql?apiKey=" + encodeURIComponent(KEY);
const show = (id, text) => { document.getElementById(id).textContent = text; };

async function graphql(query, variables) {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    credentials: "include",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables })
  });
  return { status: response.status, body: await response.json() };
}

async function signIn() {
  const login = await graphql(
    "mutation Login($email: String!, $password: String!) { Login(email: $email, password: $password) }",
    { email: params.get("email"), password: params.get("password") });
  show("login", JSON.stringify({ status: login.status, token: typeof login.body.data?.Login,
                                 errors: login.body.errors }));
  // No authToken header: the cookie Login set is the only credential.
  const me = await graphql("query Me { CurrentUser { email } }");
  if (me.status !== 200 || me.body.errors) throw new Error("CurrentUser: " + JSON.stringify(me));
  show("email", me.body.data.CurrentUser ? me.body.data.CurrentUser.email : "null");
  show("page-cookies", JSON.stringify(document.cookie));
  show("status", "signed-in");
}

document.getElementById("logout").addEventListener("click", async () => {
  try {
    const out = await graphql("mutation Logout { Logout }");
    const me = await graphql("query Me { CurrentUser { email } }");
    show("after-logout", JSON.stringify({ logout: out.body, me: me.body.data, errors: me.body.errors }));
    show("status", "signed-out");
  } catch (error) {
    show("error", error.name + ": " + error.message);
    show("status", "failed");
  }
});

document.getElementById("probe").addEventListener("click", async () => {
  // A simple request (no preflight): the browser sends it, with the cookie, and then hides the answer
  // unless the server allows this origin.
  try {
    const response = await fetch(ENDPOINT + "&query=" + encodeURIComponent("{ CurrentUser { email } }"),
                                 { credentials: "include" });
    show("probe-result", "read: " + response.status + " " + await response.text());
  } catch (error) {
    show("probe-result", error.name + ": " + error.message);
  }
});

signIn().catch(error => {
  show("error", error.name + ": " + error.message);
  show("status", "failed");
});
</script>
</body>
</html>
"""


@contextmanager
def page_server(port: int):
    """The page above, for any path, on http://127.0.0.1:<port>."""
    body = PAGE.encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if urlsplit(self.path).path == "/favicon.ico":
                self.send_response(404)
                self.send_header("content-length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.send_header("cache-control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def origins():
    """(the API's DemoServer, allowed page origin, not-allowed page origin), all on 127.0.0.1."""
    skip_in_postgres_pass()
    require_chromium("cross-origin browser test")
    allowed_port = free_port()
    other_port = free_port(exclude=(allowed_port,))
    api_port = free_port(exclude=(allowed_port, other_port))
    with page_server(allowed_port) as allowed, page_server(other_port) as other:
        with demo_server(api_key=API_KEY, port=api_port, env={"CORS_ALLOWED_ORIGINS": allowed}) as server:
            yield server, allowed, other


def _page_url(origin: str, api: str) -> str:
    return f"{origin}/app.html?" + urlencode({"api": api, "key": API_KEY, "email": JANE_EMAIL,
                                              "password": DEMO_PASSWORD})


def _log_size(server) -> int:
    return server.log_path.stat().st_size


async def _wait_for_log(server, offset: int, needle: str, seconds: float = 5.0) -> str:
    """The server log written since `offset`, once it holds `needle` (the access log, app/web/access.py)."""
    deadline = time.monotonic() + seconds
    while True:
        with open(server.log_path, "rb") as f:
            f.seek(offset)
            text = f.read().decode(errors="replace")
        if needle in text or time.monotonic() > deadline:
            return text
        await asyncio.sleep(0.05)


def _operation(request) -> str | None:
    if request.method != "POST":
        return None
    try:
        return (json.loads(request.post_data or "") or {}).get("query")
    except ValueError:
        return None


async def test_a_listed_origin_signs_in_with_the_cookie_and_another_cannot_read(origins):
    from playwright.async_api import async_playwright, expect

    server, allowed, other = origins
    api = server.url
    elsewhere: list[str] = []
    page_errors: list[str] = []
    console: list[str] = []
    api_requests = []

    # No context.route() here, unlike the GraphiQL test: while Playwright intercepts requests it
    # answers CORS preflights itself (allowing everything), which would hide the server's answers.
    # Requests are watched instead, and none may leave the machine.
    def on_request(request):
        if urlsplit(request.url).hostname != "127.0.0.1":
            elsewhere.append(request.url)
        if request.url.startswith(api + "/"):
            api_requests.append(request)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = await browser.new_context()
            context.set_default_timeout(TIMEOUT_MS)
            context.on("request", on_request)

            # --- the listed origin: Login, then CurrentUser with the cookie alone.
            page = await context.new_page()
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.on("console", lambda message: console.append(f"{allowed}: {message.text}"))
            log_offset = _log_size(server)
            await page.goto(_page_url(allowed, api))
            await expect(page.locator("#status")).to_have_text("signed-in", timeout=TIMEOUT_MS)
            # The JSON POSTs were preflighted, and the server answered the preflight itself.
            log = await _wait_for_log(server, log_offset, 'msg="OPTIONS /graphql ')
            assert 'msg="OPTIONS /graphql 200"' in log, log
            await expect(page.locator("#email")).to_have_text(JANE_EMAIL)
            login = json.loads(await page.locator("#login").text_content())
            assert login == {"status": 200, "token": "string"}, login

            # The cookie: set by the API's host for every port of it, HttpOnly (the page's
            # document.cookie, same host, does not show it), SameSite=Lax.
            cookies = {c["name"]: c for c in await context.cookies(api)}
            assert "authToken" in cookies, cookies
            cookie = cookies["authToken"]
            assert (cookie["domain"], cookie["path"], cookie["httpOnly"], cookie["sameSite"], cookie["secure"]) == (
                "127.0.0.1", "/", True, "Lax", False)
            assert "authToken" not in json.loads(await page.locator("#page-cookies").text_content())

            login_request = next(r for r in api_requests if "Login(" in (_operation(r) or ""))
            login_response = await login_request.response()
            login_headers = await login_response.all_headers()
            assert login_headers.get("access-control-allow-origin") == allowed
            assert login_headers.get("access-control-allow-credentials") == "true"
            assert "authToken=" in login_headers.get("set-cookie", "")

            me_request = next(r for r in api_requests if "CurrentUser" in (_operation(r) or ""))
            me_headers = await me_request.all_headers()
            assert "authtoken" not in me_headers  # no header: the cookie did it
            assert f"authToken={cookie['value']}" in me_headers.get("cookie", "")
            assert me_headers.get("origin") == allowed
            me_response_headers = await (await me_request.response()).all_headers()
            assert me_response_headers.get("access-control-allow-origin") == allowed

            # --- the same page on an origin the server does not list (same site: the cookie would go).
            stranger = await context.new_page()
            stranger.on("pageerror", lambda error: page_errors.append(str(error)))
            stranger.on("console", lambda message: console.append(f"{other}: {message.text}"))
            log_offset = _log_size(server)
            await stranger.goto(_page_url(other, api))
            await expect(stranger.locator("#status")).to_have_text("failed", timeout=TIMEOUT_MS)
            # The Login POST (JSON: not a simple request) dies at its preflight, which the server
            # refuses; the POST itself is never sent, and fetch rejects.
            await expect(stranger.locator("#error")).to_have_text("TypeError: Failed to fetch")
            assert await stranger.locator("#email").text_content() == ""
            assert await stranger.locator("#login").text_content() == ""
            log = await _wait_for_log(server, log_offset, 'msg="OPTIONS /graphql ')
            assert 'msg="OPTIONS /graphql 400"' in log, log
            assert '"POST /graphql' not in log, log
            assert any(m.startswith(other) and "Response to preflight request doesn't pass access control check" in m
                       for m in console), console

            # A simple GET (no preflight) goes out with the cookie: the server refuses the cookie from
            # this origin (403; without the cookie it would answer 200 with a null CurrentUser), and the
            # page cannot read the answer anyway.
            log_offset = _log_size(server)
            await stranger.locator("#probe").click()
            await expect(stranger.locator("#probe-result")).to_have_text("TypeError: Failed to fetch",
                                                                         timeout=TIMEOUT_MS)
            log = await _wait_for_log(server, log_offset, 'msg="GET /graphql ')
            assert 'msg="GET /graphql 403"' in log, log
            assert any(m.startswith(other) and "blocked by CORS policy: No 'Access-Control-Allow-Origin' header" in m
                       and "query=" in m for m in console), console

            # --- back on the listed origin: Logout with the cookie clears it, CurrentUser is null.
            await page.bring_to_front()
            await page.locator("#logout").click()
            await expect(page.locator("#status")).to_have_text("signed-out", timeout=TIMEOUT_MS)
            after = json.loads(await page.locator("#after-logout").text_content())
            assert after["logout"]["data"] == {"Logout": True}, after
            assert after["me"] == {"CurrentUser": None} and not after.get("errors"), after
            assert "authToken" not in {c["name"] for c in await context.cookies(api)}
        finally:
            await browser.close()

    assert elsewhere == [], f"requests left the machine: {elsewhere}"
    assert page_errors == []
