"""Builders for the content query tests: a learner with N items of every relation, made with
tests/factories (the catalog import, the learning service, the learning factories)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.content.models import LEARNING_PATH, ContentItem
from app.db import utcnow
from tests.factories import PASSWORD, build, course, learner
from tests.factories.learning import add, archive, attended, enrolled, progress, recent_view, waitlist_entry

__all__ = ["PASSWORD", "add_catalog_parts", "add_items", "codes_of", "errors_of", "make_learner"]


async def make_learner(db, email: str = "sam.builder@example.com") -> str:
    """Sam Builder, who logs in with PASSWORD."""
    return await learner(db, email, first_name="Sam", last_name="Builder")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


async def _ids(db, slugs: list[str]) -> dict[str, str]:
    async with db() as session:
        rows = (await session.execute(select(ContentItem.slug, ContentItem.id).where(ContentItem.slug.in_(slugs)))).all()
    return dict(rows)


async def add_items(db, user_id: str, n: int, *, prefix: str = "item", kind: str = "course") -> list[str]:
    """n published items with a tag, an author, two prices and a meeting, each one enrolled,
    recently viewed, waitlisted and archived-by-a-twin for the user (so every list has n entries)."""
    from tests.factories import learning_path

    now = utcnow()
    entries = []
    for i in range(n):
        fields = dict(
            title=f"{prefix.title()} {i:03d}", priceInCents=100 + i,
            createdAt=_iso(now - timedelta(days=i)), tags=[f"{prefix}-tag"], authors=[{"name": f"Author {i}"}],
            customFields={"difficulty": "Easy"},
            prices=[{"currencyCode": "USD", "priceInCents": 100 + i}, {"currencyCode": "EUR", "priceInCents": 90 + i}],
            meetings=[{"startDate": _iso(now + timedelta(days=1)), "endDate": _iso(now + timedelta(days=1, hours=1)),
                       "instructors": [f"Instructor {i}"]}])
        if kind == LEARNING_PATH:
            fields.pop("meetings")
            entries.append(learning_path(f"{prefix}-{i}", [], **fields))
            entries.append(learning_path(f"{prefix}-archived-{i}", [], title=f"Archived {prefix} {i:03d}"))
        else:
            entries.append(course(f"{prefix}-{i}", kind=kind, **fields))
            entries.append(course(f"{prefix}-archived-{i}", kind=kind, title=f"Archived {prefix} {i:03d}"))
    section = "learning_paths" if kind == LEARNING_PATH else "courses"
    await build(db, content_custom_fields=[{"slug": "difficulty", "label": "Difficulty"}], **{section: entries})
    ids = await _ids(db, [e["slug"] for e in entries])
    items = [ids[f"{prefix}-{i}"] for i in range(n)]
    twins = [ids[f"{prefix}-archived-{i}"] for i in range(n)]
    await enrolled(db, user_id, *items, *twins)
    if kind == LEARNING_PATH:  # an allocation has a due date, no progress of its own
        await progress(db, user_id, {item: {"due_date": now - timedelta(days=3)} for item in items})
    else:
        await progress(db, user_id, {item: {"status": "completed" if i % 2 else "started",
                                            "due_date": now - timedelta(days=3), "completed_at": now if i % 2 else None,
                                            "last_active_at": now - timedelta(hours=i)}
                                     for i, item in enumerate(items)})
    await add(db, *(row for i, (item, twin) in enumerate(zip(items, twins)) for row in (
        recent_view(user_id, item, viewed_at=now - timedelta(minutes=i)),
        waitlist_entry(user_id, item, created_at=now - timedelta(minutes=i)),
        archive(user_id, twin, archived_at=now - timedelta(minutes=i)))))
    return items


def errors_of(body: dict) -> list[dict]:
    return body.get("errors") or []


def codes_of(body: dict) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in errors_of(body)]


async def add_catalog_parts(db, user_id: str, n: int, *, prefix: str = "parts") -> dict[str, list[str]]:
    """n purchased courses and n allocated learning paths, each with every part behind the parity
    fields (syllabus, seat pricing, award claiming, webinar details, milestones, tabs, layouts …)."""
    from tests.factories import award_type, client, company, learning_path

    now = utcnow()
    seats = {"seatTiers": [{"seats": 10, "priceInCents": 100}], "seatPackages": [{"seats": 5}],
             "fulfillmentCenter": "Center"}
    courses = [course(f"{prefix}-course-{i}", kind="webinar", title=f"Course {i}", topicGroup="Topics",
                      appearanceBlock="block-1", updatedAt=_iso(now), **seats,
                      syllabus=[{"slug": "s", "title": "Section", "lessons": [
                          {"slug": "l1", "title": "Lesson", "isSample": True}, {"slug": "l2", "title": "Lesson 2"}]}],
                      awardClaimingOptions=[{"awardType": "Credit", "range": "1-2", "awardAmounts": [1.0, 2.0]}],
                      webinar={"webinarProvider": "zoom"},
                      authors=[{"name": "Ann Lee", "email": "ann@example.com", "isInstructor": True}],
                      meetings=[{"startDate": _iso(now), "endDate": _iso(now + timedelta(hours=1))}])
               for i in range(n)]
    paths = [learning_path(f"{prefix}-path-{i}", [{"slug": f"{prefix}-course-{i}", "milestone": "Core"}],
                           title=f"Path {i}", client=f"{prefix}-client", layout="sidebar-layout",
                           learnerLayout="sidebar-layout", relatedQuery="tags:x", **seats,
                           milestones=[{"name": "Core"}], tabs=[{"label": "Overview"}])
             for i in range(n)]
    await build(db, company=company(f"{prefix}-co", name=f"{prefix} Co", topicGroups=[{"label": "Topics"}]),
                award_types=[award_type("Credit")], fulfillment_centers=[{"name": "Center"}],
                layouts=[{"id": "sidebar-layout", "kind": "learningPathSidebarLayout"}],
                clients=[client(f"{prefix}-client", name=f"{prefix} client")], courses=courses, learning_paths=paths)
    ids = await _ids(db, [e["slug"] for e in courses + paths])
    course_ids = [ids[e["slug"]] for e in courses]
    path_ids = [ids[e["slug"]] for e in paths]
    await enrolled(db, user_id, *course_ids, *path_ids)
    await progress(db, user_id, {c: {"status": "started", "started_at": now} for c in course_ids})
    for course_id in course_ids:
        await attended(db, user_id, course_id)
    return {"courses": course_ids, "paths": path_ids}
