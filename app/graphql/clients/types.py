"""Helium Client and License, with the settings types they reach."""
from __future__ import annotations

import strawberry

from app.clients import queries
from app.clients.models import BackgroundJob as BackgroundJobRow
from app.clients.models import License as LicenseRow
from app.company.models import AppearanceSettings as AppearanceRow
from app.content.models import BUNDLE, COURSE_KINDS, LEARNING_PATH, ContentItem
from app.graphql.content.parts import CatalogCategory, SSOAttributeMapping
from app.graphql.context import Info
from app.graphql.enums import BackgroundJobStatus, ContentItemDisplayType
from app.graphql.loaders import by_id, children, counts, grouped
from app.graphql.refs import AppearanceSettingsRef, BundleRef, CourseRef, LearningPathRef, LicenseRef, TagRef
from app.graphql.scalars import JSON, URL, Date, Slug


def _setting(row, name: str, default=None):
    return (row.settings or {}).get(name, default)


def _settings_type(cls, row, key: str):
    """A settings object of `cls` from the client's settings JSON, or None when not configured."""
    data = _setting(row, key)
    if not data:
        return None
    fields = {f.python_name: data.get(f.graphql_name or _camel(f.python_name))
              for f in cls.__strawberry_definition__.fields if f.python_name != "id" and f.base_resolver is None}
    return cls(id=f"{row.id}:{key}", **fields)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


@strawberry.type
class CatalogSettings:
    id: strawberry.ID
    boost_ribbon: str | None
    content_type_filter_enabled: bool | None
    default_query: str | None
    default_sort: str | None
    display_authors_enabled: bool | None
    display_start_date_enabled: bool | None
    display_type_calendar_enabled: bool | None
    display_type_grid_enabled: bool | None
    display_type_list_enabled: bool | None
    hide_past_events: bool | None
    only_display_accessible_content: bool | None
    sort_course_start_date_enabled: bool | None
    sort_created_at_enabled: bool | None
    sort_publish_date_enabled: bool | None
    sort_relevance_enabled: bool | None
    sort_title_enabled: bool | None
    sort_updated_at_enabled: bool | None
    display_bundle_id: strawberry.ID | None = strawberry.field(description="The ID of the Display Bundle.")
    raw: strawberry.Private[dict | None] = None  # the whole "catalog" settings object

    @strawberry.field
    def results_display_type(self) -> ContentItemDisplayType:
        return ContentItemDisplayType((self.raw or {}).get("resultsDisplayType") or "grid")

    @strawberry.field
    def categories(self) -> list[CatalogCategory] | None:
        return [CatalogCategory.from_setting(c) for c in (self.raw or {}).get("categories") or []]

    @strawberry.field
    async def display_bundle(self, info: Info) -> list[BundleRef] | None:
        """The display bundle (displayBundleId) as a one-element list, empty without one."""
        if not self.display_bundle_id:
            return []
        bundle = await by_id(info.context, ContentItem).load(self.display_bundle_id)
        return [bundle] if bundle is not None and bundle.kind == BUNDLE else []


@strawberry.type
class EmailLayoutSettings:
    id: strawberry.ID
    bcc_address: str | None
    email_capture_terms: str | None
    footer: str | None
    from_address: str | None
    from_name: str | None
    header: str | None


@strawberry.type
class SSOSettings:
    """Single sign-on settings. Secrets are never returned: openIdClientSecret is always null."""

    id: strawberry.ID
    cas_server_url: URL | None
    external_ecommerce_url: URL | None
    external_login_url: URL | None
    external_logout_url: URL | None
    external_profile_url: URL | None
    external_register_url: URL | None
    open_id_authorization_url: URL | None
    open_id_client_id: str | None
    open_id_end_session_url: URL | None
    open_id_issuer: URL | None
    open_id_signing_algorithm: str | None
    open_id_token_url: URL | None
    open_id_user_info_url: URL | None
    open_id_well_known_url: URL | None
    saml_allow_unencrypted_assertions: bool | None
    saml_force_re_auth: bool | None
    saml_sign_requests: bool | None
    saml_single_logout_url: URL | None
    saml_single_signon_url: URL | None
    saml_idp_certificate: str | None  # the identity provider's public certificate (not a secret)
    open_id_authorization_parameters: JSON | None
    bundle_id: strawberry.ID | None = strawberry.field(description="The ID of the Bundle.")
    has_open_id_client_secret: bool = False
    raw: strawberry.Private[dict | None] = None  # the whole "sso" settings object

    @strawberry.field(description="The ID of the Bundle.")
    async def bundle(self, info: Info) -> BundleRef | None:
        """The bundle granted to users who sign in through SSO (bundleId)."""
        if not self.bundle_id:
            return None
        bundle = await by_id(info.context, ContentItem).load(self.bundle_id)
        return bundle if bundle is not None and bundle.kind == BUNDLE else None

    @strawberry.field
    def cas_attribute_mappings(self) -> list[SSOAttributeMapping | None] | None:
        return _attribute_mappings(self.raw, "casAttributeMappings")

    @strawberry.field
    def open_id_attribute_mappings(self) -> list[SSOAttributeMapping | None] | None:
        return _attribute_mappings(self.raw, "openIdAttributeMappings")

    @strawberry.field
    def saml_attribute_mappings(self) -> list[SSOAttributeMapping | None] | None:
        return _attribute_mappings(self.raw, "samlAttributeMappings")

    @strawberry.field
    def open_id_client_secret(self) -> str | None:
        return None


