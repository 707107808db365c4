"""The catalog document: pydantic models of every section, which also produce its JSON Schema.

A field's Python name is the store's column name and its JSON name the camelCase of it
(`course_start_date` -> `courseStartDate`), so a new column joins the format with one line here
(app/catalog/entities.py copies every field that names a column of the entity's table).
Fields that are not columns are references (by the operator's key: slug, sku, code, label, email)
or nested collections, which entities.py declares.
"""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from app.ranges import MAX_YEAR, MIN_YEAR
from app.web.input import unclean_path

FORMAT = "learner-api/catalog"
VERSION = 1

Key = Annotated[str, Field(min_length=1, max_length=200)]


def _timestamp_text(value):
    if isinstance(value, str | datetime):
        return value
    raise ValueError("must be an ISO 8601 timestamp string")


# JSON has no timestamps: a string (lax, as pydantic parses ISO 8601), never a number of seconds.
Timestamp = Annotated[datetime, Field(strict=False), BeforeValidator(_timestamp_text)]
Text = Annotated[str, Field(max_length=300)]
Url = Annotated[str, Field(max_length=500)]
Color = Annotated[str, Field(max_length=9)]
Status = Literal["published", "draft", "archived", "deleted"]
CertificateFieldType = Literal["awardLabel", "contentCompletionDate", "contentFieldLabel", "contentStartDate",
                             "courseLabel", "dateLabel", "expirationDateLabel", "identifier",
                             "learnerClientNameLabel", "nameLabel", "sessionCustomContentField", "shareToLinkedIn",
                             "textLabel", "userFieldLabel", "userRef1Label", "userRef2Label", "userRef3Label",
                             "userRef4Label", "userRef5Label", "userRef6Label", "userRef7Label", "userRef8Label",
                             "userRef9Label", "userRef10Label", "viewCertificateLink"]
CourseGroupKind = Literal["courseGroup", "microCourse", "webinarCourse", "inPersonEventCourse", "article", "video",
                          "webinar", "inPersonEvent", "shareableContentObject", "xApiObject", "course"]


class Section(BaseModel):
    # strict: a JSON value of the wrong type ("12" for a number, "yes" for a flag) is refused, not converted
    # (timestamps are strings in JSON: Timestamp keeps them lax).
    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=True, validate_by_alias=True,
                              serialize_by_alias=True, extra="forbid", strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value):
        """What the store could not hold: text no database accepts (NUL, unpaired surrogates:
        app/web/input.py), in JSON members and keys too, and a date outside the years every input date
        keeps to (app/ranges.py). Nested sections are checked by their own validator."""
        if unclean_path(value, "") is not None:
            raise ValueError("may not contain NUL (U+0000) or unpaired surrogate characters")
        if isinstance(value, datetime) and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValueError(f"must be between the years {MIN_YEAR} and {MAX_YEAR}")
        return value


class Stamped(Section):
    """When the row was created and last changed (kept as given, so an export imports unchanged)."""

    created_at: Timestamp | None = None
    updated_at: Timestamp | None = None


# ---- the instance ---------------------------------------------------------------------------------

class Appearance(Stamped):
    accent_color: Color | None = None
    secondary_color: Color | None = None
    link_color: Color | None = None
    font: Text | None = None
    alt_font: Text | None = None
    background_asset: Url | None = None
    background_asset_tiled: bool | None = None
    custom_css: str | None = None
    favicon: Url | None = None
    logo_asset: Url | None = None
    retina_logo: bool | None = None
    global_navigation_links: list[dict[str, Any]] | None = None


# An owner's own appearance, or "company": the company's appearance, shared (not a copy).
OwnedAppearance = Annotated[Appearance | Literal["company"], Field(
    description='Its own appearance, or "company": it shares the company\'s appearance')]


class TopicGroup(Section):
    label: Key


