"""GraphiQL in real headless Chromium against the real server (`python -m app serve --demo`).

The page and its assets are vendored (app/static/graphiql): every request that does not go to
127.0.0.1 is aborted and recorded, and the test asserts there was none. The user path is real:
type the API key, run the Login mutation from the default document, paste the token into the
headers editor, run `{ CurrentUser { name email } }` and read "Jane Doe" in the result pane.

Needs /usr/bin/chromium (Debian package `chromium`): skipped when absent, failed when CI is set.
Set GRAPHIQL_SCREENSHOT=/some/file.png to keep a screenshot of the final page.
"""
from __future__ import annotations

import json
import os
from urllib.parse import urlsplit

import pytest

from app.demo import DEMO_PASSWORD, JANE_EMAIL
from tests.integration.demo_server import CHROMIUM, CHROMIUM_ARGS, demo_server, require_chromium

API_KEY = "browser-test-api-key"
TIMEOUT_MS = 20_000
ME = "{ CurrentUser { name email } }"

QUERY_EDITOR = "section.graphiql-query-editor .CodeMirror"
HEADERS_EDITOR = 'section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror'
RESULT = "section.result-window .CodeMirror"


@pytest.fixture(scope="module")
def server():
    """The real demo server on a free loopback port, over a throw-away SQLite file. Yields its base URL."""
    require_chromium("GraphiQL browser test")
    with demo_server(api_key=API_KEY) as running:
        yield running.url


async def _editor_value(locator) -> str:
    return await locator.evaluate("element => element.CodeMirror.getValue()")


async def _replace_editor_text(page, locator, text: str) -> None:
    """Focus a CodeMirror editor, select everything and paste `text` over it, as a user would."""
    await locator.click()
    await page.keyboard.press("Control+A")
    await page.keyboard.insert_text(text)


def _graphql_body(response) -> dict:
    request = response.request
    if request.method != "POST":
        return {}
    try:
        return json.loads(request.post_data or "")
    except ValueError:
        return {}


def _is_introspection(response) -> bool:
    return "IntrospectionQuery" in _graphql_body(response).get("query", "")


async def test_graphiql_login_then_current_user(server, tmp_path):
    from playwright.async_api import async_playwright, expect

    blocked: list[str] = []
    page_errors: list[str] = []
    api_posts: list[str] = []

    async def only_loopback(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = await browser.new_context(viewport={"width": 1400, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            await context.route(lambda url: True, only_loopback)
            page = await context.new_page()
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.on("request", lambda r: api_posts.append(r.url) if r.method == "POST" else None)

            # The page itself needs no API key, and without one it makes no API request.
            response = await page.goto(f"{server}/helium")
            assert response.status == 200
            query_editor = page.locator(QUERY_EDITOR)
            await expect(query_editor).to_be_visible(timeout=TIMEOUT_MS)
            default_document = await _editor_value(query_editor)
            assert "mutation Login" in default_document and "CurrentUser" in default_document
            assert api_posts == []

            # The key box: the schema is fetched from the page's own path with the key.
            async with page.expect_response(_is_introspection, timeout=TIMEOUT_MS) as introspection_info:
                await page.fill("#api-key", API_KEY)
            introspection = await introspection_info.value
            assert urlsplit(introspection.url).path == "/helium"
            assert introspection.status == 200
            assert await introspection.request.header_value("authorization") == f"Bearer {API_KEY}"

            # Run the Login mutation of the default document (two operations: the run button offers both).
            assert f'Login(email: "{JANE_EMAIL}"' in default_document
            assert f'password: "{DEMO_PASSWORD}"' in default_document
            is_login = lambda r: _graphql_body(r).get("operationName") == "Login"  # noqa: E731
            async with page.expect_response(is_login, timeout=TIMEOUT_MS) as login_info:
                await page.locator(".graphiql-execute-button").click()
                await page.get_by_role("menuitem", name="Login").click()
            assert (await login_info.value).status == 200
            result = page.locator(RESULT)
            await expect(result).to_contain_text('"Login"', timeout=TIMEOUT_MS)
            token = json.loads(await _editor_value(result))["data"]["Login"]
            assert token.count(".") == 2  # a JWT

            # The token goes into the headers editor as authToken.
            headers_editor = page.locator(HEADERS_EDITOR)
            await expect(headers_editor).to_be_visible(timeout=TIMEOUT_MS)
            await _replace_editor_text(page, headers_editor, json.dumps({"authToken": token}))
            assert json.loads(await _editor_value(headers_editor)) == {"authToken": token}

            # Then CurrentUser, with both the API key and the token.
            await _replace_editor_text(page, query_editor, ME)
            # The run button offers a menu while the editor holds several operations: wait until GraphiQL
            # has parsed the new single-operation document.
            run = page.locator(".graphiql-execute-button:not([aria-haspopup])")
            is_me = lambda r: _graphql_body(r).get("query") == ME  # noqa: E731
            async with page.expect_response(is_me, timeout=TIMEOUT_MS) as me_info:
                await run.click()
            me = await me_info.value
            assert urlsplit(me.url).path == "/helium"
            assert await me.request.header_value("authorization") == f"Bearer {API_KEY}"
            assert await me.request.header_value("authtoken") == token
            await expect(result).to_contain_text("Jane Doe", timeout=TIMEOUT_MS)
            assert json.loads(await _editor_value(result))["data"] == {
                "CurrentUser": {"name": "Jane Doe", "email": JANE_EMAIL}}

            screenshot = os.environ.get("GRAPHIQL_SCREENSHOT") or str(tmp_path / "graphiql.png")
            await page.screenshot(path=screenshot)

            # The key is remembered by the browser, and the /graphql page talks to /graphql.
            other = await context.new_page()
            other.on("pageerror", lambda error: page_errors.append(str(error)))
            async with other.expect_response(_is_introspection, timeout=TIMEOUT_MS) as again_info:
                await other.goto(f"{server}/graphql")
            again = await again_info.value
            assert urlsplit(again.url).path == "/graphql"
            assert again.status == 200
            assert await again.request.header_value("authorization") == f"Bearer {API_KEY}"
            assert await other.input_value("#api-key") == API_KEY
        finally:
            await browser.close()

    assert blocked == [], f"requests left the machine: {blocked}"
    assert page_errors == []
