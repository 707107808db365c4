"""Instance-level reads: the company, its branding (optionally as one user's client sees it),
languages, translations and terms."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.clients.models import Client
from app.company.models import AppearanceSettings, Company, Language, Translation
from app.errors import not_found
from app.users.models import User


@dataclass(frozen=True)
class CompanyView:
    company: Company
    appearance: AppearanceSettings | None


def instance_company_query():
    """The instance's company: the one companies row (the oldest, should there be several)."""
    return select(Company).order_by(Company.created_at, Company.id).limit(1)


async def instance_company(session: AsyncSession) -> Company | None:
    return await session.scalar(instance_company_query())


async def company_details(session: AsyncSession, *, user_id: str | None = None) -> CompanyView | None:
    """The company with the appearance to show.

    With `user_id`, the user's client's appearance when that client has branding enabled and an
    appearance of its own; otherwise the company's. An unknown user id is NOT_FOUND (field "user").
    Without a company (an empty instance) the result is None.
    """
    client: Client | None = None
    if user_id is not None:
        user = await session.get(User, user_id)
        if user is None:
            raise not_found("User", "user")
        client = await session.get(Client, user.client_id) if user.client_id else None
    company = await instance_company(session)
    if company is None:
        return None
    appearance_id = company.appearance_id
    if client is not None and client.enable_branding and client.appearance_id:
        appearance_id = client.appearance_id
    appearance = await session.get(AppearanceSettings, appearance_id) if appearance_id else None
    return CompanyView(company=company, appearance=appearance)


async def languages(session: AsyncSession) -> list[Language]:
    return list((await session.scalars(select(Language).order_by(Language.position, Language.code))).all())


async def translations(session: AsyncSession, *, namespace: str) -> list[tuple[str, dict[str, str]]]:
    """(lang, {key: value}) for every language with strings in the namespace.

    Languages come in the order of the instance's language list (unlisted ones last, by code).
    """
    listed = select(Language.position).where(Language.code == Translation.lang).scalar_subquery()
    stmt = (
        select(Translation.lang, Translation.key, Translation.value)
        .where(Translation.namespace == namespace)
        .order_by(case((listed.is_(None), 1), else_=0), listed, Translation.lang, Translation.key)
    )
    grouped: dict[str, dict[str, str]] = defaultdict(dict)
    for lang, key, value in (await session.execute(stmt)).all():
        grouped[lang][key] = value
    return list(grouped.items())
