"""The demo's people and what they did: Jane, the administrator, 36 generated learners, their
licenses, enrolments, bookmarks, awards, badges and certificates. Written once the catalog is
imported (app/demo.py); none of it is catalog (docs/catalog.md, "What is not in the document").

What a service does as the product does it goes through the service: badges earned
(awards.service.record_earned_badge, which keeps the leaderboard totals in step), Jane's bundle and
cloud path (learning.service.grant_content), her balance (balances.service.credit). The rest is
written here as rows, because it is history the services only make "now" and with ids of their own,
while about 40 test files pin the demo's ids (`demo_id`) and dates (an enrolment completed 10 days
late, a certificate expired, a waitlist in order …), and some of it has no service yet (progress,
bookmarks, collaborations, recent views). The passwords are set as hashes computed once per process:
an invitation would hash again on every seed (argon2, ~0.5 s here), and the suite seeds hundreds of
times.
"""
from __future__ import annotations

import functools
import random
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.awards.models import Award
from app.awards.service import record_earned_badge
from app.balances import service as balances
from app.certificates.models import Certificate, CertificateTemplate
from app.clients.models import ClientAdmin, LicenseAllocation
from app.codes.models import Code
from app.content.models import ContentItem, MeetingAttendance
from app.demo_ids import demo_id
from app.learning.models import (
    ArchivedItem,
    Bookmark,
    BookmarkFolder,
    Collaboration,
    Enrollment,
    LearningPathAllocation,
    RecentView,
    WaitlistEntry,
)
from app.learning.service import grant_content
from app.security import hash_password
from app.users.models import ROLE_ADMIN, User

DEMO_PASSWORD = "demo-password"
JANE_EMAIL = "jane.doe@example.com"
ADMIN_EMAIL = "admin@example.com"

FIRST = ["Alice", "Bob", "Carol", "David", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Karl", "Laura",
         "Mallory", "Niaj", "Olivia", "Peggy", "Quentin", "Rupert", "Sybil", "Trent", "Uma", "Victor", "Wendy",
         "Xavier", "Yvonne", "Zara", "Liam", "Noah", "Emma", "Ava"]
LAST = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Johnson", "Roberts"]


@functools.cache
def _demo_password_hashes() -> tuple[str, str]:
    """(Jane's, the administrator's) hash of DEMO_PASSWORD: computed once per process (argon2 is slow)."""
    return hash_password(DEMO_PASSWORD), hash_password(DEMO_PASSWORD)


def _at(days: float, now: datetime) -> datetime:
    return (now + timedelta(days=days)).replace(microsecond=0)


