"""Spending and crediting a learner's balance.

users.balance_cents holds credits in hundredths. Prices are in cents (price_in_cents) and one
credit buys one unit of price: a course of price_in_cents 4999 costs 49.99 credits, i.e.
4999 balance cents. Every change of the balance writes a balance_transactions row.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from app.balances.models import BalanceTransaction
from app.company.models import Company
from app.content.models import ARTICLE, COURSE_KINDS, VIDEO, ContentItem
from app.db import new_id, utcnow
from app.errors import AppError, ErrorCode, bad_input, not_found
from app.learning.models import NOT_STARTED, Enrollment
from app.users.models import User

COURSES = "courses"
LEARNING_PATHS = "learningPaths"
DEFAULT_DASHBOARD_URL = "/learn/dashboard"


def price_in_balance_cents(price_in_cents: int) -> int:
    """What an item costs in balance cents (1 credit = 100 cents of price)."""
    return price_in_cents


def _sync_loaded_balance(session: AsyncSession, user_id: str, balance_cents: int) -> None:
    """Keep an already loaded User row (the request's viewer) in step with the UPDATE."""
    loaded = session.identity_map.get(identity_key(User, user_id))
    if loaded is not None:
        set_committed_value(loaded, "balance_cents", balance_cents)


async def debit(session: AsyncSession, *, user_id: str, amount_cents: int, kind: str,
                content_id: str | None = None) -> int:
    """Take amount_cents from the balance, never below zero; returns the new balance.

    One conditional UPDATE: concurrent debits are serialised by the row lock and each
    re-checks the balance it would leave, so the balance cannot go negative.
    """
    if amount_cents < 0:
        raise ValueError("amount_cents must not be negative")
    new_balance = await session.scalar(
        update(User)
        .where(User.id == user_id, User.balance_cents >= amount_cents)
        .values(balance_cents=User.balance_cents - amount_cents)
        .returning(User.balance_cents)
        .execution_options(synchronize_session=False)
    )
    if new_balance is None:
        raise AppError(ErrorCode.INSUFFICIENT_BALANCE, "The balance is too low for this item")
    session.add(BalanceTransaction(id=new_id(), user_id=user_id, amount_cents=-amount_cents, kind=kind,
                                   content_id=content_id, created_at=utcnow()))
    _sync_loaded_balance(session, user_id, new_balance)
    return new_balance


async def credit(session: AsyncSession, *, user_id: str, amount_cents: int, kind: str,
                 content_id: str | None = None) -> int:
    """Add amount_cents to the balance (one atomic UPDATE); returns the new balance."""
    if amount_cents < 0:
        raise ValueError("amount_cents must not be negative")
    new_balance = await session.scalar(
        update(User)
        .where(User.id == user_id)
        .values(balance_cents=User.balance_cents + amount_cents)
        .returning(User.balance_cents)
        .execution_options(synchronize_session=False)
    )
    if new_balance is None:
        raise not_found("User")
    session.add(BalanceTransaction(id=new_id(), user_id=user_id, amount_cents=amount_cents, kind=kind,
                                   content_id=content_id, created_at=utcnow()))
    _sync_loaded_balance(session, user_id, new_balance)
    return new_balance


async def dashboard_url(session: AsyncSession) -> str:
    url = await session.scalar(select(Company.dashboard_url).order_by(Company.created_at).limit(1))
    return url or DEFAULT_DASHBOARD_URL


async def redeem_balance(session: AsyncSession, *, user_id: str, content_type: str, content_id: str) -> str:
    """Buy a course with the balance: an enrolment (source "balance"), the debit, a
    "redemption" transaction. Returns where to send the learner: the content URL for
    articles and videos, the dashboard URL otherwise.

    Errors: NOT_PURCHASABLE (learning paths are not supported yet; not a course kind,
    not published, not purchasable, no price), NOT_FOUND, ALREADY_PURCHASED,
    INSUFFICIENT_BALANCE. Nothing is written when any is raised.
    """
    if content_type == LEARNING_PATHS:
        raise AppError(ErrorCode.NOT_PURCHASABLE, "Only courses can be bought with the balance for now", "contentType")
    if content_type != COURSES:
        raise bad_input(f"Unknown content type {content_type!r}", "contentType")
    item = await session.get(ContentItem, content_id)
    if item is None:
        raise not_found("Content", "contentId")
    if item.kind not in COURSE_KINDS:
        raise AppError(ErrorCode.NOT_PURCHASABLE, f"A {item.kind} cannot be bought as a course", "contentId")
    if item.status != "published" or not item.purchasable or item.price_in_cents is None:
        raise AppError(ErrorCode.NOT_PURCHASABLE, "This course is not for sale", "contentId")
    owned = await session.scalar(
        select(Enrollment.id).where(Enrollment.user_id == user_id, Enrollment.content_id == content_id)
    )
    if owned is not None:
        raise AppError(ErrorCode.ALREADY_PURCHASED, "This course is already among your courses", "contentId")
    now = utcnow()
    session.add(Enrollment(id=new_id(), user_id=user_id, content_id=content_id, status=NOT_STARTED, progress=0,
                           source="balance", created_at=now, updated_at=now))
    try:
        # A concurrent purchase of the same course waits here (unique user_id, content_id).
        await session.flush()
    except IntegrityError:
        raise AppError(ErrorCode.ALREADY_PURCHASED, "This course is already among your courses", "contentId") from None
    await debit(session, user_id=user_id, amount_cents=price_in_balance_cents(item.price_in_cents),
                kind="redemption", content_id=content_id)
    await session.flush()
    if item.kind in (ARTICLE, VIDEO):
        return item.url
    return await dashboard_url(session)
