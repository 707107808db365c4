"""A generated data set for the benchmark, bulk-inserted through SQLAlchemy Core.

`build(path, learners=N)` migrates a new SQLite database at `path`, and
`build(None, learners=N, postgres="postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")` creates a
throw-away PostgreSQL database beside the one named (dropped again by `Dataset.drop()`), migrates
it with app.migrate.upgrade and fills it with:
- one company, one client with a license, ribbons, locations and tags;
- 120 content items (every column filled: the 30-field UserContentItems selection reads real
  values), each with tags, authors and prices; 100 of them are published and reachable by the
  bench learner through enrolments, so UserContentItems returns exactly 100 items;
- N learners with profile, address and ref1..ref10, three enrolments each and one certificate;
- certificate templates (one per course-like item) and 25 certificates of the bench learner;
- the bench learner (active license, client, enrolments in various states) and an administrator,
  each with a login session, and an API key whose API-point bucket is large enough for a benchmark.

Returns a `Dataset` with the secrets the clients need. Deterministic for a given size (seeded).
"""
from __future__ import annotations

import asyncio
import random
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

import app.models  # noqa: F401  (registers every table on Base.metadata)
from app.apikeys.models import ApiKey
from app.certificates.models import Certificate, CertificateTemplate
from app.clients.models import Client, License, LicenseAllocation
from app.company.models import Company
from app.content.models import ContentAuthor, ContentItem, ContentTag, ItemPrice, Location, Ribbon, Tag
from app.learning.models import Enrollment
from app.security import encode_token, generate_api_key, hash_api_key
from app.users.models import AuthSession, User

CONTENT_ITEMS = 120
BENCH_ITEMS = 100  # items the bench learner reaches (the UserContentItems list)
BENCH_CERTIFICATES = 25
ENROLMENTS_PER_LEARNER = 3
KINDS = ("courseGroup", "courseGroup", "courseGroup", "learningPath", "webinar", "article", "video", "microCourse")
STATUSES = ("not-started", "started", "completed")
BENCH_EMAIL = "bench.learner@example.com"
ADMIN_EMAIL = "bench.admin@example.com"
# A bucket no benchmark run can empty: requests are never THROTTLED.
BENCH_KEY_CAPACITY = 10**9


@dataclass(frozen=True)
class Dataset:
    path: Path | None  # the SQLite file (None on PostgreSQL)
    url: str  # the SQLAlchemy URL, as the API takes it (sqlite+aiosqlite:///… or postgresql+asyncpg://…)
    secret_key: str
    api_key: str
    learner_token: str
    admin_token: str
    learner_id: str
    learners: int
    database: str = "sqlite"  # sqlite | postgresql
    admin_url: str | None = None  # PostgreSQL: the database to connect to for dropping this one

    @property
    def plain_url(self) -> str:
        """The URL without SQLAlchemy's driver part, for the peer and the floor: sqlite:///path or postgresql://…"""
        return self.url.replace("sqlite+aiosqlite:", "sqlite:").replace("postgresql+asyncpg:", "postgresql:")

    def drop(self) -> None:
        """Removes a PostgreSQL data set's database (a SQLite file goes with its temporary directory)."""
        if self.database == "postgresql" and self.admin_url:
            asyncio.run(drop_postgres_database(self.admin_url, make_url(self.url).database))


def _id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


async def _insert(conn, model, rows: list[dict], chunk: int = 5000) -> None:
    table = model.__table__
    for start in range(0, len(rows), chunk):
        await conn.execute(sa.insert(table), rows[start:start + chunk])


