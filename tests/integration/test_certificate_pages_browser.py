"""The verification page and the certificate page in headless Chromium, with JavaScript turned off,
against the real demo server. No request may leave the machine.

Set CERTIFICATE_SCREENSHOT=/some/file.png to keep a screenshot of Jane's certificate page
(docs/certificate-page.png was made this way).
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

import httpx
import pytest

from app.demo import DEMO_PASSWORD, JANE_EMAIL, demo_id
from tests.integration.demo_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    demo_server,
    require_chromium,
    skip_in_postgres_pass,
)

API_KEY = "certificate-browser-test-key"
TIMEOUT_MS = 20_000
PYTHON = demo_id("certificate", f"{JANE_EMAIL}:intro-to-python:280")


@pytest.fixture(scope="module")
def server():
    skip_in_postgres_pass()
    require_chromium("certificate browser test")
    with demo_server(api_key=API_KEY) as running:
        yield running.url


def login(server: str) -> str:
    response = httpx.post(f"{server}/graphql", headers={"Authorization": f"Bearer {API_KEY}"}, json={
        "query": "mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }",
        "variables": {"e": JANE_EMAIL, "p": DEMO_PASSWORD}})
    return response.json()["data"]["Login"]


async def test_pages_without_javascript(server, tmp_path):
    from playwright.async_api import async_playwright

    blocked: list[str] = []

    async def only_loopback(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1" or route.request.url.startswith("data:"):
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = await browser.new_context(java_script_enabled=False, viewport={"width": 900, "height": 700})
            context.set_default_timeout(TIMEOUT_MS)
            await context.route(lambda url: True, only_loopback)
            page = await context.new_page()

            # The public verification page: no key, no login.
            response = await page.goto(f"{server}/verify/certificates/CERT-PY280001")
            assert response.status == 200 and response.headers["content-type"].startswith("text/html")
            assert await page.inner_text("#status") == "Valid"
            body = await page.inner_text("main")
            assert "Jane Doe" in body and "Introduction to Python Certificate" in body and "CERT-PY280001" in body
            assert JANE_EMAIL not in body
            expired = await page.goto(f"{server}/verify/certificates/CERT-SA400001")
            assert expired.status == 200 and await page.inner_text("#status") == "Expired"

            # The holder's certificate page, with the authToken cookie a Login sets.
            assert (await page.goto(f"{server}/certificates/{PYTHON}")).status == 401
            await context.add_cookies([{"name": "authToken", "value": login(server), "url": server}])
            response = await page.goto(f"{server}/certificates/{PYTHON}")
            assert response.status == 200
            certificate = page.locator(".certificate")
            assert "Jane Doe" in await certificate.inner_text()
            box = await certificate.bounding_box()
            assert (round(box["width"]), round(box["height"])) == (792, 612)
            qr = page.locator(".certificate img.qr")
            assert await qr.evaluate("img => img.complete && img.naturalWidth > 0")
            assert (await page.locator(".certificate a").get_attribute("href")).endswith(
                "/verify/certificates/CERT-PY280001")
            await certificate.screenshot(path=os.environ.get("CERTIFICATE_SCREENSHOT") or str(tmp_path / "page.png"))

            # Its PDF link answers a PDF.
            pdf_href = await page.locator("nav a", has_text="Download PDF").get_attribute("href")
            pdf = await context.request.get(f"{server}{pdf_href}")
            assert pdf.status == 200 and (await pdf.body()).startswith(b"%PDF-")
        finally:
            await browser.close()
    assert blocked == [], f"requests left the machine: {blocked}"
