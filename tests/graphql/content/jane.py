"""Jane, a learner with items of every kind through enrolments, a license and allocated learning paths,
progress, an archive, a waitlist entry, certificates and a bookmark folder, on a small factory-built
catalog: the data set of the content list tests (UserContentItems, UserContentGroups)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from app.db import utcnow
from tests.factories import PASSWORD, build, client, course, id_of, learner, learning_path, license, session
from tests.factories.certificates import issued_certificate
from tests.factories.learning import add, archive, bookmark_folder, due, enrolled, progress, waitlist_entry

JANE_EMAIL = "jane@example.com"
DAY = datetime(2026, 3, 1, tzinfo=UTC)


def _item(slug: str, kind: str = "courseGroup", *, tags=(), authors=(), difficulty=None, age: int = 0, **fields):
    """An item created `age` days before DAY, with the tags, authors and difficulty the searches look for."""
    return course(slug, kind=kind, tags=list(tags), authors=[{"name": a} for a in authors],
                  createdAt=(DAY - timedelta(days=age)).isoformat(),
                  **({"customFields": {"difficulty": difficulty}} if difficulty else {}), **fields)


PREMIUM, CLOUD, LEADERSHIP = "Premium Package", "Cloud", "Leadership"
CATALOG = dict(
    content_custom_fields=[{"slug": "difficulty", "label": "Difficulty", "indexed": True}],
    courses=[
        _item("advanced-communication", tags=[PREMIUM, LEADERSHIP], authors=["Maria Garcia"], difficulty="Medium",
              priceInCents=2999, age=1, publishDate="2026-01-05T00:00:00Z", courseStartDate="2026-04-01T09:00:00Z"),
        _item("data-science-fundamentals", tags=[PREMIUM], authors=["Jack Chen"], difficulty="Medium", age=2,
              displayDate="2026-01-10T00:00:00Z"),
        _item("intro-to-python", title="Introduction to Python", tags=[PREMIUM], authors=["Jack Chen", "Ann Lee"],
              difficulty="Easy", age=3, badgeUrl="https://credly.example.com/badges/python", publishDate="2025-12-01T00:00:00Z", courseStartDate="2026-02-01T09:00:00Z"),
        _item("kubernetes-deep-dive", tags=[PREMIUM, CLOUD], authors=["Sam Rivera"], difficulty="Hard", age=4),
        _item("foundations-of-leadership", title="Foundations of Leadership", tags=[LEADERSHIP], difficulty="Easy",
              age=5, displayDate="2025-11-01T00:00:00Z"),
        _item("cloud-engineering-basics", "microCourse", tags=[CLOUD], authors=["Sam Rivera"], difficulty="Easy",
              age=6),
        _item("security-awareness", "video", difficulty="Easy", age=7, publishDate="2026-02-20T00:00:00Z"),
        _item("graphql-live", "webinar", authors=["Jack Chen"], age=8, courseStartDate="2026-05-01T16:00:00Z"),
        _item("leadership-summit", "inPersonEvent", title="Leadership Summit", tags=[PREMIUM, LEADERSHIP],
              difficulty="Hard", age=9),
        course("machine-learning-intro", session("machine-learning-spring"), createdAt="2025-06-01T00:00:00Z"),
        _item("legacy-excel-course", tags=[PREMIUM], age=10),
        _item("advanced-javascript-patterns", tags=[PREMIUM], authors=["Jack Chen"], age=11),
    ],
    learning_paths=[
        learning_path("leadership-path", ["foundations-of-leadership", "leadership-summit"],
                      title="Leadership Learning Path", tags=[PREMIUM, LEADERSHIP], createdAt="2026-02-10T00:00:00Z"),
        learning_path("cloud-engineering-path", ["cloud-engineering-basics", "kubernetes-deep-dive"],
                      tags=[CLOUD], createdAt="2026-02-11T00:00:00Z"),
    ],
    clients=[client("acme", license("ACME-ALL", content=["security-awareness", "graphql-live"]))],
)

# Jane's items through enrolments, a license and allocated learning paths, minus her archive.
JANE_SLUGS = {
    "intro-to-python", "data-science-fundamentals", "foundations-of-leadership", "advanced-communication",
    "machine-learning-intro", "graphql-live", "security-awareness", "leadership-path", "cloud-engineering-basics",
    "kubernetes-deep-dive", "cloud-engineering-path", "leadership-summit",
}
ENROLLED = {"advanced-communication": 5, "data-science-fundamentals": 1, "intro-to-python": 30,
            "machine-learning-intro": None, "legacy-excel-course": 2}  # slug: hours since last active


COMPLETED = ["intro-to-python", "data-science-fundamentals", "foundations-of-leadership", "security-awareness"]
CERTIFIED = ["intro-to-python", "data-science-fundamentals", "foundations-of-leadership"]


async def build_jane(db, gql) -> SimpleNamespace:
    """Build the catalog and Jane: her id, token, and the catalog's ids by slug."""
    await build(db, **CATALOG)
    j = SimpleNamespace(ids={entry["slug"]: await id_of(db, "content", entry["slug"])
                             for entry in CATALOG["courses"] + CATALOG["learning_paths"]})
    ids = j.ids
    j.id = jane = await learner(db, JANE_EMAIL, client_id=await id_of(db, "client", "acme"),
                                license_ids=(await id_of(db, "license", "ACME-ALL"),))
    await enrolled(db, jane, *(ids[slug] for slug in dict.fromkeys(
        [*ENROLLED, *COMPLETED, "leadership-path", "cloud-engineering-path"])))
    await progress(db, jane, {ids[slug]: {"progress": 50, "last_active_at": DAY - timedelta(hours=hours)}
                              for slug, hours in ENROLLED.items() if hours is not None})
    await progress(db, jane, {ids[slug]: {"status": "completed", "progress": 100, "completed_at": DAY}
                              for slug in COMPLETED})
    await due(db, jane, ids["advanced-communication"], DAY + timedelta(days=30))
    await due(db, jane, ids["leadership-path"], DAY + timedelta(days=60))
    now = utcnow()
    for slug in CERTIFIED:
        await issued_certificate(db, jane, ids[slug])
    await issued_certificate(db, jane, ids["security-awareness"], days_ago=400,
                             expiration_date=now - timedelta(days=35))  # expired
    await add(db, archive(jane, ids["legacy-excel-course"]), waitlist_entry(jane, ids["leadership-summit"]),
              bookmark_folder(jane, "To revisit", default=True))
    j.token = await gql.login(JANE_EMAIL, PASSWORD)
    return j
