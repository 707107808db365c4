"""Creating learner accounts (one or a batch, all or nothing) and their first password.

A provisioned learner has no password. An administrator issues an invitation token
(`issue_invitation`, which also renews it) and hands it to the learner, who sets a
password with it (`accept_invitation`) and is logged in.
"""
from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.clients.models import REF_FIELDS, Client, License, LicenseAllocation
from app.db import column_length, new_id, utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found
from app.security import (
    MAX_PASSWORD_LENGTH,
    encode_token,
    generate_secret_token,
    hash_password,
    is_password_hash,
)
from app.users.emails import normalize_email
from app.users.models import ROLE_LEARNER, AuthSession, InvitationToken, User, UserRecord
from app.webhooks import events as webhook_events

MAX_BATCH_SIZE = 1000
USER_COLUMNS = tuple(column.key for column in User.__table__.columns)
UNSET_COLUMNS = dict.fromkeys(USER_COLUMNS)
NAME_MAX_LENGTH = column_length(User.first_name)  # last_name's too
REF_MAX_LENGTH = 255
LANG_MAX_LENGTH = column_length(User.lang)
INVITATION_TTL = timedelta(days=7)
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class NewLearner:
    email: str
    first_name: str
    last_name: str
    client_id: str | None = None
    license_ids: Sequence[str] = ()
    refs: Mapping[str, str | None] = field(default_factory=dict)  # ref1 … ref10
    lang: str | None = None
    # An account carried over from another system (an import, the demo): its id, whether its
    # email was verified there, and its password hash (argon2, as we store them).
    user_id: str | None = None
    email_verified: bool = True
    password_hash: str | None = None


@dataclass(frozen=True)
class Problem:
    """What is wrong with one learner of a batch."""

    index: int
    field: str
    code: ErrorCode
    message: str

    def to_json(self) -> dict:
        return {"index": self.index, "field": self.field, "code": self.code.value, "message": self.message}


@dataclass
class _Checked:
    index: int
    email: str
    first_name: str
    last_name: str
    client_id: str | None
    license_ids: list[str]
    refs: dict[str, str | None]
    lang: str | None = None
    user_id: str | None = None
    email_verified: bool = True
    password_hash: str | None = None


def batch_error(problems: list[Problem]) -> AppError:
    """One error for a refused batch: every problem is in `errors`.

    The error's code is the problems' code when they all share one (CONFLICT for
    duplicates only, NOT_FOUND for unknown ids only), BAD_USER_INPUT otherwise; its
    field is the first problem's.
    """
    problems = sorted(problems, key=lambda p: (p.index, p.field))
    codes = {p.code for p in problems}
    code = codes.pop() if len(codes) == 1 else ErrorCode.BAD_USER_INPUT
    first = problems[0]
    if len(problems) == 1:
        message = first.message
    else:
        indexes = sorted({p.index for p in problems})
        message = (f"No learner was created: {len(problems)} problem(s) in learner(s) at index "
                   f"{', '.join(map(str, indexes[:20]))}{' …' if len(indexes) > 20 else ''}. "
                   f"First: [{first.index}] {first.message}")
    return AppError(code, message, first.field, errors=[p.to_json() for p in problems])


def _name(value: str | None, field_name: str, index: int, problems: list[Problem]) -> str:
    text = (value or "").strip()
    if not text:
        problems.append(Problem(index, field_name, ErrorCode.BAD_USER_INPUT, f"{field_name} is required"))
    elif len(text) > NAME_MAX_LENGTH:
        problems.append(Problem(index, field_name, ErrorCode.BAD_USER_INPUT,
                                f"{field_name} is longer than {NAME_MAX_LENGTH} characters"))
    elif any(ord(ch) < 32 for ch in text):
        problems.append(Problem(index, field_name, ErrorCode.BAD_USER_INPUT,
                                f"{field_name} must not contain control characters"))
    return text


def _check_fields(index: int, learner: NewLearner, problems: list[Problem]) -> _Checked:
    try:
        email = normalize_email(learner.email)
    except AppError as err:
        email = ""
        problems.append(Problem(index, "email", ErrorCode.BAD_USER_INPUT, err.message))
    first = _name(learner.first_name, "firstName", index, problems)
    last = _name(learner.last_name, "lastName", index, problems)
    refs: dict[str, str | None] = {}
    for key, value in (learner.refs or {}).items():
        if key not in REF_FIELDS:
            raise ValueError(f"unknown ref field {key}")
        text = value.strip() if isinstance(value, str) else None
        if text and len(text) > REF_MAX_LENGTH:
            problems.append(Problem(index, key, ErrorCode.BAD_USER_INPUT,
                                    f"{key} is longer than {REF_MAX_LENGTH} characters"))
        refs[key] = text or None
    client_id = learner.client_id or None
    license_ids = list(dict.fromkeys(learner.license_ids or ()))
    lang = (learner.lang or "").strip() or None
    if lang is not None and (len(lang) > LANG_MAX_LENGTH or not lang.replace("-", "").replace("_", "").isalnum()):
        problems.append(Problem(index, "lang", ErrorCode.BAD_USER_INPUT,
                                f"lang must be a language code of at most {LANG_MAX_LENGTH} characters"))
    if learner.password_hash is not None and not is_password_hash(learner.password_hash):
        problems.append(Problem(index, "passwordHash", ErrorCode.BAD_USER_INPUT, "passwordHash is not an argon2 hash"))
    if learner.user_id is not None and not _is_uuid(learner.user_id):
        problems.append(Problem(index, "id", ErrorCode.BAD_USER_INPUT, "id must be a UUID"))
    return _Checked(index, email, first, last, client_id, license_ids, refs, lang, learner.user_id,
                    learner.email_verified, learner.password_hash)


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except (ValueError, TypeError, AttributeError):
        return False