class Company(Stamped):
    subdomain: Key
    name: Text
    school_name: Text | None = None
    copyright_name: Text | None = None
    organization_name: Text | None = None
    global_terms: str | None = Field(None, description="TermsAndConditions.globalTerms")
    catalog_visibility_emails: list[str] | None = None
    microsite_header: dict[str, Any] | None = None
    microsite_footer: dict[str, Any] | None = None
    root_layout: dict[str, Any] | None = None
    default_currency: Annotated[str, Field(min_length=3, max_length=3)] | None = None
    dashboard_url: Text | None = None
    catalog_block_id: Annotated[str, Field(max_length=36)] | None = None
    appearance: Appearance | None = None
    leaderboard_award_type: Key | None = Field(None, description="The label of the award type BadgeLeaderboard "
                                                                 "ranks by")
    topic_groups: list[TopicGroup] | None = None


class Language(Section):
    code: Annotated[str, Field(min_length=1, max_length=20)]
    label: Text
    selector_label: Text | None = None
    is_custom: bool | None = None
    position: int | None = None


class Translations(Section):
    """The strings of one namespace in one language; keys not listed are left as they are."""

    namespace: Literal["lms", "emails"]
    lang: Annotated[str, Field(min_length=1, max_length=20)]
    strings: dict[Annotated[str, Field(min_length=1, max_length=200)], str]


class ContentCustomField(Section):
    slug: Key
    label: Text
    indexed: bool | None = None
    multiple: bool | None = None
    include_label_on_content: bool | None = None
    include_value_on_content: bool | None = None
    sort: Text | None = None


class UserCustomField(Section):
    slug: Key
    label: Text
    type: Literal["dropDown", "singleField", "telephone"] | None = None
    required: bool | None = None
    ref: int | None = None
    choices: list[str] | None = None


class Tag(Stamped):
    """A content tag. Items name their tags by label; a label no entry lists is created as a plain tag."""

    label: Key
    is_folder: bool | None = None


class Ribbon(Section):
    slug: Key
    label: Text | None = None
    color: Color | None = None
    contrast_color: Color | None = None
    darker_color: Color | None = None


class Location(Section):
    name: Key
    address1: Text
    address2: Text | None = None
    city: Text
    state: Text | None = None
    zip_code: Annotated[str, Field(max_length=20)] | None = None
    country: Text | None = None
    room: Text | None = None
    time_zone: Text | None = None


# ---- awards -----------------------------------------------------------------------------------------

class AwardType(Stamped):
    label: Key
    plural_label: Text | None = None
    icon: Annotated[str, Field(max_length=20, description="An AwardTypeIcon")] | None = None
    include_on_dashboard: bool | None = None
    deleted: bool | None = None


class Badge(Stamped):
    label: Key
    asset: Url
    award_type: Key | None = Field(None, description="The award type's label")
    award_threshold: int
    deleted: bool | None = None


# ---- content ----------------------------------------------------------------------------------------

class Author(Section):
    name: Text
    is_instructor: bool = False
    email: Annotated[str, Field(max_length=320)] | None = None


class FulfillmentCenter(Section):
    """Where an item's physical goods ship from."""

    name: Key
    address1: Text | None = None
    address2: Text | None = None
    city: Text | None = None
    state: Text | None = None
    zip_code: Annotated[str, Field(max_length=20)] | None = None
    country: Text | None = None
    latitude: Annotated[str, Field(max_length=30)] | None = None
    longitude: Annotated[str, Field(max_length=30)] | None = None


class Layout(Section):
    """A page layout (a learning path's detail or learner page). It has no name of its own, so its
    key is its id, chosen by the operator and kept as the row's id."""

    id: Annotated[str, Field(min_length=1, max_length=36)]
    kind: Annotated[str, Field(max_length=40, description="A LayoutKind")] | None = None
    has_enrollment_widget: bool | None = None
    scripts: str | None = None
    widgets: list[Any] | None = None


class Lesson(Section):
    slug: Key
    title: Text | None = None
    access_level: Annotated[str, Field(max_length=30, description="An AccessLevel")] | None = None
    is_sample: bool = False