def _attribute_mappings(raw: dict | None, key: str) -> list[SSOAttributeMapping]:
    return [SSOAttributeMapping(key_name=m["keyName"], key_attribute=m.get("keyAttribute"))
            for m in (raw or {}).get(key) or []]


@strawberry.type
class BackgroundJob:
    """Source: a background_jobs row."""

    id: strawberry.ID
    created_at: Date
    description: str | None
    error_message: str | None
    repeatable: bool
    type: str

    @strawberry.field
    def status(self) -> BackgroundJobStatus:
        return BackgroundJobStatus(self.status)


@strawberry.type
class LicenseNode:
    id: strawberry.ID
    name: str
    depth: int
    hierarchical_name: str
    ancestor_ids: list[strawberry.ID] | None
    parent_license_id: strawberry.ID | None = strawberry.field(description="The ID of the Parent License.")
    created_at: Date | None

    @classmethod
    def from_node(cls, node: dict) -> LicenseNode:
        lic = node["license"]
        return cls(
            id=lic.id, name=lic.name, depth=node["depth"], hierarchical_name=node["hierarchical_name"],
            ancestor_ids=node["ancestor_ids"], parent_license_id=lic.parent_license_id, created_at=lic.created_at,
        )


def _load_grouped(info: Info, name: str, build, key: str):
    return grouped(info.context, name, build).load(key)


def _client_courses(info, client_id):
    return _load_grouped(info, "client_courses", lambda keys: queries.client_content(keys, COURSE_KINDS), client_id)


def _client_learning_paths(info, client_id):
    return _load_grouped(info, "client_learning_paths",
                         lambda keys: queries.client_content(keys, (LEARNING_PATH,)), client_id)


def _client_course_tags(info, client_id):
    return _load_grouped(info, "client_course_tags",
                         lambda keys: queries.client_content_tags(keys, COURSE_KINDS), client_id)


def _client_tags(info, client_id):
    return _load_grouped(info, "client_tags",
                         lambda keys: queries.client_content_tags(keys, COURSE_KINDS + (LEARNING_PATH,)), client_id)


def _license_courses(info, license_id):
    return _load_grouped(info, "license_courses", lambda keys: queries.license_content(keys, COURSE_KINDS), license_id)


def _license_learning_paths(info, license_id):
    return _load_grouped(info, "license_learning_paths",
                         lambda keys: queries.license_content(keys, (LEARNING_PATH,)), license_id)


def _license_course_tags(info, license_id):
    return _load_grouped(info, "license_course_tags",
                         lambda keys: queries.license_content_tags(keys, COURSE_KINDS), license_id)


async def _client_licenses(info: Info, client_id: str) -> list[LicenseRow]:
    return await children(info.context, LicenseRow, LicenseRow.client_id, LicenseRow.name).load(client_id)


