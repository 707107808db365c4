"""The floor: the benchmark's reads written by hand, with no GraphQL layer and no code of the API.

A Starlette app served like the API (uvicorn, uvloop, httptools; `WORKERS` processes), that
shares nothing with app/: raw SQL through the raw driver (the standard library's sqlite3, or
asyncpg for PostgreSQL), PyJWT, orjson. It takes the same requests as the API (POST /graphql with
the benchmark's documents, one operation or a JSON array of them) and, instead of executing the
document, dispatches on its `operationName` to a hand-written function that makes the same reads
and returns the same JSON `data` (the harness checks this before measuring):

- CurrentUser8 (8 plain user fields), CurrentUser (bench/documents.py's seed CurrentUser),
  UserContentItems (100 items x 30 fields: one query for the items, one each for all their tags,
  all their authors and the learner's due dates), UserCertificates (with templates and users);
- a JSON array: the operations one after the other, with one authentication.

The same authentication work as the API (app/pipeline/authenticate.py): the API key from
`Authorization: Bearer` or `?apiKey=`, looked up by its SHA-256 through a per-process cache of
API_KEY_CACHE_SECONDS (default 5), `graphql` scope; the `authToken` header decoded as an HS256 JWT
(sub, jti, exp, iat required) and its session row checked with the user read in one statement
(auth_sessions: jti, user_id, not revoked, not expired; user not disabled).

Run: python -m bench.floor   (DATABASE_URL = sqlite:///path or postgresql://..., SECRET_KEY, HOST, PORT,
     WORKERS, API_KEY_CACHE_SECONDS from the environment)
"""
from __future__ import annotations

import gc
import hashlib
import os
import re
import sqlite3
import time
from datetime import UTC, datetime

import jwt
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

COURSE_KINDS = ["course", "courseGroup", "webinar", "inPersonEvent", "article", "video", "microCourse", "webinarCourse",
                "inPersonEventCourse", "shareableContentObject", "xApiObject"]
MAX_BATCH = 10
UTC = UTC


# ---- the database -------------------------------------------------------------------------------------
# SQL is written once with `?` placeholders and `IN (??)` for a list; each driver gets its own form.

class SQLite:
    """The standard library's driver, one connection per process (reads only, autocommit)."""

    dialect = "sqlite"

    def __init__(self, path: str):
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA busy_timeout=30000")
        self._sql: dict[tuple, str] = {}

    async def open(self) -> None:
        pass

    def _prepare(self, sql: str, params: tuple) -> tuple[str, list]:
        flat, shape = [], []
        for p in params:
            if isinstance(p, (list, tuple)):
                flat.extend(p)
                shape.append(len(p))
            else:
                flat.append(p)
        key = (sql, *shape)
        text = self._sql.get(key)
        if text is None:
            lengths = iter(shape)
            text = re.sub(r"\?\?", lambda _m: ",".join("?" * next(lengths)), sql)
            self._sql[key] = text
        return text, flat

    async def all(self, sql: str, *params) -> list[tuple]:
        text, flat = self._prepare(sql, params)
        return self.conn.execute(text, flat).fetchall()

    async def one(self, sql: str, *params) -> tuple | None:
        text, flat = self._prepare(sql, params)
        return self.conn.execute(text, flat).fetchone()

    @staticmethod
    def now():
        # Datetimes are stored as 'YYYY-MM-DD HH:MM:SS.ffffff' UTC text: compared as text.
        return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    @staticmethod
    def date(value) -> str | None:
        return None if value is None else f"{value[:10]}T{value[11:23]}Z"

    @staticmethod
    def json(value):
        return None if value is None else orjson.loads(value)


