"""One structured format, the request id on every line, secrets redacted, failing dependencies throttled."""
from __future__ import annotations

import io
import logging

import orjson
import pytest

from app.observability.logs import JsonFormatter, TextFormatter, Throttled, configure_logging, redact, request_id_var


@pytest.mark.parametrize("line, secret", [
    ("GET /graphql?apiKey=abc123def&x=1", "abc123def"),
    ("url=http://h/graphql?authToken=tok.en.value", "tok.en.value"),
    ('{"email": "a@b.c", "password": "hunter2"}', "hunter2"),
    ("Authorization: Bearer sk_live_123", "sk_live_123"),
    ("headers={'authorization': 'Bearer xyz987'}", "xyz987"),
    ("cookie=authToken=jwt.jwt.jwt", "jwt.jwt.jwt"),
    ("connecting to postgresql+asyncpg://app:s3cr3t@db/learner", "s3cr3t"),
])
def test_redact_removes_secrets(line, secret):
    cleaned = redact(line)
    assert secret not in cleaned and "[REDACTED]" in cleaned


def test_redact_keeps_ordinary_text():
    line = "GET /graphql 200 latency_ms=3.2 api_key_name=demo operations=CurrentUser"
    assert redact(line) == line


def _record(msg: str, **extra) -> logging.LogRecord:
    record = logging.LogRecord("app.test", logging.INFO, __file__, 1, msg, (), None)
    record.__dict__.update(extra)
    return record


def test_json_lines_carry_timestamp_level_request_id_and_fields():
    token = request_id_var.set("req-1")
    try:
        line = JsonFormatter().format(_record("GET /graphql?apiKey=k3y 200", status=200, latency_ms=1.5))
    finally:
        request_id_var.reset(token)
    out = orjson.loads(line)
    assert out["request_id"] == "req-1" and out["level"] == "info" and out["ts"].endswith("+00:00")
    assert out["status"] == 200 and out["latency_ms"] == 1.5 and "k3y" not in line


def test_text_lines_are_key_value_pairs():
    line = TextFormatter().format(_record("hello world", status=201))
    assert line.startswith("ts=") and "request_id=- " in line and 'msg="hello world"' in line
    assert line.endswith("status=201")


def test_configure_logging_routes_uvicorn_through_one_handler():
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure_logging("json", "info", stream=stream)
        logging.getLogger("uvicorn.error").info("Started server process")
        assert orjson.loads(stream.getvalue().splitlines()[-1])["msg"] == "Started server process"
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_throttled_logs_once_per_interval_and_counts_the_rest(caplog):
    now = [0.0]
    throttled = Throttled(logging.getLogger("app.test"), interval=60, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="app.test"):
        for _ in range(3):
            throttled.warning("redis", "Redis unreachable", error=ConnectionError("refused"))
        now[0] = 61
        throttled.warning("redis", "Redis unreachable", error=ConnectionError("refused"))
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["Redis unreachable: ConnectionError: refused",
                        "Redis unreachable: ConnectionError: refused (2 more since the last report)"]
    assert all(r.exc_info is None for r in caplog.records)


async def test_an_unreachable_redis_logs_one_warning_not_a_traceback_per_request(settings, engine, db, caplog):
    """Three requests with REDIS_URL pointing nowhere: they are served, and one warning is logged."""
    import httpx

    from app.apikeys.service import create_api_key
    from app.main import create_app
    from tests.conftest import TEST_API_KEY, no_cookies

    async with db() as session:
        await create_api_key(session, name="tests", key=TEST_API_KEY)
        await session.commit()
    # 9102: in this suite's port range; nothing listens there.
    application = create_app(settings.model_copy(update={"redis_url": "redis://127.0.0.1:9102/0"}), engine=engine)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    try:
        with caplog.at_level(logging.INFO):
            async with application.router.lifespan_context(application):
                transport = httpx.ASGITransport(app=application)
                async with httpx.AsyncClient(transport=transport, base_url="http://t", cookies=no_cookies()) as http:
                    request_ids = []
                    for _ in range(3):
                        response = await http.post("/graphql", json={"query": "{ __typename }"},
                                                   headers={"Authorization": f"Bearer {TEST_API_KEY}"})
                        assert response.status_code == 200
                        request_ids.append(response.headers["x-request-id"])
    finally:
        logging.getLogger().removeHandler(handler)
    warnings = [r for r in caplog.records if r.name == "app.ratelimit"]
    assert len(warnings) == 1 and warnings[0].exc_info is None
    assert "Redis unreachable" in warnings[0].getMessage()
    # The warning was logged inside the first request: its line carries that request's id.
    [line] = [orjson.loads(x) for x in stream.getvalue().splitlines() if '"app.ratelimit"' in x]
    assert line["request_id"] == request_ids[0] and "exc" not in line
