"""Export the demo, import it into an empty database: every Helium query gives the same answers.

The queries select every field of their type (leaves, and objects two levels down), built from the
schema, so a field the format loses shows up. They run with the API key alone and as a learner
provisioned the same way in both databases (client and licenses by the operator's keys), because
learner state (enrolments, certificates held, badges earned …) is not part of the catalog. Our ids
differ between the two databases, so each answer's UUIDs are numbered in order of appearance.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime

import orjson
from graphql import GraphQLObjectType, get_named_type, is_leaf_type, is_non_null_type
from sqlalchemy import select, update

from app.apikeys.service import create_api_key
from app.clients.models import Client, License
from app.content.models import ContentItem
from app.graphql.schema import schema
from app.security import hash_password
from app.users.models import User
from app.users.provisioning import NewLearner, create_learners
from tests.catalog.helpers import export, load
from tests.conftest import TEST_API_KEY, _truncate
from tests.helium_documents import OPERATIONS

LEARNER = "round.trip@example.com"
PROVISIONED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
PASSWORD = "round-trip-password"
# Ranked from other learners' activity (learner state is not in the catalog); ApiUsage is the usage ledger.
NOT_CATALOG = {"ApiUsage", "BadgeLeaderboard", "UserBookmarksByFolder"}
# Learner state: counts of the learners' activity (enrolments, seats taken, waiting lists), the last login.
LEARNER_STATE = {"enrollmentCount", "lastActiveAt", "seatsAllocatedCount", "seatsLimitMet", "seatsUsedCount",
                 "waitlistCount"}
UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _selection(type_, depth: int, skip: frozenset = frozenset()) -> str:
    parts = []
    for name, field in get_named_type(type_).fields.items():
        if name in LEARNER_STATE or name in skip or any(is_non_null_type(a.type) and a.default_value is None
                                        for a in field.args.values()):
            continue
        named = get_named_type(field.type)
        if is_leaf_type(named):
            parts.append(name)
        elif isinstance(named, GraphQLObjectType) and depth > 1:
            parts.append(f"{name} {{ {_selection(named, depth - 1)} }}")
    return " ".join(parts)


def _root(name: str, args: str = "") -> str:
    field = schema._schema.query_type.fields[name]
    named = get_named_type(field.type)
    # Logging in touches the learner's own row.
    skip = frozenset({"updatedAt"} if name == "CurrentUser" else ())
    selection = "" if is_leaf_type(named) else _selection(named, 3, skip)
    return f"{{ {name}{args} {'{ ' + selection + ' }' if selection else ''} }}"


async def _ids(db) -> dict[str, str]:
    async with db() as session:
        rows = await session.execute(select(ContentItem.slug, ContentItem.id))
        return dict(rows.all())


def _documents(ids: dict[str, str], learner_id: str) -> dict[str, str]:
    documents = {f"helium:{p.stem}": p.read_text() for p in OPERATIONS.glob("*.graphql")
                 if p.stem not in ("Login", "UserBookmarksByFolder")}  # a login; a folder the learner lacks
    for name in schema._schema.query_type.fields:
        if name in NOT_CATALOG:
            continue
        if name in ("UserCourseAwardCounts", "UserCourseCollaborations"):
            for slug in ("intro-to-python", "foundations-of-leadership", "leadership-summit"):
                documents[f"{name}:{slug}"] = _root(name, f'(courseId: "{ids[slug]}")')
        elif name == "LearningPathCurrentUserAwardTotals":
            documents[name] = _root(name, '(slug: "leadership-path")')
        elif name == "CompanyTranslations":
            documents[f"{name}:lms"] = _root(name, "(namespace: lms)")
            documents[f"{name}:emails"] = _root(name, "(namespace: emails)")
        elif name == "CompanyDetails":
            documents[name] = _root(name)
            documents[f"{name}:learner"] = _root(name, f'(user: "{learner_id}")')
        elif name == "UserContentItems":
            for args in ("", "(sortColumn: createdAt)", "(kind: [learningPath])", '(query: "difficulty:Easy")',
                         "(kind: [courseGroup, webinar, inPersonEvent, video, article])"):
                documents[f"{name}{args}"] = _root(name, args)
        else:
            documents[name] = _root(name)
    return documents


async def _provision_learner(db) -> str:
    async with db() as session:
        client = await session.scalar(select(Client.id).where(Client.slug == "acme-corp"))
        licenses = (await session.scalars(select(License.id).where(License.sku.in_(["LIC-ENT", "LIC-ENG"]))
                                          .order_by(License.sku.desc()))).all()
        [user] = await create_learners(session, learners=[
            NewLearner(email=LEARNER, first_name="Round", last_name="Trip", client_id=client, license_ids=licenses)],
            now=PROVISIONED_AT)
        await session.execute(update(User).where(User.id == user.id).values(password_hash=hash_password(PASSWORD),
                                                                            updated_at=PROVISIONED_AT))
        await session.commit()
        return user.id


def _normalised(body: dict) -> bytes:
    text = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    numbers: dict[bytes, bytes] = {}
    return UUID.sub(lambda m: numbers.setdefault(m.group(), b"id-%d" % len(numbers)), text)


def _first_difference(a, b, path="") -> str | None:
    if type(a) is not type(b) or not isinstance(a, (dict, list)):
        return None if a == b else f"{path}: {a!r} != {b!r}"
    if isinstance(a, list) and len(a) != len(b):
        return f"{path}: {len(a)} != {len(b)} entries"
    keys = a.keys() | b.keys() if isinstance(a, dict) else range(len(a))
    for k in sorted(keys, key=str):
        if (found := _first_difference(a.get(k) if isinstance(a, dict) else a[k],
                                       b.get(k) if isinstance(b, dict) else b[k], f"{path}.{k}")):
            return found
    return None


async def _answers(db, gql) -> dict[str, bytes]:
    learner = await _provision_learner(db)
    token = await gql.login(LEARNER, PASSWORD)
    answers = {}
    for name, document in _documents(await _ids(db), learner).items():
        for who, auth in (("learner", {"token": token}), ("key", {})):
            body = await gql(document, **auth)
            assert "errors" not in body, (name, who, body["errors"])
            body.pop("extensions")  # the cost and the bucket, which differ from call to call
            answers[f"{name} as {who}"] = _normalised(body)
    return answers


async def test_the_demo_exported_and_imported_into_an_empty_database_answers_the_same(engine, db, app, gql, demo):
    before = await _answers(db, gql)
    async with db() as session:  # the round-trip learner is not part of the demo's catalog
        await session.execute(User.__table__.delete().where(User.email == LEARNER))
        await session.commit()
    document = await export(db)

    await app.state.services.usage.flush()  # its rows name the API key, which goes with the tables
    await _truncate(engine)
    async with db() as session:
        await create_api_key(session, name="tests", key=TEST_API_KEY)
        await session.commit()
    await load(db, document)
    after = await _answers(db, gql)

    assert after.keys() == before.keys()
    different = [name for name in before if before[name] != after[name]]
    assert not different, [(name, _first_difference(orjson.loads(before[name]), orjson.loads(after[name])))
                           for name in different]
    # Non-trivial answers: the learner reaches the catalog through the licenses.
    assert b"Foundations of Leadership" in before["UserContentItems as learner"]
    assert b"Acme Learning Co." in before["CompanyDetails as key"]