class SyllabusSection(Section):
    """A section of a course's syllabus with its lessons, in order."""

    slug: Key
    title: Text | None = None
    status: Status | None = "published"
    lessons: list[Lesson] = []


class SeatTier(Section):
    seats: int
    price_in_cents: int


class SeatPackage(Section):
    seats: int


class AwardClaimingOption(Section):
    award_type: Key = Field(description="The award type's label")
    range: Annotated[str, Field(max_length=100)]
    award_amounts: list[float] | None = None


class WebinarDetails(Section):
    webinar_provider: Annotated[str, Field(max_length=50)]
    webinar_type: Annotated[str, Field(max_length=50)] | None = None
    join_url: Url | None = None
    attendee_dial_in: Annotated[str, Field(max_length=200)] | None = None
    organizer_dial_in: Annotated[str, Field(max_length=200)] | None = None
    time_zone: Annotated[str, Field(max_length=64)] | None = None
    co_organizers: list[Any] | None = None
    enable_auto_recording: bool = False
    retrieve_recording: bool = False


class Milestone(Section):
    """A stage of a learning path; the path's `items` name the milestone they are filed under."""

    name: Text
    kind: Annotated[str, Field(max_length=30, description="A MilestoneKind")] = "content"
    requirement: Annotated[str, Field(max_length=20, description="A MilestoneRequirement")] = "required"
    release_date: Timestamp | None = None
    release_days: int | None = None
    completion_criteria_description: str | None = None


class PathItem(Section):
    slug: Key
    milestone: Text | None = Field(None, description="The name of one of the path's milestones")


class LearningPathTab(Section):
    label: Annotated[str, Field(max_length=200)] | None = None
    body: str | None = None
    tab_type: Annotated[str, Field(max_length=50)] | None = None


class Price(Section):
    currency_code: Annotated[str, Field(min_length=3, max_length=3)]
    price_in_cents: int


class CourseAward(Section):
    award_type: Key = Field(description="The award type's label")
    amount: float


class Meeting(Section):
    title: Text | None = None
    start_date: Timestamp
    end_date: Timestamp
    time_zone: Text | None = None
    location: Key | None = Field(None, description="The location's name")
    attendee_info: str | None = None
    instructors: list[str] | None = None