def _content_rows(rng, now, ribbons, locations) -> list[dict]:
    rows = []
    for i in range(CONTENT_ITEMS):
        kind = KINDS[i % len(KINDS)]
        start = now + timedelta(days=rng.randint(-60, 60))
        rows.append(dict(
            id=_id(rng), kind=kind, slug=f"bench-item-{i:03d}", title=f"Bench {kind} {i:03d}",
            status="published" if i < BENCH_ITEMS or i % 3 else "draft",
            description=f"<p>Description of item {i}. " + "Lorem ipsum dolor sit amet. " * 8 + "</p>",
            short_description=f"Short description {i}", alt_description_body=f"Alternative body {i}",
            session_title=f"Session {i % 7}", asset=f"https://cdn.example.com/assets/{i}.png",
            asset_alt_text=f"Picture of item {i}", image_url=f"https://cdn.example.com/images/{i}.jpg",
            language="en", meta_title=f"Meta title {i}", meta_description=f"Meta description of item {i}",
            sku=f"SKU-{i:05d}", price_in_cents=rng.choice((0, 1999, 4999, 9900)),
            suggested_retail_price_in_cents=12900, alternative_pricing_type=None, alternative_pricing_ref=None,
            purchasable=True, free_with_registration=bool(i % 2), bulk_purchasing_enabled=bool(i % 3),
            embedded_enabled=False, hide_course_description=False, rating=rng.randint(1, 5),
            publish_date=now - timedelta(days=200 - i), display_date=now - timedelta(days=100 - i % 50),
            course_start_date=start, course_end_date=start + timedelta(days=rng.randint(30, 400)),
            enrollment_start_date=now - timedelta(days=300), enrollment_end_date=now + timedelta(days=300),
            grace_period_end_date=None, expires_at=now + timedelta(days=1000), time_zone="Europe/Paris",
            seats_limit=rng.choice((None, 50, 500)), waitlisting_enabled=bool(i % 4 == 0), access_days=365,
            content_type_label=kind.capitalize(), content_type_asset_aspect_ratio="16:9", source="bench",
            badge_name=f"Badge {i}" if i % 5 == 0 else None,
            badge_url=f"https://badges.example.com/{i}" if i % 5 == 0 else None,
            accept_badge_url=None, credly_badge_expires_at=None, annotations_enabled=bool(i % 2),
            ribbon_id=ribbons[i % len(ribbons)], location_id=locations[i % len(locations)], course_group_id=None,
            custom_fields={"difficulty": rng.choice(("Easy", "Medium", "Hard"))},
            created_at=now - timedelta(days=400 - i), updated_at=now - timedelta(days=i % 30),
        ))
    return rows


def _learner_row(rng, i: int, now, client_id=None, license_id=None, email=None) -> dict:
    first, last = f"First{i}", f"Last{i}"
    row = dict(
        id=_id(rng), email=email or f"learner{i}@bench.example.com", password_hash=None,
        first_name=first, last_name=last, role_key="learner", disabled=False, email_verified=True,
        client_id=client_id, active_license_id=license_id, balance_cents=rng.randint(0, 100000),
        lang="en", preferred_currency="USD", asset=f"https://cdn.example.com/avatars/{i}.png",
        bio=f"Learner number {i}.", address1=f"{i} Main Street", address2=f"Apartment {i % 50}",
        city="Springfield", state="IL", zip_code=f"{62700 + i % 100}", country="US",
        telephone=f"+1-555-{i % 10000:04d}", shipping_name=f"{first} {last}",
        stripe_customer_id=f"cus_{i}", external_customer_id=f"ext_{i}", sf_account_id=None, sf_contact_id=None,
        learner_user_id=None, manager_user_id=None, invited_by_name=None, two_factor_enabled=False,
        should_highlight=False, last_active_at=now - timedelta(hours=i % 500),
        custom_fields={"team": f"team-{i % 20}"}, accessed_flows=["onboarding"],
        recommended_tags=[{"label": "Leadership", "boost": 2}], recommended_slugs=None,
        created_at=now - timedelta(days=500), updated_at=now - timedelta(days=i % 90),
    )
    for k in range(1, 11):
        row[f"ref{k}"] = f"ref{k}-{i % 97}"
    return row