async def _existing_emails(session: AsyncSession, emails: list[str]) -> set[str]:
    if not emails:
        return set()
    return set(await session.scalars(select(User.email).where(User.email.in_(emails))))


async def _check_references(session: AsyncSession, checked: list[_Checked], problems: list[Problem]) -> None:
    """Duplicate emails, unknown clients and licenses, licenses of another client: one query each."""
    first_index: dict[str, int] = {}
    for c in checked:
        if not c.email:
            continue
        if c.email in first_index:
            problems.append(Problem(c.index, "email", ErrorCode.CONFLICT,
                                    f"{c.email} is also given to the learner at index {first_index[c.email]}"))
        else:
            first_index[c.email] = c.index
    taken = await _existing_emails(session, list(first_index))
    for c in checked:
        if c.email in taken:
            problems.append(Problem(c.index, "email", ErrorCode.CONFLICT, f"A user with the email {c.email} already exists"))
    given_ids = [c.user_id for c in checked if c.user_id]
    taken_ids = set(await session.scalars(select(User.id).where(User.id.in_(given_ids)))) if given_ids else set()
    seen_ids: set[str] = set()
    for c in checked:
        if c.user_id and (c.user_id in taken_ids or c.user_id in seen_ids):
            problems.append(Problem(c.index, "id", ErrorCode.CONFLICT, f"A user with the id {c.user_id} already exists"))
        if c.user_id:
            seen_ids.add(c.user_id)

    client_ids = {c.client_id for c in checked if c.client_id}
    clients = set(await session.scalars(select(Client.id).where(Client.id.in_(client_ids)))) if client_ids else set()
    license_ids = {lid for c in checked for lid in c.license_ids}
    license_client = dict((await session.execute(
        select(License.id, License.client_id).where(License.id.in_(license_ids))
    )).all()) if license_ids else {}
    for c in checked:
        if c.client_id and c.client_id not in clients:
            problems.append(Problem(c.index, "clientId", ErrorCode.NOT_FOUND, f"Client {c.client_id} not found"))
            continue
        for lid in c.license_ids:
            if lid not in license_client:
                problems.append(Problem(c.index, "licenseIds", ErrorCode.NOT_FOUND, f"License {lid} not found"))
            elif c.client_id is None:
                problems.append(Problem(c.index, "licenseIds", ErrorCode.BAD_USER_INPUT,
                                        f"License {lid} belongs to a client: pass that clientId to allocate it"))
            elif license_client[lid] != c.client_id:
                problems.append(Problem(c.index, "licenseIds", ErrorCode.BAD_USER_INPUT,
                                        f"License {lid} does not belong to client {c.client_id}"))