class Postgres:
    """asyncpg, a pool of 10 connections per process."""

    dialect = "postgresql"

    def __init__(self, url: str):
        self.url = url
        self.pool = None
        self._sql: dict[str, str] = {}

    async def open(self) -> None:
        import asyncpg

        self.pool = await asyncpg.create_pool(self.url, min_size=1, max_size=10)

    def _text(self, sql: str) -> str:
        text = self._sql.get(sql)
        if text is None:
            n = iter(range(1, 1000))
            text = re.sub(r"\?\??", lambda _m: f"${next(n)}", sql.replace("IN (??)", "= ANY(??)"))
            self._sql[sql] = text
        return text

    async def all(self, sql: str, *params) -> list:
        return await self.pool.fetch(self._text(sql), *[list(p) if isinstance(p, tuple) else p for p in params])

    async def one(self, sql: str, *params):
        return await self.pool.fetchrow(self._text(sql), *[list(p) if isinstance(p, tuple) else p for p in params])

    @staticmethod
    def now():
        return datetime.now(UTC)

    @staticmethod
    def date(value) -> str | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"

    @staticmethod
    def json(value):
        return None if value is None else orjson.loads(value) if isinstance(value, str) else value


def open_database(url: str):
    if url.startswith("sqlite:"):
        return SQLite(url.removeprefix("sqlite://"))
    return Postgres(url)


USER_COLUMNS = ("id email password_hash first_name last_name role_key disabled email_verified client_id "
                "active_license_id balance_cents lang preferred_currency asset bio address1 address2 city state "
                "zip_code country telephone shipping_name stripe_customer_id external_customer_id sf_account_id "
                "sf_contact_id learner_user_id manager_user_id invited_by_name two_factor_enabled should_highlight "
                "last_active_at custom_fields accessed_flows recommended_tags recommended_slugs ref1 ref2 ref3 ref4 "
                "ref5 ref6 ref7 ref8 ref9 ref10 created_at updated_at").split()
CONTENT_COLUMNS = ("id kind slug title status description short_description alt_description_body session_title "
                   "asset asset_alt_text image_url language meta_title meta_description sku price_in_cents "
                   "suggested_retail_price_in_cents alternative_pricing_type alternative_pricing_ref purchasable "
                   "free_with_registration bulk_purchasing_enabled embedded_enabled hide_course_description rating "
                   "publish_date display_date course_start_date course_end_date enrollment_start_date "
                   "enrollment_end_date grace_period_end_date expires_at time_zone seats_limit waitlisting_enabled "
                   "access_days content_type_label content_type_asset_aspect_ratio source badge_name badge_url "
                   "accept_badge_url credly_badge_expires_at annotations_enabled ribbon_id location_id "
                   "course_group_id custom_fields created_at updated_at").split()
CERTIFICATE_COLUMNS = ("id user_id template_id resource_type resource_id issued_at expiration_date "
                       "recertification_date source identifier asset pdf_asset is_external external_resource_title "
                       "progress_was_reset deleted_at revoked_at created_at updated_at").split()
TEMPLATE_COLUMNS = ("id title description resource_type resource_id asset asset_library_id supplemental_assets "
                    "custom_css expiration_date expiration_days expiration_months recertification_action "
                    "recertification_action_text recertification_action_url recertification_after_days "
                    "recertification_auto_reset recertification_instructions reset_days_before_expiry "
                    "user_custom_field_slug user_custom_field_value is_published published_at deleted_at "
                    "created_at updated_at").split()
U = {c: i for i, c in enumerate(USER_COLUMNS)}
C = {c: i for i, c in enumerate(CONTENT_COLUMNS)}
K = {c: i for i, c in enumerate(CERTIFICATE_COLUMNS)}
T = {c: i for i, c in enumerate(TEMPLATE_COLUMNS)}


def _cols(alias: str, names: list[str]) -> str:
    return ", ".join(f"{alias}.{n}" for n in names)


REACHABLE = """SELECT content_id FROM enrollments WHERE user_id = ?
    UNION SELECT lc.content_id FROM license_allocations la JOIN license_content lc ON lc.license_id = la.license_id
      WHERE la.user_id = ? AND la.status = 'active'
    UNION SELECT learning_path_id FROM learning_path_allocations WHERE user_id = ?
    UNION SELECT cc.child_id FROM learning_path_allocations lpa
      JOIN content_children cc ON cc.parent_id = lpa.learning_path_id WHERE lpa.user_id = ?"""

