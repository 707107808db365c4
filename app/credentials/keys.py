"""The instance's Ed25519 signing keys.

- Generated on first use; the private half is stored sealed with SECRET_KEY (app/secretbox.py).
- `rotate` adds a new key, which signs from then on; older keys stay published so that the
  credentials they signed keep verifying, until `retire` removes one from the JWKS.
- kid is the key's RFC 7638 thumbprint.
"""
from __future__ import annotations

import warnings

import orjson
from joserfc.jwk import KeySet, OKPKey
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.credentials.models import CredentialKey
from app.db import utcnow
from app.errors import not_found
from app.secretbox import open_sealed, seal

ALGORITHM = "EdDSA"
# joserfc warns that RFC 9864 prefers the fully specified name "Ed25519"; the issue and Open
# Badges 3.0 verifiers expect "EdDSA", which is the same signature over the same curve.
warnings.filterwarnings("ignore", message="EdDSA is deprecated", module="joserfc")


async def new_key(session: AsyncSession, secret_key: str) -> CredentialKey:
    key = OKPKey.generate_key("Ed25519")
    kid = key.thumbprint()
    public = {**key.as_dict(private=False), "kid": kid, "alg": ALGORITHM, "use": "sig"}
    private = {**key.as_dict(private=True), "kid": kid}
    row = CredentialKey(kid=kid, algorithm=ALGORITHM, public_jwk=public,
                        private_jwk_sealed=seal(secret_key, orjson.dumps(private).decode()), created_at=utcnow())
    session.add(row)
    await session.flush()
    return row


async def signing_key(session: AsyncSession, secret_key: str) -> OKPKey:
    """The newest key not retired (made now when there is none; the caller commits)."""
    row = await session.scalar(select(CredentialKey).where(CredentialKey.retired_at.is_(None))
                               .order_by(CredentialKey.created_at.desc(), CredentialKey.kid).limit(1))
    if row is None:
        row = await new_key(session, secret_key)
    return OKPKey.import_key(orjson.loads(open_sealed(secret_key, row.private_jwk_sealed)))


async def published_keys(session: AsyncSession) -> list[dict]:
    rows = await session.scalars(select(CredentialKey).where(CredentialKey.retired_at.is_(None))
                                 .order_by(CredentialKey.created_at.desc(), CredentialKey.kid))
    return [dict(r.public_jwk) for r in rows]


async def verification_keys(session: AsyncSession) -> KeySet:
    return KeySet.import_key_set({"keys": await published_keys(session)})


async def rotate(session: AsyncSession, secret_key: str) -> str:
    return (await new_key(session, secret_key)).kid


async def retire(session: AsyncSession, kid: str) -> None:
    result = await session.execute(update(CredentialKey).where(CredentialKey.kid == kid,
                                                               CredentialKey.retired_at.is_(None))
                                   .values(retired_at=utcnow()).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise not_found("Credential key", "kid")