@strawberry.type
class Client:
    """Source: a clients row. Client.secretKey is never returned (always null)."""

    id: strawberry.ID
    name: str
    slug: Slug
    sku: str | None
    disabled: bool
    school_name: str | None
    custom_host: str | None
    default_language: str | None
    seats_limit: int | None
    starting_balance: float | None
    allocated_credits: float | None
    current_balance: float | None
    notification_emails: str | None
    languages: list[str] | None
    license_end_date: Date | None
    enable_branding: bool
    enable_ecommerce: bool
    enable_global_links: bool
    enable_nav_links: bool
    enable_onboarding_survey: bool
    enable_segmentation: bool
    panorama: bool
    dashboard_layout_id: strawberry.ID | None = strawberry.field(description="The ID of the Dashboard Layout.")
    redemption_layout_id: strawberry.ID | None = strawberry.field(description="The ID of the Redemption Layout.")
    created_at: Date | None
    updated_at: Date | None

    @strawberry.field
    def auto_filter_for_selected_language(self) -> bool | None:
        return _setting(self, "autoFilterForSelectedLanguage")

    @strawberry.field
    def client_subscription_needs_setup(self) -> bool | None:
        return _setting(self, "clientSubscriptionNeedsSetup")

    @strawberry.field
    def enable_communities_segmentation(self) -> bool | None:
        return _setting(self, "enableCommunitiesSegmentation")

    @strawberry.field
    def enable_content_detail_page(self) -> bool | None:
        return _setting(self, "enableContentDetailPage")

    @strawberry.field
    def enable_credit_purchasing(self) -> bool | None:
        return _setting(self, "enableCreditPurchasing")

    @strawberry.field
    def enable_custom_email_settings(self) -> bool | None:
        return _setting(self, "enableCustomEmailSettings")

    @strawberry.field
    def enable_discussions(self) -> bool | None:
        return _setting(self, "enableDiscussions")

    @strawberry.field
    def enable_license_dashboards(self) -> bool | None:
        return _setting(self, "enableLicenseDashboards")

    @strawberry.field
    def enable_recommendation_assessment(self) -> bool | None:
        return _setting(self, "enableRecommendationAssessment")

    @strawberry.field
    def language_selector_enabled(self) -> bool | None:
        return _setting(self, "languageSelectorEnabled")

    @strawberry.field
    def secret_key(self) -> str | None:
        return None

    @strawberry.field
    def catalog(self) -> CatalogSettings | None:
        settings = _settings_type(CatalogSettings, self, "catalog")
        if settings is not None:
            settings.raw = _setting(self, "catalog")
        return settings

    @strawberry.field
    def email_layout(self) -> EmailLayoutSettings | None:
        return _settings_type(EmailLayoutSettings, self, "emailLayout")

    @strawberry.field
    def sso(self) -> SSOSettings | None:
        settings = _settings_type(SSOSettings, self, "sso")
        if settings is not None:
            settings.raw = _setting(self, "sso")
            settings.has_open_id_client_secret = bool(settings.raw.get("openIdClientSecret"))
        return settings

    @strawberry.field
    async def appearance(self, info: Info) -> AppearanceSettingsRef | None:
        return await by_id(info.context, AppearanceRow).load(self.appearance_id) if self.appearance_id else None

    @strawberry.field
    async def courses(self, info: Info) -> list[CourseRef] | None:
        return await _client_courses(info, self.id)

    @strawberry.field
    async def course_ids(self, info: Info) -> list[strawberry.ID] | None:
        return [c.id for c in await _client_courses(info, self.id)]

    @strawberry.field
    async def learning_paths(self, info: Info) -> list[LearningPathRef] | None:
        return await _client_learning_paths(info, self.id)

    @strawberry.field
    async def learning_path_ids(self, info: Info) -> list[strawberry.ID] | None:
        return [p.id for p in await _client_learning_paths(info, self.id)]

    @strawberry.field
    async def client_admin_allocatable_learning_paths(self, info: Info) -> list[strawberry.ID]:
        return [p.id for p in await _client_learning_paths(info, self.id)]

    @strawberry.field
    async def course_tags(self, info: Info) -> list[TagRef] | None:
        return await _client_course_tags(info, self.id)

    @strawberry.field
    async def course_tag_ids(self, info: Info) -> list[strawberry.ID] | None:
        return [t.id for t in await _client_course_tags(info, self.id)]

    @strawberry.field
    async def tags(self, info: Info) -> list[TagRef] | None:
        return await _client_tags(info, self.id)

    @strawberry.field
    async def purchasable_tags(self, info: Info) -> list[TagRef] | None:
        return await _client_tags(info, self.id) if self.enable_ecommerce else []

    @strawberry.field
    async def purchasable_content_ids(self, info: Info) -> list[strawberry.ID] | None:
        if not self.enable_ecommerce:
            return []
        items = await grouped(info.context, "client_all_content",
                              lambda keys: queries.client_content(keys, COURSE_KINDS + (LEARNING_PATH,))).load(self.id)
        return [c.id for c in items if c.purchasable]

    @strawberry.field
    async def licenses(self, info: Info) -> list[LicenseRef] | None:
        return await _client_licenses(info, self.id)

    @strawberry.field
    async def primary_license(self, info: Info) -> LicenseRef | None:
        licenses = await _client_licenses(info, self.id)
        return next((lic for lic in licenses if lic.is_default), licenses[0] if licenses else None)

    @strawberry.field
    async def license_tree(self, info: Info) -> list[LicenseNode] | None:
        return [LicenseNode.from_node(n) for n in queries.license_tree(await _client_licenses(info, self.id))]

    @strawberry.field
    async def current_user_manager_allocated_license_tree(self, info: Info) -> list[LicenseNode] | None:
        viewer = info.context.user
        if viewer is None:
            return []
        managed = await grouped(info.context, "managed_licenses", queries.managed_licenses).load(viewer.id)
        roots = {lic.id for lic in managed if lic.client_id == self.id}
        if not roots:
            return []
        nodes = queries.license_tree(await _client_licenses(info, self.id), roots=roots)
        return [LicenseNode.from_node(n) for n in nodes]

    @strawberry.field
    async def pending_jobs(self, info: Info) -> list[BackgroundJob | None] | None:
        jobs = await children(info.context, BackgroundJobRow, BackgroundJobRow.client_id,
                              BackgroundJobRow.created_at).load(self.id)
        return [j for j in jobs if j.status in ("queued", "processing")]

    @strawberry.field
    async def seats_allocated_count(self, info: Info) -> int | None:
        return await counts(info.context, "client_seats_allocated", queries.seats_allocated).load(self.id)

    @strawberry.field
    async def seats_used_count(self, info: Info) -> int | None:
        return await counts(info.context, "client_seats_used", queries.seats_used).load(self.id)


