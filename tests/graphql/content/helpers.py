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
