"""Open Badges 3.0 credentials: signed with our Ed25519 key (joserfc), verified here with PyJWT (an
independent JOSE library), checked against the credential JSON Schema, revoked through the status list."""
from __future__ import annotations

import json
from datetime import UTC, timedelta
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import jwt as pyjwt
import pytest
from sqlalchemy import func, select, update

from app.certificates.models import Certificate
from app.credentials import keys, service
from app.credentials.models import CertificateStatusIndex, CredentialKey
from app.credentials.status_list import LIST_SIZE, bit_is_set, encode_list
from app.db import utcnow, write_session
from app.secretbox import open_sealed
from tests.conftest import TEST_SECRET
from tests.factories.catalog import build, course, id_of
from tests.factories.certificates import issued_certificate, published_template
from tests.factories.users import learners

SCHEMA = json.loads((Path(__file__).parent / "open_badge_credential.schema.json").read_text())
BASE = "https://learn.example.com"
JANE_EMAIL = "jane@example.com"


@pytest.fixture
async def w(db) -> SimpleNamespace:
    """Jane's Python certificate (valid for a year, issued 280 days ago) and Leadership one (never expires)."""
    await build(db, courses=[course("intro-to-python"), course("foundations-of-leadership")],
                certificate_templates=[published_template("Introduction to Python Certificate", "intro-to-python"),
                                       published_template("Foundations of Leadership Certificate",
                                                          "foundations-of-leadership", validity_days=None)])
    [jane] = await learners(db, JANE_EMAIL)
    w = SimpleNamespace(python_course=await id_of(db, "content", "intro-to-python"))
    w.python = (await issued_certificate(db, jane, w.python_course, days_ago=280)).id
    w.leadership = (await issued_certificate(db, jane, await id_of(db, "content", "foundations-of-leadership"),
                                             days_ago=100)).id
    return w


async def issue(db, certificate_id: str) -> str:
    async with write_session(db) as session:
        certificate = await session.get(Certificate, certificate_id)
        return await service.credential_jwt(session, certificate, base_url=BASE, secret_key=TEST_SECRET, now=utcnow())


async def jwks(db) -> pyjwt.PyJWKSet:
    async with db() as session:
        return pyjwt.PyJWKSet.from_dict({"keys": await keys.published_keys(session)})


def pyjwt_verify(token: str, keyset: pyjwt.PyJWKSet) -> dict:
    header = pyjwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt" and header["cty"] == "vc"
    return pyjwt.decode(token, keyset[header["kid"]].key, algorithms=["EdDSA"],
                        options={"require": ["iss", "jti", "nbf", "iat"]})


