"""The JSON of the OpenBadgeCredential (Open Badges 3.0 on the W3C VC Data Model 2.0), the issuer's
Profile and the BitstringStatusListCredential. Pure functions: no database, no signing.

Privacy: the subject is identified by a salted SHA-256 of the holder's e-mail (an IdentityObject),
so the credential names no e-mail; the holder's name is not in it either.
"""
from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ISSUER_PATH = "/credentials/issuer"
STATUS_PATH = "/credentials/status/"
JWKS_PATH = "/.well-known/jwks.json"


def iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment is not None else None


def urn(value: str) -> str:
    try:
        return f"urn:uuid:{uuid.UUID(value)}"
    except ValueError:
        return f"urn:learner-api:{value}"


def issuer_profile(base_url: str, *, name: str, url: str | None = None) -> dict:
    profile = {"id": f"{base_url}{ISSUER_PATH}", "type": ["Profile"], "name": name}
    if url:
        profile["url"] = url
    return profile


def issuer_profile_document(base_url: str, *, name: str) -> dict:
    """The issuer Profile published at ISSUER_PATH (with its context and where its keys are)."""
    return {"@context": [VC_CONTEXT, OB_CONTEXT], **issuer_profile(base_url, name=name, url=base_url),
            "publicKey": f"{base_url}{JWKS_PATH}"}


def identity_hash(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def open_badge_credential(*, base_url: str, issuer_name: str, certificate_id: str, achievement_key: str,
                          title: str, description: str | None, holder_email: str, salt: str,
                          issued_at: datetime, expires_at: datetime | None, status_index: int,
                          list_size: int) -> dict:
    list_number, position = divmod(status_index, list_size)
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": urn(certificate_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": title,
        "issuer": issuer_profile(base_url, name=issuer_name, url=base_url),
        "validFrom": iso(issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                            "identityHash": identity_hash(holder_email, salt), "salt": salt}],
            "achievement": {
                "id": urn(achievement_key),
                "type": ["Achievement"],
                "name": title,
                "description": description or f"Awarded for completing {title}.",
                "criteria": {"narrative": f"Complete {title}."},
                "achievementType": "Certificate",
            },
        },
        "credentialStatus": {
            "id": f"{base_url}{STATUS_PATH}{list_number}#{position}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(position),
            "statusListCredential": f"{base_url}{STATUS_PATH}{list_number}",
        },
    }
    if expires_at is not None:
        credential["validUntil"] = iso(expires_at)
    return credential


def status_list_credential(*, base_url: str, issuer_name: str, list_number: int, encoded_list: str,
                           valid_from: datetime) -> dict:
    url = f"{base_url}{STATUS_PATH}{list_number}"
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_profile(base_url, name=issuer_name),
        "validFrom": iso(valid_from),
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                              "encodedList": encoded_list},
    }