class ContentFields(Stamped):
    """Columns every content item has (course groups, sessions, learning paths, bundles)."""

    slug: Key
    title: Text
    status: Status | None = None
    description: str | None = None
    short_description: str | None = None
    session_title: Text | None = Field(None, description="A session's own title (its group's title is `title`)")
    alt_description_body: str | None = None
    asset: Url | None = None
    asset_alt_text: Text | None = None
    image_url: Url | None = None
    language: Annotated[str, Field(max_length=20)] | None = None
    meta_title: Text | None = None
    meta_description: str | None = None
    sku: Annotated[str, Field(max_length=100)] | None = None
    price_in_cents: int | None = None
    suggested_retail_price_in_cents: int | None = None
    alternative_pricing_type: Annotated[str, Field(max_length=20)] | None = None
    alternative_pricing_ref: int | None = None
    purchasable: bool | None = None
    free_with_registration: bool | None = None
    bulk_purchasing_enabled: bool | None = None
    embedded_enabled: bool | None = None
    hide_course_description: bool | None = None
    rating: int | None = None
    publish_date: Timestamp | None = None
    display_date: Timestamp | None = None
    course_start_date: Timestamp | None = None
    course_end_date: Timestamp | None = None
    enrollment_start_date: Timestamp | None = None
    enrollment_end_date: Timestamp | None = None
    grace_period_end_date: Timestamp | None = None
    expires_at: Timestamp | None = None
    time_zone: Text | None = None
    seats_limit: int | None = None
    waitlisting_enabled: bool | None = None
    access_days: int | None = None
    content_type_label: Text | None = None
    content_type_asset_aspect_ratio: Annotated[str, Field(max_length=20)] | None = None
    source: Text | None = None
    badge_name: Text | None = None
    badge_url: Url | None = None
    accept_badge_url: Url | None = None
    credly_badge_expires_at: Timestamp | None = None
    annotations_enabled: bool | None = None
    # Commerce
    taxable: bool | None = None
    tax_category: Annotated[str, Field(max_length=100)] | None = None
    last_tier_price_in_cents: int | None = None
    # Course settings (Helium's Course fields); the *_block members are ids of the instance's page blocks
    appearance_block: Annotated[str, Field(max_length=100)] | None = None
    confirmation_block: Annotated[str, Field(max_length=100)] | None = None
    paywalls_block: Annotated[str, Field(max_length=100)] | None = None
    terms_block: Annotated[str, Field(max_length=100)] | None = None
    ask_learner_password: bool | None = None
    balance_requirement: float | None = None
    completion_time_per_page: int | None = None
    discussions_enabled: bool | None = None
    display_map: bool | None = None
    display_results: bool | None = None
    final_assessment: Annotated[str, Field(max_length=200)] | None = None
    force_linear_progress: bool | None = None
    gallery_enabled: bool | None = None
    instructor_access_enabled: bool | None = None
    instructor_access_price_in_cents: int | None = None
    linked_workbook_enabled: bool | None = None
    linked_workbook_skip_enabled: bool | None = None
    meetings_overview_enabled: bool | None = None
    resources_enabled: bool | None = None
    roster: bool | None = None
    roster_submitted_date: Timestamp | None = None
    scorm_collect_user_details: bool | None = None
    show_progress: bool | None = None
    show_syllabus_while_unenrolled: bool | None = None
    superquiz_enabled: bool | None = None
    syllabus_titles_enabled: bool | None = None
    workbook_enabled: bool | None = None
    webinar_id: Annotated[str, Field(max_length=100)] | None = None
    in_person_event_subtitle: Text | None = None
    in_person_event_hero_asset: Url | None = None
    # Learning path settings (Helium's LearningPath fields)
    confirmation_html: str | None = None
    hero_asset: Url | None = None
    detail_asset: Url | None = None
    video_asset: Annotated[str, Field(max_length=100)] | None = None
    external_detail_url: Url | None = None
    due_date: Timestamp | None = None
    due_date_days: int | None = None
    is_pay_as_you_go: bool | None = None
    related_query: Annotated[str, Field(max_length=1000)] | None = None
    tabs_generated: bool | None = None
    # Bundle settings (Helium's Bundle fields)
    plan_id: Annotated[str, Field(max_length=100)] | None = None
    annual_plan_id: Annotated[str, Field(max_length=100)] | None = None
    annual_price_in_cents: int | None = None
    need_shipping_address: bool | None = None
    weight: float | None = None
    variation_labels: list[str] | None = None
    custom_fields: dict[str, Any] | None = Field(None, description="Content custom field values by slug")
    # References and collections (app/catalog/entities.py)
    ribbon: Key | None = Field(None, description="The ribbon's slug")
    location: Key | None = Field(None, description="The location's name")
    tags: list[Key] | None = Field(None, description="Tag labels, in order; unknown tags are created")
    authors: list[Author] | None = None
    prices: list[Price] | None = None
    prerequisites: list[Key] | None = Field(None, description="Slugs of the items to complete first")
    awards: list[CourseAward] | None = None
    meetings: list[Meeting] | None = None
    fulfillment_center: Key | None = Field(None, description="The fulfillment center's name")
    topic_group: Key | None = Field(None, description="The topic group's label")
    client: Key | None = Field(None, description="The slug of the client the item is made for")
    authoring_client: Key | None = Field(None, description="The slug of the client that authors it")
    layout: Annotated[str, Field(max_length=36)] | None = Field(None, description="The layout's id")
    learner_layout: Annotated[str, Field(max_length=36)] | None = Field(None, description="The learner layout's id")
    seat_tiers: list[SeatTier] | None = None
    seat_packages: list[SeatPackage] | None = None