SQL = dict(
    api_key="SELECT id, name, scopes FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
    viewer=f"""SELECT {_cols('u', USER_COLUMNS)} FROM users u JOIN auth_sessions s ON s.user_id = u.id
        WHERE s.jti = ? AND s.user_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = false""",
    users_by_ids=f"SELECT {_cols('u', USER_COLUMNS)} FROM users u WHERE u.id IN (??)",
    certificates_count="""SELECT count(*) FROM certificates
        WHERE user_id = ? AND deleted_at IS NULL AND revoked_at IS NULL""",
    course_enrolments_count="""SELECT count(*) FROM enrollments e JOIN content_items c ON c.id = e.content_id
        WHERE e.user_id = ? AND e.status IN (??) AND c.kind IN (??)""",
    available_courses_count=f"""SELECT count(DISTINCT r.content_id) FROM ({REACHABLE}) r
        JOIN content_items c ON c.id = r.content_id WHERE c.kind IN (??) AND c.status = 'published'""",
    purchased_courses="""SELECT e.content_id, e.status FROM enrollments e JOIN content_items c ON c.id = e.content_id
        WHERE e.user_id = ? AND c.kind IN (??) ORDER BY e.created_at, e.id""",
    held_certificates="""SELECT resource_id, issued_at FROM certificates
        WHERE user_id = ? AND deleted_at IS NULL AND revoked_at IS NULL ORDER BY issued_at DESC""",
    license="SELECT id, name FROM licenses WHERE id = ?",
    client="SELECT id, name FROM clients WHERE id = ?",
    content_items=f"""SELECT {_cols('c', CONTENT_COLUMNS)} FROM content_items c
        WHERE c.id IN ({REACHABLE}) AND c.status = 'published'
          AND NOT EXISTS (SELECT 1 FROM archived_items a WHERE a.user_id = ? AND a.content_id = c.id)
        ORDER BY lower(c.title) IS NULL, lower(c.title), c.id""",
    tags_of="""SELECT ct.content_id, t.id, t.label FROM content_tags ct JOIN tags t ON t.id = ct.tag_id
        WHERE ct.content_id IN (??) ORDER BY ct.position, t.label""",
    authors_of="SELECT content_id, name FROM content_authors WHERE content_id IN (??) ORDER BY position",
    enrolment_due_dates="SELECT content_id, due_date FROM enrollments WHERE user_id = ?",
    path_due_dates="SELECT learning_path_id, due_date FROM learning_path_allocations WHERE user_id = ?",
    certificates=f"""SELECT {_cols('c', CERTIFICATE_COLUMNS)} FROM certificates c
        WHERE c.user_id = ? AND c.deleted_at IS NULL AND c.revoked_at IS NULL""",
    not_expired=" AND (c.expiration_date IS NULL OR c.expiration_date > ?)",
    matching=""" AND (lower((SELECT i.title FROM content_items i WHERE i.id = c.resource_id)) LIKE ? ESCAPE '\\'
        OR lower(c.external_resource_title) LIKE ? ESCAPE '\\')""",
    certificates_order=" ORDER BY c.issued_at DESC, c.created_at DESC, c.id",
    templates_by_ids=f"SELECT {_cols('t', TEMPLATE_COLUMNS)} FROM certificate_templates t WHERE t.id IN (??)",
    kinds_by_ids="SELECT id, kind FROM content_items WHERE id IN (??)",
)


# ---- authentication -----------------------------------------------------------------------------------

class Refused(Exception):
    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message


def api_key_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return request.query_params.get("apiKey") or None


class KeyCache:
    def __init__(self, ttl: float):
        self.ttl = ttl
        self.entries: dict[str, tuple[float, tuple]] = {}

    async def find(self, db, secret: str):
        digest = hashlib.sha256(secret.encode()).hexdigest()
        now = time.monotonic()
        entry = self.entries.get(digest)
        if entry is not None and entry[0] > now:
            return entry[1]
        row = await db.one(SQL["api_key"], digest)
        if row is None:
            self.entries.pop(digest, None)
            return None
        key = (row[0], row[1], db.json(row[2]))
        if self.ttl > 0:
            self.entries[digest] = (now + self.ttl, key)
        return key


async def viewer_of(db, token: str):
    try:
        claims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"], options={"require": ["sub", "jti", "exp", "iat"]})
    except jwt.PyJWTError:
        return None
    return await db.one(SQL["viewer"], str(claims["jti"]), str(claims["sub"]), db.now())


