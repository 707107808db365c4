"""Uploaded certificates: asset URL, field values checked against the instance's fields, identifier."""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.certificates import uploads
from app.certificates.models import Certificate, CertificateFieldValue
from app.certificates.uploads import UploadFieldValue as V
from app.db import begin_write, utcnow
from app.errors import AppError, ErrorCode
from tests.factories.catalog import award_type, build, certificate_field, id_of
from tests.factories.certificates import identifier_field
from tests.factories.users import learners

# The instance's certificate fields (by label) and award types, named in the tests by these words.
FIELDS = {"TITLE": "Course Title", "CREDITS": "Credits Earned", "COMPLETED": "Completion Date", "NAME": "Learner Name",
          "IDENT": "Certificate ID", "ISSUED": "Issued", "EXPIRES": "Expires"}
TITLE, CREDITS, COMPLETED, NAME, IDENT, ISSUED, EXPIRES = FIELDS
CREDIT_TYPE, COMPLETION_TYPE = "Credit", "Completion"


@pytest.fixture
async def ids(db) -> dict:
    """Jane's id (under "JANE"), and the ids of the fields and award types named above."""
    await build(db, award_types=[award_type(CREDIT_TYPE), award_type(COMPLETION_TYPE)], certificate_fields=[
        certificate_field("Learner Name", "nameLabel"), certificate_field("Completion Date", "contentCompletionDate"),
        certificate_field("Credits Earned", "awardLabel", awardType=CREDIT_TYPE), identifier_field(),
        certificate_field("Course Title", "courseLabel"), certificate_field("Issued", "dateLabel"),
        certificate_field("Expires", "expirationDateLabel")])
    found = {name: await id_of(db, "certificateField", label) for name, label in FIELDS.items()}
    found |= {label: await id_of(db, "awardType", label) for label in (CREDIT_TYPE, COMPLETION_TYPE)}
    [found["JANE"]] = await learners(db, "jane@example.com")
    return found


def _resolved(ids: dict, value: V) -> V:
    return dataclasses.replace(value, certificate_field_id=ids.get(value.certificate_field_id, value.certificate_field_id),
                               award_type_id=ids.get(value.award_type_id, value.award_type_id))


async def _upload(db, ids, asset="https://files.example.com/cert.png", fields=()):
    async with db() as session:
        await begin_write(session)
        certificate = await uploads.create_uploaded_certificate(session, user_id=ids["JANE"], asset=asset,
                                                                fields=[_resolved(ids, f) for f in fields])
        await session.commit()
        return certificate


def _at(days: int) -> datetime:
    return (utcnow() + timedelta(days=days)).replace(microsecond=0)


async def test_fields_fill_the_certificate_and_are_stored(db, ids):
    issued, expires = _at(-30), _at(335)
    cert = await _upload(db, ids, fields=[
        V(TITLE, "courseLabel", value="  AWS Solutions Architect "),
        V(ISSUED, "dateLabel", date=issued),
        V(EXPIRES, "expirationDateLabel", date=expires),
        V(CREDITS, "awardLabel", award_type_id=CREDIT_TYPE, award_amount=2.5),
        V(COMPLETED, "contentCompletionDate", date=issued),
        V(NAME, "nameLabel", value="Jane Doe"),
    ])
    assert cert.source == "self-reported" and cert.is_external and cert.user_id == ids["JANE"]
    assert cert.external_resource_title == "AWS Solutions Architect"
    assert cert.issued_at == issued and cert.expiration_date == expires
    assert cert.asset == "https://files.example.com/cert.png" and cert.template_id is None
    assert cert.identifier.startswith("CERT-") and len(cert.identifier) == len("CERT-") + 8
    assert set(cert.identifier[5:]) <= set(uploads.IDENTIFIER_ALPHABET)
    async with db() as session:
        values = {v.certificate_field_id: v for v in await session.scalars(
            select(CertificateFieldValue).where(CertificateFieldValue.certificate_id == cert.id))}
    assert values[ids[TITLE]].value == "AWS Solutions Architect"
    credits = values[ids[CREDITS]]
    assert credits.award_type_id == ids[CREDIT_TYPE] and credits.award_amount == 2.5
    assert values[ids[ISSUED]].date == issued and len(values) == 6