class CourseFields(ContentFields):
    """What course groups and sessions have besides: syllabus, award claiming, webinar settings."""

    syllabus: list[SyllabusSection] | None = Field(None, description="Sections with their lessons, in order")
    award_claiming_options: list[AwardClaimingOption] | None = None
    webinar: WebinarDetails | None = Field(None, description="A webinar course's provider settings")


class Session(CourseFields):
    """A session (Helium's Course) of a course group."""


class Course(CourseFields):
    """A course in the catalog: a course group of one of Helium's CourseGroupKinds, with its sessions."""

    kind: CourseGroupKind
    sessions: list[Session] | None = None


class LearningPath(ContentFields):
    items: list[Key | PathItem] | None = Field(None, description="The path's items in order: a slug, or the slug "
                                                                 "and the milestone it is filed under")
    milestones: list[Milestone] | None = None
    tabs: list[LearningPathTab] | None = None


class Bundle(ContentFields):
    items: list[Key] | None = Field(None, description="Slugs of the bundle's items, in order")


# ---- clients ----------------------------------------------------------------------------------------

class License(Stamped):
    sku: Key
    name: Text
    label: Text | None = None
    school_name: Text | None = None
    access_days: int | None = None
    expiration_date: Timestamp | None = None
    seats_limit: int | None = None
    is_default: bool | None = None
    enable_branding: bool | None = None
    dashboard_layout_id: Annotated[str, Field(max_length=36)] | None = None
    ref1: Annotated[str, Field(max_length=255)] | None = None
    ref2: Annotated[str, Field(max_length=255)] | None = None
    ref3: Annotated[str, Field(max_length=255)] | None = None
    ref4: Annotated[str, Field(max_length=255)] | None = None
    ref5: Annotated[str, Field(max_length=255)] | None = None
    ref6: Annotated[str, Field(max_length=255)] | None = None
    ref7: Annotated[str, Field(max_length=255)] | None = None
    ref8: Annotated[str, Field(max_length=255)] | None = None
    ref9: Annotated[str, Field(max_length=255)] | None = None
    ref10: Annotated[str, Field(max_length=255)] | None = None
    parent_license: Key | None = Field(None, description="The parent license's sku")
    appearance: OwnedAppearance | None = None
    content: list[Key] | None = Field(None, description="Slugs of the items the license gives access to")


class Client(Stamped):
    slug: Key
    name: Text
    sku: Annotated[str, Field(max_length=100)] | None = None
    disabled: bool | None = None
    school_name: Text | None = None
    custom_host: Text | None = None
    default_language: Annotated[str, Field(max_length=20)] | None = None
    seats_limit: int | None = None
    starting_balance: float | None = None
    license_end_date: Timestamp | None = None
    enable_branding: bool | None = None
    enable_ecommerce: bool | None = None
    enable_global_links: bool | None = None
    enable_nav_links: bool | None = None
    enable_onboarding_survey: bool | None = None
    enable_segmentation: bool | None = None
    panorama: bool | None = None
    allocated_credits: float | None = None
    current_balance: float | None = None
    notification_emails: Annotated[str, Field(max_length=500)] | None = None
    languages: list[str] | None = None
    settings: dict[str, Any] | None = Field(None, description="As stored, except that catalog.displayBundleId and "
                                                         "sso.bundleId hold the bundle's slug")
    dashboard_layout_id: Annotated[str, Field(max_length=36)] | None = None
    redemption_layout_id: Annotated[str, Field(max_length=36)] | None = None
    appearance: OwnedAppearance | None = None
    licenses: list[License] | None = None


class Code(Stamped):
    code: Annotated[str, Field(min_length=1, max_length=100, description="Stored trimmed and upper-cased")]
    kind: Literal["registration", "redemption"]
    content: Key | None = Field(None, description="The slug of the item the code grants")
    license: Key | None = Field(None, description="The sku of the license the code grants")
    client: Key | None = Field(None, description="The slug of the client the code joins")
    balance_cents: int | None = None
    expires_at: Timestamp | None = None


