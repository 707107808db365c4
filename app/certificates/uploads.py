"""Certificates a learner uploads (an image of a certificate earned elsewhere) with field values.

The certificate has source "self-reported", is external, and stays "unverified" until an
administrator verifies it (app/certificates/records.py). Field values are checked against the
instance's certificate fields and stored in certificate_field_values; some of them also
fill the certificate itself: courseLabel -> external_resource_title, dateLabel -> issued_at
(default now), expirationDateLabel -> expiration_date.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.awards.models import AwardType
from app.certificates.identifiers import IDENTIFIER_ALPHABET, identifier_format  # noqa: F401
from app.certificates.identifiers import random_identifier as new_identifier
from app.certificates.models import UNVERIFIED, Certificate, CertificateField, CertificateFieldValue
from app.db import column_length, new_id, utcnow
from app.errors import AppError, ErrorCode, bad_input

SOURCE_UPLOAD = "self-reported"
DATE_TYPES = frozenset({"dateLabel", "expirationDateLabel", "contentCompletionDate", "contentStartDate"})
AWARD_TYPES = frozenset({"awardLabel"})
# Values the platform produces itself; an upload cannot supply them.
GENERATED_TYPES = frozenset({"identifier", "shareToLinkedIn", "viewCertificateLink"})
MAX_ASSET_LENGTH = column_length(Certificate.asset)
MAX_VALUE_LENGTH = 1000
MAX_TITLE_LENGTH = column_length(Certificate.external_resource_title)  # courseLabel
MAX_AWARD_AMOUNT = 1_000_000
# No 0/O, 1/I/L: identifiers are read aloud and typed from paper.
IDENTIFIER_ATTEMPTS = 5
FIELDS = "certificateUploadFields"


@dataclass(frozen=True)
class UploadFieldValue:
    certificate_field_id: str
    type: str  # CertificateFieldType
    value: str | None = None
    date: datetime | None = None
    award_type_id: str | None = None
    award_amount: float | None = None


def normalize_asset(asset: str) -> str:
    """An http(s) URL (a leading "www." gets https://), or BAD_USER_INPUT on field asset."""
    text = (asset or "").strip()
    if text.lower().startswith("www."):
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise bad_input("The asset must be an http or https URL", "asset")
    if len(text) > MAX_ASSET_LENGTH:
        raise bad_input(f"The asset URL is longer than {MAX_ASSET_LENGTH} characters", "asset")
    return text


def _problem(index: int, name: str, message: str) -> dict:
    return {"index": index, "field": f"{FIELDS}[{index}].{name}", "code": ErrorCode.BAD_USER_INPUT.value,
            "message": message}


def _check_value(i: int, given: UploadFieldValue, field: CertificateField, award_types: set[str]) -> list[dict]:
    """What is wrong with one value, given its field: the shape must match the field's type."""
    out: list[dict] = []
    kind = field.type
    if given.type != kind:
        return [_problem(i, "type", f"Field {field.id} is of type {kind}, not {given.type}")]
    if kind in GENERATED_TYPES:
        return [_problem(i, "type", f"A {kind} value is produced by the platform and cannot be uploaded")]
    allowed = {"date"} if kind in DATE_TYPES else {"awardTypeId", "awardAmount"} if kind in AWARD_TYPES else {"value"}
    present = {name for name, v in (("value", given.value), ("date", given.date), ("awardTypeId", given.award_type_id),
                                    ("awardAmount", given.award_amount)) if v is not None}
    for name in sorted(present - allowed):
        out.append(_problem(i, name, f"A {kind} field takes {' and '.join(sorted(allowed))}, not {name}"))
    if kind in DATE_TYPES:
        if given.date is None:
            out.append(_problem(i, "date", f"A {kind} field needs a date"))
    elif kind in AWARD_TYPES:
        if given.award_type_id is None:
            out.append(_problem(i, "awardTypeId", "An awardLabel field needs an awardTypeId"))
        elif given.award_type_id not in award_types:
            out.append(_problem(i, "awardTypeId", f"Award type {given.award_type_id} not found"))
        elif field.award_type_id and given.award_type_id != field.award_type_id:
            out.append(_problem(i, "awardTypeId", f"Field {field.id} records award type {field.award_type_id}"))
        amount = given.award_amount
        if amount is None:
            out.append(_problem(i, "awardAmount", "An awardLabel field needs an awardAmount"))
        elif not math.isfinite(amount) or amount < 0 or amount > MAX_AWARD_AMOUNT:
            out.append(_problem(i, "awardAmount", f"awardAmount must be between 0 and {MAX_AWARD_AMOUNT}"))
    else:
        text = (given.value or "").strip()
        if not text:
            out.append(_problem(i, "value", f"A {kind} field needs a non-empty value"))
        elif len(text) > (MAX_TITLE_LENGTH if kind == "courseLabel" else MAX_VALUE_LENGTH):
            out.append(_problem(i, "value", "The value is too long"))
    return out


async def _check_fields(session: AsyncSession, values: Sequence[UploadFieldValue]) -> dict[str, CertificateField]:
    ids = {v.certificate_field_id for v in values}
    fields = {f.id: f for f in await session.scalars(select(CertificateField).where(CertificateField.id.in_(ids)))} \
        if ids else {}
    award_ids = {v.award_type_id for v in values if v.award_type_id}
    award_types = set(await session.scalars(
        select(AwardType.id).where(AwardType.id.in_(award_ids), AwardType.deleted.is_(False))
    )) if award_ids else set()
    problems: list[dict] = []
    seen: set[str] = set()
    for i, given in enumerate(values):
        field = fields.get(given.certificate_field_id)
        if field is None:
            problems.append(_problem(i, "certificateFieldId", f"Certificate field {given.certificate_field_id} not found"))
            continue
        if field.id in seen:
            problems.append(_problem(i, "certificateFieldId", f"Certificate field {field.id} is given twice"))
            continue
        seen.add(field.id)
        problems += _check_value(i, given, field, award_types)
    if problems:
        first = problems[0]
        raise AppError(ErrorCode.BAD_USER_INPUT, first["message"], first["field"], errors=problems)
    return fields


def _index_of(values: Sequence[UploadFieldValue], kind: str) -> int | None:
    return next((i for i, v in enumerate(values) if v.type == kind), None)


async def create_uploaded_certificate(
    session: AsyncSession,
    *,
    user_id: str,
    asset: str,
    fields: Sequence[UploadFieldValue] = (),
    now: datetime | None = None,
) -> Certificate:
    """The user's new external certificate (flushed, not committed).

    BAD_USER_INPUT on `asset` (not http/https), or on `certificateUploadFields[i].<name>`
    (unknown field, wrong type, wrong shape for the type, issue date in the future,
    expiration before issue); every problem is listed in extensions.errors.
    """
    now = now or utcnow()
    url = normalize_asset(asset)
    fields = list(fields or ())
    await _check_fields(session, fields)

    issued_i, expires_i, title_i = (_index_of(fields, k) for k in ("dateLabel", "expirationDateLabel", "courseLabel"))
    issued_at = fields[issued_i].date if issued_i is not None else now
    if issued_at > now + timedelta(days=1):
        raise bad_input("The issue date is in the future", f"{FIELDS}[{issued_i}].date")
    expiration = fields[expires_i].date if expires_i is not None else None
    if expiration is not None and expiration <= issued_at:
        raise bad_input("The expiration date must be after the issue date", f"{FIELDS}[{expires_i}].date")
    title = fields[title_i].value.strip() if title_i is not None else None

    prefix, length = await identifier_format(session)
    certificate = None
    for _attempt in range(IDENTIFIER_ATTEMPTS):
        candidate = Certificate(
            id=new_id(), user_id=user_id, template_id=None, resource_type=None, resource_id=None,
            issued_at=issued_at, expiration_date=expiration, source=SOURCE_UPLOAD, identifier=new_identifier(prefix, length),
            verification_status=UNVERIFIED,
            asset=url, is_external=True, external_resource_title=title, progress_was_reset=False,
            created_at=now, updated_at=now,
        )
        try:
            # Identifiers are unique: on the rare collision, draw again.
            async with session.begin_nested():
                session.add(candidate)
                await session.flush()
            certificate = candidate
            break
        except IntegrityError:
            length += 1
    if certificate is None:
        raise AppError(ErrorCode.CONFLICT, "Could not draw a free certificate identifier; try again")

    session.add_all([
        CertificateFieldValue(
            id=new_id(), certificate_id=certificate.id, certificate_field_id=v.certificate_field_id,
            value=v.value.strip() if v.value is not None else None, date=v.date, award_type_id=v.award_type_id,
            award_amount=v.award_amount,
        )
        for v in fields
    ])
    await session.flush()
    return certificate