@strawberry.type
class License:
    """Source: a licenses row."""

    id: strawberry.ID
    name: str
    label: str | None
    sku: str | None
    school_name: str | None
    access_days: int | None
    expiration_date: Date | None
    seats_limit: int | None
    is_default: bool | None
    enable_branding: bool | None
    parent_license_id: strawberry.ID | None = strawberry.field(description="The ID of the Parent License.")
    created_at: Date | None
    updated_at: Date | None
    ref1: str | None
    ref2: str | None
    ref3: str | None
    ref4: str | None
    ref5: str | None
    ref6: str | None
    ref7: str | None
    ref8: str | None
    ref9: str | None
    ref10: str | None

    dashboard_layout_id: strawberry.ID | None = strawberry.field(description="The ID of the Dashboard Layout.")

    @strawberry.field(description="The ID of the Client.")
    async def client(self, info: Info) -> Client | None:
        from app.clients.models import Client as ClientRow

        return await by_id(info.context, ClientRow).load(self.client_id)

    @strawberry.field
    async def parent_license(self, info: Info) -> License | None:
        return await by_id(info.context, LicenseRow).load(self.parent_license_id) if self.parent_license_id else None

    @strawberry.field
    async def child_licenses(self, info: Info) -> list[License] | None:
        return await children(info.context, LicenseRow, LicenseRow.parent_license_id, LicenseRow.name).load(self.id)

    @strawberry.field
    async def appearance(self, info: Info) -> AppearanceSettingsRef | None:
        return await by_id(info.context, AppearanceRow).load(self.appearance_id) if self.appearance_id else None

    @strawberry.field
    async def courses(self, info: Info) -> list[CourseRef] | None:
        return await _license_courses(info, self.id)

    @strawberry.field
    async def course_ids(self, info: Info) -> list[strawberry.ID] | None:
        return [c.id for c in await _license_courses(info, self.id)]

    @strawberry.field
    async def learning_paths(self, info: Info) -> list[LearningPathRef] | None:
        return await _license_learning_paths(info, self.id)

    @strawberry.field
    async def learning_path_ids(self, info: Info) -> list[strawberry.ID] | None:
        return [p.id for p in await _license_learning_paths(info, self.id)]

    @strawberry.field
    async def course_tags(self, info: Info) -> list[TagRef] | None:
        return await _license_course_tags(info, self.id)

    @strawberry.field
    async def course_tag_ids(self, info: Info) -> list[strawberry.ID] | None:
        return [t.id for t in await _license_course_tags(info, self.id)]