async def authenticate(request: Request, db):
    secret = api_key_of(request)
    if not secret:
        raise Refused(401, "UNAUTHENTICATED", "An API key is required: send `Authorization: Bearer KEY` or `?apiKey=KEY`")
    key = await KEYS.find(db, secret)
    if key is None:
        raise Refused(401, "UNAUTHENTICATED", "The API key is not valid")
    if key[2] is not None and "graphql" not in key[2]:
        raise Refused(403, "FORBIDDEN", "This API key lacks the `graphql` scope")
    token = request.headers.get("authtoken")
    return await viewer_of(db, token) if token else None


# ---- the operations, by hand --------------------------------------------------------------------------

def _name(first, last):
    return " ".join(p for p in (first, last) if p) or None


async def current_user_8(db, user, _variables):
    if user is None:
        return {"CurrentUser": None}
    return {"CurrentUser": {
        "id": user[U["id"]], "email": user[U["email"]], "firstName": user[U["first_name"]],
        "lastName": user[U["last_name"]], "name": _name(user[U["first_name"]], user[U["last_name"]]),
        "roleKey": user[U["role_key"]], "lang": user[U["lang"]], "disabled": bool(user[U["disabled"]]),
    }}


async def _count(db, sql, *params) -> int:
    return int((await db.one(sql, *params))[0])


async def current_user(db, user, _variables):
    if user is None:
        return {"CurrentUser": None}
    uid = user[U["id"]]
    certificates = await _count(db, SQL["certificates_count"], uid)
    completed = await _count(db, SQL["course_enrolments_count"], uid, ("completed",), COURSE_KINDS)
    started = await _count(db, SQL["course_enrolments_count"], uid, ("started", "completed"), COURSE_KINDS)
    available = await _count(db, SQL["available_courses_count"], uid, uid, uid, uid, COURSE_KINDS)
    purchased = await db.all(SQL["purchased_courses"], uid, COURSE_KINDS)
    latest: dict = {}
    for resource_id, issued_at in await db.all(SQL["held_certificates"], uid):
        latest.setdefault(resource_id, issued_at)
    license = await db.one(SQL["license"], user[U["active_license_id"]]) if user[U["active_license_id"]] else None
    client = await db.one(SQL["client"], user[U["client_id"]]) if user[U["client_id"]] else None
    date = db.date
    out = {
        "id": uid, "email": user[U["email"]], "firstName": user[U["first_name"]], "lastName": user[U["last_name"]],
        "name": _name(user[U["first_name"]], user[U["last_name"]]), "roleKey": user[U["role_key"]],
        "lang": user[U["lang"]], "preferredCurrency": user[U["preferred_currency"]],
        "disabled": bool(user[U["disabled"]]), "mustVerifyEmail": not user[U["email_verified"]],
        "certificatesCount": certificates, "completedCoursesCount": completed, "startedCoursesCount": started,
        "availableCoursesCount": available, "balance": user[U["balance_cents"]] / 100,
        "purchasedCourses": [{"courseId": cid, "status": status, "certificateIssuedAt": date(latest.get(cid))}
                             for cid, status in purchased],
        "activeLicense": {"id": license[0], "name": license[1]} if license else None,
        "client": {"id": client[0], "name": client[1]} if client else None,
    }
    for column, field in (("address1", "address1"), ("address2", "address2"), ("city", "city"),
                          ("state", "state"), ("zip_code", "zipCode"), ("country", "country")):
        out[field] = user[U[column]]
    for k in range(1, 11):
        out[f"ref{k}"] = user[U[f"ref{k}"]]
    return {"CurrentUser": out}


def _availability(item, now) -> str:
    if item[C["status"]] != "published":
        return "unavailable"
    end, expires = item[C["course_end_date"]], item[C["expires_at"]]
    if (end is not None and end <= now) or (expires is not None and expires <= now):
        return "ended"
    closes = item[C["enrollment_end_date"]]
    if closes is not None and closes <= now:
        return "enrollmentClosed"
    opens, published = item[C["enrollment_start_date"]], item[C["publish_date"]]
    if (opens is not None and opens > now) or (published is not None and published > now):
        return "upcoming"
    return "available"


