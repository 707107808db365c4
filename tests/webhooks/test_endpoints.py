"""Registering webhook endpoints: scopes, input errors, and no private targets unless allowed."""
from __future__ import annotations

import pytest

from app.db import write_session
from app.errors import AppError
from app.webhooks.endpoints import TargetRefused, check_target, register
from tests.conftest import TEST_SECRET
from tests.rest.helpers import bearer, error_of

URL = "/incoming/v2/webhooks"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9555/hook", "http://localhost/hook", "http://[::1]/hook", "http://10.1.2.3/hook",
    "http://192.168.0.10/hook", "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0/", "http://[fd00::1]/",
])
async def test_private_targets_are_refused(url):
    with pytest.raises(TargetRefused, match="private address|does not resolve"):
        await check_target(url, allow_private=False)
    await check_target(url, allow_private=True)  # WEBHOOK_ALLOW_PRIVATE=1


@pytest.mark.parametrize("url", ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)",
                                 "https://user:pw@example.com/", "http:///nohost"])
async def test_only_http_targets(url):
    with pytest.raises(TargetRefused):
        await check_target(url, allow_private=True)


async def test_public_address_is_accepted():
    await check_target("https://93.184.215.14/hook", allow_private=False)


async def test_registration_refuses_private_targets_by_default(db):
    async with write_session(db) as session:
        with pytest.raises(AppError) as err:
            await register(session, url="http://127.0.0.1/hook", event_types=["certificate.issued"],
                           secret_key=TEST_SECRET, allow_private=False)
    assert err.value.field == "url"


async def test_input_errors(http):
    async def error(body):
        response = await http.post(URL, headers=bearer(), json=body)
        assert response.status_code == 400, response.text
        return error_of(response)["field"]

    ok = {"url": "http://127.0.0.1/hook", "event_types": ["certificate.issued"]}
    assert await error({**ok, "url": "ftp://x"}) == "url"
    assert await error({**ok, "url": None}) == "url"
    assert await error({**ok, "event_types": []}) == "event_types"
    assert await error({**ok, "event_types": ["certificate.eaten"]}) == "event_types"
    assert await error({**ok, "secret": "not-a-secret"}) == "secret"
    assert await error({**ok, "secret": "whsec_c2hvcnQ="}) == "secret"  # too short
    given = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    response = await http.post(URL, headers=bearer(), json={**ok, "secret": given, "description": "CRM"})
    assert response.status_code == 201 and response.json()["data"]["secret"] == given


async def test_scopes(http, make_key):
    body = {"url": "http://127.0.0.1/hook", "event_types": ["learner.created"]}
    reader = await make_key(["webhooks:read"])
    assert (await http.post(URL, headers=bearer(reader), json=body)).status_code == 403
    assert (await http.get(URL, headers=bearer(reader))).status_code == 200
    assert (await http.get(URL, headers=bearer(await make_key(["certificates:read"])))).status_code == 403
    writer = await make_key(["webhooks:write"])
    created = await http.post(URL, headers=bearer(writer), json=body)
    assert created.status_code == 201
    assert (await http.delete(f"{URL}/{created.json()['data']['id']}", headers=bearer(reader))).status_code == 403
    assert (await http.delete(f"{URL}/{created.json()['data']['id']}", headers=bearer(writer))).status_code == 204
    assert (await http.post(URL, json=body)).status_code == 401