def _enrolment(rng, user_id, content_id, now, status=None) -> dict:
    status = status or rng.choice(STATUSES)
    started = now - timedelta(days=rng.randint(10, 300))
    return dict(
        id=_id(rng), user_id=user_id, content_id=content_id, status=status,
        progress=100 if status == "completed" else (0 if status == "not-started" else rng.randint(1, 99)),
        source="purchase", started_at=None if status == "not-started" else started,
        completed_at=started + timedelta(days=5) if status == "completed" else None,
        due_date=now + timedelta(days=rng.randint(-30, 90)), last_active_at=started,
        instructor_access_purchased=False, created_at=started, updated_at=started,
    )


def _session(user_id: str, secret_key: str, now) -> tuple[str, dict]:
    token, claims = encode_token(user_id, secret_key, 7 * 24 * 3600, now=now)
    return token, dict(jti=claims.jti, user_id=user_id, created_at=now, expires_at=claims.expires_at,
                       revoked_at=None)


async def _fill(url: str, learners: int, secret_key: str) -> dict:
    from app.db import create_engine

    rng = random.Random(learners)
    now = datetime.now(UTC).replace(microsecond=0)
    engine = create_engine(url)
    api_key = generate_api_key()
    async with engine.begin() as conn:
        await _insert(conn, Company, [dict(id=_id(rng), name="Bench Learning", subdomain="bench",
                                     created_at=now, updated_at=now)])
        client_id, license_id = _id(rng), _id(rng)
        await _insert(conn, Client, [dict(id=client_id, name="Bench Corp", slug="bench-corp", created_at=now,
                                    updated_at=now)])
        await _insert(conn, License, [dict(id=license_id, client_id=client_id, name="Bench License", label="Bench",
                                     created_at=now, updated_at=now)])
        ribbons = [_id(rng) for _ in range(3)]
        await _insert(conn, Ribbon, [dict(id=r, slug=f"ribbon-{n}", label=f"Ribbon {n}", color="#ff0000")
                               for n, r in enumerate(ribbons)])
        locations = [_id(rng) for _ in range(2)]
        await _insert(conn, Location, [dict(id=loc, name=f"Campus {n}", address1=f"{n} Campus Road", city="Lyon")
                                 for n, loc in enumerate(locations)])
        tags = [_id(rng) for _ in range(20)]
        await _insert(conn, Tag, [dict(id=t, label=f"Tag {n:02d}", is_folder=False, created_at=now, updated_at=now)
                            for n, t in enumerate(tags)])

        content = _content_rows(rng, now, ribbons, locations)
        await _insert(conn, ContentItem, content)
        content_ids = [c["id"] for c in content]
        await _insert(conn, ContentTag, [dict(content_id=c, tag_id=tags[(n + k) % len(tags)], position=k)
                                   for n, c in enumerate(content_ids) for k in range(2)])
        await _insert(conn, ContentAuthor, [dict(id=_id(rng), content_id=c, name=f"Author {(n + k) % 13}",
                                           is_instructor=k == 1, position=k)
                                      for n, c in enumerate(content_ids) for k in range(2)])
        await _insert(conn, ItemPrice, [dict(id=_id(rng), content_id=c, currency_code=cur, price_in_cents=4999)
                                  for c in content_ids for cur in ("EUR", "USD")])
        course_like = [c for c in content if c["kind"] != "learningPath"]
        templates = [dict(id=_id(rng), title=f"Certificate of {c['title']}", description="Awarded on completion",
                          resource_type="course", resource_id=c["id"],
                          asset=f"https://cdn.example.com/templates/{n}.png", expiration_days=365,
                          is_published=True, published_at=now, created_at=now, updated_at=now)
                     for n, c in enumerate(course_like)]
        await _insert(conn, CertificateTemplate, templates)

        # The bench learner, the administrator, and N other learners.
        bench = _learner_row(rng, 0, now, client_id=client_id, license_id=license_id, email=BENCH_EMAIL)
        admin = {**_learner_row(rng, 1, now, email=ADMIN_EMAIL), "role_key": "admin"}
        others = [_learner_row(rng, i, now) for i in range(2, learners + 2)]
        await _insert(conn, User, [bench, admin, *others])
        await _insert(conn, LicenseAllocation, [dict(id=_id(rng), user_id=bench["id"], license_id=license_id,
                                               role="student", status="active", created_at=now, updated_at=now)])

        enrolments = [_enrolment(rng, bench["id"], c, now, STATUSES[n % 3])
                      for n, c in enumerate(content_ids[:BENCH_ITEMS])]
        for user in others:
            for c in rng.sample(content_ids, ENROLMENTS_PER_LEARNER):
                enrolments.append(_enrolment(rng, user["id"], c, now))
        await _insert(conn, Enrollment, enrolments)

        def certificate(user_id, template, days_ago):
            issued = now - timedelta(days=days_ago)
            cid = _id(rng)
            return dict(id=cid, user_id=user_id, template_id=template["id"], resource_type="course",
                        resource_id=template["resource_id"], issued_at=issued,
                        expiration_date=issued + timedelta(days=365), recertification_date=None, source="platform",
                        identifier=f"CERT-{cid[:13]}", asset=None, pdf_asset=f"https://cdn.example.com/pdf/{cid}.pdf",
                        is_external=False, external_resource_title=None, progress_was_reset=False,
                        deleted_at=None, revoked_at=None, created_at=issued, updated_at=issued)

        certificates = [certificate(bench["id"], templates[n % len(templates)], n * 7)
                        for n in range(BENCH_CERTIFICATES)]
        certificates += [certificate(u["id"], templates[n % len(templates)], n % 300) for n, u in enumerate(others)]
        await _insert(conn, Certificate, certificates)

        learner_token, learner_session = _session(bench["id"], secret_key, now)
        admin_token, admin_session = _session(admin["id"], secret_key, now)
        await _insert(conn, AuthSession, [learner_session, admin_session])
        await _insert(conn, ApiKey, [dict(id=_id(rng), name="bench", key_hash=hash_api_key(api_key), prefix=api_key[:8],
                                    scopes=None, rate_limit_capacity=BENCH_KEY_CAPACITY,
                                    rate_limit_restore_rate=float(BENCH_KEY_CAPACITY), created_at=now)])
    async with engine.connect() as conn:
        await conn.exec_driver_sql("ANALYZE")
        await conn.commit()
    await engine.dispose()
    return dict(secret_key=secret_key, api_key=api_key, learner_token=learner_token, admin_token=admin_token,
                learner_id=bench["id"], learners=learners)


