"""LearningPath.currentUserPendingCertificate and currentUserStartActionDate, from the learner's data."""
from __future__ import annotations

from datetime import timedelta

from app.db import utcnow
from tests.factories import build, certificate_template, course, id_of, learning_path
from tests.factories.certificates import issued_certificate
from tests.factories.learning import enrolled, progress
from tests.graphql.content.helpers import PASSWORD, make_learner

QUERY = ("query { CurrentUser { allocatedLearningPaths { learningPath { slug currentUserPendingCertificate "
         "currentUserStartActionDate } } } }")


async def _path_state(gql, token) -> dict:
    data = await gql.data(QUERY, token=token)
    return data["CurrentUser"]["allocatedLearningPaths"][0]["learningPath"]


async def _path_template(db, *, published: bool) -> None:
    """The path's certificate template, published or not (the operator's catalog import)."""
    await build(db, certificate_templates=[certificate_template("Path certificate", "path", resourceType="learningPath",
                                                                isPublished=published)])


async def test_pending_until_the_certificate_is_issued_and_started_at_the_first_start(gql, db):
    user_id = await make_learner(db)
    now = utcnow().replace(microsecond=0)
    await build(db, courses=[course("first"), course("second")],
                learning_paths=[learning_path("path", ["first", "second"])])
    await _path_template(db, published=True)
    path, first, second = [await id_of(db, "content", slug) for slug in ("path", "first", "second")]
    await enrolled(db, user_id, path, first, second)
    await progress(db, user_id, {
        first: {"status": "completed", "started_at": now - timedelta(days=3), "completed_at": now},
        second: {"status": "started", "started_at": now - timedelta(days=5)}})
    token = await gql.login("sam.builder@example.com", PASSWORD)

    state = await _path_state(gql, token)
    assert state["currentUserPendingCertificate"] is False  # one item still open
    assert state["currentUserStartActionDate"].startswith((now - timedelta(days=5)).date().isoformat())

    await progress(db, user_id, {second: {"status": "completed"}})
    assert (await _path_state(gql, token))["currentUserPendingCertificate"] is True  # done, no certificate yet

    await _path_template(db, published=False)
    assert (await _path_state(gql, token))["currentUserPendingCertificate"] is False  # nothing to issue

    await _path_template(db, published=True)
    await issued_certificate(db, user_id, path, resource_type="learningPath")
    assert (await _path_state(gql, token))["currentUserPendingCertificate"] is False  # issued


async def test_no_start_date_before_anything_is_started(gql, db):
    user_id = await make_learner(db)
    await build(db, learning_paths=[learning_path("path", [], title="Path")])
    await enrolled(db, user_id, await id_of(db, "content", "path"))
    token = await gql.login("sam.builder@example.com", PASSWORD)
    state = await _path_state(gql, token)
    assert state == {"slug": "path", "currentUserPendingCertificate": False, "currentUserStartActionDate": None}
