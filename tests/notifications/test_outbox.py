"""The outbox: enqueue in the caller's transaction; the sender delivers over SMTP (a local aiosmtpd
server on a random loopback port) and records sends and failures."""
from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app.db import begin_write
from app.errors import AppError
from app.notifications import outbox
from app.notifications.models import FAILED, PENDING, SENT, OutboxMessage
from app.notifications.sender import SmtpConfig, send_pending

PROJECT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self, reply: str = "250 Message accepted for delivery"):
        self.envelopes = []
        self.reply = reply

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return self.reply


@pytest.fixture
def smtp_server():
    servers = []

    def start(reply: str = "250 Message accepted for delivery"):
        inbox = Inbox(reply)
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        return inbox, f"smtp://127.0.0.1:{controller.port}?from=academy@example.com"

    yield start
    for controller in servers:
        controller.stop()


async def _enqueue(db, n=1, to="jane@example.com"):
    async with db() as session:
        await begin_write(session)
        rows = [await outbox.enqueue(session, to=to, subject=f"Subject {i}", body=f"Body {i}", kind="test")
                for i in range(n)]
        await session.commit()
    return [r.id for r in rows]


async def _rows(db):
    async with db() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.subject))).all())


async def test_enqueue_is_part_of_the_callers_transaction(db):
    async with db() as session:
        await begin_write(session)
        row = await outbox.enqueue(session, to="a@example.com", subject="s", body="b", kind="k")
        assert row.status == PENDING and row.attempts == 0
        await session.rollback()
    assert await _rows(db) == []


async def test_enqueue_refuses_a_message_without_recipient(db):
    async with db() as session:
        with pytest.raises(AppError) as err:
            await outbox.enqueue(session, to=" ", subject="s", body="b", kind="k")
    assert err.value.field == "to"


async def test_pending_messages_arrive_and_are_marked_sent(db, smtp_server):
    inbox, url = smtp_server()
    await _enqueue(db, 2)
    report = await send_pending(db, url)
    assert (report.sent, report.failed) == (2, 0)
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == ["jane@example.com"] * 2
    assert all(e.mail_from == "academy@example.com" for e in inbox.envelopes)
    contents = sorted(e.content.decode() for e in inbox.envelopes)
    assert "Subject: Subject 0" in contents[0] and "Body 0" in contents[0]
    rows = await _rows(db)
    assert [r.status for r in rows] == [SENT, SENT]
    assert all(r.sent_at is not None and r.attempts == 1 and r.last_error is None for r in rows)
    # A second pass has nothing to send.
    assert (await send_pending(db, url)).sent == 0
    assert len(inbox.envelopes) == 2


async def test_refused_connection_is_recorded_and_retried_until_it_gives_up(db):
    await _enqueue(db)
    url = f"smtp://127.0.0.1:{free_port()}"  # nobody listens there
    report = await send_pending(db, url)
    assert (report.sent, report.failed) == (0, 1)
    [row] = await _rows(db)
    assert row.status == PENDING and row.attempts == 1 and row.sent_at is None
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        await send_pending(db, url)
    [row] = await _rows(db)
    assert row.status == FAILED and row.attempts == outbox.MAX_ATTEMPTS
    assert (await send_pending(db, url)).failed == 0  # given up: no longer tried


async def test_a_rejected_message_is_recorded_then_sent_on_a_later_pass(db, smtp_server):
    inbox, url = smtp_server("554 Transaction failed: mailbox unavailable")
    await _enqueue(db)
    assert (await send_pending(db, url)).failed == 1
    [row] = await _rows(db)
    assert row.status == PENDING and row.attempts == 1 and "554" in row.last_error
    inbox.reply = "250 OK"
    assert (await send_pending(db, url)).sent == 1
    [row] = await _rows(db)
    assert row.status == SENT and row.attempts == 2 and row.last_error is None


async def test_concurrent_senders_deliver_each_message_once(db, smtp_server):
    inbox, url = smtp_server()
    await _enqueue(db, 6)
    reports = await asyncio.gather(*(send_pending(db, url) for _ in range(3)))
    assert sum(r.sent for r in reports) == 6
    assert len(inbox.envelopes) == 6
    assert {r.status for r in await _rows(db)} == {SENT}


async def test_a_claimed_message_is_not_claimed_twice(db):
    [message_id] = await _enqueue(db)
    async with db() as session:
        await begin_write(session)
        assert await outbox.claim(session, message_id=message_id) is True
        assert await outbox.claim(session, message_id=message_id) is False
        await session.commit()
    async with db() as session:
        assert await outbox.deliverable_ids(session) == []


def test_smtp_url_forms():
    plain = SmtpConfig.from_url("smtp://mail.example.com:2525")
    assert (plain.host, plain.port, plain.tls, plain.starttls, plain.username) == ("mail.example.com", 2525, False, False, None)
    secure = SmtpConfig.from_url("smtps://user%40x:p%2Fw@mail.example.com?from=me@example.com")
    assert (secure.port, secure.tls, secure.username, secure.password, secure.sender) == (465, True, "user@x", "p/w", "me@example.com")
    assert SmtpConfig.from_url("smtp://h?starttls=1").starttls is True
    with pytest.raises(ValueError):
        SmtpConfig.from_url("http://mail.example.com")


async def test_send_outbox_command(db, smtp_server, database_url):
    inbox, url = smtp_server()
    await _enqueue(db, 1, to="cli@example.com")
    env = {**os.environ, "DATABASE_URL": database_url, "SMTP_URL": url, "SECRET_KEY": "s" * 40}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "send-outbox", cwd=PROJECT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    assert out.decode().strip() == "1 sent, 0 failed"
    assert [e.rcpt_tos for e in inbox.envelopes] == [["cli@example.com"]]
    [row] = await _rows(db)
    assert row.status == SENT


async def test_send_outbox_command_needs_smtp_url(database_url):
    env = {k: v for k, v in os.environ.items() if k != "SMTP_URL"}
    env.update(DATABASE_URL=database_url, SECRET_KEY="s" * 40)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "send-outbox", cwd=PROJECT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _out, err = await proc.communicate()
    assert proc.returncode == 2 and "SMTP_URL" in err.decode()


async def test_the_app_delivers_the_outbox_in_the_background_when_smtp_url_is_set(db, engine, settings, smtp_server):

    from app.main import create_app

    inbox, url = smtp_server()
    await _enqueue(db, 1)
    application = create_app(settings.model_copy(update=dict(smtp_url=url)), engine=engine)
    async with application.router.lifespan_context(application):
        for _ in range(200):  # the first pass runs at startup; wait for it (bounded)
            if inbox.envelopes and (await _rows(db))[0].status == SENT:
                break
            await asyncio.sleep(0.05)
    assert len(inbox.envelopes) == 1
    assert (await _rows(db))[0].status == SENT
