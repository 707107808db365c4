"""Sign a certificate's OpenBadgeCredential and the status list as VC-JOSE JWTs, and verify them.

JWT header: alg EdDSA, kid (the signing key's thumbprint), typ "vc+jwt", cty "vc". Payload: the
credential itself plus the JWT claims Open Badges 3.0 names for VC-JWT: iss (issuer id), jti
(credential id), nbf (validFrom), exp (validUntil, when it expires), iat.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

from joserfc import jwt
from joserfc.errors import JoseError
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.lifecycle import certificate_title
from app.certificates.models import Certificate, CertificateTemplate
from app.company.service import instance_company
from app.content.models import ContentItem
from app.credentials import badges, keys
from app.credentials.status_list import LIST_SIZE, bit_is_set, encode_list, revoked_positions, status_index
from app.users.models import User

MEDIA_TYPE = "application/vc+jwt"


async def issuer_name(session: AsyncSession) -> str:
    company = await instance_company(session)
    return (company.organization_name or company.name) if company else "Learner API"


def _salt(secret_key: str, certificate_id: str) -> str:
    # Stable per certificate (the credential is the same each time it is asked for), not guessable.
    return hmac.new(secret_key.encode(), f"identity-salt:{certificate_id}".encode(), hashlib.sha256).hexdigest()[:16]


async def credential_json(session: AsyncSession, certificate: Certificate, *, base_url: str,
                          secret_key: str) -> dict:
    """The unsigned credential (allocates the certificate's status position; the caller commits)."""
    user = await session.get(User, certificate.user_id)
    template = await session.get(CertificateTemplate, certificate.template_id) if certificate.template_id else None
    item = await session.get(ContentItem, certificate.resource_id) if certificate.resource_id else None
    title = certificate_title(certificate, template, item) or "Certificate"
    return badges.open_badge_credential(
        base_url=base_url, issuer_name=await issuer_name(session), certificate_id=certificate.id,
        achievement_key=certificate.template_id or certificate.resource_id or certificate.id, title=title,
        description=template.description if template is not None else None, holder_email=user.email,
        salt=_salt(secret_key, certificate.id), issued_at=certificate.issued_at,
        expires_at=certificate.expiration_date, status_index=await status_index(session, certificate.id),
        list_size=LIST_SIZE)


def _claims(document: dict, now: datetime) -> dict:
    claims = {**document, "iss": document["issuer"]["id"] if isinstance(document["issuer"], dict) else document["issuer"],
              "jti": document["id"], "iat": int(now.timestamp()),
              "nbf": int(datetime.fromisoformat(document["validFrom"].replace("Z", "+00:00")).timestamp())}
    if document.get("validUntil"):
        claims["exp"] = int(datetime.fromisoformat(document["validUntil"].replace("Z", "+00:00")).timestamp())
    return claims


async def sign(session: AsyncSession, document: dict, *, secret_key: str, now: datetime) -> str:
    key = await keys.signing_key(session, secret_key)
    header = {"alg": keys.ALGORITHM, "kid": key.kid, "typ": "vc+jwt", "cty": "vc"}
    return jwt.encode(header, _claims(document, now), key, algorithms=[keys.ALGORITHM])


async def credential_jwt(session: AsyncSession, certificate: Certificate, *, base_url: str, secret_key: str,
                         now: datetime) -> str:
    document = await credential_json(session, certificate, base_url=base_url, secret_key=secret_key)
    return await sign(session, document, secret_key=secret_key, now=now)


async def status_list_jwt(session: AsyncSession, list_number: int, *, base_url: str, secret_key: str,
                          now: datetime) -> str:
    document = badges.status_list_credential(
        base_url=base_url, issuer_name=await issuer_name(session), list_number=list_number,
        encoded_list=encode_list(await revoked_positions(session, list_number)), valid_from=now)
    return await sign(session, document, secret_key=secret_key, now=now)


@dataclass
class CredentialCheck:
    verified: bool
    status: str | None = None  # active | expired | revoked
    errors: list[str] = field(default_factory=list)
    credential: dict | None = None


async def verify_credential(session: AsyncSession, token: str, *, now: datetime) -> CredentialCheck:
    """Signature against our published keys, validity dates, and the revocation bit."""
    try:
        decoded = jwt.decode(token, await keys.verification_keys(session), algorithms=[keys.ALGORITHM])
    except (JoseError, ValueError) as err:
        return CredentialCheck(False, errors=[f"signature: {err}"])
    claims = dict(decoded.claims)
    if decoded.header.get("typ") != "vc+jwt" or "OpenBadgeCredential" not in claims.get("type", []):
        return CredentialCheck(False, errors=["not an OpenBadgeCredential JWT"])
    stamp = int(now.timestamp())
    if claims.get("nbf", 0) > stamp:
        return CredentialCheck(False, errors=["not valid yet"], credential=claims)
    entry = claims.get("credentialStatus") or {}
    try:
        list_number = int(entry["statusListCredential"].rsplit("/", 1)[1])
        position = int(entry["statusListIndex"])
    except (KeyError, ValueError, IndexError):
        return CredentialCheck(False, errors=["credentialStatus is missing or malformed"], credential=claims)
    if bit_is_set(encode_list(await revoked_positions(session, list_number)), position):
        return CredentialCheck(False, status="revoked", errors=["revoked"], credential=claims)
    if "exp" in claims and claims["exp"] <= stamp:
        return CredentialCheck(False, status="expired", errors=["expired"], credential=claims)
    return CredentialCheck(True, status="active", credential=claims)
