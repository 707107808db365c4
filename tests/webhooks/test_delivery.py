"""Webhooks end to end: register (REST), events from issue / reset+revoke / expiry / learner creation /
code redemption, delivery to a local receiver, signatures verified with the `standardwebhooks`
package, retries with exponential backoff, the delivery log."""
from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.certificates import expiry
from app.db import utcnow, write_session
from app.notifications.models import OutboxMessage
from app.webhooks.delivery import deliver_pending
from app.webhooks.events import EVENT_TYPES
from tests.conftest import TEST_SECRET
from tests.factories.catalog import build, code, course, id_of
from tests.factories.certificates import identifier_field, issued_certificate, published_template
from tests.factories.people import learner
from tests.rest.helpers import bearer


@pytest.fixture
async def w(db) -> SimpleNamespace:
    """Jane holds a Python certificate and a Security one that expired long ago; a code gives Python."""
    await build(db, courses=[course("intro-to-python"), course("security")], certificate_fields=[identifier_field()],
                certificate_templates=[published_template("Python Certificate", "intro-to-python"),
                                       published_template("Security Certificate", "security", validity_days=180)],
                codes=[code("COURSE-ABC-XYZ", content="intro-to-python")])
    w = SimpleNamespace(jane=await learner(db, "jane@example.com", password=None),
                        python=await id_of(db, "content", "intro-to-python"),
                        py_template=await id_of(db, "certificateTemplate", "Python Certificate"))
    await issued_certificate(db, w.jane, w.python, days_ago=280)
    w.expired = await issued_certificate(db, w.jane, await id_of(db, "content", "security"), days_ago=400)
    return w


async def register(http, hooks, event_types=EVENT_TYPES, path="/hook") -> dict:
    response = await http.post("/incoming/v2/webhooks", headers=bearer(),
                               json={"url": hooks.url(path), "event_types": list(event_types)})
    assert response.status_code == 201, response.text
    assert response.headers["location"] == f"/incoming/v2/webhooks/{response.json()['data']['id']}"
    return response.json()["data"]


async def deliver(db, now=None):
    return await deliver_pending(db, secret_key=TEST_SECRET, allow_private=True, now=now)


def received(hooks, secret: str) -> list[dict]:
    """Every POST the receiver got, verified as Standard Webhooks."""
    return [Webhook(secret).verify(body, headers) for _path, headers, body in hooks.posts]


async def test_issue_and_revoke_are_delivered_signed(http, w, db, hooks):
    endpoint = await register(http, hooks)
    assert endpoint["secret"].startswith("whsec_")
    certify = await http.post(f"/incoming/v2/users/{w.jane}/certify", headers=bearer(),
                              json={"userId": w.jane, "resourceType": "course", "resourceId": w.python})
    assert certify.status_code == 200, certify.text
    report = await deliver(db)
    assert (report.delivered, report.failed) == (1, 0)
    [issued] = received(hooks, endpoint["secret"])
    assert issued["type"] == "certificate.issued" and issued["data"]["user_id"] == w.jane
    assert issued["data"]["resource_id"] == w.python and issued["data"]["identifier"].startswith("CERT-")

    # Both of Jane's Python certificates (the one she held and the new one) are reset and revoked.
    response = await http.post(f"/incoming/v2/certificate-templates/{w.py_template}/reset",
                               json={"user_ids": [w.jane], "expire": True}, headers=bearer())
    assert response.status_code == 200
    await deliver(db)
    events = received(hooks, endpoint["secret"])
    assert sorted(e["type"] for e in events[1:]) == ["certificate.reset"] * 2 + ["certificate.revoked"] * 2
    assert all(e["data"]["revoked_at"] for e in events if e["type"] == "certificate.revoked")

    # A tampered body or another secret does not verify.
    _path, headers, body = hooks.posts[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint["secret"]).verify(body.replace(b"certificate", b"certifikate"), headers)
    other = (await register(http, hooks))["secret"]
    with pytest.raises(WebhookVerificationError):
        Webhook(other).verify(body, headers)


async def test_expiry_is_delivered(http, w, db, hooks):
    endpoint = await register(http, hooks, ["certificate.expired"])
    report = await expiry.run_once(db)
    assert report.expired == 1  # Jane's security certificate expired long ago
    await deliver(db)
    [expired] = received(hooks, endpoint["secret"])
    assert expired["type"] == "certificate.expired" and expired["data"]["identifier"] == w.expired.identifier
    assert w.expired.identifier.startswith("CERT-")
    # Once: the next pass has nothing to say.
    assert (await expiry.run_once(db)).expired == 0
    await deliver(db)
    assert len(hooks.posts) == 1


