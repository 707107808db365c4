"""Certification records (seed 001): certificates as records that may come from another system.

A record is a row of `certificates`. One from elsewhere carries its identity there
(`external_source` + `external_id`, unique per instance), its issuer and serial number, and
a verification status: records pushed in or uploaded start `unverified`; an administrator
verifies or rejects them. A rejected record is not valid anywhere (app/certificates/lifecycle.py).

Dates are days, as in the seed: `issued_on` is stored as that day's midnight (UTC) and
`expires_on` is the last day the record is valid, stored as the next midnight, so a record
issued and expiring on the same day is valid for that day.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, not_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.certificates.identifiers import identifier_format, random_identifier
from app.certificates.issuing import template_expiration
from app.certificates.lifecycle import ACTIVE, EXPIRED, INVALID, REVOKED, VALID, active_filter
from app.certificates.models import (
    REJECTED,
    UNVERIFIED,
    VERIFIED,
    Certificate,
    CertificateTemplate,
    CertificateType,
)
from app.certificates.templates import Page, parse_text
from app.certificates.types import types_by_id
from app.db import column_length, utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found
from app.ranges import check_year
from app.users.models import User

# Seed 001's sources; the platform's own issuance ("platform") is not one a client may claim.
SOURCES = ("manual", "import", "api", "self-reported")
SELF_REPORTED = "self-reported"
LIFECYCLE_STATUSES = (ACTIVE, EXPIRED, REVOKED)
VALIDITY_STATUSES = (VALID, INVALID)
MAX_BATCH = 1000
FIELDS = ("user_id", "organization_member_id", "email", "external_id", "external_source", "certification_type_id",
          "source", "issued_on", "expires_on", "issuer_name", "serial_number", "title")
# Fields that name the record's holder: set on create, never changed afterwards.
USER_FIELDS = ("user_id", "organization_member_id", "email")


# ---- dates ------------------------------------------------------------------------------------

def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def issued_on(certificate: Certificate) -> date:
    return certificate.issued_at.astimezone(UTC).date()


def expires_on(certificate: Certificate) -> date | None:
    """The last day the record is valid (the day before its expiry moment when that is a midnight)."""
    if certificate.expiration_date is None:
        return None
    return (certificate.expiration_date.astimezone(UTC) - timedelta(microseconds=1)).date()


def _parse_day(value, name: str) -> date | None:
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise bad_input(f"{name} must be a date, e.g. 2026-06-01", name) from None
    check_year(day, name)
    return day


# ---- input ------------------------------------------------------------------------------------

@dataclass
class RecordInput:
    """A parsed record body: `values` holds only the fields sent (model attribute names)."""

    values: dict
    user_key: tuple[str, str] | None = None  # (field, value) naming the holder
    template_id: str | None = None
    template_sent: bool = False
    issued: date | None = None
    expires: date | None = None
    expires_sent: bool = False

    @property
    def external_pair(self) -> tuple[str, str] | None:
        source, ext_id = self.values.get("external_source"), self.values.get("external_id")
        return (source, ext_id) if source is not None and ext_id is not None else None


def _uuid(value, name: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (TypeError, ValueError, AttributeError):
        raise bad_input(f"{name} must be a UUID", name) from None


def parse_record(body: dict, *, creating: bool, prefix: str = "") -> RecordInput:
    """A record body (POST, PATCH, one batch item); BAD_USER_INPUT names the field (with `prefix`)."""
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise bad_input(f"Unknown field(s): {', '.join(unknown)}", prefix + unknown[0])
    parsed = RecordInput(values={})
    holders = [name for name in USER_FIELDS if body.get(name) is not None]
    if not creating and holders:
        raise bad_input("A record's holder cannot change", prefix + holders[0])
    if creating:
        if not holders:
            raise bad_input("user_id, organization_member_id or email is required", prefix + "user_id")
        if len(holders) > 1:
            raise bad_input(f"Give only one of {', '.join(holders)}", prefix + holders[1])
        name = holders[0]
        raw = body[name]
        if name == "email":
            value = parse_text(raw, prefix + name, max_len=320, nullable=False, required_text=True).lower()
        else:
            value = _uuid(raw, prefix + name)
        parsed.user_key = (name, value)
    for name, column in (("external_id", Certificate.external_id), ("external_source", Certificate.external_source),
                         ("issuer_name", Certificate.issuer_name), ("serial_number", Certificate.serial_number),
                         ("title", Certificate.external_resource_title)):
        if name in body:
            value = parse_text(body[name], prefix + name, max_len=column_length(column))
            parsed.values["external_resource_title" if name == "title" else name] = value
    if ("external_id" in body) != ("external_source" in body) or \
            (parsed.values.get("external_id") is None) != (parsed.values.get("external_source") is None):
        missing = "external_source" if parsed.values.get("external_id") is not None else "external_id"
        raise bad_input("external_id and external_source go together", prefix + missing)
    if "certification_type_id" in body:
        parsed.template_sent = True
        raw = body["certification_type_id"]
        parsed.template_id = None if raw is None else _uuid(raw, prefix + "certification_type_id")
    if "source" in body:
        source = body["source"]
        if source not in SOURCES:
            raise bad_input(f"source must be one of: {', '.join(SOURCES)}", prefix + "source")
        parsed.values["source"] = source
    if "issued_on" in body:
        parsed.issued = _parse_day(body["issued_on"], prefix + "issued_on")
        if parsed.issued is None:
            raise bad_input("issued_on cannot be null", prefix + "issued_on")
    if "expires_on" in body:
        parsed.expires_sent = True
        parsed.expires = _parse_day(body["expires_on"], prefix + "expires_on")
    return parsed


# ---- reads ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RecordView:
    """A record with what its response shows: the holder, its template and the template's type."""

    certificate: Certificate
    user: User
    template: CertificateTemplate | None
    certificate_type: CertificateType | None


