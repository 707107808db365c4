"""Instance-level queries (the API key is enough): CompanyDetails, CompanyTranslations, Languages,
TermsAndConditions."""
from __future__ import annotations

from typing import Annotated

import strawberry

from app.company import service
from app.graphql.company.types import CompanyDetails, Language, TermsAndConditions, TranslationsList
from app.graphql.context import Info
from app.graphql.enums import TranslationNamespace


@strawberry.type
class CompanyQueries:
    @strawberry.field(name="CompanyDetails")
    async def company_details(
        self, info: Info,
        user: Annotated[strawberry.ID | None, strawberry.argument(description="The ID of the User.")] = None,
    ) -> CompanyDetails | None:
        async with info.context.db.read() as session:
            return await service.company_details(session, user_id=user)

    @strawberry.field(name="CompanyTranslations", description="Returns translations from the user's Thought Industries instance.")
    async def company_translations(self, info: Info, namespace: TranslationNamespace) -> list[TranslationsList]:
        async with info.context.db.read() as session:
            rows = await service.translations(session, namespace=namespace.value)
        return [TranslationsList(id=f"{namespace.value}:{lang}", lang=lang, translations=pairs) for lang, pairs in rows]

    @strawberry.field(name="Languages", description="Returns array of Language objects configured in the Thought Industries instance")
    async def languages(self, info: Info) -> list[Language]:
        async with info.context.db.read() as session:
            return await service.languages(session)

    @strawberry.field(name="TermsAndConditions")
    async def terms_and_conditions(self, info: Info) -> TermsAndConditions:
        async with info.context.db.read() as session:
            company = await service.instance_company(session)
        return TermsAndConditions(global_terms=company.global_terms if company else None)