async def test_learner_created_and_code_redeemed(http, w, db, hooks, gql):
    endpoint = await register(http, hooks, ["learner.created", "code.redeemed"])
    data = await gql.data('mutation { CreateLearner(email: "new@example.com", firstName: "New", '
                          'lastName: "Learner") { id } }')
    new_id = data["CreateLearner"]["id"]
    from app.codes.service import redeem_codes
    async with write_session(db) as session:
        await redeem_codes(session, user_id=w.jane, codes=["course-abc-xyz"])
    await deliver(db)
    events = {e["type"]: e["data"] for e in received(hooks, endpoint["secret"])}
    assert events["learner.created"]["user_id"] == new_id and events["learner.created"]["email"] == "new@example.com"
    assert events["code.redeemed"] == {**events["code.redeemed"], "code": "COURSE-ABC-XYZ", "user_id": w.jane}


async def test_retries_with_backoff_then_the_log(http, w, db, hooks):
    hooks.routes["/flaky"] = (500, {}, b"", 0)
    endpoint = await register(http, hooks, ["certificate.expired"], path="/flaky")
    await expiry.run_once(db)
    now = utcnow()
    assert (await deliver(db, now)).failed == 1
    assert (await deliver(db, now + timedelta(seconds=29))).failed == 0  # backing off: 30 s after attempt 1
    assert (await deliver(db, now + timedelta(seconds=31))).failed == 1
    assert (await deliver(db, now + timedelta(seconds=31 + 59))).failed == 0  # then 60 s
    hooks.routes["/flaky"] = (200, {}, b"ok", 0)
    assert (await deliver(db, now + timedelta(seconds=31 + 61))).delivered == 1
    ids = {headers["webhook-id"] for _p, headers, _b in hooks.posts}
    assert len(hooks.posts) == 3 and len(ids) == 1  # one event, the same id on every attempt
    assert len(received(hooks, endpoint["secret"])) == 3

    log = await http.get(f"/incoming/v2/webhooks/{endpoint['id']}/deliveries", headers=bearer())
    assert log.status_code == 200
    [entry] = log.json()["data"]
    assert entry["event_type"] == "certificate.expired" and entry["status"] == "sent" and entry["attempts"] == 3
    assert entry["last_error"] is None and entry["delivered_at"]


async def test_gives_up_after_five_attempts(http, w, db, hooks):
    hooks.routes["/down"] = (503, {}, b"", 0)
    endpoint = await register(http, hooks, ["certificate.expired"], path="/down")
    await expiry.run_once(db)
    now = utcnow()
    for hour in range(8):
        await deliver(db, now + timedelta(hours=hour))
    assert len(hooks.posts) == 5
    [entry] = (await http.get(f"/incoming/v2/webhooks/{endpoint['id']}/deliveries", headers=bearer())).json()["data"]
    assert (entry["status"], entry["attempts"], entry["last_error"]) == ("failed", 5, "HTTP 503")


async def test_concurrent_deliverers_send_each_event_once(http, w, db, hooks):
    await register(http, hooks, ["certificate.expired"])
    await register(http, hooks, ["certificate.expired"])
    await expiry.run_once(db)
    reports = await asyncio.gather(*(deliver(db) for _ in range(4)))
    assert sum(r.delivered for r in reports) == 2 and len(hooks.posts) == 2


async def test_unsubscribed_and_removed_endpoints_get_nothing(http, w, db, hooks):
    other = await register(http, hooks, ["learner.created"])
    removed = await register(http, hooks, ["certificate.expired"])
    assert (await http.delete(f"/incoming/v2/webhooks/{removed['id']}", headers=bearer())).status_code == 204
    await expiry.run_once(db)
    assert (await deliver(db)).delivered == 0 and hooks.posts == []
    async with db() as session:
        assert list(await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "webhook"))) == []
    listed = (await http.get("/incoming/v2/webhooks", headers=bearer())).json()["data"]
    assert [e["id"] for e in listed] == [other["id"]] and "secret" not in listed[0]
    assert (await http.get(f"/incoming/v2/webhooks/{removed['id']}", headers=bearer())).status_code == 404

