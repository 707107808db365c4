"""The demo's people and what they did: Jane, the administrator, 36 generated learners, their
licenses, enrolments, bookmarks, awards, badges and certificates. Written once the catalog is
imported (app/demo.py); none of it is catalog (docs/catalog.md, "What is not in the document").

Everything goes through the services the API and the admin REST use, each given a `now` in the
past (relative to the seed's `now`) and the demo's own ids (`demo_id`, which tests pin): the accounts
(users.provisioning, users.profile, users.accounts), licenses and client administrators
(clients.service), grants with due dates and progress (learning.service, learning.activity),
waitlists, archives, recent views, collaborations and bookmarks (learning.activity,
learning.bookmarks), attendance (content.attendance), awards and badges (awards.service),
certificates (certificates.issuing, certificates.records), a redeemed code (codes.service) and the
balances (balances.service). Jane's and the administrator's passwords come as argon2 hashes computed
once per process, one each (argon2 salts each): an invitation would hash again on every seed
(~0.5 s here), and the suite seeds hundreds of times.
"""
from __future__ import annotations

import functools
import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.awards.service import grant_award, record_earned_badge
from app.balances import service as balances
from app.certificates.issuing import issue_certificate
from app.certificates.records import delete_record
from app.clients.service import add_client_admin, allocate_license, set_active_license_if_none
from app.codes.service import redeem_codes
from app.content.attendance import record_attendance
from app.content.models import ContentItem
from app.demo_ids import demo_id
from app.learning import activity, bookmarks
from app.learning.service import grant_content
from app.security import hash_password
from app.users.accounts import set_disabled, set_role
from app.users.models import ROLE_ADMIN, UserRecord
from app.users.profile import update_profile
from app.users.provisioning import NewLearner, create_learners

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


async def _person(session: AsyncSession, email: str, first_name: str, last_name: str, *, created_at: datetime,
                  client_id: str, **fields) -> UserRecord:
    """A demo account, provisioned as an operator's import would: with its own id (`demo_id`)."""
    [user] = await create_learners(session, now=created_at, learners=[NewLearner(
        email=email, first_name=first_name, last_name=last_name, client_id=client_id, user_id=demo_id("user", email),
        **fields)])
    return user


async def _people(session: AsyncSession, *, now: datetime) -> tuple[UserRecord, UserRecord, list[UserRecord]]:
    """Jane, the administrator and the 36 learners (their licenses come later, with their demo ids)."""
    acme_corp, globex = demo_id("client", "acme-corp"), demo_id("client", "globex")
    rng = random.Random(42)
    # Jane and the administrator each get a hash of their own (argon2 salts each); the generated
    # learners are provisioned without a password (they would set one through an invitation).
    jane_hash, admin_hash = _demo_password_hashes()
    jane = await _person(session, JANE_EMAIL, "Jane", "Doe", created_at=_at(-365, now), client_id=acme_corp, lang="en",
                         password_hash=jane_hash, refs={"ref1": "EMP-1001", "ref2": "dept-engineering"})
    await update_profile(session, user_id=jane.id, now=_at(-1, now), changes=dict(
        preferred_currency="USD", bio="Engineer learning leadership.", address1="42 Galaxy Way", city="Springfield",
        state="IL", zip_code="62701", country="US", telephone="+1 555 0100", custom_fields={"department": "Engineering"},
        accessed_flows=["onboarding"], recommended_tags=[{"label": "Leadership", "boost": 3}, {"label": "Cloud", "boost": 1}],
        recommended_slugs=[{"slug": "kubernetes-deep-dive", "boost": 2}]))
    admin = await _person(session, ADMIN_EMAIL, "Ada", "Admin", created_at=_at(-400, now), client_id=acme_corp,
                          password_hash=admin_hash)
    await set_role(session, user_id=admin.id, role=ROLE_ADMIN, now=_at(-400, now))
    learners = []
    for i in range(36):
        first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
        email = f"{first}.{last}{i}@example.com".lower()
        balance_cents, lang = rng.choice([0, 2500, 5000]), rng.choice(["en", "fr"])
        learner = await _person(session, email, first, last, created_at=_at(-300 + i, now), lang=lang,
                                client_id=acme_corp if i % 3 else globex, email_verified=(i != 34))
        if balance_cents:
            await balances.credit(session, user_id=learner.id, amount_cents=balance_cents, kind="grant")
        if i == 35:
            await set_disabled(session, user_id=learner.id, disabled=True, now=_at(-300 + i, now))
        learners.append(learner)
    return jane, admin, learners


