"""Revocation as a W3C Bitstring Status List (https://www.w3.org/TR/vc-bitstring-status-list/).

Each certificate's credential gets a position (allocated on first issue of its credential, in order);
list n holds positions n*LIST_SIZE .. (n+1)*LIST_SIZE-1. The bit is 1 when the certificate is revoked.
The list is published as a signed BitstringStatusListCredential and built from the certificates
table when asked for, so a revoke shows at once.
"""
from __future__ import annotations

import base64
import gzip

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.models import Certificate
from app.credentials.models import CertificateStatusIndex

LIST_SIZE = 131_072  # 16 KiB of bits: the specification's minimum, for herd privacy
ALLOCATE_ATTEMPTS = 5


# PostgreSQL: allocations take this transaction-level advisory lock, so concurrent first credentials
# (a list of certificates resolves them side by side) queue instead of racing for the same next
# position until their attempts run out. SQLite already runs one write transaction at a time.
_ALLOCATION_LOCK = 0x5354_4154_5553  # "STATUS"


async def _one_allocator_at_a_time(session: AsyncSession) -> None:
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(_ALLOCATION_LOCK)))


async def status_index(session: AsyncSession, certificate_id: str) -> int:
    """The certificate's position, allocated now if it has none (safe against concurrent requests)."""
    for _attempt in range(ALLOCATE_ATTEMPTS):
        existing = await session.scalar(select(CertificateStatusIndex.list_index)
                                        .where(CertificateStatusIndex.certificate_id == certificate_id))
        if existing is not None:
            return existing
        await _one_allocator_at_a_time(session)
        following = select(func.coalesce(func.max(CertificateStatusIndex.list_index), -1) + 1).scalar_subquery()
        try:
            async with session.begin_nested():
                await session.execute(insert(CertificateStatusIndex).values(certificate_id=certificate_id,
                                                                            list_index=following))
        except IntegrityError:
            continue  # another request took that position, or allocated this certificate's: look again
    raise RuntimeError("could not allocate a status list position")


async def revoked_positions(session: AsyncSession, list_number: int) -> list[int]:
    start = list_number * LIST_SIZE
    rows = await session.scalars(
        select(CertificateStatusIndex.list_index)
        .join(Certificate, Certificate.id == CertificateStatusIndex.certificate_id)
        .where(Certificate.revoked_at.is_not(None), CertificateStatusIndex.list_index >= start,
               CertificateStatusIndex.list_index < start + LIST_SIZE))
    return [i - start for i in rows]


def encode_list(positions: list[int]) -> str:
    """GZIP-compressed, base64url without padding, multibase prefix "u"; bit 0 is the first byte's
    most significant bit."""
    bits = bytearray(LIST_SIZE // 8)
    for position in positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def bit_is_set(encoded: str, position: int) -> bool:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (prefix u)")
    data = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    return bool(bits[position // 8] & (0x80 >> (position % 8)))