# ---- certificates -----------------------------------------------------------------------------------

class CertificateField(Stamped):
    label: Key
    type: CertificateFieldType
    position: int | None = None
    include_on_transcript: bool | None = None
    include_on_external_certificate: bool | None = None
    text: str | None = None
    date_format: Literal["euroShort", "iso8601", "usLong", "usShort"] | None = None
    identifier_prefix: Annotated[str, Field(max_length=50)] | None = None
    identifier_body_length: int | None = None
    custom_field_slug: Annotated[str, Field(max_length=100)] | None = None
    user_custom_field_slug: Annotated[str, Field(max_length=100)] | None = None
    session_custom_content_field_slug: Annotated[str, Field(max_length=100)] | None = None
    award_type: Key | None = Field(None, description="The award type's label")


class TemplateLabel(Section):
    field: Key = Field(description="The certificate field's label")
    x: int = 0
    y: int = 0
    text_align: Literal["left", "center", "right"] = "left"
    font_size: int = 12
    font_color: Color = "#000000"


class CertificateType(Stamped):
    slug: Annotated[str, Field(min_length=1, max_length=100)]
    title: Annotated[str, Field(max_length=200)]
    description: str | None = None
    is_published: bool | None = None
    published_at: Timestamp | None = None
    deleted_at: Timestamp | None = None


class CertificateTemplate(Stamped):
    title: Key
    certificate_type: Key | None = Field(None, description="The certificate type's slug")
    resource: Key | None = Field(None, description="The slug of the course or learning path")
    resource_type: Literal["course", "learningPath"] = "course"
    description: str | None = None
    asset: Url | None = None
    asset_library_id: Annotated[str, Field(max_length=36)] | None = None
    supplemental_assets: list[Any] | None = None
    custom_css: str | None = None
    expiration_date: Timestamp | None = None
    expiration_days: int | None = None
    expiration_months: int | None = None
    recertification_action: Annotated[str, Field(max_length=30)] | None = None
    recertification_action_text: Text | None = None
    recertification_action_url: Url | None = None
    recertification_after_days: int | None = None
    recertification_auto_reset: bool | None = None
    recertification_instructions: str | None = None
    reset_days_before_expiry: int | None = None
    user_custom_field_slug: Annotated[str, Field(max_length=100)] | None = None
    user_custom_field_value: Text | None = None
    is_published: bool | None = None
    published_at: Timestamp | None = None
    labels: list[TemplateLabel] | None = None


# ---- the whole document -----------------------------------------------------------------------------

class Catalog(Section):
    """A whole instance's catalog and organisation. Every section is optional; see docs/catalog.md."""

    model_config = ConfigDict(title="Learner API catalog", json_schema_extra={"$id": "catalog.schema.json"})

    format: Literal["learner-api/catalog"] = FORMAT
    version: Literal[1] = VERSION
    company: Company | None = None
    fulfillment_centers: list[FulfillmentCenter] = []
    layouts: list[Layout] = []
    languages: list[Language] = []
    translations: list[Translations] = []
    content_custom_fields: list[ContentCustomField] = []
    user_custom_fields: list[UserCustomField] = []
    tags: list[Tag] = []
    ribbons: list[Ribbon] = []
    locations: list[Location] = []
    award_types: list[AwardType] = []
    badges: list[Badge] = []
    courses: list[Course] = []
    learning_paths: list[LearningPath] = []
    bundles: list[Bundle] = []
    clients: list[Client] = []
    codes: list[Code] = []
    certificate_fields: list[CertificateField] = []
    certificate_types: list[CertificateType] = []
    certificate_templates: list[CertificateTemplate] = []


def json_schema() -> dict:
    """The JSON Schema (2020-12) of the document: docs/catalog.schema.json, `python -m app catalog-schema`."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Catalog.model_json_schema(by_alias=True)}