async def test_credential_verifies_with_pyjwt_and_matches_the_schema(db, w):
    token = await issue(db, w.python)
    claims = pyjwt_verify(token, await jwks(db))
    jsonschema.validate(claims, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert claims["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert claims["name"] == "Introduction to Python Certificate"
    assert claims["iss"] == claims["issuer"]["id"] == f"{BASE}/credentials/issuer"
    assert claims["jti"] == claims["id"] == f"urn:uuid:{w.python}"
    assert claims["credentialSubject"]["achievement"]["name"] == "Introduction to Python Certificate"
    assert "validUntil" in claims and claims["exp"] > claims["nbf"]
    # The holder is identified by a salted hash of the e-mail, never the e-mail itself.
    assert JANE_EMAIL not in json.dumps(claims)
    identity = claims["credentialSubject"]["identifier"][0]
    import hashlib
    assert identity["identityHash"] == "sha256$" + hashlib.sha256((JANE_EMAIL + identity["salt"]).encode()).hexdigest()


async def test_schema_rejects_what_open_badges_forbids(db, w):
    claims = pyjwt_verify(await issue(db, w.python), await jwks(db))
    for broken in (
        {**claims, "type": ["VerifiableCredential"]},
        {**claims, "credentialSubject": {**claims["credentialSubject"], "email": JANE_EMAIL}},
        {k: v for k, v in claims.items() if k != "validFrom"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, SCHEMA)


async def test_tampered_or_foreign_credentials_fail(db, w):
    token = await issue(db, w.python)
    header, payload, signature = token.split(".")
    import base64
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body["name"] = "Something else"
    forged = ".".join([header, base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("="), signature])
    with pytest.raises(pyjwt.InvalidSignatureError):
        pyjwt_verify(forged, await jwks(db))
    async with db() as session:
        assert (await service.verify_credential(session, forged, now=utcnow())).verified is False
        assert (await service.verify_credential(session, token, now=utcnow())).verified is True


async def test_key_is_made_once_sealed_and_rotatable(db, w):
    first = await issue(db, w.python)
    await issue(db, w.leadership)
    async with db() as session:
        rows = list(await session.scalars(select(CredentialKey)))
    assert len(rows) == 1
    sealed = rows[0].private_jwk_sealed
    assert '"d"' not in sealed and json.loads(open_sealed(TEST_SECRET, sealed))["d"]

    async with write_session(db) as session:
        new_kid = await keys.rotate(session, TEST_SECRET)
    second = await issue(db, w.python)
    keyset = await jwks(db)
    assert pyjwt.get_unverified_header(second)["kid"] == new_kid != pyjwt.get_unverified_header(first)["kid"]
    pyjwt_verify(first, keyset)  # old credentials keep verifying
    pyjwt_verify(second, keyset)

    async with write_session(db) as session:
        await keys.retire(session, rows[0].kid)
    keyset = await jwks(db)
    with pytest.raises(KeyError):
        pyjwt_verify(first, keyset)
    async with db() as session:
        assert (await service.verify_credential(session, first, now=utcnow())).verified is False


async def test_revocation_flips_the_status_bit(db, w):
    token = await issue(db, w.python)
    claims = pyjwt_verify(token, await jwks(db))
    entry = claims["credentialStatus"]

    async def status_list_bit() -> bool:
        async with write_session(db) as session:
            list_token = await service.status_list_jwt(session, 0, base_url=BASE, secret_key=TEST_SECRET, now=utcnow())
        status = pyjwt_verify(list_token, await jwks(db))
        assert status["id"] == entry["statusListCredential"]
        assert status["credentialSubject"]["statusPurpose"] == "revocation"
        return bit_is_set(status["credentialSubject"]["encodedList"], int(entry["statusListIndex"]))

    assert await status_list_bit() is False
    async with db() as session:
        assert (await service.verify_credential(session, token, now=utcnow())).status == "active"
        await session.execute(update(Certificate).where(Certificate.id == w.python).values(revoked_at=utcnow()))
        await session.commit()
    assert await status_list_bit() is True
    async with db() as session:
        check = await service.verify_credential(session, token, now=utcnow())
    assert (check.verified, check.status) == (False, "revoked")


async def test_expired_credential(db, w):
    token = await issue(db, w.python)
    claims = pyjwt_verify(token, await jwks(db))
    from datetime import datetime
    after = datetime.fromtimestamp(claims["exp"], UTC) + timedelta(seconds=1)
    async with db() as session:
        check = await service.verify_credential(session, token, now=after)
    assert (check.verified, check.status) == (False, "expired")


async def test_status_positions_are_unique_and_stable(db, w):
    import asyncio

    ids = [c for c in [w.python, w.leadership, w.python, w.leadership]]
    tokens = await asyncio.gather(*(issue(db, c) for c in ids))
    keyset = await jwks(db)
    positions = {}
    for certificate_id, token in zip(ids, tokens):
        index = pyjwt_verify(token, keyset)["credentialStatus"]["statusListIndex"]
        assert positions.setdefault(certificate_id, index) == index
    assert len(set(positions.values())) == 2
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(CertificateStatusIndex)) == 2


def test_encoded_list_bit_order():
    encoded = encode_list([0, 9, LIST_SIZE - 1])
    assert [bit_is_set(encoded, i) for i in (0, 1, 8, 9, LIST_SIZE - 1)] == [True, False, False, True, True]


async def test_many_first_credentials_at_once_each_get_a_position(db, w):
    """A list of certificates resolves their first credentials side by side (found by scripts/fuzz
    on PostgreSQL: past five concurrent allocations, one ran out of attempts)."""
    import asyncio

    for learner in await learners(db, *(f"learner{i}@example.com" for i in range(10))):
        await issued_certificate(db, learner, w.python_course)

    async with db() as session:
        ids = list(await session.scalars(select(Certificate.id).where(
            Certificate.deleted_at.is_(None),
            Certificate.expiration_date.is_(None) | (Certificate.expiration_date > utcnow())).limit(12)))
    assert len(ids) >= 8
    tokens = await asyncio.gather(*(issue(db, c) for c in ids))
    keyset = await jwks(db)
    positions = [pyjwt_verify(token, keyset)["credentialStatus"]["statusListIndex"] for token in tokens]
    assert sorted(int(p) for p in positions) == list(range(len(ids)))