async def views(session: AsyncSession, certificates: list[Certificate]) -> list[RecordView]:
    """The records' views in three queries, whatever their number."""
    user_ids = {c.user_id for c in certificates}
    template_ids = {c.template_id for c in certificates if c.template_id}
    users = {u.id: u for u in (await session.scalars(select(User).where(User.id.in_(user_ids))))} if user_ids else {}
    templates = {t.id: t for t in (await session.scalars(
        select(CertificateTemplate).where(CertificateTemplate.id.in_(template_ids))))} if template_ids else {}
    types = await types_by_id(session, [t.certificate_type_id for t in templates.values()])
    out = []
    for c in certificates:
        template = templates.get(c.template_id)
        out.append(RecordView(certificate=c, user=users[c.user_id], template=template,
                              certificate_type=types.get(template.certificate_type_id) if template else None))
    return out


async def get_record(session: AsyncSession, *, record_id: str, lock: bool = False) -> Certificate:
    """A non-deleted record, or NOT_FOUND on id."""
    query = select(Certificate).where(Certificate.id == record_id, Certificate.deleted_at.is_(None))
    if lock:
        query = query.with_for_update()
    certificate = await session.scalar(query)
    if certificate is None:
        raise not_found("Certification", "id")
    return certificate


def _lifecycle_condition(status: str, now: datetime):
    expired = and_(Certificate.expiration_date.is_not(None), Certificate.expiration_date <= now)
    if status == REVOKED:
        return Certificate.revoked_at.is_not(None)
    if status == EXPIRED:
        return and_(Certificate.revoked_at.is_(None), expired)
    return and_(Certificate.revoked_at.is_(None), not_(expired))


@dataclass(frozen=True)
class RecordFilters:
    user_id: str | None = None
    template_id: str | None = None
    source: str | None = None
    lifecycle_status: str | None = None
    validity_status: str | None = None
    verification_status: str | None = None
    external_source: str | None = None
    external_id: str | None = None


async def list_records(session: AsyncSession, *, filters: RecordFilters, page: int, per_page: int,
                       now: datetime | None = None) -> Page:
    """Non-deleted records, oldest first."""
    now = now or utcnow()
    conditions = [Certificate.deleted_at.is_(None)]
    for attr in ("user_id", "template_id", "source", "verification_status", "external_source", "external_id"):
        value = getattr(filters, attr)
        if value is not None:
            conditions.append(getattr(Certificate, attr) == value)
    if filters.lifecycle_status is not None:
        conditions.append(_lifecycle_condition(filters.lifecycle_status, now))
    if filters.validity_status is not None:
        valid = and_(*active_filter(now))
        conditions.append(valid if filters.validity_status == VALID else not_(valid))
    total = await session.scalar(select(func.count()).select_from(Certificate).where(*conditions))
    rows = (await session.scalars(
        select(Certificate).where(*conditions).order_by(Certificate.created_at, Certificate.id)
        .offset((page - 1) * per_page).limit(per_page))).all()
    return Page(items=list(rows), total=total or 0, page=page, per_page=per_page)


