"""The demo instance: a realistic company a newcomer can explore (deterministic ids).

Logins (documented in README): jane.doe@example.com and admin@example.com, both with
password `demo-password`. These exist only here, never as code defaults.
"""
from __future__ import annotations

import functools
import json
import random
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.awards.models import Award, AwardType, Badge, CourseAward
from app.awards.service import record_earned_badge
from app.balances.models import BalanceTransaction
from app.certificates.models import Certificate, CertificateField, CertificateTemplate, CertificateTemplateLabel
from app.clients.models import Client, ClientAdmin, License, LicenseAllocation, LicenseContent
from app.codes.models import Code
from app.company.models import AppearanceSettings, Company, CustomField, Language, Translation, UserCustomField
from app.content.models import (
    ContentAuthor,
    ContentChild,
    ContentCustomValue,
    ContentItem,
    ContentPrerequisite,
    ContentTag,
    ItemPrice,
    Location,
    Meeting,
    MeetingAttendance,
    Ribbon,
    Tag,
)
from app.demo_parts import seed_catalog_parts
from app.learning.models import (
    ArchivedItem,
    Bookmark,
    BookmarkFolder,
    Collaboration,
    Enrollment,
    LearningPathAllocation,
    PurchasedBundle,
    RecentView,
    WaitlistEntry,
)
from app.security import hash_password
from app.users.models import ROLE_ADMIN, User

DEMO_PASSWORD = "demo-password"
JANE_EMAIL = "jane.doe@example.com"
ADMIN_EMAIL = "admin@example.com"
_NS = uuid.UUID("6f1c1d52-6a51-4c8e-9d1e-5b0f0c2a7d10")


def demo_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(_NS, f"{kind}:{name}"))


HELIUM_I18N_DIR = Path(__file__).resolve().parent / "demo_data" / "helium-i18n"


def helium_strings(lang: str) -> dict[str, str]:
    """Helium's UI strings for the demo's `lms` namespace (sources in demo_data/helium-i18n/NOTICE.md).

    Flattening: none needed. Helium's en.json (vendored unchanged), our fr.json and extra-<lang>.json
    are flat maps and each key, dots included (`cart.header_one`), is one translation row served
    unchanged: the flat shape Helium's CLI stores from CompanyTranslations (`{lang: {lms: map}}`) and
    i18next resolves dotted keys against.

    Placeholders: Helium's packages write `{{count}}` (i18next's default), but a Thought Industries
    instance serves `%{count}`, and the Helium template that consumes CompanyTranslations configures
    i18next with `interpolation: {prefix: '%{', suffix: '}'}` (tooling/template-base/renderer/i18n.ts).
    So the served strings use `%{…}`; plural keys keep i18next's `_one`/`_other` suffixes, which the
    Helium CLI carries over (tooling/cli/lib/parse-translations.js).
    """
    strings: dict[str, str] = {}
    for name in (f"{lang}.json", f"extra-{lang}.json"):
        strings.update(json.loads((HELIUM_I18N_DIR / name).read_text(encoding="utf-8")))
    return {key: INTERPOLATION.sub(r"%{\1}", value) for key, value in strings.items()}


INTERPOLATION = re.compile(r"\{\{\s*([\w.-]+)\s*\}\}")


@functools.cache
def _demo_password_hashes() -> tuple[str, str]:
    """(Jane's, the administrator's) hash of DEMO_PASSWORD: computed once per process (argon2 is slow)."""
    return hash_password(DEMO_PASSWORD), hash_password(DEMO_PASSWORD)


def _at(days: float, now: datetime) -> datetime:
    return (now + timedelta(days=days)).replace(microsecond=0)


async def is_empty(session: AsyncSession) -> bool:
    return (await session.scalar(select(func.count()).select_from(Company))) == 0