async def _migrate(url: str) -> None:
    from app.db import create_engine
    from app.migrate import upgrade

    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def create_postgres_database(admin_url: str, name: str) -> str:
    """CREATE DATABASE `name` on the server of `admin_url`; its URL."""
    from app.db import create_engine

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(admin_url: str, name: str) -> None:
    from app.db import create_engine

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


def build(path: Path | None, *, learners: int, postgres: str | None = None) -> Dataset:
    """A new database, migrated and filled: a SQLite file at `path` (replaced if present), or with
    `postgres` (a URL of an existing database on the server, e.g. .../postgres) a new PostgreSQL
    database named bench_<random> on that server."""
    secret_key = secrets.token_urlsafe(48)
    if postgres:
        name = f"bench_{uuid.uuid4().hex[:12]}"
        url = asyncio.run(create_postgres_database(postgres, name))
        try:
            asyncio.run(_migrate(url))
            filled = asyncio.run(_fill(url, learners, secret_key))
        except BaseException:
            asyncio.run(drop_postgres_database(postgres, name))
            raise
        return Dataset(path=None, url=url, database="postgresql", admin_url=postgres, **filled)
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite+aiosqlite:///{path}"
    asyncio.run(_migrate(url))
    return Dataset(path=path, url=url, **asyncio.run(_fill(url, learners, secret_key)))
