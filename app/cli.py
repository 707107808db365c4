"""`python -m app COMMAND`: serve, migrate, seed-demo, create-api-key, revoke-api-key, list-api-keys, export-schema,
send-outbox, usage, import, export."""
from __future__ import annotations

import argparse
import asyncio
import os
import sys

from app.settings import Settings


def _settings(demo: bool = False) -> Settings:
    return Settings.from_env(demo=demo)


async def _with_session(settings: Settings, fn):
    from app.db import engine_from_settings, session_factory

    engine = engine_from_settings(settings)
    try:
        async with session_factory(engine)() as session:
            result = await fn(session)
            await session.commit()
            return result
    finally:
        await engine.dispose()


async def migrate(settings: Settings) -> None:
    from app.db import engine_from_settings
    from app.migrate import upgrade

    engine = engine_from_settings(settings)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def seed_demo_if_empty(settings: Settings) -> bool:
    from app.demo import is_empty, seed_demo

    async def run(session):
        if not await is_empty(session):
            return False
        await seed_demo(session)
        return True

    return await _with_session(settings, run)


async def ensure_demo_api_key(settings: Settings) -> str:
    """The demo instance's API key: DEMO_API_KEY when set, else one generated and kept in DATA_DIR."""
    from sqlalchemy import select

    from app.apikeys.models import ApiKey
    from app.apikeys.service import create_api_key
    from app.security import generate_api_key, hash_api_key

    wanted, data_dir = settings.demo_api_key, settings.data_dir
    key_file = data_dir / "demo-api-key"
    secret = wanted or (key_file.read_text().strip() if key_file.exists() else generate_api_key())

    async def run(session):
        exists = await session.scalar(
            select(ApiKey.id).where(ApiKey.key_hash == hash_api_key(secret), ApiKey.revoked_at.is_(None))
        )
        if not exists:
            await create_api_key(session, name="demo", key=secret)

    await _with_session(settings, run)
    if not wanted:
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secret)
        key_file.chmod(0o600)
    return secret


