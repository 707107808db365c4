"""The floor: what CurrentUser and the 100-item UserContentItems cost without a GraphQL layer.

A minimal Starlette app served like the API (uvicorn, uvloop, httptools, one process) that does
the same work a GraphQL request of the benchmark does, written by hand:
- the same authentication: the API key's hash lookup through the same short-lived cache
  (app.apikeys.cache, API_KEY_CACHE_SECONDS), the authToken's JWT decode and session lookup
  (app.users.auth.user_for_token);
- the same database reads, through the same async engine and driver, with the same SQL builders
  the resolvers use (one statement per batch, as the DataLoaders issue them);
- the same JSON (orjson), byte-for-byte the `data` the API returns for bench/documents.py's
  CurrentUser and UserContentItems (the harness checks that before measuring).

What it leaves out is what the API adds on top: the GraphQL layer (parse/validate caches,
execution, field resolution, DataLoaders), API-point metering and the usage ledger.

Run: python -m bench.floor   (DATABASE_URL, SECRET_KEY, HOST, PORT from the environment)
"""
from __future__ import annotations

import os

import orjson
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.apikeys.cache import ApiKeyCache
from app.certificates.models import Certificate
from app.clients.models import Client, License
from app.content import queries as content_queries
from app.content import rules
from app.content.models import COURSE_KINDS, LEARNING_PATH, ContentItem
from app.content.service import user_content_items
from app.db import create_engine, session_factory
from app.graphql.scalars import serialize_date
from app.learning.models import Enrollment, LearningPathAllocation
from app.users import stats
from app.users.auth import user_for_token
from app.web.auth import api_key_of, auth_token_of

USER_FIELDS = ("id", "email", "first_name", "last_name", "name", "role_key", "lang", "preferred_currency",
               "disabled", "must_verify_email")
ADDRESS_FIELDS = ("address1", "address2", "city", "state", "zip_code", "country")
REF_FIELDS = tuple(f"ref{i}" for i in range(1, 11))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.capitalize() for p in rest)


def _date(value):
    return serialize_date(value) if value is not None else None


