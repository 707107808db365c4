"""The demo server's background tasks send a registered receiver signed events for issue, revoke and
expiry (the expiry pass every second here)."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from app.demo import JANE_EMAIL, demo_id
from tests.integration.demo_server import demo_server, skip_in_postgres_pass
from tests.local_http_server import serve

API_KEY = "webhook-demo-test-key"
JANE = demo_id("user", JANE_EMAIL)
DEADLINE_SECONDS = 40


@pytest.fixture(scope="module")
def server():
    skip_in_postgres_pass()
    env = {"BACKGROUND_TASKS": "1", "WEBHOOK_ALLOW_PRIVATE": "1", "CERTIFICATE_EXPIRY_INTERVAL_SECONDS": "1"}
    with demo_server(api_key=API_KEY, env=env) as running:
        yield running


def wait_for(receiver, count: int) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while len(receiver.posts) < count and time.monotonic() < deadline:
        time.sleep(0.2)


def test_receiver_gets_signed_issue_revoke_and_expiry(server):
    auth = {"Authorization": f"Bearer {API_KEY}"}
    with serve() as receiver:
        receiver.routes["/hook"] = (200, {}, b"", 0)
        created = httpx.post(f"{server.url}/incoming/v2/webhooks", headers=auth, json={
            "url": receiver.url("/hook"),
            "event_types": ["certificate.issued", "certificate.revoked", "certificate.expired"]})
        assert created.status_code == 201, created.text
        secret = created.json()["data"]["secret"]

        soon = (datetime.now(UTC) + timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
        issued = httpx.post(f"{server.url}/incoming/v2/users/{JANE}/certify", headers=auth, json={
            "userId": JANE, "resourceType": "course", "resourceId": demo_id("content", "gdpr-essentials"),
            "expirationDate": soon})
        assert issued.status_code == 200, issued.text
        reset = httpx.post(f"{server.url}/incoming/v2/certificate-templates/{demo_id('template', 'intro-to-python')}/reset",
                           headers=auth, json={"user_ids": [JANE], "expire": True})
        assert reset.status_code == 200, reset.text
        wait_for(receiver, 3)

        events = [Webhook(secret).verify(body, headers) for _path, headers, body in receiver.posts]
        assert {e["type"] for e in events} == {"certificate.issued", "certificate.revoked", "certificate.expired"}, \
            server.log_tail()
