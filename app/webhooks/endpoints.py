"""Register, list and remove webhook endpoints; check their URLs.

A target must be http(s). Private, loopback, link-local and other non-public addresses are refused
(when the host is an address, or when its name resolves to one) unless WEBHOOK_ALLOW_PRIVATE=1; the
check runs at registration and again before every delivery (a name can be re-pointed meanwhile).
"""
from __future__ import annotations

import asyncio
import base64
import binascii
import ipaddress
import secrets
import socket
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import column_length, utcnow
from app.errors import bad_input, not_found
from app.secretbox import seal
from app.webhooks.events import EVENT_TYPES
from app.webhooks.models import WebhookEndpoint

SECRET_PREFIX = "whsec_"
MAX_URL_LENGTH = column_length(WebhookEndpoint.url)
MAX_DESCRIPTION_LENGTH = column_length(WebhookEndpoint.description)
DNS_TIMEOUT_SECONDS = 5.0


class TargetRefused(Exception):
    pass


async def check_target(url: str, *, allow_private: bool) -> None:
    """Raises TargetRefused when `url` may not receive webhooks."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("The URL must be http(s) with a host")
    if parts.username or parts.password:
        raise TargetRefused("The URL must not carry credentials")
    if allow_private:
        return
    try:
        addresses = [ipaddress.ip_address(parts.hostname)]
    except ValueError:
        try:
            infos = await asyncio.wait_for(asyncio.get_running_loop().getaddrinfo(
                parts.hostname, parts.port or 443, type=socket.SOCK_STREAM), DNS_TIMEOUT_SECONDS)
        except (TimeoutError, socket.gaierror, UnicodeError):
            raise TargetRefused(f"The host {parts.hostname} does not resolve") from None
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    for address in addresses:
        if not address.is_global:
            raise TargetRefused(f"The host {parts.hostname} is a private address ({address}); "
                                "set WEBHOOK_ALLOW_PRIVATE=1 to allow it")


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _checked_secret(secret: str) -> str:
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if not secret.startswith(SECRET_PREFIX) or not 24 <= len(key) <= 64:
        raise bad_input("secret must be whsec_ followed by 24 to 64 base64-encoded bytes", "secret")
    return secret


def _checked_event_types(values) -> list[str]:
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise bad_input(f"event_types must be a non-empty list of: {', '.join(EVENT_TYPES)}", "event_types")
    unknown = sorted(set(values) - set(EVENT_TYPES))
    if unknown:
        raise bad_input(f"Unknown event types {', '.join(unknown)}; known: {', '.join(EVENT_TYPES)}", "event_types")
    return list(dict.fromkeys(values))


async def register(session: AsyncSession, *, url, event_types, secret=None, description=None,
                   secret_key: str, allow_private: bool) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its signing secret (returned once; stored sealed)."""
    if not isinstance(url, str) or not url.strip() or len(url) > MAX_URL_LENGTH:
        raise bad_input(f"url must be an http(s) URL of at most {MAX_URL_LENGTH} characters", "url")
    try:
        await check_target(url.strip(), allow_private=allow_private)
    except TargetRefused as refused:
        raise bad_input(str(refused), "url") from None
    if description is not None and (not isinstance(description, str) or len(description) > MAX_DESCRIPTION_LENGTH):
        raise bad_input(f"description must be a string of at most {MAX_DESCRIPTION_LENGTH} characters", "description")
    if secret is not None and not isinstance(secret, str):
        raise bad_input("secret must be a string", "secret")
    secret = _checked_secret(secret) if secret is not None else new_secret()
    endpoint = WebhookEndpoint(url=url.strip(), event_types=_checked_event_types(event_types),
                               description=description, secret_sealed=seal(secret_key, secret))
    session.add(endpoint)
    await session.flush()
    return endpoint, secret


async def find(session: AsyncSession, endpoint_id: str) -> WebhookEndpoint:
    endpoint = await session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.deleted_at is not None:
        raise not_found("Webhook endpoint", "id")
    return endpoint


async def listed(session: AsyncSession) -> list[WebhookEndpoint]:
    return list(await session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.deleted_at.is_(None))
                                      .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)))


async def remove(session: AsyncSession, endpoint_id: str) -> None:
    """Soft delete: no new deliveries; pending ones are dropped by the deliverer; the log stays."""
    endpoint = await find(session, endpoint_id)
    endpoint.deleted_at = utcnow()
    await session.flush()
