"""LearningPath.currentUserPendingCertificate and currentUserStartActionDate, from the learner's data."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from app.certificates.models import Certificate, CertificateTemplate
from app.content.models import ContentChild, ContentItem
from app.db import new_id, utcnow
from app.learning.models import Enrollment, LearningPathAllocation
from tests.graphql.content.helpers import PASSWORD, make_learner

QUERY = ("query { CurrentUser { allocatedLearningPaths { learningPath { slug currentUserPendingCertificate "
         "currentUserStartActionDate } } } }")


async def _path_state(gql, token) -> dict:
    data = await gql.data(QUERY, token=token)
    return data["CurrentUser"]["allocatedLearningPaths"][0]["learningPath"]


async def test_pending_until_the_certificate_is_issued_and_started_at_the_first_start(gql, db):
    user_id = await make_learner(db)
    now = utcnow().replace(microsecond=0)
    path, first, second = (ContentItem(id=new_id(), kind=k, slug=s, title=s) for k, s in
                           (("learningPath", "path"), ("courseGroup", "first"), ("courseGroup", "second")))
    template = CertificateTemplate(id=new_id(), title="Path certificate", resource_type="learningPath",
                                   resource_id=path.id, is_published=True)
    async with db() as s:
        s.add_all([path, first, second])
        await s.flush()
        s.add_all([template, ContentChild(parent_id=path.id, child_id=first.id, position=0),
                   ContentChild(parent_id=path.id, child_id=second.id, position=1),
                   LearningPathAllocation(id=new_id(), user_id=user_id, learning_path_id=path.id),
                   Enrollment(id=new_id(), user_id=user_id, content_id=first.id, status="completed",
                              started_at=now - timedelta(days=3), completed_at=now),
                   Enrollment(id=new_id(), user_id=user_id, content_id=second.id, status="started",
                              started_at=now - timedelta(days=5))])
        await s.commit()
    token = await gql.login("sam.builder@example.com", PASSWORD)

    state = await _path_state(gql, token)
    assert state["currentUserPendingCertificate"] is False  # one item still open
    assert state["currentUserStartActionDate"].startswith((now - timedelta(days=5)).date().isoformat())

    async with db() as s:
        await s.execute(update(Enrollment).where(Enrollment.content_id == second.id).values(status="completed"))
        await s.commit()
    assert (await _path_state(gql, token))["currentUserPendingCertificate"] is True  # done, no certificate yet

    async with db() as s:
        await s.execute(update(CertificateTemplate).values(is_published=False))
        await s.commit()
    assert (await _path_state(gql, token))["currentUserPendingCertificate"] is False  # nothing to issue

    async with db() as s:
        await s.execute(update(CertificateTemplate).values(is_published=True))
        s.add(Certificate(id=new_id(), user_id=user_id, template_id=template.id, resource_type="learningPath",
                          resource_id=path.id))
        await s.commit()
    assert (await _path_state(gql, token))["currentUserPendingCertificate"] is False  # issued


async def test_no_start_date_before_anything_is_started(gql, db):
    user_id = await make_learner(db)
    path = ContentItem(id=new_id(), kind="learningPath", slug="path", title="Path")
    async with db() as s:
        s.add(path)
        await s.flush()
        s.add(LearningPathAllocation(id=new_id(), user_id=user_id, learning_path_id=path.id))
        await s.commit()
    token = await gql.login("sam.builder@example.com", PASSWORD)
    state = await _path_state(gql, token)
    assert state == {"slug": "path", "currentUserPendingCertificate": False, "currentUserStartActionDate": None}
