"""Helium types of the instance: company, appearance, languages, translations, custom fields."""
from __future__ import annotations

import strawberry

from app.company.models import AppearanceSettings as AppearanceRow
from app.company.models import Company as CompanyRow
from app.graphql.context import Info
from app.graphql.enums import UserCustomFieldType
from app.graphql.loaders import by_id
from app.graphql.scalars import JSON, URL, HexColor, Slug


@strawberry.type
class GlobalNavigationLink:
    href: str | None
    label: str


@strawberry.type
class Organization:
    id: strawberry.ID
    name: str | None


@strawberry.type
class Block:
    id: strawberry.ID


@strawberry.type
class MicrositeBlockLink:
    asset: str | None
    href: str
    label: str


@strawberry.type
class MicrositeBlock:
    id: strawberry.ID
    html: str | None
    links: list[MicrositeBlockLink] | None


@strawberry.type
class RootLayout:
    id: strawberry.ID
    favicon: str | None
    footer_scripts: str | None
    header_scripts: str | None


def _microsite(company, which: str) -> MicrositeBlock | None:
    data = getattr(company, which)
    if not data:
        return None
    links = [MicrositeBlockLink(asset=link.get("asset"), href=link["href"], label=link["label"]) for link in data.get("links") or []]
    return MicrositeBlock(id=f"{company.id}:{which}", html=data.get("html"), links=links)


@strawberry.type
class Company:
    """Source: the companies row."""

    id: strawberry.ID
    name: str | None
    subdomain: str | None
    school_name: str | None
    copyright_name: str | None
    catalog_visibility_emails: list[str] | None

    @strawberry.field
    async def appearance_settings(self, info: Info) -> AppearanceSettings | None:
        return await by_id(info.context, AppearanceRow).load(self.appearance_id) if self.appearance_id else None

    @strawberry.field
    def catalog_block(self) -> Block | None:
        return Block(id=self.catalog_block_id) if self.catalog_block_id else None

    @strawberry.field
    def microsite_header(self) -> MicrositeBlock | None:
        return _microsite(self, "microsite_header")

    @strawberry.field
    def microsite_footer(self) -> MicrositeBlock | None:
        return _microsite(self, "microsite_footer")

    @strawberry.field
    def organization(self) -> Organization | None:
        return Organization(id=self.id, name=self.organization_name) if self.organization_name else None

    @strawberry.field
    def root_layout(self) -> RootLayout | None:
        data = self.root_layout
        if not data:
            return None
        return RootLayout(id=self.id, favicon=data.get("favicon"), footer_scripts=data.get("footerScripts"),
                          header_scripts=data.get("headerScripts"))


@strawberry.type
class AppearanceSettings:
    """Source: an appearance_settings row."""

    id: strawberry.ID
    accent_color: HexColor | None
    secondary_color: HexColor | None
    link_color: HexColor | None
    font: str | None
    alt_font: str | None
    background_asset: str | None
    background_asset_tiled: bool | None
    custom_css: str | None
    favicon: URL | None
    logo_asset: URL | None
    retina_logo: bool | None

    @strawberry.field
    def global_navigation_links(self) -> list[GlobalNavigationLink | None] | None:
        if self.global_navigation_links is None:
            return None
        return [GlobalNavigationLink(label=link["label"], href=link.get("href")) for link in self.global_navigation_links]

    @strawberry.field
    async def company(self, info: Info) -> Company | None:
        return await by_id(info.context, CompanyRow).load(self.company_id)


@strawberry.type
class CustomField:
    """Source: a custom_fields row (content custom field)."""

    id: strawberry.ID
    include_label_on_content: bool
    include_value_on_content: bool
    indexed: bool
    label: str
    multiple: bool
    slug: Slug
    sort: str | None


@strawberry.type
class UserCustomField:
    """Source: a user_custom_fields row."""

    id: strawberry.ID
    choices: JSON | None
    label: str
    ref: int | None
    required: bool
    slug: Slug

    @strawberry.field
    def type(self) -> UserCustomFieldType:
        return UserCustomFieldType(self.type)


@strawberry.type
class Language:
    """Source: a languages row."""

    id: strawberry.ID | None
    code: str
    label: str
    selector_label: str | None
    is_custom: bool | None


@strawberry.type
class CompanyDetails:
    """Source: app.company.service.CompanyView (the company and the appearance to show)."""

    @strawberry.field
    def name(self) -> str | None:
        return self.company.name

    @strawberry.field
    def subdomain(self) -> str | None:
        return self.company.subdomain

    @strawberry.field
    def settings(self) -> AppearanceSettings | None:
        return self.appearance


@strawberry.type
class TranslationsList:
    id: strawberry.ID = strawberry.field(description="The ID of the Translations List.")
    lang: str
    translations: JSON


@strawberry.type
class TermsAndConditions:
    global_terms: str | None