# ---- writes -----------------------------------------------------------------------------------

class Resolver:
    """Users and templates looked up once per request (a batch names the same ones many times)."""

    def __init__(self, session: AsyncSession):
        self.session = session
        self._users: dict[tuple[str, str], User | None] = {}
        self._templates: dict[str, CertificateTemplate | None] = {}
        self._pairs: dict[tuple[str, str], Certificate | None] = {}

    async def prefetch(self, inputs: list[RecordInput]) -> None:
        """Every user, template and external pair of a batch in one query each (row-locking the pairs)."""
        keys = {d.user_key for d in inputs}
        ids = {v for n, v in keys if n != "email"}
        emails = {v for n, v in keys if n == "email"}
        found = {}
        if ids:
            found.update({u.id: u for u in await self.session.scalars(select(User).where(User.id.in_(ids)))})
        if emails:
            found.update({u.email.lower(): u for u in await self.session.scalars(
                select(User).where(func.lower(User.email).in_(emails)))})
        self._users.update({key: found.get(key[1]) for key in keys})
        template_ids = {d.template_id for d in inputs if d.template_id}
        if template_ids:
            rows = {t.id: t for t in await self.session.scalars(select(CertificateTemplate).where(
                CertificateTemplate.id.in_(template_ids), CertificateTemplate.deleted_at.is_(None)))}
            self._templates.update({i: rows.get(i) for i in template_ids})
        pairs = {d.external_pair for d in inputs if d.external_pair}
        if pairs:
            rows = await self.session.scalars(select(Certificate).where(
                tuple_(Certificate.external_source, Certificate.external_id).in_(sorted(pairs))).with_for_update())
            existing = {(c.external_source, c.external_id): c for c in rows}
            self._pairs.update({p: existing.get(p) for p in pairs})

    async def by_pair(self, pair: tuple[str, str]) -> Certificate | None:
        """The record holding the pair, row-locked (from the prefetch when there was one)."""
        if pair in self._pairs:
            return self._pairs[pair]
        return await _by_pair(self.session, pair)

    async def user(self, key: tuple[str, str], field: str) -> User:
        if key not in self._users:
            name, value = key
            column = func.lower(User.email) if name == "email" else User.id
            self._users[key] = await self.session.scalar(select(User).where(column == value))
        user = self._users[key]
        if user is None:
            raise not_found("User", field)
        return user

    async def template(self, template_id: str, field: str) -> CertificateTemplate:
        if template_id not in self._templates:
            self._templates[template_id] = await self.session.scalar(select(CertificateTemplate).where(
                CertificateTemplate.id == template_id, CertificateTemplate.deleted_at.is_(None)))
        template = self._templates[template_id]
        if template is None:
            raise not_found("Certification type (certificate template)", field)
        return template


async def _apply(resolver: Resolver, certificate: Certificate, data: RecordInput, *, prefix: str,
                 now: datetime) -> None:
    """Set the sent fields on `certificate` and check the dates it ends up with."""
    for attr, value in data.values.items():
        setattr(certificate, attr, value)
    template = None
    if data.template_sent:
        template = None if data.template_id is None else \
            await resolver.template(data.template_id, prefix + "certification_type_id")
        certificate.template_id = template.id if template else None
        certificate.resource_type = template.resource_type if template else None
        certificate.resource_id = template.resource_id if template else None
    if data.issued is not None:
        if data.issued > now.date() + timedelta(days=1):
            raise bad_input("issued_on cannot be in the future", prefix + "issued_on")
        certificate.issued_at = _midnight(data.issued)
    if data.expires_sent:
        certificate.expiration_date = None if data.expires is None else _midnight(data.expires + timedelta(days=1))
    elif certificate.id is None and template is not None:
        certificate.expiration_date = template_expiration(template, certificate.issued_at)
    if certificate.expiration_date is not None and certificate.expiration_date <= certificate.issued_at:
        raise bad_input("expires_on cannot be before issued_on", prefix + "expires_on")
    certificate.is_external = certificate.external_source is not None or certificate.source == SELF_REPORTED
    certificate.updated_at = now