# slug, kind, title, price, tags, authors, difficulty, extra. A course is a course group, as in Helium
# (app/content/kinds.py); Kubernetes Deep Dive also has sessions (SESSIONS).
CATALOG = [
    ("intro-to-python", "courseGroup", "Introduction to Python", 4999, ["Programming", "Premium Package"], ["Jack Miller"], "Easy", {}),
    ("advanced-javascript-patterns", "courseGroup", "Advanced JavaScript Patterns", 7999, ["Programming"], ["Dr. Alice Smith"], "Hard",
     {"seats_limit": 2, "waitlisting_enabled": True}),
    ("data-science-fundamentals", "courseGroup", "Data Science Fundamentals", 4999, ["Data Science", "Premium Package"], ["Jane Smith", "Jack Miller"], "Medium", {}),
    ("foundations-of-leadership", "courseGroup", "Foundations of Leadership", 2999, ["Leadership"], ["Maria Garcia"], "Easy", {}),
    ("advanced-communication", "courseGroup", "Advanced Communication", 2999, ["Leadership", "Premium Package"], ["Maria Garcia"], "Medium", {}),
    ("cloud-engineering-basics", "microCourse", "Cloud Engineering Basics", 1999, ["Cloud"], ["Sam Lee"], "Easy", {}),
    ("security-awareness", "video", "Security Awareness in 15 Minutes", 0, ["Compliance"], ["Sam Lee"], "Easy", {}),
    ("gdpr-essentials", "article", "GDPR Essentials", 0, ["Compliance"], ["Legal Team"], "Easy", {}),
    ("graphql-live", "webinar", "GraphQL Live: Schema Design", 1500, ["Programming"], ["Jack Miller"], "Medium", {"days": 10}),
    ("leadership-summit", "inPersonEvent", "Leadership Summit 2026", 25000, ["Leadership", "Premium Package"], ["Maria Garcia"], "Hard",
     {"days": 30, "seats_limit": 1, "waitlisting_enabled": True}),
    ("machine-learning-intro", "courseGroup", "Introduction to Machine Learning", 5999, ["Data Science"], ["Dr. Alice Smith"], "Hard", {}),
    ("legacy-excel-course", "courseGroup", "Excel for Beginners (retired)", 999, ["Productivity"], ["Old Author"], "Easy", {"status": "archived"}),
    ("kubernetes-deep-dive", "courseGroup", "Kubernetes Deep Dive", 8999, ["Cloud", "Premium Package"], ["Sam Lee"], "Hard", {}),
]
# Sessions (kind "course") of a course group: slug, group, session title, start (days from now).
SESSIONS = [
    ("kubernetes-deep-dive-spring-cohort", "kubernetes-deep-dive", "Spring cohort", -60),
    ("kubernetes-deep-dive-autumn-cohort", "kubernetes-deep-dive", "Autumn cohort", 40),
]
# How a description names a kind.
KIND_WORDS = {"courseGroup": "course"}
PATHS = [
    ("leadership-path", "Leadership Learning Path", ["foundations-of-leadership", "advanced-communication", "leadership-summit"], ["Leadership", "Premium Package"]),
    ("data-science-learning-path", "Data Science Learning Path", ["data-science-fundamentals", "machine-learning-intro", "intro-to-python"], ["Data Science", "Premium Package"]),
    ("cloud-engineering-path", "Cloud Engineering Path", ["cloud-engineering-basics", "kubernetes-deep-dive"], ["Cloud"]),
]
FIRST = ["Alice", "Bob", "Carol", "David", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Karl", "Laura",
         "Mallory", "Niaj", "Olivia", "Peggy", "Quentin", "Rupert", "Sybil", "Trent", "Uma", "Victor", "Wendy",
         "Xavier", "Yvonne", "Zara", "Liam", "Noah", "Emma", "Ava"]