def _json(body: dict, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _unauthenticated(message: str) -> Response:
    return _json({"errors": [{"message": message, "extensions": {"code": "UNAUTHENTICATED"}}]}, 401)


async def _authenticate(request: Request, session):
    """(user or None, error response or None): the API's authentication, the same queries."""
    secret = api_key_of(request)
    if not secret or await API_KEYS.find(session, secret=secret) is None:
        return None, _unauthenticated("The API key is not valid")
    token = auth_token_of(request)
    found = await user_for_token(session, token=token, secret_key=SECRET_KEY) if token else None
    return (found[0] if found else None), None


async def _count(session, build, user_id: str) -> int:
    rows = (await session.execute(build([user_id]))).all()
    return int(rows[0][1]) if rows else 0


async def current_user(request: Request) -> Response:
    async with factory() as session:
        user, refused = await _authenticate(request, session)
        if refused:
            return refused
        if user is None:
            return _json({"data": {"CurrentUser": None}})
        counts = [await _count(session, build, user.id) for build in (
            stats.certificates_count, stats.completed_courses_count, stats.started_courses_count,
            stats.available_courses_count)]
        purchased = (await session.execute(
            select(Enrollment.user_id, Enrollment)
            .join(ContentItem, ContentItem.id == Enrollment.content_id)
            .where(Enrollment.user_id.in_([user.id]), ContentItem.kind.in_(COURSE_KINDS))
            .order_by(Enrollment.created_at, Enrollment.id)
        )).all()
        held = (await session.execute(
            select(Certificate.user_id, Certificate).where(Certificate.user_id.in_([user.id]))
            .order_by(Certificate.issued_at.desc())
        )).all()
        license = (await session.scalars(select(License).where(License.id.in_([user.active_license_id])))).first() \
            if user.active_license_id else None
        client = (await session.scalars(select(Client).where(Client.id.in_([user.client_id])))).first() \
            if user.client_id else None

    latest: dict[str, object] = {}
    for _uid, cert in held:
        if cert.deleted_at is None and cert.revoked_at is None:
            latest.setdefault(cert.resource_id, cert.issued_at)
    out = {_camel(f): getattr(user, f) for f in USER_FIELDS}
    out.update(certificatesCount=counts[0], completedCoursesCount=counts[1], startedCoursesCount=counts[2],
               availableCoursesCount=counts[3], balance=user.balance)
    out["purchasedCourses"] = [
        {"courseId": e.content_id, "status": e.status, "certificateIssuedAt": _date(latest.get(e.content_id))}
        for _uid, e in purchased
    ]
    out["activeLicense"] = {"id": license.id, "name": license.name} if license else None
    out["client"] = {"id": client.id, "name": client.name} if client else None
    out.update({_camel(f): getattr(user, f) for f in ADDRESS_FIELDS})
    out.update({f: getattr(user, f) for f in REF_FIELDS})
    return _json({"data": {"CurrentUser": out}})


async def content_items(request: Request) -> Response:
    async with factory() as session:
        user, refused = await _authenticate(request, session)
        if refused:
            return refused
        if user is None:
            return _json({"data": {"UserContentItems": []}})
        items = await user_content_items(session, user_id=user.id)
        ids = [item.id for item in items]
        tags: dict[str, list] = {}
        for content_id, tag in (await session.execute(content_queries.tags_of(ids))).all():
            tags.setdefault(content_id, []).append({"id": tag.id, "label": tag.label})
        authors: dict[str, list] = {}
        for content_id, author in (await session.execute(content_queries.authors_of(ids))).all():
            authors.setdefault(content_id, []).append(author.name)
        enrolments = {e.content_id: e for _uid, e in (await session.execute(
            select(Enrollment.user_id, Enrollment).where(Enrollment.user_id.in_([user.id]))
        )).all()}
        allocations = {}
        if any(item.kind == LEARNING_PATH for item in items):
            allocations = {a.learning_path_id: a for _uid, a in (await session.execute(
                select(LearningPathAllocation.user_id, LearningPathAllocation)
                .where(LearningPathAllocation.user_id.in_([user.id]))
            )).all()}

    def due_date(item):
        allocation = allocations.get(item.id) if item.kind == LEARNING_PATH else None
        if allocation is not None and allocation.due_date:
            return _date(allocation.due_date)
        enrolment = enrolments.get(item.id)
        return _date(enrolment.due_date) if enrolment else None

    out = [
        {
            "id": i.id, "title": i.title, "slug": i.slug, "kind": i.kind, "status": i.status,
            "availabilityStatus": rules.availability_status(i), "asset": i.asset, "priceInCents": i.price_in_cents,
            "isActive": rules.is_active(i), "courseStartDate": _date(i.course_start_date),
            "courseEndDate": _date(i.course_end_date), "currentUserDueDate": due_date(i),
            "tags": tags.get(i.id, []), "authors": authors.get(i.id, []), "description": i.description,
            "sessionTitle": i.session_title, "language": i.language, "metaTitle": i.meta_title,
            "metaDescription": i.meta_description, "sku": i.sku,
            "suggestedRetailPriceInCents": i.suggested_retail_price_in_cents,
            "freeWithRegistration": i.free_with_registration, "rating": i.rating,
            "publishDate": _date(i.publish_date), "displayDate": _date(i.display_date),
            "createdAt": _date(i.created_at), "updatedAt": _date(i.updated_at),
            "waitlistingEnabled": i.waitlisting_enabled, "seatsLimit": i.seats_limit, "timeZone": i.time_zone,
        }
        for i in items
    ]
    return _json({"data": {"UserContentItems": out}})


DATABASE_URL = os.environ.get("DATABASE_URL", "")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
API_KEYS = ApiKeyCache(float(os.environ.get("API_KEY_CACHE_SECONDS", 5.0)))
engine = create_engine(DATABASE_URL) if DATABASE_URL else None
factory = session_factory(engine) if engine is not None else None

app = Starlette(routes=[
    Route("/floor/current-user", current_user, methods=["POST"]),
    Route("/floor/content-items", content_items, methods=["POST"]),
])


def main() -> None:
    import uvicorn

    from app.serving import freeze_startup_heap

    freeze_startup_heap()  # the same process set-up as `python -m app serve`
    uvicorn.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ["PORT"]), loop="uvloop",
                http="httptools", log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