async def seed_people(session: AsyncSession, *, now: datetime) -> dict:
    rng = random.Random(42)
    add = session.add_all
    items = {i.slug: i for i in await session.scalars(select(ContentItem))}
    acme_corp, globex = demo_id("client", "acme-corp"), demo_id("client", "globex")
    enterprise, engineering = demo_id("license", "enterprise"), demo_id("license", "engineering")
    globex_license = demo_id("license", "globex")
    credit, completion = demo_id("award", "credit"), demo_id("award", "completion")
    summit = items["leadership-summit"]

    # Users
    # Jane and the administrator each get a hash of their own (argon2 salts each); the generated
    # learners are provisioned without a password (they would set one through an invitation).
    jane_hash, admin_hash = _demo_password_hashes()
    jane = User(
        id=demo_id("user", JANE_EMAIL), email=JANE_EMAIL, password_hash=jane_hash, first_name="Jane", last_name="Doe",
        role_key="learner", client_id=acme_corp, active_license_id=enterprise, balance_cents=0, lang="en",
        preferred_currency="USD", bio="Engineer learning leadership.", address1="42 Galaxy Way", city="Springfield",
        state="IL", zip_code="62701", country="US", telephone="+1 555 0100", custom_fields={"department": "Engineering"},
        accessed_flows=["onboarding"], recommended_tags=[{"label": "Leadership", "boost": 3}, {"label": "Cloud", "boost": 1}],
        recommended_slugs=[{"slug": "kubernetes-deep-dive", "boost": 2}], ref1="EMP-1001", ref2="dept-engineering",
        last_active_at=_at(-1, now), created_at=_at(-365, now), updated_at=_at(-1, now),
    )
    admin = User(id=demo_id("user", ADMIN_EMAIL), email=ADMIN_EMAIL, password_hash=admin_hash, first_name="Ada",
                 last_name="Admin", role_key=ROLE_ADMIN, client_id=acme_corp, created_at=_at(-400, now))
    learners = []
    for i in range(36):
        first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
        email = f"{first}.{last}{i}@example.com".lower()
        learners.append(User(
            id=demo_id("user", email), email=email, password_hash=None, first_name=first, last_name=last,
            client_id=acme_corp if i % 3 else globex, balance_cents=rng.choice([0, 2500, 5000]),
            lang=rng.choice(["en", "fr"]), created_at=_at(-300 + i, now), disabled=(i == 35), email_verified=(i != 34),
        ))
    add([jane, admin, *learners])
    await session.flush()
    add([ClientAdmin(user_id=admin.id, client_id=acme_corp), ClientAdmin(user_id=admin.id, client_id=globex)])
    add([LicenseAllocation(id=demo_id("alloc", "jane:enterprise"), user_id=jane.id, license_id=enterprise, role="student"),
         LicenseAllocation(id=demo_id("alloc", "jane:engineering"), user_id=jane.id, license_id=engineering, role="manager"),
         LicenseAllocation(id=demo_id("alloc", "admin:enterprise"), user_id=admin.id, license_id=enterprise, role="manager")])
    for u in learners:
        lic = enterprise if u.client_id == acme_corp else globex_license
        add([LicenseAllocation(id=demo_id("alloc", f"{u.email}"), user_id=u.id, license_id=lic)])
    await balances.credit(session, user_id=jane.id, amount_cents=15000, kind="grant")

    # Jane's learning
    def enroll(user, slug, status, progress, days_ago, source="purchase", due=None):
        e = Enrollment(id=demo_id("enrollment", f"{user.email}:{slug}"), user_id=user.id, content_id=items[slug].id,
                       status=status, progress=progress, source=source, created_at=_at(-days_ago, now),
                       started_at=_at(-days_ago + 1, now) if status != "not-started" else None,
                       completed_at=_at(-days_ago + 20, now) if status == "completed" else None,
                       due_date=due, last_active_at=_at(-days_ago + 2, now))
        add([e])
        return e

    enroll(jane, "intro-to-python", "completed", 100, 300)
    enroll(jane, "data-science-fundamentals", "completed", 100, 200, due=_at(-190, now))  # completed 10 days late
    enroll(jane, "foundations-of-leadership", "completed", 100, 120, source="learningPath")
    enroll(jane, "advanced-communication", "started", 40, 60, source="learningPath", due=_at(30, now))
    enroll(jane, "machine-learning-intro", "started", 10, 20, due=_at(60, now))
    enroll(jane, "graphql-live", "not-started", 0, 5)
    enroll(jane, "security-awareness", "completed", 100, 400, source="license")
    for slug in ("acme-starter-bundle", "cloud-engineering-path"):
        await grant_content(session, user_id=jane.id, content_id=items[slug].id, source="purchase", now=now)
    add([LearningPathAllocation(id=demo_id("lpalloc", "jane:leadership"), user_id=jane.id,
                                learning_path_id=items["leadership-path"].id, due_date=_at(45, now))])
    # The summit is full (one seat, taken), so Jane waits for a seat.
    enroll(learners[0], "leadership-summit", "not-started", 0, 10)
    add([WaitlistEntry(id=demo_id("waitlist", "jane:summit"), user_id=jane.id, content_id=summit.id, created_at=_at(-3, now)),
         WaitlistEntry(id=demo_id("waitlist", "bob:summit"), user_id=learners[1].id, content_id=summit.id, created_at=_at(-2, now))])
    add([ArchivedItem(id=demo_id("archive", "jane:excel"), user_id=jane.id, content_id=items["legacy-excel-course"].id,
                      archived_at=_at(-90, now), reinstatable=True)])
    enroll(jane, "legacy-excel-course", "completed", 100, 500)
    for k, slug in enumerate(["machine-learning-intro", "advanced-communication", "leadership-path", "intro-to-python",
                              "graphql-live", "kubernetes-deep-dive", "data-science-fundamentals"]):
        add([RecentView(user_id=jane.id, content_id=items[slug].id, viewed_at=_at(-k - 0.5, now))])
    add([Collaboration(id=demo_id("collab", f"jane:{n}"), user_id=jane.id, course_id=items["advanced-communication"].id,
                       kind="comment" if n % 2 else "thread", created_at=_at(-n, now)) for n in range(7)])
    revisit = BookmarkFolder(id=demo_id("bookmarks", "jane"), user_id=jane.id, name="To revisit", default_folder=True)
    add([revisit])
    await session.flush()  # the bookmarks refer to the folder
    add([Bookmark(id=demo_id("bookmark", f"jane:{slug}"), user_id=jane.id, folder_id=revisit.id,
                  course_id=items[slug].id, note=note, created_at=_at(-days, now))
         for slug, note, days in [
             ("machine-learning-intro", "Rewatch the gradient descent lesson before the quiz.", 2),
             ("advanced-communication", "Good checklist for difficult conversations.", 6),
             ("security-awareness", "Phishing examples to share with the team.", 20),
         ]])
    add([MeetingAttendance(id=demo_id("attend", "jane:graphql-1"), meeting_id=demo_id("meeting", "graphql-live-1"),
                           user_id=jane.id, attendance_date=_at(-20, now))])

    # Awards and badges
    for slug, amount in (("foundations-of-leadership", 3.0), ("advanced-communication", 1.5),
                         ("intro-to-python", 2.0), ("data-science-fundamentals", 2.5)):
        add([Award(id=demo_id("earned", f"jane:{slug}:credit"), user_id=jane.id, award_type_id=credit,
                   resource_id=items[slug].id, amount=amount, earned_at=_at(-50, now)),
             Award(id=demo_id("earned", f"jane:{slug}:completion"), user_id=jane.id, award_type_id=completion,
                   resource_id=items[slug].id, amount=1, earned_at=_at(-50, now))])
    await session.flush()
    badges = [("quick-learner", "Quick Learner"), ("achiever", "Achiever"), ("expert", "Expert"),
              ("credit-collector", "Credit Collector")]
    earned = {jane: badges[:2] + [badges[3]]}
    for i, u in enumerate(learners[:30]):
        earned[u] = badges[: (i % 3)]
    # record_earned_badge keeps badge_totals and the leaderboard histogram in step.
    for user, user_badges in earned.items():
        for name, label in user_badges:
            await record_earned_badge(session, user_id=user.id, badge_id=demo_id("badge", name), earned_at=_at(-40, now),
                                      earned_badge_id=demo_id("earnedbadge", f"{user.email}:{label}"))

    # Certificates
    templates = {t.resource_id: t for t in await session.scalars(select(CertificateTemplate))}

    def certify(user, slug, days_ago, ident):
        t = templates[items[slug].id]
        issued = _at(-days_ago, now)
        return Certificate(
            id=demo_id("certificate", f"{user.email}:{slug}:{days_ago}"), user_id=user.id, template_id=t.id,
            resource_type=t.resource_type, resource_id=t.resource_id, issued_at=issued,
            expiration_date=issued + timedelta(days=t.expiration_days) if t.expiration_days else None,
            recertification_date=issued + timedelta(days=t.recertification_after_days) if t.recertification_after_days else None,
            identifier=ident, pdf_asset=f"/certificates/{ident}.pdf", source="platform", created_at=issued,
        )

    add([
        certify(jane, "intro-to-python", 280, "CERT-PY280001"),            # active (365-day validity)
        certify(jane, "data-science-fundamentals", 180, "CERT-DS180001"),  # active
        certify(jane, "foundations-of-leadership", 100, "CERT-LD100001"),  # never expires
        certify(jane, "security-awareness", 400, "CERT-SA400001"),         # expired
    ])
    deleted = certify(jane, "intro-to-python", 700, "CERT-PY700001")
    deleted.deleted_at = _at(-300, now)
    add([deleted])
    for u in learners[:10]:
        add([certify(u, "security-awareness", 30, f"CERT-{u.id[:8].upper()}")])
    await session.flush()

    # A code already used
    await session.execute(update(Code).where(Code.code == "USED-CODE-1").values(
        redeemed_by_user_id=learners[2].id, redeemed_at=_at(-10, now)))
    await session.flush()
    return {"users": 2 + len(learners), "content": len(items), "certificates": 5 + 10}
