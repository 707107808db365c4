"""Command-line tasks of certificates people hold: signing keys, webhook deliveries, the expiry pass."""
from __future__ import annotations

import asyncio

from app.settings import Settings


async def _with_factory(fn):
    from app.db import create_engine, session_factory

    settings = Settings.from_env(demo=True)
    engine = create_engine(settings.database_url)
    try:
        return await fn(session_factory(engine), settings)
    finally:
        await engine.dispose()


def cmd_rotate_key(args) -> int:
    from app.credentials import keys
    from app.db import write_session

    async def run(factory, settings):
        async with write_session(factory) as session:
            return await keys.rotate(session, settings.secret_key)

    print(f"new signing key {asyncio.run(_with_factory(run))}; older keys stay published until retired")
    return 0


def cmd_retire_key(args) -> int:
    from app.credentials import keys
    from app.db import write_session

    async def run(factory, settings):
        async with write_session(factory) as session:
            await keys.retire(session, args.kid)

    asyncio.run(_with_factory(run))
    print(f"retired {args.kid}: credentials it signed no longer verify")
    return 0


def cmd_deliver_webhooks(args) -> int:
    from app.webhooks.delivery import deliver_pending

    async def run(factory, settings):
        return await deliver_pending(factory, secret_key=settings.secret_key,
                                     allow_private=settings.webhook_allow_private, limit=args.limit)

    report = asyncio.run(_with_factory(run))
    print(f"{report.delivered} delivered, {report.failed} failed")
    return 0 if not report.failed else 1


def cmd_expire_certificates(args) -> int:
    from app.certificates.expiry import run_once

    report = asyncio.run(_with_factory(lambda factory, settings: run_once(factory)))
    if report is None:
        print("another process holds the certificate-expiry lease")
        return 1
    print(f"{report.reminded} reminded, {report.expired} expired, {report.reset} reset")
    return 0


def register(sub) -> None:
    sub.add_parser("rotate-credential-key", help="make a new signing key for credentials").set_defaults(
        fn=cmd_rotate_key)
    retire = sub.add_parser("retire-credential-key", help="stop publishing a signing key (by kid)")
    retire.add_argument("--kid", required=True)
    retire.set_defaults(fn=cmd_retire_key)
    deliver = sub.add_parser("deliver-webhooks", help="deliver pending webhook events (one pass)")
    deliver.add_argument("--limit", type=int, default=500)
    deliver.set_defaults(fn=cmd_deliver_webhooks)
    sub.add_parser("expire-certificates", help="one pass of the certificate expiry task").set_defaults(
        fn=cmd_expire_certificates)