def _is_active(item, now) -> bool:
    end, expires = item[C["course_end_date"]], item[C["expires_at"]]
    return (item[C["status"]] == "published" and not (expires is not None and expires <= now)
            and not (end is not None and end <= now))


async def user_content_items(db, user, _variables):
    if user is None:
        return {"UserContentItems": []}
    uid = user[U["id"]]
    items = await db.all(SQL["content_items"], uid, uid, uid, uid, uid)
    ids = [i[0] for i in items]
    tags: dict[str, list] = {}
    authors: dict[str, list] = {}
    if ids:
        for content_id, tag_id, label in await db.all(SQL["tags_of"], ids):
            tags.setdefault(content_id, []).append({"id": tag_id, "label": label})
        for content_id, name in await db.all(SQL["authors_of"], ids):
            authors.setdefault(content_id, []).append(name)
    due: dict = {}
    for content_id, due_date in await db.all(SQL["enrolment_due_dates"], uid):
        due.setdefault(content_id, due_date)
    path_due = {}
    if any(i[C["kind"]] == "learningPath" for i in items):
        path_due = {pid: d for pid, d in await db.all(SQL["path_due_dates"], uid) if d is not None}
    now, date = db.now(), db.date
    out = []
    for i in items:
        iid = i[0]
        out.append({
            "id": iid, "title": i[C["title"]], "slug": i[C["slug"]], "kind": i[C["kind"]], "status": i[C["status"]],
            "availabilityStatus": _availability(i, now), "asset": i[C["asset"]],
            "priceInCents": i[C["price_in_cents"]], "isActive": _is_active(i, now),
            "courseStartDate": date(i[C["course_start_date"]]), "courseEndDate": date(i[C["course_end_date"]]),
            "currentUserDueDate": date(path_due.get(iid) if i[C["kind"]] == "learningPath" and iid in path_due
                                       else due.get(iid)),
            "tags": tags.get(iid, []), "authors": authors.get(iid, []), "description": i[C["description"]],
            "sessionTitle": i[C["session_title"]], "language": i[C["language"]], "metaTitle": i[C["meta_title"]],
            "metaDescription": i[C["meta_description"]], "sku": i[C["sku"]],
            "suggestedRetailPriceInCents": i[C["suggested_retail_price_in_cents"]],
            "freeWithRegistration": _bool(i[C["free_with_registration"]]), "rating": i[C["rating"]],
            "publishDate": date(i[C["publish_date"]]), "displayDate": date(i[C["display_date"]]),
            "createdAt": date(i[C["created_at"]]), "updatedAt": date(i[C["updated_at"]]),
            "waitlistingEnabled": bool(i[C["waitlisting_enabled"]]), "seatsLimit": i[C["seats_limit"]],
            "timeZone": i[C["time_zone"]],
        })
    return {"UserContentItems": out}


def _bool(value):
    return None if value is None else bool(value)


RESOURCE_TYPE_LABELS = {"course": "Course", "learningPath": "Learning Path"}


