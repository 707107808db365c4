"""The idempotency key protocol: claim, replay, reuse, expiry, concurrency."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.apikeys.service import create_api_key
from app.db import utcnow
from app.errors import AppError
from app.idempotency.models import IdempotencyKey
from app.idempotency.service import (
    ABANDONED_AFTER,
    StoredResponse,
    purge_expired,
    request_hash,
    run_idempotent,
    validate_key,
)


@pytest.fixture
async def key_ids(db):
    async with db() as s:
        a, _ = await create_api_key(s, name="a")
        b, _ = await create_api_key(s, name="b")
        await s.commit()
    return a.id, b.id


class Work:
    """An `execute` callable that counts its runs."""

    def __init__(self, status: int = 201, pause: float = 0):
        self.runs = 0
        self.status = status
        self.pause = pause

    async def __call__(self) -> StoredResponse:
        self.runs += 1
        if self.pause:
            await asyncio.sleep(self.pause)
        return StoredResponse(self.status, "application/json", b'{"run": %d}' % self.runs)


def call(db, api_key_id, work, *, key="k-1", body=b'{"a": 1}', path="/x", **kwargs):
    return run_idempotent(db, api_key_id=api_key_id, key=key, method="POST", path=path, body=body, execute=work,
                          **kwargs)


def test_request_hash_is_canonical_for_json():
    assert request_hash("POST", "/x", b'{"a": 1, "b": [1, 2]}') == request_hash("post", "/x", b'{"b":[1,2],"a":1}')
    assert request_hash("POST", "/x", b'{"a": 1}') != request_hash("POST", "/x", b'{"a": 2}')
    assert request_hash("POST", "/x", b'{"a": 1}') != request_hash("POST", "/y", b'{"a": 1}')
    assert request_hash("POST", "/x", b"not json") != request_hash("POST", "/x", b"not json!")


@pytest.mark.parametrize("key", ["", "x" * 256, "has space", "tab\t", "é"])
def test_invalid_keys_are_refused(key):
    with pytest.raises(AppError) as err:
        validate_key(key)
    assert err.value.code.value == "BAD_USER_INPUT" and err.value.field == "Idempotency-Key"


async def test_second_call_replays_the_first_response(db, key_ids):
    work = Work()
    first = await call(db, key_ids[0], work)
    second = await call(db, key_ids[0], work)
    assert first == (StoredResponse(201, "application/json", b'{"run": 1}'), False)
    assert second == (StoredResponse(201, "application/json", b'{"run": 1}'), True)
    assert work.runs == 1


async def test_error_responses_are_replayed_too(db, key_ids):
    work = Work(status=404)
    await call(db, key_ids[0], work)
    response, replayed = await call(db, key_ids[0], work)
    assert replayed and response.status == 404 and work.runs == 1


async def test_same_key_other_request_is_refused(db, key_ids):
    work = Work()
    await call(db, key_ids[0], work)
    for kwargs in ({"body": b'{"a": 2}'}, {"path": "/y"}):
        with pytest.raises(AppError) as err:
            await call(db, key_ids[0], work, **kwargs)
        assert err.value.code.value == "IDEMPOTENCY_KEY_REUSED" and err.value.http_status == 422
    assert work.runs == 1


async def test_keys_are_per_api_key_and_namespace(db, key_ids):
    work = Work()
    await call(db, key_ids[0], work)
    await call(db, key_ids[1], work)
    await call(db, key_ids[0], work, namespace="learner-2")
    assert work.runs == 3


async def test_expired_keys_are_ignored_and_purged(db, key_ids):
    work = Work()
    await call(db, key_ids[0], work, key="old")
    await call(db, key_ids[0], work, key="fresh")
    async with db() as s:
        await s.execute(update(IdempotencyKey).where(IdempotencyKey.key == "old")
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
        await s.commit()
    # The expired key is free again, even with another body.
    response, replayed = await call(db, key_ids[0], work, key="old", body=b'{"other": true}')
    assert not replayed and work.runs == 3
    async with db() as s:
        await s.execute(update(IdempotencyKey).where(IdempotencyKey.key == "old")
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
        assert await purge_expired(s) == 1
        await s.commit()
        assert await s.scalar(select(func.count()).select_from(IdempotencyKey)) == 1


async def test_in_progress_key_conflicts_after_waiting(db, key_ids):
    started, release = asyncio.Event(), asyncio.Event()

    async def slow() -> StoredResponse:
        started.set()
        await release.wait()
        return StoredResponse(200, "application/json", b"{}")

    owner = asyncio.create_task(call(db, key_ids[0], slow))
    await started.wait()
    with pytest.raises(AppError) as err:
        await call(db, key_ids[0], Work(), wait_seconds=0)
    assert err.value.code.value == "CONFLICT" and err.value.http_status == 409
    release.set()
    assert (await owner)[1] is False
    assert (await call(db, key_ids[0], Work()))[0].body == b"{}"


async def test_abandoned_claim_is_never_redone(db, key_ids):
    started = asyncio.Event()

    async def dies() -> StoredResponse:
        started.set()
        raise RuntimeError("process died")

    with pytest.raises(RuntimeError):
        await call(db, key_ids[0], dies)
    async with db() as s:
        await s.execute(update(IdempotencyKey).values(created_at=utcnow() - ABANDONED_AFTER - timedelta(seconds=1)))
        await s.commit()
    work = Work()
    with pytest.raises(AppError) as err:
        await call(db, key_ids[0], work)
    assert err.value.code.value == "CONFLICT" and work.runs == 0


async def test_concurrent_requests_with_one_key_do_the_work_once(db, key_ids):
    work = Work(pause=0.05)
    results = await asyncio.gather(*(call(db, key_ids[0], work) for _ in range(8)))
    assert work.runs == 1
    assert {r[0] for r in results} == {StoredResponse(201, "application/json", b'{"run": 1}')}
    assert sorted(r[1] for r in results) == [False] + [True] * 7