def cmd_serve(args) -> int:
    import uvicorn

    from app.demo import ADMIN_EMAIL, DEMO_PASSWORD, JANE_EMAIL
    from app.main import create_app
    from app.observability.logs import configure_logging

    if args.log_level:
        os.environ["LOG_LEVEL"] = args.log_level  # worker processes read it too
    settings = _settings(demo=args.demo)
    configure_logging(settings.log_format, settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if args.migrate:
        asyncio.run(migrate(settings))
    if args.demo:
        seeded = asyncio.run(seed_demo_if_empty(settings))
        key = asyncio.run(ensure_demo_api_key(settings))
        url = f"http://{settings.host}:{settings.port}"
        print(f"""
Learner API {'(demo data loaded)' if seeded else '(existing data)'}
  GraphQL + GraphiQL: {url}/graphql   (also {url}/helium)
  API key:            {key}
  Learner login:      {JANE_EMAIL} / {DEMO_PASSWORD}
  Admin login:        {ADMIN_EMAIL} / {DEMO_PASSWORD}
""", flush=True)
    # Logging is ours (app/observability/logs.py): uvicorn configures none and writes no access log.
    options = dict(host=settings.host, port=settings.port, loop="uvloop", http="httptools",
                   log_config=None, access_log=False)
    if args.workers > 1:
        # Each worker process builds its own app from the environment (app/asgi.py).
        os.environ["LEARNER_DEMO"] = "1" if args.demo else ""
        uvicorn.run("app.asgi:create_app_from_env", factory=True, workers=args.workers, **options)
        return 0
    from app.serving import freeze_startup_heap

    application = create_app(settings)
    freeze_startup_heap()  # the schema and mappers stay out of the GC's scans (app/serving.py)
    uvicorn.run(application, **options)
    return 0


def cmd_migrate(args) -> int:
    asyncio.run(migrate(_settings(demo=True)))
    print("migrations applied")
    return 0


def cmd_seed_demo(args) -> int:
    settings = _settings(demo=True)
    asyncio.run(migrate(settings))
    print("demo data loaded" if asyncio.run(seed_demo_if_empty(settings)) else "database not empty: nothing loaded")
    return 0


def cmd_create_api_key(args) -> int:
    from app.apikeys.service import create_api_key

    scopes = [s.strip() for s in args.scopes.split(",") if s.strip()] if args.scopes is not None else None

    async def run(session):
        _row, secret = await create_api_key(session, name=args.name, scopes=scopes,
                                            rate_limit_capacity=args.capacity, rate_limit_restore_rate=args.restore_rate)
        return secret

    secret = asyncio.run(_with_session(_settings(demo=True), run))
    print(secret)
    print("Keep this key: only its hash is stored.", file=sys.stderr)
    return 0


def cmd_revoke_api_key(args) -> int:
    from app.apikeys.service import revoke_api_key

    async def run(session):
        return await revoke_api_key(session, name_or_id=args.name)

    count = asyncio.run(_with_session(_settings(demo=True), run))
    print(f"revoked {count} key(s)")
    return 0


def cmd_list_api_keys(args) -> int:
    from app.apikeys.service import list_api_keys

    rows = asyncio.run(_with_session(_settings(demo=True), list_api_keys))
    for row in rows:
        state = "revoked" if row.revoked_at else "active"
        budget = (f"capacity={row.rate_limit_capacity or 'default'} "
                  f"restore-rate={row.rate_limit_restore_rate or 'default'}")
        print(f"{row.id}  {row.name:20}  {row.prefix}…  {state}  scopes={row.scopes or 'all'}  {budget}")
    return 0


def cmd_send_outbox(args) -> int:
    from app.db import engine_from_settings, session_factory
    from app.notifications.sender import send_pending

    settings = _settings(demo=True)
    if not settings.smtp_url:
        print("error: SMTP_URL is not set", file=sys.stderr)
        return 2

    async def run():
        engine = engine_from_settings(settings)
        try:
            return await send_pending(session_factory(engine), settings.smtp_url, limit=args.limit)
        finally:
            await engine.dispose()

    report = asyncio.run(run())
    print(f"{report.sent} sent, {report.failed} failed")
    return 0 if not report.failed else 1


def cmd_usage(args) -> int:
    from app.usage.service import usage_report

    async def run(session):
        return await usage_report(session, days=args.days, key_name=args.key)

    rows = asyncio.run(_with_session(_settings(demo=True), run))
    print(f"{'day':10}  {'key':20}  {'operation':40}  {'calls':>7}  {'points':>8}  {'refused':>7}")
    for r in rows:
        print(f"{r.day.isoformat():10}  {r.api_key_name:20}  {r.operation:40}  {r.calls:>7}  {r.points:>8}  {r.refused:>7}")
    totals: dict[str, int] = {}
    for r in rows:
        totals[r.api_key_name] = totals.get(r.api_key_name, 0) + r.points
    for name, points in sorted(totals.items()):
        print(f"total {name}: {points} points")
    if not rows:
        print("no usage recorded")
    return 0


def cmd_import(args) -> int:
    from app.catalog.cli import import_file

    settings = _settings(demo=True)
    asyncio.run(migrate(settings))
    return asyncio.run(import_file(settings.database_url, args.file, progress=not args.quiet))


def cmd_export(args) -> int:
    from app.catalog.cli import export_to

    settings = _settings(demo=True)
    asyncio.run(migrate(settings))
    return asyncio.run(export_to(settings.database_url, sys.stdout.buffer))


def cmd_catalog_schema(args) -> int:
    import json

    from app.catalog.document import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return 0


def cmd_export_schema(args) -> int:
    from app.graphql.schema import export_sdl

    sys.stdout.write(export_sdl())
    return 0


def cmd_settings_table(args) -> int:
    from app.settings import settings_table

    sys.stdout.write(settings_table())
    return 0


def describe_os_error(err: BaseException) -> str:
    """One line for an error reaching the database (or the file system): no traceback."""
    import socket

    from sqlalchemy.exc import DBAPIError

    orig = getattr(err, "orig", None) or err
    if not isinstance(err, DBAPIError) and not isinstance(orig, (ConnectionError, TimeoutError, socket.gaierror)):
        return f"{type(orig).__name__}: {orig}"
    reason = "no answer within DB_CONNECT_TIMEOUT" if isinstance(orig, TimeoutError) else str(orig).strip()
    return f"cannot reach the database (DATABASE_URL): {type(orig).__name__}: {reason}"


def main(argv: list[str] | None = None) -> int:
    from sqlalchemy.exc import DBAPIError

    from app.errors import AppError
    from app.observability.logs import configure_logging
    from app.settings import ConfigError

    parser = argparse.ArgumentParser(prog="learner-api", description="Learner API (also: python -m app)")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the server")
    serve.add_argument("--demo", action="store_true", help="load the demo instance into an empty database")
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes (each with its own event loop); see README 'More than one process'")
    serve.add_argument("--migrate", action=argparse.BooleanOptionalAction, default=True,
                       help="apply migrations before serving (--no-migrate: a deployment migrates in its own step)")
    serve.add_argument("--log-level", choices=("debug", "info", "warning", "error"), help="overrides LOG_LEVEL")
    serve.set_defaults(fn=cmd_serve)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(fn=cmd_migrate)
    sub.add_parser("seed-demo", help="load the demo instance into an empty database").set_defaults(fn=cmd_seed_demo)
    create = sub.add_parser("create-api-key", help="create an API key and print it once")
    create.add_argument("--name", required=True)
    create.add_argument("--scopes", help="comma-separated scopes (omit for full scope): "
                        "users:read, users:write, learners:write, certificates:read, certificates:write, graphql, "
                        "catalog:read, catalog:write, webhooks:read, webhooks:write")
    create.add_argument("--capacity", type=int, help="the key's bucket of API points (default: RATE_LIMIT_CAPACITY)")
    create.add_argument("--restore-rate", type=float,
                        help="points restored per second (default: RATE_LIMIT_RESTORE_RATE)")
    create.set_defaults(fn=cmd_create_api_key)
    revoke = sub.add_parser("revoke-api-key", help="revoke API keys by name or id")
    revoke.add_argument("--name", required=True)
    revoke.set_defaults(fn=cmd_revoke_api_key)
    sub.add_parser("list-api-keys", help="list API keys").set_defaults(fn=cmd_list_api_keys)
    sub.add_parser("export-schema", help="print the GraphQL schema (SDL)").set_defaults(fn=cmd_export_schema)
    sub.add_parser("settings-table", help="print the environment variables as README's Markdown table"
                   ).set_defaults(fn=cmd_settings_table)
    catalog_import = sub.add_parser("import", help="import a catalog document (docs/catalog.md), all or nothing")
    catalog_import.add_argument("file", help="the JSON file")
    catalog_import.add_argument("--quiet", action="store_true", help="no progress bar")
    catalog_import.set_defaults(fn=cmd_import)
    sub.add_parser("export", help="print the catalog document (docs/catalog.md)").set_defaults(fn=cmd_export)
    sub.add_parser("catalog-schema", help="print the catalog document's JSON Schema").set_defaults(fn=cmd_catalog_schema)
    usage = sub.add_parser("usage", help="API points spent per key, operation and day (the usage ledger)")
    usage.add_argument("--days", type=int, default=30, help="the last N days, today (UTC) included")
    usage.add_argument("--key", help="only the API key with this name")
    usage.set_defaults(fn=cmd_usage)
    send = sub.add_parser("send-outbox", help="deliver pending outbox e-mails over SMTP_URL (one pass)")
    send.add_argument("--limit", type=int, default=500)
    send.set_defaults(fn=cmd_send_outbox)
    from app.cli_certificates import register as register_certificate_commands

    register_certificate_commands(sub)

    args = parser.parse_args(argv)
    configure_logging()  # the defaults until a command has read its settings
    try:
        return args.fn(args)
    except (AppError, ConfigError) as err:
        print(f"error: {getattr(err, 'message', err)}", file=sys.stderr)
        return 2
    except (OSError, DBAPIError) as err:
        print(f"error: {describe_os_error(err)}", file=sys.stderr)
        return 3