async def create_learners(
    session: AsyncSession,
    *,
    learners: Sequence[NewLearner],
    invited_by_name: str | None = None,
    now: datetime | None = None,
) -> list[UserRecord]:
    """Create every learner or none; returns the users in input order (written, not committed).

    Each learner's licenses are allocated (role student) and the first one becomes the
    active license. Every problem of the batch is reported in one error (see batch_error);
    an email taken by a concurrent transaction meanwhile is reported as CONFLICT too.
    """
    if len(learners) > MAX_BATCH_SIZE:
        raise bad_input(f"At most {MAX_BATCH_SIZE} learners can be created in one request", "learners",
                        maxBatchSize=MAX_BATCH_SIZE)
    if not learners:
        return []
    now = now or utcnow()
    problems: list[Problem] = []
    checked = [_check_fields(i, learner, problems) for i, learner in enumerate(learners)]
    await _check_references(session, checked, problems)
    if problems:
        raise batch_error(problems)

    user_rows: list[dict] = []
    allocation_rows: list[dict] = []
    for c in checked:
        user_id = c.user_id or new_id()
        user_rows.append(dict(
            id=user_id, email=c.email, first_name=c.first_name, last_name=c.last_name, role_key=ROLE_LEARNER,
            disabled=False, email_verified=c.email_verified, client_id=c.client_id, lang=c.lang,
            password_hash=c.password_hash,
            active_license_id=c.license_ids[0] if c.license_ids else None, balance_cents=0,
            invited_by_name=invited_by_name, two_factor_enabled=False, should_highlight=False,
            created_at=now, updated_at=now, **{key: c.refs.get(key) for key in REF_FIELDS},
        ))
        allocation_rows += [dict(id=new_id(), user_id=user_id, license_id=lid, role="student", status="active",
                                 created_at=now, updated_at=now)
                            for lid in c.license_ids]
    try:
        # Core multi-row INSERTs (executemany / insertmanyvalues): building, flushing and reading
        # back 1000 ORM objects costs several times the INSERT itself (docs/performance.md).
        async with session.begin_nested():
            await session.execute(insert(User.__table__), user_rows)
            if allocation_rows:
                await session.execute(insert(LicenseAllocation.__table__), allocation_rows)
    except IntegrityError:
        # A concurrent transaction committed one of these emails after our check.
        taken = await _existing_emails(session, [c.email for c in checked])
        raced = [Problem(c.index, "email", ErrorCode.CONFLICT, f"A user with the email {c.email} already exists")
                 for c in checked if c.email in taken]
        if raced:
            raise batch_error(raced) from None
        raise AppError(ErrorCode.CONFLICT, "The learners' client or licenses changed meanwhile; try again",
                       "learners") from None
    await webhook_events.emit(session, webhook_events.LEARNER_CREATED, [
        {"user_id": row["id"], "email": row["email"], "first_name": row["first_name"], "last_name": row["last_name"],
         "client_id": row["client_id"]} for row in user_rows], now=now)
    # The other columns have no defaults: they are stored as NULL (JSON ones included, as SQL NULL).
    return [UserRecord({**UNSET_COLUMNS, **row}) for row in user_rows]


# --- invitations -------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    # Invitation tokens are long random strings: a fast hash is enough to store them.
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Invitation:
    token: str
    user_id: str
    expires_at: datetime


async def issue_invitation(
    session: AsyncSession, *, user_id: str, ttl: timedelta = INVITATION_TTL, now: datetime | None = None
) -> Invitation:
    """A new invitation token for a learner who has no password yet; earlier unused ones stop working.

    The token is returned once; only its hash is stored.
    """
    now = now or utcnow()
    user = await session.scalar(
        select(User).where(User.id == user_id).with_for_update().execution_options(populate_existing=True)
    )
    if user is None:
        raise not_found("User", "userId")
    if user.password_hash:
        raise AppError(ErrorCode.CONFLICT, "This user has already set a password", "userId")
    if user.disabled:
        raise AppError(ErrorCode.ACCOUNT_DISABLED, "This account is disabled", "userId")
    await session.execute(
        delete(InvitationToken).where(InvitationToken.user_id == user_id, InvitationToken.used_at.is_(None))
    )
    token = generate_secret_token()
    row = InvitationToken(token_hash=_token_hash(token), user_id=user_id, created_at=now, expires_at=now + ttl)
    session.add(row)
    await session.flush()
    return Invitation(token=token, user_id=user_id, expires_at=row.expires_at)


def check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise bad_input(f"The password needs at least {MIN_PASSWORD_LENGTH} characters", "password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise bad_input(f"The password can have at most {MAX_PASSWORD_LENGTH} characters", "password")


async def accept_invitation(
    session: AsyncSession,
    *,
    token: str,
    password: str,
    secret_key: str,
    token_ttl_seconds: int,
    now: datetime | None = None,
) -> str:
    """Set the invited learner's password and log them in (returns a login token).

    The token is claimed with a conditional UPDATE, so it works once even under races.
    """
    check_password(password)
    now = now or utcnow()
    key = _token_hash(token or "")
    row = await session.scalar(
        select(InvitationToken).where(InvitationToken.token_hash == key).execution_options(populate_existing=True)
    )
    if row is None or row.used_at is not None:
        raise AppError(ErrorCode.INVITATION_INVALID, "This invitation is not valid or was already used", "token")
    if row.expires_at <= now:
        raise AppError(ErrorCode.INVITATION_EXPIRED, "This invitation has expired; ask for a new one", "token")
    claimed = await session.execute(
        update(InvitationToken)
        .where(InvitationToken.token_hash == key, InvitationToken.used_at.is_(None), InvitationToken.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AppError(ErrorCode.INVITATION_INVALID, "This invitation is not valid or was already used", "token")
    user = await session.scalar(
        select(User).where(User.id == row.user_id).with_for_update().execution_options(populate_existing=True)
    )
    if user is None or user.disabled:
        raise AppError(ErrorCode.ACCOUNT_DISABLED, "This account is disabled")
    user.password_hash = hash_password(password)
    user.email_verified = True  # the invitation reached the learner's mailbox
    user.last_active_at = now
    await session.execute(
        update(InvitationToken)
        .where(InvitationToken.user_id == user.id, InvitationToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    login_token, claims = encode_token(user.id, secret_key, token_ttl_seconds, now=now)
    session.add(AuthSession(jti=claims.jti, user_id=user.id, created_at=now, expires_at=claims.expires_at))
    await session.flush()
    return login_token
