"""Builders for the content query tests: a learner with N items of every relation."""
from __future__ import annotations

from datetime import timedelta

from app.content.models import ContentAuthor, ContentCustomValue, ContentItem, ContentTag, ItemPrice, Meeting, Tag
from app.db import new_id, utcnow
from app.learning.models import ArchivedItem, Enrollment, RecentView, WaitlistEntry
from app.security import hash_password
from app.users.models import User

PASSWORD = "builder-password"


async def make_learner(db, email: str = "sam.builder@example.com") -> str:
    async with db() as session:
        user = User(id=new_id(), email=email, password_hash=hash_password(PASSWORD), first_name="Sam",
                    last_name="Builder")
        session.add(user)
        await session.commit()
        return user.id


async def add_items(db, user_id: str, n: int, *, prefix: str = "item", kind: str = "course") -> list[str]:
    """n published items with a tag, an author, two prices and a meeting, each one enrolled,
    recently viewed, waitlisted and archived-by-a-twin for the user (so every list has n entries)."""
    now = utcnow()
    ids = []
    async with db() as session:
        tag = Tag(id=new_id(), label=f"{prefix}-tag")
        session.add(tag)
        await session.flush()
        for i in range(n):
            item = ContentItem(id=new_id(), kind=kind, slug=f"{prefix}-{i}", title=f"{prefix.title()} {i:03d}",
                               price_in_cents=100 + i, created_at=now - timedelta(days=i))
            twin = ContentItem(id=new_id(), kind=kind, slug=f"{prefix}-archived-{i}", title=f"Archived {prefix} {i:03d}")
            session.add_all([item, twin])
            await session.flush()
            session.add_all([
                ContentTag(content_id=item.id, tag_id=tag.id),
                ContentAuthor(id=new_id(), content_id=item.id, name=f"Author {i}"),
                ContentCustomValue(id=new_id(), content_id=item.id, field_slug="difficulty", value="Easy"),
                ItemPrice(id=new_id(), content_id=item.id, currency_code="USD", price_in_cents=100 + i),
                ItemPrice(id=new_id(), content_id=item.id, currency_code="EUR", price_in_cents=90 + i),
                Meeting(id=new_id(), course_id=item.id, start_date=now + timedelta(days=1),
                        end_date=now + timedelta(days=1, hours=1), instructors=[f"Instructor {i}"]),
                Enrollment(id=new_id(), user_id=user_id, content_id=item.id, status="completed" if i % 2 else "started",
                           due_date=now - timedelta(days=3), completed_at=now if i % 2 else None,
                           last_active_at=now - timedelta(hours=i)),
                Enrollment(id=new_id(), user_id=user_id, content_id=twin.id),
                RecentView(user_id=user_id, content_id=item.id, viewed_at=now - timedelta(minutes=i)),
                WaitlistEntry(id=new_id(), user_id=user_id, content_id=item.id, created_at=now - timedelta(minutes=i)),
                ArchivedItem(id=new_id(), user_id=user_id, content_id=twin.id, archived_at=now - timedelta(minutes=i)),
            ])
            ids.append(item.id)
        await session.commit()
    return ids


def errors_of(body: dict) -> list[dict]:
    return body.get("errors") or []


def codes_of(body: dict) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in errors_of(body)]


async def add_catalog_parts(db, user_id: str, n: int, *, prefix: str = "parts") -> dict[str, list[str]]:
    """n purchased courses and n allocated learning paths, each with every part behind the parity
    fields (syllabus, seat pricing, award claiming, webinar details, milestones, tabs, layouts …)."""
    from app.awards.models import AwardType
    from app.clients.models import Client
    from app.company.models import Company
    from app.content.models import ContentChild, MeetingAttendance
    from app.content.parts import (
        AwardClaimingOption,
        ContentLesson,
        ContentSection,
        FulfillmentCenter,
        Layout,
        LearningPathTab,
        Milestone,
        SeatPackage,
        SeatTier,
        TopicGroup,
        WebinarDetails,
    )
    from app.learning.models import LearningPathAllocation

    now = utcnow()
    courses, paths = [], []
    async with db() as session:
        company = Company(id=new_id(), name=f"{prefix} Co", subdomain=f"{prefix}-co")
        client = Client(id=new_id(), name=f"{prefix} client", slug=f"{prefix}-client")
        award = AwardType(id=new_id(), label="Credit")
        center = FulfillmentCenter(id=new_id(), name="Center")
        layout = Layout(id=new_id(), kind="learningPathSidebarLayout")
        session.add_all([company, client, award, center, layout])
        await session.flush()
        topics = TopicGroup(id=new_id(), company_id=company.id)
        session.add(topics)
        await session.flush()
        for i in range(n):
            course = ContentItem(id=new_id(), kind="webinar", slug=f"{prefix}-course-{i}", title=f"Course {i}",
                                 topic_group_id=topics.id, fulfillment_center_id=center.id,
                                 appearance_block="block-1", updated_at=now)
            path = ContentItem(id=new_id(), kind="learningPath", slug=f"{prefix}-path-{i}", title=f"Path {i}",
                               client_id=client.id, fulfillment_center_id=center.id, layout_id=layout.id,
                               learner_layout_id=layout.id, related_query="tags:x")
            section = ContentSection(id=new_id(), course_id=course.id, slug="s", title="Section")
            milestone = Milestone(id=new_id(), learning_path_id=path.id, name="Core")
            meeting = Meeting(id=new_id(), course_id=course.id, start_date=now, end_date=now + timedelta(hours=1))
            session.add_all([course, path])
            await session.flush()
            session.add_all([section, milestone, meeting])
            await session.flush()
            session.add_all([
                ContentLesson(id=new_id(), section_id=section.id, slug="l1", title="Lesson", is_sample=True),
                ContentLesson(id=new_id(), section_id=section.id, slug="l2", title="Lesson 2", position=1),
                SeatTier(id=new_id(), content_id=course.id, seats=10, price_in_cents=100),
                SeatPackage(id=new_id(), content_id=course.id, seats=5),
                SeatTier(id=new_id(), content_id=path.id, seats=10, price_in_cents=100),
                SeatPackage(id=new_id(), content_id=path.id, seats=5),
                AwardClaimingOption(id=new_id(), course_id=course.id, award_type_id=award.id, range="1-2",
                                    award_amounts=[1.0, 2.0]),
                WebinarDetails(id=new_id(), course_id=course.id, webinar_provider="zoom"),
                ContentAuthor(id=new_id(), content_id=course.id, name="Ann Lee", email="ann@example.com",
                              is_instructor=True),
                ContentChild(parent_id=path.id, child_id=course.id, milestone_id=milestone.id),
                LearningPathTab(id=new_id(), learning_path_id=path.id, label="Overview"),
                MeetingAttendance(id=new_id(), meeting_id=meeting.id, user_id=user_id, attendance_date=now),
                Enrollment(id=new_id(), user_id=user_id, content_id=course.id, status="started", started_at=now),
                LearningPathAllocation(id=new_id(), user_id=user_id, learning_path_id=path.id),
            ])
            courses.append(course.id)
            paths.append(path.id)
        await session.commit()
    return {"courses": courses, "paths": paths}