async def user_certificates(db, user, variables):
    if user is None:
        return {"UserCertificates": []}
    uid = user[U["id"]]
    now = db.now()
    sql, params = SQL["certificates"], [uid]
    if not variables.get("includeExpiredCertificates"):
        sql += SQL["not_expired"]
        params.append(now)
    needle = (variables.get("query") or "").strip().lower()
    if needle:
        like = "%" + re.sub(r"([\\%_])", r"\\\1", needle) + "%"
        sql += SQL["matching"]
        params += [like, like]
    rows = await db.all(sql + SQL["certificates_order"], *params)
    template_ids = list({r[K["template_id"]] for r in rows if r[K["template_id"]]})
    templates = {t[0]: t for t in await db.all(SQL["templates_by_ids"], template_ids)} if template_ids else {}
    user_ids = list({r[K["user_id"]] for r in rows})
    users = {u[0]: u for u in await db.all(SQL["users_by_ids"], user_ids)} if user_ids else {}
    untyped = list({r[K["resource_id"]] for r in rows if not r[K["resource_type"]] and r[K["resource_id"]]})
    kinds = dict(await db.all(SQL["kinds_by_ids"], untyped)) if untyped else {}
    date = db.date

    def past(value):
        return value is not None and value <= now

    def resource_type(r):
        kind = r[K["resource_type"]]
        if kind in RESOURCE_TYPE_LABELS:
            return kind
        if kind or r[K["resource_id"]] not in kinds:
            return None
        return "learningPath" if kinds[r[K["resource_id"]]] == "learningPath" else "course"

    out = []
    for r in rows:
        kind = resource_type(r)
        t = templates.get(r[K["template_id"]])
        u = users.get(r[K["user_id"]])
        out.append({
            "id": r[0], "issuedAt": date(r[K["issued_at"]]), "expirationDate": date(r[K["expiration_date"]]),
            "didExpire": r[K["revoked_at"]] is not None or past(r[K["expiration_date"]]),
            "isExpired": past(r[K["expiration_date"]]), "progressWasReset": bool(r[K["progress_was_reset"]]),
            "deleted": r[K["deleted_at"]] is not None, "url": f"/certificates/{r[0]}", "pdfAsset": r[K["pdf_asset"]],
            "resourceType": kind, "resourceTypeLabel": RESOURCE_TYPE_LABELS.get(kind) if kind else None,
            "resourceId": r[K["resource_id"]], "identifier": r[K["identifier"]], "isExternal": bool(r[K["is_external"]]),
            "externalResourceTitle": r[K["external_resource_title"]],
            "certificateTemplate": {"id": t[0], "title": t[T["title"]], "asset": t[T["asset"]],
                                    "isExpired": past(t[T["expiration_date"]])} if t else None,
            "user": {"id": u[0], "email": u[U["email"]], "firstName": u[U["first_name"]],
                     "lastName": u[U["last_name"]]} if u else None,
        })
    return {"UserCertificates": out}


OPERATIONS = {
    "CurrentUser8": current_user_8,
    "CurrentUser": current_user,
    "UserContentItems": user_content_items,
    "UserCertificates": user_certificates,
}


# ---- HTTP ---------------------------------------------------------------------------------------------

def _json(body, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


async def _run(db, user, op) -> dict:
    run = OPERATIONS.get(op.get("operationName")) if isinstance(op, dict) else None
    if run is None:
        return {"errors": [{"message": "The floor answers only the benchmark's operations, by operationName"}]}
    return {"data": await run(db, user, op.get("variables") or {})}


async def graphql(request: Request) -> Response:
    db = request.app.state.db
    try:
        body = orjson.loads(await request.body())
        user = await authenticate(request, db)
    except Refused as refused:
        return _json({"errors": [{"message": refused.message, "extensions": {"code": refused.code}}]}, refused.status)
    except orjson.JSONDecodeError:
        return _json({"errors": [{"message": "The body is not JSON"}]}, 400)
    if isinstance(body, list):
        if not 1 <= len(body) <= MAX_BATCH:
            return _json({"errors": [{"message": f"A batch holds 1 to {MAX_BATCH} operations"}]}, 400)
        return _json([await _run(db, user, op) for op in body])
    return _json(await _run(db, user, body))


async def healthz(_request: Request) -> Response:
    return _json({"ok": True})


async def _lifespan(app):
    app.state.db = open_database(DATABASE_URL)
    await app.state.db.open()
    gc.collect()
    gc.freeze()  # as the API's serve does (app/serving.py): the startup heap stays out of the GC's scans
    yield


DATABASE_URL = os.environ.get("DATABASE_URL", "")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
KEYS = KeyCache(float(os.environ.get("API_KEY_CACHE_SECONDS", 5.0)))

app = Starlette(routes=[Route("/graphql", graphql, methods=["POST"]), Route("/healthz", healthz)],
                lifespan=_lifespan)


def main() -> None:
    import uvicorn

    workers = int(os.environ.get("WORKERS", "1"))
    uvicorn.run("bench.floor:app" if workers > 1 else app, host=os.environ.get("HOST", "127.0.0.1"),
                port=int(os.environ["PORT"]), loop="uvloop", http="httptools", log_level="warning",
                access_log=False, workers=workers if workers > 1 else None)


if __name__ == "__main__":
    main()
