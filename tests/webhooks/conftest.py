"""Webhook tests: private targets allowed (the receiver listens on 127.0.0.1), as WEBHOOK_ALLOW_PRIVATE=1."""
from __future__ import annotations

import pytest


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"webhook_allow_private": True})


@pytest.fixture(scope="module")
def receiver():
    from tests.local_http_server import serve

    with serve() as server:
        yield server


@pytest.fixture
def hooks(receiver):
    receiver.routes.clear()
    receiver.posts.clear()
    receiver.routes["/hook"] = (204, {}, b"", 0)
    return receiver
