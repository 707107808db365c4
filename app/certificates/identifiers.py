"""Certificate identifiers: the instance's identifier field prefix plus a random body."""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.models import CertificateField

# No 0/O, 1/I/L: identifiers are read aloud and typed from paper.
IDENTIFIER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
DEFAULT_BODY_LENGTH = 8
MIN_BODY_LENGTH = 6


async def identifier_format(session: AsyncSession) -> tuple[str, int]:
    """(prefix, body length) from the instance's identifier certificate field."""
    field = await session.scalar(
        select(CertificateField).where(CertificateField.type == "identifier")
        .order_by(CertificateField.position, CertificateField.created_at).limit(1)
    )
    prefix = (field.identifier_prefix if field else None) or ""
    length = (field.identifier_body_length if field else None) or DEFAULT_BODY_LENGTH
    return prefix, max(length, MIN_BODY_LENGTH)


def random_identifier(prefix: str, length: int) -> str:
    return prefix + "".join(secrets.choice(IDENTIFIER_ALPHABET) for _ in range(length))
