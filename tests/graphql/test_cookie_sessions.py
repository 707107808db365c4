"""The authToken cookie: set by Login, cleared by Logout, and safe from cross-site requests."""
from __future__ import annotations

import httpx
import pytest

from app.main import create_app
from tests.factories import PASSWORD
from tests.graphql.conftest import LEARNER_EMAIL
from tests.graphql.test_metering import _create_test_key

KEY = {"Authorization": "Bearer test-api-key"}
LOGIN = {"query": "mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }",
         "variables": {"e": LEARNER_EMAIL, "p": PASSWORD}}
ME = {"query": "{ CurrentUser { email } }"}


@pytest.fixture
async def browser(settings, engine, people):
    """A client that keeps cookies, like a browser, on an app allowing one front-end origin."""
    allowed = settings.model_copy(update=dict(cors_allowed_origins=("http://localhost:3000",)))
    application = create_app(allowed, engine=engine)
    async with application.router.lifespan_context(application):
        await _create_test_key(engine)
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield client


async def test_login_sets_the_cookie_and_the_cookie_alone_authenticates(browser, settings):
    response = await browser.post("/graphql", json=LOGIN, headers=KEY)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("authToken=" + response.json()["data"]["Login"])
    for attribute in ("HttpOnly", "SameSite=lax", "Path=/", f"Max-Age={settings.token_ttl_seconds}"):
        assert attribute in cookie
    assert "Secure" not in cookie  # plain http
    me = await browser.post("/graphql", json=ME, headers=KEY)
    assert me.json()["data"] == {"CurrentUser": {"email": LEARNER_EMAIL}}


async def test_logout_clears_the_cookie(browser):
    await browser.post("/graphql", json=LOGIN, headers=KEY)
    response = await browser.post("/graphql", json={"query": "mutation { Logout }"}, headers=KEY)
    assert response.json()["data"] == {"Logout": True}
    assert 'authToken=""' in response.headers["set-cookie"] and "Max-Age=0" in response.headers["set-cookie"]
    assert (await browser.post("/graphql", json=ME, headers=KEY)).json()["data"] == {"CurrentUser": None}


async def test_the_cookie_is_secure_over_https_and_when_configured(settings, engine, people):
    for base, secure_setting in (("https://testserver", False), ("http://testserver", True)):
        application = create_app(settings.model_copy(update=dict(cookie_secure=secure_setting)), engine=engine)
        async with application.router.lifespan_context(application):
            await _create_test_key(engine)
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url=base) as client:
                response = await client.post("/graphql", json=LOGIN, headers=KEY)
                assert "Secure" in response.headers["set-cookie"]


async def test_a_cross_site_form_post_cannot_act_as_the_learner(browser):
    await browser.post("/graphql", json=LOGIN, headers=KEY)
    form = await browser.post("/graphql?apiKey=test-api-key", content=b'{"query": "mutation { Logout }"}',
                              headers={"content-type": "text/plain", "origin": "https://evil.example"})
    assert form.status_code in (403, 415)
    urlencoded = await browser.post("/graphql?apiKey=test-api-key", data={"query": "mutation { Logout }"})
    assert urlencoded.status_code in (403, 415)
    untyped = await browser.post("/graphql?apiKey=test-api-key", content=b'{"query": "mutation { Logout }"}')
    assert untyped.status_code == 403
    # The session still works.
    assert (await browser.post("/graphql", json=ME, headers=KEY)).json()["data"] == {"CurrentUser": {"email": LEARNER_EMAIL}}


async def test_a_cookie_request_from_an_unlisted_origin_is_refused(browser):
    await browser.post("/graphql", json=LOGIN, headers=KEY)
    evil = await browser.post("/graphql", json={"query": "mutation { Logout }"},
                              headers={**KEY, "origin": "https://evil.example"})
    assert evil.status_code == 403 and evil.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    listed = await browser.post("/graphql", json=ME, headers={**KEY, "origin": "http://localhost:3000"})
    assert listed.json()["data"] == {"CurrentUser": {"email": LEARNER_EMAIL}}
    # An authToken header is not a cookie: no browser sends it cross-site without CORS.
    token = (await browser.post("/graphql", json=LOGIN, headers=KEY)).json()["data"]["Login"]
    header = await browser.post("/graphql", json=ME, headers={**KEY, "origin": "https://evil.example",
                                                              "authToken": token})
    assert header.status_code == 200
