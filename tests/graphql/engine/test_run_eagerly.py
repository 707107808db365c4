"""run_eagerly: a resolver's coroutine finished at its first step gives its value; one that waits
goes on as an awaitable, with DataLoader batching, errors and cancellation as asyncio would have them."""
from __future__ import annotations

import asyncio

import pytest
from strawberry.dataloader import DataLoader

from app.graphql.engine.execution import run_eagerly


def _loader(calls: list):
    async def load(keys):
        calls.append(list(keys))
        await asyncio.sleep(0)
        return [k * 10 for k in keys]

    return DataLoader(load_fn=load)


async def test_a_coroutine_that_does_not_wait_gives_its_value():
    async def plain():
        return 42

    assert run_eagerly(plain()) == 42


async def test_loaded_values_need_no_awaiting():
    calls: list = []
    loader = _loader(calls)
    await loader.load_many([1, 2])

    async def field(key):
        return await loader.load(key)

    assert [run_eagerly(field(k)) for k in (1, 2)] == [10, 20]
    assert calls == [[1, 2]]


async def test_waiting_coroutines_keep_one_batch_per_stage():
    calls: list = []
    first, second = _loader(calls), _loader(calls)

    async def field(key):
        a = await first.load(key)
        b = await second.load(a)  # a second stage, keyed by the first's result
        return b

    pending = [run_eagerly(field(k)) for k in (1, 2, 3)]
    assert all(asyncio.iscoroutine(p) for p in pending)
    assert await asyncio.gather(*pending) == [100, 200, 300]
    assert calls == [[1, 2, 3], [10, 20, 30]]


async def test_errors_reach_the_awaiting_caller():
    async def load(keys):
        raise ValueError("broken batch")

    loader = DataLoader(load_fn=load)

    async def field():
        return await loader.load(1)

    with pytest.raises(ValueError, match="broken batch"):
        await run_eagerly(field())


async def test_cancellation_reaches_the_coroutine_where_it_waits():
    reached = asyncio.Event()
    cleaned_up = []

    async def field():
        try:
            reached.set()
            await asyncio.Event().wait()
        finally:
            cleaned_up.append(True)

    task = asyncio.ensure_future(run_eagerly(field()))
    await reached.wait()
    await asyncio.sleep(0)  # the task is waiting
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert cleaned_up == [True]


async def test_a_bare_yield_is_resumed():
    async def field():
        await asyncio.sleep(0)
        return "after"

    assert await run_eagerly(field()) == "after"