LAST = ["Smith", "Jones", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Thomas", "Johnson", "Roberts"]


async def seed_demo(session: AsyncSession, *, now: datetime | None = None) -> dict:
    """Load the demo instance into an empty database; returns a summary."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    rng = random.Random(42)
    add = session.add_all

    appearance = AppearanceSettings(
        id=demo_id("appearance", "company"), company_id=demo_id("company", "acme"),
        logo_asset="https://cdn.acme-learning.example/logo.png", accent_color="#FF5733", secondary_color="#3498DB",
        link_color="#2980B9", font="Inter", alt_font="Merriweather", favicon="https://cdn.acme-learning.example/favicon.ico",
        background_asset="https://cdn.acme-learning.example/bg.jpg", background_asset_tiled=False, retina_logo=True,
        custom_css=".header { font-weight: bold; }",
        global_navigation_links=[{"label": "Home", "href": "/"}, {"label": "Catalog", "href": "/catalog"}],
    )
    company = Company(
        id=demo_id("company", "acme"), name="Acme Learning Co.", subdomain="acme", school_name="Acme Academy",
        copyright_name="Acme Learning Co.", organization_name="Acme Corporation", appearance_id=appearance.id,
        global_terms="By accessing this platform, you agree to abide by the terms and conditions set forth herein. "
        "All content is provided for educational purposes only. Unauthorized redistribution is prohibited.",
        root_layout={"favicon": "https://cdn.acme-learning.example/favicon.ico", "headerScripts": None, "footerScripts": None},
    )
    add([company])
    await session.flush()
    add([appearance])

    add([
        Language(id=demo_id("lang", "en"), code="en", label="English", selector_label="English (US)", position=0),
        Language(id=demo_id("lang", "fr"), code="fr", label="French", selector_label="Français", position=1),
        Language(id=demo_id("lang", "en-acme"), code="en-acme", label="Acme Corporate Speak", selector_label="Acme English",
                 is_custom=True, position=2),
    ])
    translations = {
        ("lms", "en"): {"welcome_message": "Welcome to the Learning Portal", "start_course": "Start Course", "my_courses": "My Courses",
                        **helium_strings("en")},
        ("lms", "fr"): {"welcome_message": "Bienvenue sur le portail d'apprentissage", "start_course": "Commencer le cours", "my_courses": "Mes cours",
                        **helium_strings("fr")},
        ("emails", "en"): {"certificate_subject": "Your certificate is ready", "invite_subject": "You're invited to Acme Academy"},
        ("emails", "fr"): {"certificate_subject": "Votre certificat est prêt", "invite_subject": "Vous êtes invité à Acme Academy"},
    }
    for (ns, lang), pairs in translations.items():
        add([Translation(id=demo_id("tr", f"{ns}:{lang}:{k}"), namespace=ns, lang=lang, key=k, value=v) for k, v in pairs.items()])

    add([CustomField(id=demo_id("cf", "difficulty"), slug="difficulty", label="Difficulty", indexed=True,
                     include_label_on_content=True, include_value_on_content=True)])
    add([UserCustomField(id=demo_id("ucf", "department"), slug="department", label="Department", type="dropDown",
                         required=False, ref=1, choices=["Engineering", "Sales", "Support"])])

    ribbon = Ribbon(id=demo_id("ribbon", "new"), slug="new", label="New", color="#2ECC71", contrast_color="#FFFFFF",
                    darker_color="#27AE60")
    location = Location(id=demo_id("loc", "hq"), name="Acme HQ", address1="1 Market Street", city="San Francisco",
                        state="CA", zip_code="94105", country="US", room="Auditorium B", time_zone="America/Los_Angeles")
    add([ribbon, location])

    tags: dict[str, Tag] = {}
    for label in sorted({t for row in CATALOG for t in row[4]} | {t for row in PATHS for t in row[3]}):
        tags[label] = Tag(id=demo_id("tag", label), label=label)
    add(list(tags.values()))
    await session.flush()

    items: dict[str, ContentItem] = {}
    for i, (slug, kind, title, price, _tag_labels, authors, difficulty, extra) in enumerate(CATALOG):
        start = _at(extra["days"], now) if "days" in extra else None
        item = ContentItem(
            id=demo_id("content", slug), kind=kind, slug=slug, title=title, status=extra.get("status", "published"),
            description=f"{title}: a hands-on {KIND_WORDS.get(kind, kind)} by {', '.join(authors)}.",
            asset=f"https://cdn.acme-learning.example/images/{slug}.jpg", asset_alt_text=f"{title} thumbnail",
            price_in_cents=price, suggested_retail_price_in_cents=price + 1000 if price else None,
            sku=f"SKU-{i + 100}", language="en", publish_date=_at(-200 + i, now), display_date=_at(-200 + i, now),
            course_start_date=start, course_end_date=start + timedelta(hours=3) if start else None,
            enrollment_start_date=_at(-30, now) if start else None, seats_limit=extra.get("seats_limit"),
            waitlisting_enabled=extra.get("waitlisting_enabled", False), ribbon_id=ribbon.id if i < 2 else None,
            location_id=location.id if kind == "inPersonEvent" else None,
            time_zone="America/Los_Angeles" if start else None, custom_fields={"difficulty": difficulty},
            created_at=_at(-300 + i, now), updated_at=_at(-100 + i, now), rating=3 + i % 3,
        )
        items[slug] = item
    for j, (slug, title, _members, _tags) in enumerate(PATHS):
        items[slug] = ContentItem(
            id=demo_id("content", slug), kind="learningPath", slug=slug, title=title, status="published",
            description=f"A guided path: {title}.", short_description=title,
            asset=f"https://cdn.acme-learning.example/images/{slug}.jpg", price_in_cents=0, language="en",
            publish_date=_at(-150 + j, now), created_at=_at(-160 + j, now), updated_at=_at(-20 + j, now),
            custom_fields={"difficulty": "Medium"},
        )
    items["acme-starter-bundle"] = ContentItem(
        id=demo_id("content", "acme-starter-bundle"), kind="bundle", slug="acme-starter-bundle", title="Acme Starter Bundle",
        status="published", price_in_cents=9999, created_at=_at(-90, now), updated_at=_at(-90, now),
    )
    # A Credly badge for finishing the Python course, and a members-only alternative price.
    python = items["intro-to-python"]
    python.badge_name, python.badge_url = "Python Practitioner", "https://images.credly.example/python-practitioner.png"
    python.accept_badge_url = "https://www.credly.example/badges/python-practitioner/accept"
    python.image_url = "https://images.credly.example/python-practitioner-large.png"
    python.credly_badge_expires_at = _at(500, now)
    items["kubernetes-deep-dive"].alternative_pricing_type = "membership"
    items["kubernetes-deep-dive"].alternative_pricing_ref = 1
    add(list(items.values()))
    await session.flush()
    # displayCourse of a group is its next session (the autumn cohort).
    for k, (slug, group_slug, session_title, days) in enumerate(SESSIONS):
        group = items[group_slug]
        items[slug] = ContentItem(
            id=demo_id("content", slug), kind="course", slug=slug, title=group.title, session_title=session_title,
            status="published", course_group_id=group.id, description=group.description, asset=group.asset,
            language="en", course_start_date=_at(days, now), course_end_date=_at(days + 28, now), time_zone="UTC",
            publish_date=group.publish_date, created_at=_at(-120 + k, now), updated_at=_at(-10 + k, now),
        )
        session.add(items[slug])
    await session.flush()
    # Machine learning needs Python (Jane has it) and the data science path (she has not finished it);
    # Kubernetes needs the cloud basics.
    add([ContentPrerequisite(content_id=items["machine-learning-intro"].id, prerequisite_id=items[p].id)
         for p in ("intro-to-python", "data-science-learning-path")])
    add([ContentPrerequisite(content_id=items["kubernetes-deep-dive"].id,
                             prerequisite_id=items["cloud-engineering-basics"].id)])

    for slug, _kind, _title, price, tag_labels, authors, difficulty, _extra in CATALOG:
        cid = items[slug].id
        add([ContentTag(content_id=cid, tag_id=tags[t].id, position=p) for p, t in enumerate(tag_labels)])
        add([ContentAuthor(id=demo_id("author", f"{slug}:{a}"), content_id=cid, name=a, position=p) for p, a in enumerate(authors)])
        add([ContentCustomValue(id=demo_id("ccv", slug), content_id=cid, field_slug="difficulty", value=difficulty)])
        if price:
            add([ItemPrice(id=demo_id("price", f"{slug}:USD"), content_id=cid, currency_code="USD", price_in_cents=price),
                 ItemPrice(id=demo_id("price", f"{slug}:EUR"), content_id=cid, currency_code="EUR", price_in_cents=int(price * 0.92))])
    for slug, _title, members, tag_labels in PATHS:
        pid = items[slug].id
        add([ContentChild(parent_id=pid, child_id=items[m].id, position=p) for p, m in enumerate(members)])
        add([ContentTag(content_id=pid, tag_id=tags[t].id, position=p) for p, t in enumerate(tag_labels)])
        add([ContentCustomValue(id=demo_id("ccv", slug), content_id=pid, field_slug="difficulty", value="Medium")])
    add([ContentChild(parent_id=items["acme-starter-bundle"].id, child_id=items[s].id, position=p)
         for p, s in enumerate(["intro-to-python", "gdpr-essentials"])])

    webinar = items["graphql-live"]
    summit = items["leadership-summit"]
    past_meeting = Meeting(id=demo_id("meeting", "graphql-live-1"), course_id=webinar.id, title="GraphQL Live — Part 1",
                           start_date=_at(-20, now), end_date=_at(-20, now) + timedelta(hours=1), time_zone="UTC",
                           instructors=["Jack Miller"])
    add([past_meeting,
         Meeting(id=demo_id("meeting", "graphql-live-2"), course_id=webinar.id, title="GraphQL Live — Part 2",
                 start_date=webinar.course_start_date, end_date=webinar.course_end_date, time_zone="UTC", instructors=["Jack Miller"]),
         Meeting(id=demo_id("meeting", "summit"), course_id=summit.id, title="Leadership Summit", start_date=summit.course_start_date,
                 end_date=summit.course_end_date, location_id=location.id, time_zone="America/Los_Angeles", instructors=["Maria Garcia"])])

    # Clients and licenses
    acme_corp = Client(id=demo_id("client", "acme-corp"), name="Acme Corp", slug="acme-corp", sku="CLIENT-ACME",
                       seats_limit=100, starting_balance=5000.0, allocated_credits=1500.0, current_balance=3500.0,
                       enable_branding=True, enable_ecommerce=True, enable_nav_links=True, languages=["en", "fr"],
                       default_language="en", appearance_id=appearance.id,
                       settings={"enableDiscussions": True, "languageSelectorEnabled": True,
                                 "catalog": {"defaultSort": "title", "displayAuthorsEnabled": True, "resultsDisplayType": "grid"},
                                 "emailLayout": {"fromName": "Acme Academy", "fromAddress": "academy@example.com"}})
    globex = Client(id=demo_id("client", "globex"), name="Globex", slug="globex", seats_limit=20, enable_ecommerce=False)
    add([acme_corp, globex])
    await session.flush()
    enterprise = License(id=demo_id("license", "enterprise"), client_id=acme_corp.id, name="Enterprise License",
                         label="Enterprise", sku="LIC-ENT", is_default=True, seats_limit=80, ref1="ENT-001")
    engineering = License(id=demo_id("license", "engineering"), client_id=acme_corp.id, parent_license_id=enterprise.id,
                          name="Engineering License", label="Engineering", sku="LIC-ENG", seats_limit=40)
    globex_license = License(id=demo_id("license", "globex"), client_id=globex.id, name="Globex Standard", sku="LIC-GLX")
    add([enterprise, engineering, globex_license])
    await session.flush()
    for lic, slugs in ((enterprise, ["foundations-of-leadership", "advanced-communication", "leadership-path", "security-awareness"]),
                       (engineering, ["cloud-engineering-basics", "kubernetes-deep-dive", "cloud-engineering-path"]),
                       (globex_license, ["gdpr-essentials"])):
        add([LicenseContent(license_id=lic.id, content_id=items[s].id) for s in slugs])

    # Users
    # Jane and the administrator each get a hash of their own (argon2 salts each); the generated
    # learners are provisioned without a password (they would set one through an invitation).
    jane_hash, admin_hash = _demo_password_hashes()
    jane = User(
        id=demo_id("user", JANE_EMAIL), email=JANE_EMAIL, password_hash=jane_hash, first_name="Jane", last_name="Doe",
        role_key="learner", client_id=acme_corp.id, active_license_id=enterprise.id, balance_cents=15000, lang="en",
        preferred_currency="USD", bio="Engineer learning leadership.", address1="42 Galaxy Way", city="Springfield",
        state="IL", zip_code="62701", country="US", telephone="+1 555 0100", custom_fields={"department": "Engineering"},
        accessed_flows=["onboarding"], recommended_tags=[{"label": "Leadership", "boost": 3}, {"label": "Cloud", "boost": 1}],
        recommended_slugs=[{"slug": "kubernetes-deep-dive", "boost": 2}], ref1="EMP-1001", ref2="dept-engineering",
        last_active_at=_at(-1, now), created_at=_at(-365, now), updated_at=_at(-1, now),
    )
    admin = User(id=demo_id("user", ADMIN_EMAIL), email=ADMIN_EMAIL, password_hash=admin_hash, first_name="Ada",
                 last_name="Admin", role_key=ROLE_ADMIN, client_id=acme_corp.id, created_at=_at(-400, now))
    learners = []
    for i in range(36):
        first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
        email = f"{first}.{last}{i}@example.com".lower()
        learners.append(User(
            id=demo_id("user", email), email=email, password_hash=None, first_name=first, last_name=last,
            client_id=(acme_corp if i % 3 else globex).id, balance_cents=rng.choice([0, 2500, 5000]),
            lang=rng.choice(["en", "fr"]), created_at=_at(-300 + i, now), disabled=(i == 35), email_verified=(i != 34),
        ))
    add([jane, admin, *learners])
    await session.flush()
    add([ClientAdmin(user_id=admin.id, client_id=acme_corp.id), ClientAdmin(user_id=admin.id, client_id=globex.id)])
    add([LicenseAllocation(id=demo_id("alloc", "jane:enterprise"), user_id=jane.id, license_id=enterprise.id, role="student"),
         LicenseAllocation(id=demo_id("alloc", "jane:engineering"), user_id=jane.id, license_id=engineering.id, role="manager"),
         LicenseAllocation(id=demo_id("alloc", "admin:enterprise"), user_id=admin.id, license_id=enterprise.id, role="manager")])
    for u in learners:
        lic = enterprise if u.client_id == acme_corp.id else globex_license
        add([LicenseAllocation(id=demo_id("alloc", f"{u.email}"), user_id=u.id, license_id=lic.id)])
    add([BalanceTransaction(id=demo_id("balance", "jane:grant"), user_id=jane.id, amount_cents=15000, kind="grant",
                            created_at=_at(-60, now))])

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
    add([PurchasedBundle(id=demo_id("pbundle", "jane"), user_id=jane.id, bundle_id=items["acme-starter-bundle"].id)])
    add([LearningPathAllocation(id=demo_id("lpalloc", "jane:leadership"), user_id=jane.id,
                                learning_path_id=items["leadership-path"].id, due_date=_at(45, now)),
         LearningPathAllocation(id=demo_id("lpalloc", "jane:cloud"), user_id=jane.id,
                                learning_path_id=items["cloud-engineering-path"].id, status="active")])
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
    add([MeetingAttendance(id=demo_id("attend", "jane:graphql-1"), meeting_id=past_meeting.id, user_id=jane.id,
                           attendance_date=past_meeting.start_date)])

    # Awards and badges
    credit = AwardType(id=demo_id("award", "credit"), label="Credit", plural_label="Credits", icon="star", include_on_dashboard=True)
    completion = AwardType(id=demo_id("award", "completion"), label="Course Completion", plural_label="Course Completions",
                           icon="check", include_on_dashboard=True)
    add([completion, credit])
    await session.flush()
    company.leaderboard_award_type_id = completion.id
    for slug, amount in (("foundations-of-leadership", 3.0), ("advanced-communication", 1.5), ("intro-to-python", 2.0),
                         ("data-science-fundamentals", 2.5), ("leadership-summit", 4.0)):
        add([CourseAward(id=demo_id("courseaward", slug), content_id=items[slug].id, award_type_id=credit.id, amount=amount)])
    for slug, amount in (("foundations-of-leadership", 3.0), ("advanced-communication", 1.5),
                         ("intro-to-python", 2.0), ("data-science-fundamentals", 2.5)):
        add([Award(id=demo_id("earned", f"jane:{slug}:credit"), user_id=jane.id, award_type_id=credit.id,
                   resource_id=items[slug].id, amount=amount, earned_at=_at(-50, now)),
             Award(id=demo_id("earned", f"jane:{slug}:completion"), user_id=jane.id, award_type_id=completion.id,
                   resource_id=items[slug].id, amount=1, earned_at=_at(-50, now))])
    badges = [
        Badge(id=demo_id("badge", "quick-learner"), label="Quick Learner", asset="https://cdn.acme-learning.example/badges/quick-learner.png",
              award_type_id=completion.id, award_threshold=1),
        Badge(id=demo_id("badge", "achiever"), label="Achiever", asset="https://cdn.acme-learning.example/badges/achiever.png",
              award_type_id=completion.id, award_threshold=3),
        Badge(id=demo_id("badge", "expert"), label="Expert", asset="https://cdn.acme-learning.example/badges/expert.png",
              award_type_id=completion.id, award_threshold=20),
        Badge(id=demo_id("badge", "credit-collector"), label="Credit Collector",
              asset="https://cdn.acme-learning.example/badges/credits.png", award_type_id=credit.id, award_threshold=5),
    ]
    add(badges)
    await session.flush()
    earned = {jane: badges[:2] + [badges[3]]}
    for i, u in enumerate(learners[:30]):
        earned[u] = badges[: (i % 3)]
    # record_earned_badge keeps badge_totals and the leaderboard histogram in step.
    for user, user_badges in earned.items():
        for b in user_badges:
            await record_earned_badge(session, user_id=user.id, badge_id=b.id, earned_at=_at(-40, now),
                                      earned_badge_id=demo_id("earnedbadge", f"{user.email}:{b.label}"))

    # Certificates
    fields = [
        CertificateField(id=demo_id("certfield", "name"), type="nameLabel", label="Learner Name", position=0,
                         include_on_transcript=True, include_on_external_certificate=True),
        CertificateField(id=demo_id("certfield", "date"), type="contentCompletionDate", label="Completion Date", position=1,
                         date_format="usLong", include_on_transcript=True, include_on_external_certificate=True),
        CertificateField(id=demo_id("certfield", "credits"), type="awardLabel", label="Credits Earned", position=2,
                         award_type_id=credit.id, include_on_transcript=True, include_on_external_certificate=False),
        CertificateField(id=demo_id("certfield", "identifier"), type="identifier", label="Certificate ID", position=3,
                         identifier_prefix="CERT-", identifier_body_length=8, include_on_transcript=True,
                         include_on_external_certificate=True),
        CertificateField(id=demo_id("certfield", "title"), type="courseLabel", label="Course Title", position=4),
        CertificateField(id=demo_id("certfield", "department"), type="userFieldLabel", label="Department", position=5,
                         user_custom_field_slug="department"),
    ]
    add(fields)
    templates = {}
    for slug, days in (("intro-to-python", 365), ("data-science-fundamentals", 365), ("foundations-of-leadership", None),
                       ("security-awareness", 180), ("leadership-path", 730)):
        item = items[slug]
        templates[slug] = CertificateTemplate(
            id=demo_id("template", slug), title=f"{item.title} Certificate",
            resource_type="learningPath" if item.kind == "learningPath" else "course", resource_id=item.id,
            asset=f"https://cdn.acme-learning.example/templates/{slug}.png", expiration_days=days,
            recertification_action="resetProgress" if days else None, recertification_after_days=days - 30 if days else None,
            recertification_auto_reset=bool(days), is_published=True, published_at=_at(-400, now), created_at=_at(-400, now),
        )
    add(list(templates.values()))
    await session.flush()
    # A landscape Letter page (792 x 612, app/certificates/rendering/layout.py): name, course, date and
    # credits centred, the identifier in the corner.
    layout = {"name": (396, 180, 40, "#1F3A5F", "center"), "title": (396, 285, 24, "#111827", "center"),
              "date": (396, 360, 15, "#4B5563", "center"), "credits": (396, 388, 13, "#4B5563", "center"),
              "identifier": (72, 530, 10, "#6B7280", "left")}
    add([CertificateTemplateLabel(id=demo_id("label", f"{t}:{f.id}"), template_id=templates[t].id,
                                  certificate_field_id=f.id, x=x, y=y, font_size=size, font_color=color, text_align=align)
         for t in templates
         for f, (x, y, size, color, align) in zip(fields, [layout[k] for k in ("name", "date", "credits", "identifier",
                                                                               "title")])])

    def certify(user, slug, days_ago, ident):
        t = templates[slug]
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

    await seed_catalog_parts(session, items=items, company_id=company.id, client=acme_corp, award_type_id=credit.id,
                             now=now)

    # Codes
    add([
        Code(id=demo_id("code", "WELCOME2024"), code="WELCOME2024", kind="registration", license_id=engineering.id,
             client_id=acme_corp.id),
        Code(id=demo_id("code", "COURSE-ABC-XYZ"), code="COURSE-ABC-XYZ", kind="redemption",
             content_id=items["kubernetes-deep-dive"].id, expires_at=_at(90, now)),
        Code(id=demo_id("code", "EXPIRED-2023"), code="EXPIRED-2023", kind="redemption",
             content_id=items["machine-learning-intro"].id, expires_at=_at(-30, now)),
        Code(id=demo_id("code", "USED-CODE-1"), code="USED-CODE-1", kind="redemption", content_id=items["gdpr-essentials"].id,
             redeemed_by_user_id=learners[2].id, redeemed_at=_at(-10, now)),
        Code(id=demo_id("code", "JOIN-GLOBEX"), code="JOIN-GLOBEX", kind="registration", license_id=globex_license.id,
             client_id=globex.id),
    ])
    await session.flush()
    return {"users": 2 + len(learners), "content": len(items), "certificates": 5 + 10}