async def seed_people(session: AsyncSession, *, now: datetime) -> dict:
    items = {i.slug: i for i in await session.scalars(select(ContentItem))}
    acme_corp, globex = demo_id("client", "acme-corp"), demo_id("client", "globex")
    enterprise, engineering = demo_id("license", "enterprise"), demo_id("license", "engineering")
    globex_license = demo_id("license", "globex")
    credit, completion = demo_id("award", "credit"), demo_id("award", "completion")
    summit = items["leadership-summit"]

    jane, admin, learners = await _people(session, now=now)
    for client_id in (acme_corp, globex):
        await add_client_admin(session, user_id=admin.id, client_id=client_id)
    for user, license_id, role, name in ((jane, enterprise, "student", "jane:enterprise"),
                                         (jane, engineering, "manager", "jane:engineering"),
                                         (admin, enterprise, "manager", "admin:enterprise")):
        await allocate_license(session, user_id=user.id, license_id=license_id, role=role, now=now,
                               allocation_id=demo_id("alloc", name))
    for u in learners:
        await allocate_license(session, user_id=u.id, now=now, allocation_id=demo_id("alloc", u.email),
                               license_id=enterprise if u.client_id == acme_corp else globex_license)
    await set_active_license_if_none(session, user_id=jane.id, license_id=enterprise)
    await balances.credit(session, user_id=jane.id, amount_cents=15000, kind="grant")

    # Jane's learning: each enrolment granted `days_ago`, started the day after, last active the day
    # after that (at `progress`), completed on day 20.
    async def enroll(user, slug, status, progress, days_ago, source="purchase", due=None):
        content_id = items[slug].id
        await grant_content(session, user_id=user.id, content_id=content_id, source=source, now=_at(-days_ago, now),
                            due_date=due, grant_id=demo_id("enrollment", f"{user.email}:{slug}"))
        if status == "not-started":
            return
        await activity.record_progress(session, user_id=user.id, content_id=content_id, progress=progress // 2 or 1,
                                       now=_at(-days_ago + 1, now))
        await activity.record_progress(session, user_id=user.id, content_id=content_id, now=_at(-days_ago + 2, now),
                                       progress=progress if status != "completed" else 90)
        if status == "completed":
            await activity.record_progress(session, user_id=user.id, content_id=content_id, progress=100,
                                           now=_at(-days_ago + 20, now))

    await enroll(jane, "intro-to-python", "completed", 100, 300)
    await enroll(jane, "data-science-fundamentals", "completed", 100, 200, due=_at(-190, now))  # completed 10 days late
    await enroll(jane, "foundations-of-leadership", "completed", 100, 120, source="learningPath")
    await enroll(jane, "advanced-communication", "started", 40, 60, source="learningPath", due=_at(30, now))
    await enroll(jane, "machine-learning-intro", "started", 10, 20, due=_at(60, now))
    await enroll(jane, "graphql-live", "not-started", 0, 5)
    await enroll(jane, "security-awareness", "completed", 100, 400, source="license")
    for slug in ("acme-starter-bundle", "cloud-engineering-path"):
        await grant_content(session, user_id=jane.id, content_id=items[slug].id, source="purchase", now=now)
    await grant_content(session, user_id=jane.id, content_id=items["leadership-path"].id, source="admin", now=now,
                        due_date=_at(45, now), grant_id=demo_id("lpalloc", "jane:leadership"))
    # The summit is full (one seat, taken), so Jane waits for a seat, then Bob.
    await enroll(learners[0], "leadership-summit", "not-started", 0, 10)
    for user, name, days_ago in ((jane, "jane:summit", 3), (learners[1], "bob:summit", 2)):
        await activity.join_waitlist(session, user_id=user.id, content_id=summit.id, now=_at(-days_ago, now),
                                     entry_id=demo_id("waitlist", name))
    await enroll(jane, "legacy-excel-course", "completed", 100, 500)
    await activity.archive_content(session, user_id=jane.id, content_id=items["legacy-excel-course"].id,
                                   now=_at(-90, now), archive_id=demo_id("archive", "jane:excel"))
    for k, slug in enumerate(["machine-learning-intro", "advanced-communication", "leadership-path", "intro-to-python",
                              "graphql-live", "kubernetes-deep-dive", "data-science-fundamentals"]):
        await activity.record_view(session, user_id=jane.id, content_id=items[slug].id, now=_at(-k - 0.5, now))
    for n in range(7):
        await activity.post_collaboration(session, user_id=jane.id, course_id=items["advanced-communication"].id,
                                          kind="comment" if n % 2 else "thread", now=_at(-n, now),
                                          collaboration_id=demo_id("collab", f"jane:{n}"))
    revisit = await bookmarks.create_folder(session, user_id=jane.id, name="To revisit", default=True, now=now,
                                            folder_id=demo_id("bookmarks", "jane"))
    for slug, note, days in [
        ("machine-learning-intro", "Rewatch the gradient descent lesson before the quiz.", 2),
        ("advanced-communication", "Good checklist for difficult conversations.", 6),
        ("security-awareness", "Phishing examples to share with the team.", 20),
    ]:
        await bookmarks.add_bookmark(session, user_id=jane.id, folder_id=revisit.id, course_id=items[slug].id,
                                     note=note, now=_at(-days, now), bookmark_id=demo_id("bookmark", f"jane:{slug}"))
    await record_attendance(session, user_id=jane.id, meeting_id=demo_id("meeting", "graphql-live-1"),
                            now=_at(-20, now), attendance_id=demo_id("attend", "jane:graphql-1"))

    # Awards and badges
    for slug, amount in (("foundations-of-leadership", 3.0), ("advanced-communication", 1.5),
                         ("intro-to-python", 2.0), ("data-science-fundamentals", 2.5)):
        for award_type, name, value in ((credit, "credit", amount), (completion, "completion", 1)):
            await grant_award(session, user_id=jane.id, award_type_id=award_type, resource_id=items[slug].id,
                              amount=value, now=_at(-50, now), award_id=demo_id("earned", f"jane:{slug}:{name}"))
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
    async def certify(user, slug, days_ago, identifier):
        return await issue_certificate(
            session, user_id=user.id, resource_type="course", resource_id=items[slug].id,
            issued_at=_at(-days_ago, now), source="platform", identifier=identifier,
            certificate_id=demo_id("certificate", f"{user.email}:{slug}:{days_ago}"))

    await certify(jane, "intro-to-python", 280, "CERT-PY280001")            # active (365-day validity)
    await certify(jane, "data-science-fundamentals", 180, "CERT-DS180001")  # active
    await certify(jane, "foundations-of-leadership", 100, "CERT-LD100001")  # never expires
    await certify(jane, "security-awareness", 400, "CERT-SA400001")         # expired
    deleted = await certify(jane, "intro-to-python", 700, "CERT-PY700001")
    await delete_record(session, record_id=deleted.id, now=_at(-300, now))
    for u in learners[:10]:
        await certify(u, "security-awareness", 30, f"CERT-{u.id[:8].upper()}")

    # A code already used
    await redeem_codes(session, user_id=learners[2].id, codes=["USED-CODE-1"], now=_at(-10, now))
    return {"users": 2 + len(learners), "content": len(items), "certificates": 5 + 10}