async def _by_pair(session: AsyncSession, pair: tuple[str, str]) -> Certificate | None:
    return await session.scalar(select(Certificate).where(
        Certificate.external_source == pair[0], Certificate.external_id == pair[1]).with_for_update())


async def _update_existing(resolver: Resolver, existing: Certificate, user: User, data: RecordInput, *,
                           prefix: str, now: datetime) -> Certificate:
    if existing.deleted_at is not None:
        raise AppError(ErrorCode.CONFLICT, "The record with this external_source and external_id was deleted",
                       prefix + "external_id")
    if existing.user_id != user.id:
        raise AppError(ErrorCode.CONFLICT, "The record with this external_source and external_id belongs to "
                       "another user", prefix + data.user_key[0])
    await _apply(resolver, existing, data, prefix=prefix, now=now)
    await resolver.session.flush()
    return existing


async def _prepare(resolver: Resolver, data: RecordInput, *, prefix: str, default_source: str, now: datetime,
                   identifier: str) -> tuple[Certificate, User, bool]:
    """The record holding the input's pair, updated; or a new record, not yet added: (record, holder, created)."""
    user = await resolver.user(data.user_key, prefix + data.user_key[0])
    pair = data.external_pair
    existing = await resolver.by_pair(pair) if pair is not None else None
    if existing is not None:
        return await _update_existing(resolver, existing, user, data, prefix=prefix, now=now), user, False
    certificate = Certificate(user_id=user.id, issued_at=_midnight(now.date()), verification_status=UNVERIFIED,
                              source=default_source, identifier=identifier, created_at=now, progress_was_reset=False)
    await _apply(resolver, certificate, data, prefix=prefix, now=now)
    return certificate, user, True


async def upsert_record(resolver: Resolver, data: RecordInput, *,
                        now: datetime | None = None) -> tuple[Certificate, bool]:
    """Create a record, or with an external pair update the record that has it: (record, created).
    An update changes only the fields sent.

    Two requests with one new pair at once make one record: the second insert meets the unique
    constraint, rolls back its savepoint and updates the first one's row instead.
    """
    now = now or utcnow()
    session = resolver.session
    identifier = (await new_identifiers(session, 1))[0]
    certificate, user, created = await _prepare(resolver, data, prefix="", default_source="api", now=now,
                                                identifier=identifier)
    if not created:
        return certificate, False
    try:
        async with session.begin_nested():
            session.add(certificate)
            await session.flush()
    except IntegrityError:
        existing = await _by_pair(session, data.external_pair) if data.external_pair else None
        if existing is None:
            raise
        return await _update_existing(resolver, existing, user, data, prefix="", now=now), False
    return certificate, True


async def new_identifiers(session: AsyncSession, count: int) -> list[str]:
    """`count` distinct identifiers no certificate has, in a fixed number of queries."""
    prefix, length = await identifier_format(session)
    chosen: set[str] = set()
    while len(chosen) < count:
        candidates = {random_identifier(prefix, length) for _ in range(count - len(chosen))} - chosen
        taken = set(await session.scalars(select(Certificate.identifier).where(
            Certificate.identifier.in_(candidates)))) if candidates else set()
        chosen |= candidates - taken
        if taken:
            length += 1  # a crowded space: widen it rather than loop
    return sorted(chosen)


async def update_record(session: AsyncSession, *, record_id: str, data: RecordInput) -> Certificate:
    certificate = await get_record(session, record_id=record_id, lock=True)
    await _apply(Resolver(session), certificate, data, prefix="", now=utcnow())
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise AppError(ErrorCode.CONFLICT, "Another record has this external_source and external_id",
                       "external_id") from None
    return certificate


async def delete_record(session: AsyncSession, *, record_id: str, now: datetime | None = None) -> None:
    """Soft delete (at `now`): gone from lists and reads; its external pair stays taken."""
    certificate = await get_record(session, record_id=record_id, lock=True)
    certificate.deleted_at = certificate.updated_at = now or utcnow()
    await session.flush()


@dataclass(frozen=True)
class BatchProblem:
    index: int
    error: AppError

    def as_json(self) -> dict:
        return {"index": self.index, "field": self.error.field, "code": self.error.code.value,
                "message": self.error.message}