async def test_defaults_without_fields(db, ids):
    before = utcnow()
    cert = await _upload(db, ids, asset="www.example.com/c.png")
    assert cert.asset == "https://www.example.com/c.png"
    assert cert.issued_at >= before.replace(microsecond=0) and cert.expiration_date is None
    assert cert.external_resource_title is None


@pytest.mark.parametrize("asset", ["ftp://files.example.com/c.png", "file:///etc/passwd", "javascript://x", "https://"])
async def test_asset_must_be_http_or_https(db, ids, asset):
    with pytest.raises(AppError) as caught:
        await _upload(db, ids, asset=asset)
    assert caught.value.code == ErrorCode.BAD_USER_INPUT and caught.value.field == "asset"


@pytest.mark.parametrize("value, field", [
    (V("no-such-field", "courseLabel", value="x"), "certificateFieldId"),
    (V(TITLE, "textLabel", value="x"), "type"),
    (V(TITLE, "courseLabel"), "value"),
    (V(TITLE, "courseLabel", value="   "), "value"),
    (V(TITLE, "courseLabel", value="x", date=datetime(2024, 1, 1, tzinfo=UTC)), "date"),
    (V(ISSUED, "dateLabel", value="2024-01-01"), "value"),
    (V(ISSUED, "dateLabel"), "date"),
    (V(CREDITS, "awardLabel", award_amount=1.0), "awardTypeId"),
    (V(CREDITS, "awardLabel", award_type_id=CREDIT_TYPE), "awardAmount"),
    (V(CREDITS, "awardLabel", award_type_id=CREDIT_TYPE, award_amount=-1.0), "awardAmount"),
    (V(CREDITS, "awardLabel", award_type_id=CREDIT_TYPE, award_amount=float("nan")), "awardAmount"),
    (V(CREDITS, "awardLabel", award_type_id="no-such-award", award_amount=1.0), "awardTypeId"),
    (V(CREDITS, "awardLabel", award_type_id=COMPLETION_TYPE, award_amount=1.0), "awardTypeId"),
    (V(IDENT, "identifier", value="CERT-MINE"), "type"),
])
async def test_bad_field_values(db, ids, value, field):
    with pytest.raises(AppError) as caught:
        await _upload(db, ids, fields=[V(NAME, "nameLabel", value="Jane"), value])
    assert caught.value.code == ErrorCode.BAD_USER_INPUT
    assert caught.value.field == f"certificateUploadFields[1].{field}"
    assert caught.value.details["errors"][0]["index"] == 1


async def test_dates_must_make_sense_and_fields_not_repeat(db, ids):
    with pytest.raises(AppError) as future:
        await _upload(db, ids, fields=[V(ISSUED, "dateLabel", date=_at(10))])
    assert future.value.field == "certificateUploadFields[0].date"
    with pytest.raises(AppError) as backwards:
        await _upload(db, ids, fields=[V(ISSUED, "dateLabel", date=_at(-10)), V(EXPIRES, "expirationDateLabel", date=_at(-20))])
    assert backwards.value.field == "certificateUploadFields[1].date"
    with pytest.raises(AppError) as twice:
        await _upload(db, ids, fields=[V(TITLE, "courseLabel", value="a"), V(TITLE, "courseLabel", value="b")])
    assert twice.value.field == "certificateUploadFields[1].certificateFieldId"
    async with db() as session:
        assert (await session.scalars(select(Certificate).where(Certificate.source == "self-reported"))).all() == []


async def test_every_bad_value_is_listed(db, ids):
    with pytest.raises(AppError) as caught:
        await _upload(db, ids, fields=[V("nope", "courseLabel", value="x"), V(TITLE, "courseLabel"),
                                  V(ISSUED, "dateLabel", value="x")])
    assert [e["field"] for e in caught.value.details["errors"]] == [
        "certificateUploadFields[0].certificateFieldId", "certificateUploadFields[1].value",
        "certificateUploadFields[2].value", "certificateUploadFields[2].date"]


async def test_an_identifier_collision_draws_again(db, ids, monkeypatch):
    first = await _upload(db, ids)
    drawn = iter([first.identifier, "CERT-FRESH234"])
    monkeypatch.setattr(uploads, "new_identifier", lambda prefix, length: next(drawn))
    second = await _upload(db, ids)
    assert second.identifier == "CERT-FRESH234"
