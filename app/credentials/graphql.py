"""Certificate.credential (our own field, beyond Helium): the signed credential of a certificate."""
from __future__ import annotations

from app.certificates.models import Certificate
from app.credentials import service
from app.db import utcnow, write_session


def base_url(settings) -> str:
    # GraphQL resolvers see no request: PUBLIC_BASE_URL names the public origin (else the listen address).
    return settings.public_base_url or f"http://{settings.host}:{settings.port}"


async def credential_for(context, certificate: Certificate) -> str | None:
    if certificate.deleted_at is not None:
        return None
    settings = context.settings
    # Its own short write transaction: the first credential of a certificate takes a status position
    # (and the instance's first credential makes the signing key).
    async with write_session(context.services.session_factory) as session:
        row = await session.get(Certificate, certificate.id)
        return await service.credential_jwt(session, row, base_url=base_url(settings),
                                            secret_key=settings.secret_key, now=utcnow())