async def import_records(session: AsyncSession, *, items: list, default_source: str = "import",
                         now: datetime | None = None) -> list[tuple[Certificate, bool]]:
    """Upsert every item in the caller's one transaction, or none: every problem is listed by index
    (BAD_USER_INPUT with `errors`). The same external pair twice in one batch is a problem."""
    if not isinstance(items, list) or not items:
        raise bad_input("certifications must be a non-empty array", "certifications")
    if len(items) > MAX_BATCH:
        raise bad_input(f"At most {MAX_BATCH} certifications per request", "certifications")
    now = now or utcnow()
    problems: list[BatchProblem] = []
    parsed: list[tuple[int, RecordInput]] = []
    seen_pairs: dict[tuple[str, str], int] = {}
    for i, raw in enumerate(items):
        prefix = f"certifications[{i}]."
        try:
            if not isinstance(raw, dict):
                raise bad_input("Each certification must be an object", prefix.rstrip("."))
            data = parse_record(raw, creating=True, prefix=prefix)
            pair = data.external_pair
            if pair in seen_pairs:
                raise bad_input(f"The same external_source and external_id as certifications[{seen_pairs[pair]}]",
                                prefix + "external_id")
            if pair is not None:
                seen_pairs[pair] = i
            parsed.append((i, data))
        except AppError as error:
            problems.append(BatchProblem(i, error))
    resolver = Resolver(session)
    await resolver.prefetch([data for _i, data in parsed])
    identifiers = await new_identifiers(session, len(parsed))
    results: list[tuple[Certificate, bool]] = []
    for (i, data), identifier in zip(parsed, identifiers):
        try:
            # A failing item changes nothing that reaches the database: the batch is rolled back below.
            certificate, _user, created = await _prepare(
                resolver, data, prefix=f"certifications[{i}].", default_source=default_source, now=now,
                identifier=identifier)
            results.append((certificate, created))
        except AppError as error:
            problems.append(BatchProblem(i, error))
    if problems:
        problems.sort(key=lambda p: p.index)
        first = problems[0].error
        raise AppError(ErrorCode.BAD_USER_INPUT, f"{len(problems)} of {len(items)} certifications have problems; "
                       f"none was saved. First: {first.message}", first.field,
                       errors=[p.as_json() for p in problems])
    session.add_all([certificate for certificate, created in results if created])
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        # Only a concurrent request can have taken a pair since the prefetch locked the existing ones.
        raise AppError(ErrorCode.CONFLICT, "Another request created some of these records meanwhile; send the "
                       "batch again to update them", "certifications") from None
    return results


# ---- verification -----------------------------------------------------------------------------

def _verification_input(body: dict) -> tuple[str, str | None]:
    unknown = sorted(set(body) - {"verification_method", "note"})
    if unknown:
        raise bad_input(f"Unknown field(s): {', '.join(unknown)}", unknown[0])
    method = parse_text(body.get("verification_method"), "verification_method",
                        max_len=column_length(Certificate.verification_method), nullable=False,
                        required_text=True)
    return method, parse_text(body.get("note"), "note", max_len=2000)


async def set_verification(session: AsyncSession, *, record_id: str, status: str, body: dict,
                           now: datetime | None = None) -> Certificate:
    """Verify or reject a record (`status` verified or rejected) with a method and an optional note.

    Refused: a deleted record (NOT_FOUND); a revoked one, rejecting one the platform issued itself
    (revoke it instead) and rejecting a rejected one (CONFLICT). Verifying again re-dates the check.
    """
    assert status in (VERIFIED, REJECTED)
    method, note = _verification_input(body)
    certificate = await get_record(session, record_id=record_id, lock=True)
    if certificate.revoked_at is not None:
        raise AppError(ErrorCode.CONFLICT, "The record is revoked; its verification cannot change", "id")
    if status == REJECTED and certificate.source == "platform":
        raise AppError(ErrorCode.CONFLICT, "This platform issued the certificate: revoke it instead of rejecting it",
                       "id")
    if status == REJECTED and certificate.verification_status == REJECTED:
        raise AppError(ErrorCode.CONFLICT, "The record is already rejected", "id")
    now = now or utcnow()
    certificate.verification_status = status
    certificate.verification_method = method
    certificate.verification_note = note
    certificate.last_verified_at = certificate.updated_at = now
    await session.flush()
    return certificate

