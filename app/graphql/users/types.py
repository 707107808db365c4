"""The Helium User type and the types only it reaches."""
from __future__ import annotations

from dataclasses import dataclass

import strawberry
from sqlalchemy import select

from app.certificates.models import Certificate
from app.clients.models import Client as ClientRow
from app.clients.models import ClientAdmin, LicenseAllocation
from app.clients.models import License as LicenseRow
from app.content.models import COURSE_KINDS, ContentItem, MeetingAttendance
from app.content.models import Meeting as MeetingRow
from app.graphql.context import Info
from app.graphql.enums import AllocatedLicenseRole
from app.graphql.loaders import by_id, children, counts, grouped
from app.graphql.refs import BundleRef, ClientRef, CourseRef, LearningPathRef, LicenseRef, MeetingRef, UserRef
from app.graphql.scalars import JSON, Date
from app.learning.models import Enrollment, LearningPathAllocation, WaitlistEntry
from app.learning.models import PurchasedBundle as PurchasedBundleRow
from app.users import stats


def _content(info: Info, content_id: str | None):
    return by_id(info.context, ContentItem).load(content_id) if content_id else None


@strawberry.type
class UserRecommendedSlug:
    boost: int
    slug: str


@strawberry.type
class UserRecommendedTag:
    boost: int
    label: str


@strawberry.type
class AllocatedLicense:
    """Source: a LicenseAllocation row."""

    license_id: strawberry.ID
    status: str | None

    @strawberry.field
    def license_role(self) -> AllocatedLicenseRole:
        return AllocatedLicenseRole(self.role)

    @strawberry.field(description="The ID of the License.")
    async def license(self, info: Info) -> LicenseRef | None:
        return await by_id(info.context, LicenseRow).load(self.license_id)


@strawberry.type
class AllocatedLearningPath:
    """Source: a LearningPathAllocation row."""

    learning_path_id: strawberry.ID
    status: str | None

    @strawberry.field(description="The ID of the Learning Path.")
    async def learning_path(self, info: Info) -> LearningPathRef | None:
        return await _content(info, self.learning_path_id)


@dataclass(frozen=True, slots=True)
class PurchasedCourseRow:
    """An Enrollment of a course-like item with the learner's latest held certificate for it, read
    together for the whole list, so that the item's fields are plain reads (no awaitable per item)."""

    user_id: str
    content_id: str
    status: str
    instructor_access_purchased: bool | None
    held_certificate: Certificate | None


@strawberry.type
class PurchasedCourse:
    """Source: a PurchasedCourseRow."""

    status: str
    instructor_access_purchased: bool | None

    @strawberry.field
    def course_id(self) -> strawberry.ID:
        return self.content_id

    @strawberry.field(description="The ID of the Course.")
    async def course(self, info: Info) -> CourseRef | None:
        return await _content(info, self.content_id)

    @strawberry.field(description="The ID of the Certificate.")
    def certificate(self) -> strawberry.ID | None:
        return self.held_certificate.id if self.held_certificate else None

    @strawberry.field
    def certificate_issued_at(self) -> Date | None:
        return self.held_certificate.issued_at if self.held_certificate else None


def _latest_held_certificate(ctx):
    """(user_id, resource_id) -> the latest held certificate, or None: one query per batch, and a dict
    lookup per course (not a scan of the learner's certificates for each of their courses)."""

    async def load(keys: list[tuple[str, str]]):
        async with ctx.db.read() as session:
            rows = (await session.scalars(
                select(Certificate)
                .where(Certificate.user_id.in_({user_id for user_id, _ in keys}), *stats.held_certificate_filter())
                .order_by(Certificate.issued_at.desc())
            )).all()
        latest: dict[tuple[str, str], Certificate] = {}
        for cert in rows:
            latest.setdefault((cert.user_id, cert.resource_id), cert)
        return [latest.get(key) for key in keys]

    return ctx.loader(("latest_held_certificate",), load)


@strawberry.type
class PurchasedBundle:
    """Source: a PurchasedBundle row."""

    bundle_id: strawberry.ID

    @strawberry.field(description="The ID of the Bundle.")
    async def bundle(self, info: Info) -> BundleRef | None:
        return await _content(info, self.bundle_id)


@strawberry.type
class WaitlistedCourse:
    """Source: a WaitlistEntry row."""

    @strawberry.field
    def course_id(self) -> strawberry.ID:
        return self.content_id

    @strawberry.field(description="The ID of the Course.")
    async def course(self, info: Info) -> CourseRef | None:
        return await _content(info, self.content_id)


@strawberry.type
class UserAttendedMeeting:
    """Source: a MeetingAttendance row."""

    attendance_date: Date

    @strawberry.field
    async def meeting(self, info: Info) -> MeetingRef | None:
        return await by_id(info.context, MeetingRow).load(self.meeting_id)

    @strawberry.field
    async def user(self, info: Info) -> UserRef:
        from app.users.models import User as UserRow

        return await by_id(info.context, UserRow).load(self.user_id)


def _count_field(name: str, build):
    async def resolve(self, info: Info) -> int:
        return await counts(info.context, name, build).load(self.id)

    return strawberry.field(resolver=resolve)


