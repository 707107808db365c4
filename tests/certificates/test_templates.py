"""Certificate template services: input rules, create/update/publish/delete, list filters, counts."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.certificates import templates
from app.certificates.models import CertificateTemplate
from app.errors import AppError, ErrorCode
from tests.factories.certificates import issued_certificate, revoke, three_templates

PYTHON = str(uuid.uuid4())  # the input rules only look at the id's form
PUBLISHED = 3  # the templates the fixture makes


@pytest.fixture
async def w(db):
    """Three published certificate templates: Python (one holder), Security (three) and a learning path's
    (none); every title ends in "Certificate"."""
    return await three_templates(db)


def base(resource_id: str = PYTHON, **kw) -> dict:
    return {"title": "Food Safety", "resource_type": "course", "resource_id": resource_id, **kw}


def bad(body, *, creating=True) -> AppError:
    with pytest.raises(AppError) as err:
        templates.parse_template_input(body, creating=creating)
    assert err.value.code == ErrorCode.BAD_USER_INPUT
    return err.value


def test_input_maps_fields_and_validates():
    values = templates.parse_template_input(base(validity_months=12, reset_days_before_expiry=30,
                                                 recertification_action="resetProgress"), creating=True)
    assert values["expiration_months"] == 12 and values["expiration_days"] is None
    assert values["reset_days_before_expiry"] == 30 and values["recertification_action"] == "resetProgress"
    assert bad({"resource_type": "course"}).field == "title"
    assert bad(base(title="  ")).field == "title"
    assert bad(base(reset_days_before_expiry=13)).field == "reset_days_before_expiry"
    assert bad(base(reset_days_before_expiry=366)).field == "reset_days_before_expiry"
    assert bad(base(reset_days_before_expiry=True)).field == "reset_days_before_expiry"
    assert bad(base(validity_days=0)).field == "validity_days"
    assert bad(base(validity_days=30, validity_months=1)).field == "validity_months"
    assert bad(base(recertification_action="email")).field == "recertification_action"
    assert bad(base(recertification_action_url="ftp://x")).field == "recertification_action_url"
    assert bad(base(is_published="yes")).field == "is_published"
    assert bad(base(expiration_date="next year")).field == "expiration_date"
    assert bad(base(resource_type="bundle")).field == "resource_type"
    assert bad(base(resource_id="nope")).field == "resource_id"
    assert bad(base(certificate_type_id=3)).field == "certificate_type_id"
    assert bad({"resource_id": PYTHON}, creating=False).field == "resource_type"
    # PATCH: only what is sent
    assert templates.parse_template_input({"description": None}, creating=False) == {"description": None}


async def test_create_checks_the_resource_and_the_whole_template(db, w):
    async with db() as s:
        with pytest.raises(AppError) as err:
            await templates.create_template(s, body=base(w.python, resource_type="learningPath"))  # a course id
        assert (err.value.code, err.value.field) == (ErrorCode.NOT_FOUND, "resource_id")
        with pytest.raises(AppError) as err:
            await templates.create_template(s, body=base(w.python, reset_days_before_expiry=30))  # never expires
        assert err.value.field == "reset_days_before_expiry"
        with pytest.raises(AppError) as err:
            await templates.create_template(s, body=base(w.python, recertification_action="actionUrl"))
        assert err.value.field == "recertification_action_url"
        draft = await templates.create_template(s, body=base(w.python, validity_days=30))
        published = await templates.create_template(
            s, body=base(w.path, title="Path", resource_type="learningPath", is_published=True))
        await s.commit()
    assert draft.is_published is False and draft.published_at is None and draft.expiration_days == 30
    assert published.is_published and published.published_at is not None


async def test_update_changes_only_what_is_sent_and_toggles_publication(db, w):
    async with db() as s:
        t = await templates.create_template(s, body=base(w.python, description="d", validity_months=12,
                                                         reset_days_before_expiry=30))
        await s.commit()
    async with db() as s:
        t = await templates.update_template(s, template_id=t.id, body={"is_published": True, "validity_days": 90})
        await s.commit()
    assert (t.title, t.description, t.expiration_days, t.expiration_months) == ("Food Safety", "d", 90, None)
    assert t.is_published and t.published_at is not None
    async with db() as s:
        with pytest.raises(AppError) as err:  # removing the validity leaves reset_days_before_expiry dangling
            await templates.update_template(s, template_id=t.id, body={"validity_days": None})
        assert err.value.field == "reset_days_before_expiry"
    async with db() as s:
        t = await templates.update_template(s, template_id=t.id, body={"is_published": False})
        await s.commit()
    assert t.is_published is False and t.published_at is None
    async with db() as s:
        t = await templates.publish_template(s, template_id=t.id)
        first = t.published_at
        t = await templates.publish_template(s, template_id=t.id)
        await s.commit()
    assert t.is_published and t.published_at == first


async def test_deleted_templates_disappear(db, w):
    template_id = w.py_t
    async with db() as s:
        await templates.delete_template(s, template_id=template_id)
        await s.commit()
    async with db() as s:
        for call in (templates.get_template(s, template_id=template_id),
                     templates.update_template(s, template_id=template_id, body={"title": "x"}),
                     templates.delete_template(s, template_id=template_id),
                     templates.publish_template(s, template_id=template_id)):
            with pytest.raises(AppError) as err:
                await call
            assert err.value.code == ErrorCode.NOT_FOUND
        page = await templates.list_templates(s, per_page=50)
        stored = await s.get(CertificateTemplate, template_id)
    assert template_id not in [t.id for t in page.items] and page.total == PUBLISHED - 1
    assert stored.deleted_at is not None  # soft delete


async def test_list_filters_and_pages(db, w):
    now = datetime.now(UTC)
    async with db() as s:
        draft = await templates.create_template(s, body=base(w.python, title="100% Draft_Template"))
        await s.commit()
        published = await templates.list_templates(s, is_published=True)
        drafts = await templates.list_templates(s, is_published=False)
        by_title = await templates.list_templates(s, title="CERTIFICATE")
        literal = await templates.list_templates(s, title="100%")
        underscore = await templates.list_templates(s, title="r_f")  # would match "raf" as a wildcard
        since = await templates.list_templates(s, since=now - timedelta(minutes=5))
        page2 = await templates.list_templates(s, page=2, per_page=2)
    assert published.total == PUBLISHED and drafts.total == 1 and [t.id for t in drafts.items] == [draft.id]
    assert by_title.total == PUBLISHED
    assert [t.id for t in literal.items] == [draft.id]
    assert underscore.total == 0  # `_` is literal, not a wildcard
    assert [t.id for t in since.items] == [draft.id]
    assert (page2.total, page2.total_pages, len(page2.items)) == (PUBLISHED + 1, 2, 2)


async def test_active_users_counts(db, w):
    async with db() as s:
        counts = await templates.active_users_counts(s, template_ids=[w.py_t, w.sa_t, w.path_t])
    assert counts == {w.py_t: 1, w.sa_t: 3}
    # a revoked certificate no longer counts
    await issued_certificate(db, w.ann, w.path, resource_type="learningPath")
    async with db() as s:
        assert await templates.active_users_counts(s, template_ids=[w.path_t]) == {w.path_t: 1}
    await revoke(db, w.path_t, w.ann)
    async with db() as s:
        assert await templates.active_users_counts(s, template_ids=[w.path_t]) == {}
