"""Uploaded certificates: asset URL, field values checked against the instance's fields, identifier."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.certificates import uploads
from app.certificates.models import Certificate, CertificateField, CertificateFieldValue
from app.certificates.uploads import UploadFieldValue as V
from app.db import begin_write, utcnow
from app.demo import JANE_EMAIL, demo_id
from app.errors import AppError, ErrorCode

JANE = demo_id("user", JANE_EMAIL)
TITLE = demo_id("certfield", "title")
CREDITS = demo_id("certfield", "credits")
COMPLETED = demo_id("certfield", "date")
NAME = demo_id("certfield", "name")
IDENT = demo_id("certfield", "identifier")
CREDIT_TYPE = demo_id("award", "credit")
ISSUED = "upload-issued"
EXPIRES = "upload-expires"


@pytest.fixture
async def date_fields(db, demo):
    async with db() as session:
        session.add_all([CertificateField(id=ISSUED, type="dateLabel", label="Issued", position=10),
                         CertificateField(id=EXPIRES, type="expirationDateLabel", label="Expires", position=11)])
        await session.commit()


async def _upload(db, asset="https://files.example.com/cert.png", fields=(), user_id=JANE):
    async with db() as session:
        await begin_write(session)
        certificate = await uploads.create_uploaded_certificate(session, user_id=user_id, asset=asset, fields=fields)
        await session.commit()
        return certificate


def _at(days: int) -> datetime:
    return (utcnow() + timedelta(days=days)).replace(microsecond=0)


async def test_fields_fill_the_certificate_and_are_stored(db, date_fields):
    issued, expires = _at(-30), _at(335)
    cert = await _upload(db, fields=[
        V(TITLE, "courseLabel", value="  AWS Solutions Architect "),
        V(ISSUED, "dateLabel", date=issued),
        V(EXPIRES, "expirationDateLabel", date=expires),
        V(CREDITS, "awardLabel", award_type_id=CREDIT_TYPE, award_amount=2.5),
        V(COMPLETED, "contentCompletionDate", date=issued),
        V(NAME, "nameLabel", value="Jane Doe"),
    ])
    assert cert.source == "self-reported" and cert.is_external and cert.user_id == JANE
    assert cert.external_resource_title == "AWS Solutions Architect"
    assert cert.issued_at == issued and cert.expiration_date == expires
    assert cert.asset == "https://files.example.com/cert.png" and cert.template_id is None
    assert cert.identifier.startswith("CERT-") and len(cert.identifier) == len("CERT-") + 8
    assert set(cert.identifier[5:]) <= set(uploads.IDENTIFIER_ALPHABET)
    async with db() as session:
        values = {v.certificate_field_id: v for v in await session.scalars(
            select(CertificateFieldValue).where(CertificateFieldValue.certificate_id == cert.id))}
    assert values[TITLE].value == "AWS Solutions Architect"
    assert values[CREDITS].award_type_id == CREDIT_TYPE and values[CREDITS].award_amount == 2.5
    assert values[ISSUED].date == issued and len(values) == 6


async def test_defaults_without_fields(db, demo):
    before = utcnow()
    cert = await _upload(db, asset="www.example.com/c.png")
    assert cert.asset == "https://www.example.com/c.png"
    assert cert.issued_at >= before.replace(microsecond=0) and cert.expiration_date is None
    assert cert.external_resource_title is None


@pytest.mark.parametrize("asset", ["ftp://files.example.com/c.png", "file:///etc/passwd", "javascript://x", "https://"])
async def test_asset_must_be_http_or_https(db, demo, asset):
    with pytest.raises(AppError) as caught:
        await _upload(db, asset=asset)
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
    (V(CREDITS, "awardLabel", award_type_id=demo_id("award", "completion"), award_amount=1.0), "awardTypeId"),
    (V(IDENT, "identifier", value="CERT-MINE"), "type"),
])
async def test_bad_field_values(db, date_fields, value, field):
    with pytest.raises(AppError) as caught:
        await _upload(db, fields=[V(NAME, "nameLabel", value="Jane"), value])
    assert caught.value.code == ErrorCode.BAD_USER_INPUT
    assert caught.value.field == f"certificateUploadFields[1].{field}"
    assert caught.value.details["errors"][0]["index"] == 1


async def test_dates_must_make_sense_and_fields_not_repeat(db, date_fields):
    with pytest.raises(AppError) as future:
        await _upload(db, fields=[V(ISSUED, "dateLabel", date=_at(10))])
    assert future.value.field == "certificateUploadFields[0].date"
    with pytest.raises(AppError) as backwards:
        await _upload(db, fields=[V(ISSUED, "dateLabel", date=_at(-10)), V(EXPIRES, "expirationDateLabel", date=_at(-20))])
    assert backwards.value.field == "certificateUploadFields[1].date"
    with pytest.raises(AppError) as twice:
        await _upload(db, fields=[V(TITLE, "courseLabel", value="a"), V(TITLE, "courseLabel", value="b")])
    assert twice.value.field == "certificateUploadFields[1].certificateFieldId"
    async with db() as session:
        assert (await session.scalars(select(Certificate).where(Certificate.source == "self-reported"))).all() == []


async def test_every_bad_value_is_listed(db, date_fields):
    with pytest.raises(AppError) as caught:
        await _upload(db, fields=[V("nope", "courseLabel", value="x"), V(TITLE, "courseLabel"),
                                  V(ISSUED, "dateLabel", value="x")])
    assert [e["field"] for e in caught.value.details["errors"]] == [
        "certificateUploadFields[0].certificateFieldId", "certificateUploadFields[1].value",
        "certificateUploadFields[2].value", "certificateUploadFields[2].date"]


async def test_an_identifier_collision_draws_again(db, demo, monkeypatch):
    first = await _upload(db)
    drawn = iter([first.identifier, "CERT-FRESH234"])
    monkeypatch.setattr(uploads, "new_identifier", lambda prefix, length: next(drawn))
    second = await _upload(db)
    assert second.identifier == "CERT-FRESH234"