@strawberry.type
class User:
    """Source: a users row (app.users.models.User)."""

    id: strawberry.ID
    email: str | None
    first_name: str | None
    last_name: str | None
    name: str | None
    abbreviated_name: str | None
    first_initial: str | None
    last_initial: str | None
    asset: str | None
    bio: str | None
    role_key: str | None
    disabled: bool
    must_verify_email: bool
    two_factor_enabled: bool | None
    should_highlight: bool
    invited_by_name: str | None
    lang: str | None
    preferred_currency: str | None
    balance: float | None
    address1: str | None
    address2: str | None
    city: str | None
    state: str | None
    zip_code: str | None
    country: str | None
    telephone: str | None
    shipping_name: str | None
    stripe_customer_id: strawberry.ID | None = strawberry.field(description="The ID of the Stripe Customer.")
    external_customer_id: strawberry.ID | None = strawberry.field(description="The ID of the External Customer.")
    sf_account_id: strawberry.ID | None = strawberry.field(description="The ID of the Sf Account.")
    sf_contact_id: strawberry.ID | None = strawberry.field(description="The ID of the Sf Contact.")
    learner_user_id: strawberry.ID | None = strawberry.field(description="The ID of the Learner User.")
    manager_user_id: strawberry.ID | None = strawberry.field(description="The ID of the Manager User.")
    client_id: strawberry.ID | None = strawberry.field(description="The ID of the Client.")
    created_at: Date | None
    updated_at: Date | None
    last_active_at: Date | None
    custom_fields: JSON | None
    accessed_flows: list[str] | None
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

    certificates_count: int = _count_field("certificates_count", stats.certificates_count)
    completed_courses_count: int = _count_field("completed_courses_count", stats.completed_courses_count)
    started_courses_count: int = _count_field("started_courses_count", stats.started_courses_count)
    available_courses_count: int = _count_field("available_courses_count", stats.available_courses_count)
    collaborations_count: int = _count_field("collaborations_count", stats.collaborations_count)

    @strawberry.field
    def recommended_tags(self) -> list[UserRecommendedTag] | None:
        if self.recommended_tags is None:
            return None
        return [UserRecommendedTag(label=t["label"], boost=int(t.get("boost", 0))) for t in self.recommended_tags]

    @strawberry.field
    def recommended_slugs(self) -> list[UserRecommendedSlug] | None:
        if self.recommended_slugs is None:
            return None
        return [UserRecommendedSlug(slug=s["slug"], boost=int(s.get("boost", 0))) for s in self.recommended_slugs]

    @strawberry.field(description="The ID of the Client.")
    async def client(self, info: Info) -> ClientRef | None:
        return await by_id(info.context, ClientRow).load(self.client_id) if self.client_id else None

    @strawberry.field
    async def active_license(self, info: Info) -> LicenseRef | None:
        if not self.active_license_id:
            return None
        return await by_id(info.context, LicenseRow).load(self.active_license_id)

    @strawberry.field
    async def allocated_licenses(self, info: Info) -> list[AllocatedLicense] | None:
        return await children(
            info.context, LicenseAllocation, LicenseAllocation.user_id, LicenseAllocation.created_at
        ).load(self.id)

    @strawberry.field(description="This field has an additional cost of 3 points.")
    async def allocated_learning_paths(self, info: Info) -> list[AllocatedLearningPath] | None:
        return await children(
            info.context, LearningPathAllocation, LearningPathAllocation.user_id, LearningPathAllocation.created_at
        ).load(self.id)

    @strawberry.field(description="This field has an additional cost of 3 points.")
    async def purchased_courses(self, info: Info) -> list[PurchasedCourse] | None:
        enrollments = await grouped(
            info.context,
            "purchased_courses",
            lambda keys: select(Enrollment.user_id, Enrollment)
            .join(ContentItem, ContentItem.id == Enrollment.content_id)
            .where(Enrollment.user_id.in_(keys), ContentItem.kind.in_(COURSE_KINDS))
            .order_by(Enrollment.created_at, Enrollment.id),
        ).load(self.id)
        held = await _latest_held_certificate(info.context).load_many(
            [(e.user_id, e.content_id) for e in enrollments])
        return [PurchasedCourseRow(e.user_id, e.content_id, e.status, e.instructor_access_purchased, cert)
                for e, cert in zip(enrollments, held)]

    @strawberry.field(description="This field has an additional cost of 3 points.")
    async def purchased_bundles(self, info: Info) -> list[PurchasedBundle] | None:
        return await children(
            info.context, PurchasedBundleRow, PurchasedBundleRow.user_id, PurchasedBundleRow.created_at
        ).load(self.id)

    @strawberry.field
    async def waitlisted_courses(self, info: Info) -> list[WaitlistedCourse] | None:
        return await children(
            info.context, WaitlistEntry, WaitlistEntry.user_id, WaitlistEntry.created_at
        ).load(self.id)

    @strawberry.field(description="This field has an additional cost of 3 points.")
    async def attended_meetings(self, info: Info, course_id: strawberry.ID | None = None) -> list[UserAttendedMeeting] | None:
        rows = await grouped(
            info.context,
            "attended_meetings",
            lambda keys: select(MeetingAttendance.user_id, MeetingAttendance)
            .where(MeetingAttendance.user_id.in_(keys))
            .order_by(MeetingAttendance.attendance_date),
        ).load(self.id)
        if course_id is None:
            return rows
        meetings = await by_id(info.context, MeetingRow).load_many([r.meeting_id for r in rows])
        return [r for r, m in zip(rows, meetings) if m is not None and m.course_id == course_id]

    @strawberry.field
    async def admin_clients(self, info: Info) -> list[ClientRef | None] | None:
        return await grouped(
            info.context,
            "admin_clients",
            lambda keys: select(ClientAdmin.user_id, ClientRow)
            .join(ClientRow, ClientRow.id == ClientAdmin.client_id)
            .where(ClientAdmin.user_id.in_(keys))
            .order_by(ClientRow.name),
        ).load(self.id)
