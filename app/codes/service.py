"""Validating and redeeming registration and redemption codes.

Codes are stored upper-cased; input is trimmed and upper-cased the same way. A code is
redeemed at most once: it is claimed with a conditional UPDATE (… WHERE redeemed_at IS
NULL), so of two racing redemptions exactly one wins.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.balances import service as balances
from app.clients import service as clients
from app.clients.models import License
from app.codes.models import REDEMPTION, REGISTRATION, Code
from app.db import utcnow
from app.errors import AppError, ErrorCode, bad_input
from app.learning import service as learning
from app.webhooks import events as webhook_events

MAX_CODES_PER_REDEMPTION = 50
FIELD = "validatedRedemptionCodes"


def normalize_code(code: str | None) -> str:
    return (code or "").strip().upper()


@dataclass(frozen=True)
class CodeStatus:
    valid: bool
    already_redeemed: bool
    code_expired: bool


def _expired(code: Code, now: datetime) -> bool:
    return code.expires_at is not None and code.expires_at <= now


async def code_status(session: AsyncSession, *, code: str, kind: str, now: datetime | None = None) -> CodeStatus:
    """The status of a code of the given kind (registration | redemption); consumes nothing.

    An unknown code (or a code of the other kind) is not valid and has no flag set.
    """
    if kind not in (REGISTRATION, REDEMPTION):
        raise ValueError(kind)
    now = now or utcnow()
    value = normalize_code(code)
    row = await session.scalar(select(Code).where(Code.code == value, Code.kind == kind)) if value else None
    if row is None:
        return CodeStatus(valid=False, already_redeemed=False, code_expired=False)
    redeemed = row.redeemed_at is not None
    expired = _expired(row, now)
    return CodeStatus(valid=not redeemed and not expired, already_redeemed=redeemed, code_expired=expired)


def _code_error(code: ErrorCode, value: str, message: str, problems: list[dict]) -> AppError:
    return AppError(code, message, FIELD, redemptionCode=value, errors=problems)


async def redeem_codes(session: AsyncSession, *, user_id: str, codes: Sequence[str], now: datetime | None = None) -> bool:
    """Redeem every code for the user, or none.

    What a code grants: its content (enrolment, learning path allocation or bundle), its
    license (an active allocation; the license's client becomes the user's client and the
    license the active one when the user has none), its balance_cents (credited with a
    "code" transaction). A grant the user already holds is left as it is.

    Errors (nothing is written): BAD_USER_INPUT for an empty or too long list;
    CODE_INVALID, CODE_EXPIRED, CODE_ALREADY_REDEEMED naming the first bad code in
    extensions.redemptionCode, with every bad code in extensions.errors.
    """
    now = now or utcnow()
    values = list(dict.fromkeys(normalize_code(c) for c in codes))
    if not values or values == [""]:
        raise bad_input("Give at least one code", FIELD)
    if len(values) > MAX_CODES_PER_REDEMPTION:
        raise bad_input(f"At most {MAX_CODES_PER_REDEMPTION} codes can be redeemed at once", FIELD)

    rows = {row.code: row for row in await session.scalars(select(Code).where(Code.code.in_(values)))}
    problems: list[dict] = []
    for value in values:
        row = rows.get(value)
        if row is None:
            problems.append({"redemptionCode": value, "code": ErrorCode.CODE_INVALID.value,
                             "message": f"{value or '(empty)'} is not a valid code"})
        elif row.redeemed_at is not None:
            problems.append({"redemptionCode": value, "code": ErrorCode.CODE_ALREADY_REDEEMED.value,
                             "message": f"{value} has already been redeemed"})
        elif _expired(row, now):
            problems.append({"redemptionCode": value, "code": ErrorCode.CODE_EXPIRED.value,
                             "message": f"{value} has expired"})
    if problems:
        first = problems[0]
        raise _code_error(ErrorCode(first["code"]), first["redemptionCode"], first["message"], problems)

    for value in values:
        row = rows[value]
        claimed = await session.execute(
            update(Code)
            .where(Code.id == row.id, Code.redeemed_at.is_(None), or_(Code.expires_at.is_(None), Code.expires_at > now))
            .values(redeemed_by_user_id=user_id, redeemed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            message = f"{value} has already been redeemed"
            raise _code_error(ErrorCode.CODE_ALREADY_REDEEMED, value, message,
                              [{"redemptionCode": value, "code": ErrorCode.CODE_ALREADY_REDEEMED.value,
                                "message": message}])
        await _grant(session, user_id=user_id, code=row, now=now)
    await session.flush()
    await webhook_events.emit(session, webhook_events.CODE_REDEEMED, [
        {"code": value, "kind": rows[value].kind, "user_id": user_id, "redeemed_at": webhook_events.iso(now)}
        for value in values], now=now)
    return True


async def _grant(session: AsyncSession, *, user_id: str, code: Code, now: datetime) -> None:
    if code.content_id:
        await learning.grant_content(session, user_id=user_id, content_id=code.content_id, source="code", now=now)
    client_id = code.client_id
    if code.license_id:
        await clients.allocate_license(session, user_id=user_id, license_id=code.license_id, now=now)
        client_id = client_id or await session.scalar(select(License.client_id).where(License.id == code.license_id))
        await clients.set_active_license_if_none(session, user_id=user_id, license_id=code.license_id)
    if client_id:
        await clients.join_client_if_none(session, user_id=user_id, client_id=client_id)
    if code.balance_cents and code.balance_cents > 0:
        await balances.credit(session, user_id=user_id, amount_cents=code.balance_cents, kind="code",
                              content_id=code.content_id)
