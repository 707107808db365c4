"""The catalog parts behind Helium's Course, LearningPath and Bundle settings, and certificate types:
imported by key, exported back as they were, changed in place where other rows refer to them."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from app.catalog.problems import CatalogRejected
from app.certificates.models import CertificateTemplate, CertificateType
from app.clients.models import Client
from app.content.models import ContentChild, ContentItem
from app.content.parts import ContentLesson, ContentSection, Layout, Milestone, TopicGroup
from tests.catalog.helpers import export, load

LAYOUT = "7b0c7a52-3f0e-4c8e-9d55-0d6f2c2b1a01"
PARTS = {
    "company": {"subdomain": "acme", "name": "Acme", "topicGroups": [{"label": "Skills"}]},
    "awardTypes": [{"label": "Credit"}],
    "fulfillmentCenters": [{"name": "West", "city": "Oakland", "latitude": "37.79"}],
    "layouts": [{"id": LAYOUT, "kind": "learningPathSidebarLayout", "hasEnrollmentWidget": True,
                 "widgets": [{"type": "enrollment"}]}],
    "courses": [  # in key order, as exported
        {"slug": "live", "title": "Live", "kind": "webinar", "webinarId": "884",
         "webinar": {"webinarProvider": "zoom", "joinUrl": "https://zoom.example/j/884", "enableAutoRecording": True}},
        {"slug": "python", "title": "Python", "kind": "courseGroup", "taxable": True, "taxCategory": "TAX-DIGITAL",
         "topicGroup": "Skills", "fulfillmentCenter": "West", "forceLinearProgress": True,
         "authors": [{"name": "Ada Lovelace", "isInstructor": True, "email": "ada@example.com"}],
         "syllabus": [{"slug": "start", "title": "Start", "lessons": [
             {"slug": "install", "title": "Install", "accessLevel": "open", "isSample": True},
             {"slug": "hello", "title": "Hello"}]}],
         "seatTiers": [{"seats": 10, "priceInCents": 4500}], "seatPackages": [{"seats": 5}],
         "awardClaimingOptions": [{"awardType": "Credit", "range": "0.5-2", "awardAmounts": [0.5, 1.0]}]},
    ],
    "learningPaths": [{"slug": "path", "title": "Path", "client": "globex", "authoringClient": "globex",
                       "layout": LAYOUT, "learnerLayout": LAYOUT, "dueDateDays": 60,
                       "milestones": [{"name": "Core"}, {"name": "Deepen", "requirement": "elective", "releaseDays": 7}],
                       "tabs": [{"label": "Overview", "body": "<p>Hi</p>", "tabType": "description"}],
                       "items": [{"slug": "python", "milestone": "Core"}, {"slug": "live", "milestone": "Deepen"}]}],
    "bundles": [{"slug": "starter", "title": "Starter", "planId": "plan-m", "weight": 0.8,
                 "variationLabels": ["Digital", "Print"], "items": ["python"]}],
    "clients": [{"slug": "globex", "name": "Globex",
                 "settings": {"catalog": {"displayBundleId": "starter"}, "sso": {"bundleId": "starter"}}}],
    "certificateTypes": [{"slug": "compliance", "title": "Compliance", "isPublished": True}],
    "certificateTemplates": [{"title": "Python Certificate", "resource": "python", "certificateType": "compliance"}],
}


def _without_defaults(value):
    """The document as an export writes it: no nulls, no empty lists."""
    if isinstance(value, dict):
        return {k: _without_defaults(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_without_defaults(v) for v in value]
    return value


def _pick(exported: dict, given: dict):
    """The members of `exported` that `given` names (recursively), to compare with it."""
    if isinstance(given, dict):
        return {k: _pick(exported.get(k), v) for k, v in given.items()} if isinstance(exported, dict) else exported
    if isinstance(given, list) and isinstance(exported, list) and len(given) == len(exported):
        return [_pick(e, g) for e, g in zip(exported, given)]
    return exported


async def test_every_part_is_stored_by_key_and_exported_as_given(db):
    await load(db, PARTS)
    exported = json.loads(await export(db))
    for section, entries in PARTS.items():
        assert _pick(exported[section], entries) == _without_defaults(entries), section
    async with db() as s:
        python = await s.scalar(select(ContentItem).where(ContentItem.slug == "python"))
        bundle = await s.scalar(select(ContentItem).where(ContentItem.slug == "starter"))
        client = await s.scalar(select(Client))
        assert client.settings == {"catalog": {"displayBundleId": bundle.id}, "sso": {"bundleId": bundle.id}}
        assert python.topic_group_id == await s.scalar(select(TopicGroup.id))
        [section] = (await s.scalars(select(ContentSection))).all()
        assert section.course_id == python.id
        assert (await s.scalars(select(ContentLesson.slug).where(ContentLesson.section_id == section.id)
                                .order_by(ContentLesson.position))).all() == ["install", "hello"]
        assert await s.get(Layout, LAYOUT) is not None  # a layout's key is its id
        template = await s.scalar(select(CertificateTemplate))
        assert template.certificate_type_id == await s.scalar(select(CertificateType.id))


async def test_importing_the_parts_again_changes_nothing(db):
    await load(db, PARTS)
    before = await export(db)
    assert not (await load(db, PARTS)).changed
    assert not (await load(db, json.loads(before))).changed
    assert await export(db) == before


async def test_milestones_change_in_place_and_items_keep_pointing_at_them(db):
    await load(db, PARTS)
    async with db() as s:
        ids = (await s.scalars(select(Milestone.id).order_by(Milestone.position))).all()
    path = PARTS["learningPaths"][0]
    renamed = {**path, "milestones": [{"name": "Basics"}, path["milestones"][1]],
               "items": [{"slug": "python", "milestone": "Basics"}, "live"]}
    await load(db, {"learningPaths": [renamed]})
    async with db() as s:
        assert (await s.scalars(select(Milestone.id).order_by(Milestone.position))).all() == ids
        members = (await s.execute(select(ContentChild.milestone_id).join(
            ContentItem, ContentItem.id == ContentChild.parent_id).where(ContentItem.slug == "path")
            .order_by(ContentChild.position))).scalars().all()
        assert members == [ids[0], None]


async def test_a_changed_lesson_replaces_the_syllabus(db):
    await load(db, PARTS)
    course = PARTS["courses"][1]
    syllabus = [{**course["syllabus"][0], "lessons": [{"slug": "install", "title": "Set up"}]}]
    summary = await load(db, {"courses": [{**course, "syllabus": syllabus}]})
    assert summary.to_json()["courses"]["updated"] == 1
    async with db() as s:
        assert (await s.scalars(select(ContentLesson.title))).all() == ["Set up"]
        assert await s.scalar(select(func.count()).select_from(ContentSection)) == 1


@pytest.mark.parametrize("change, path", [
    ({"learningPaths": [{**PARTS["learningPaths"][0], "items": [{"slug": "python", "milestone": "Nope"}]}]},
     "learningPaths[0].items[0].milestone"),
    ({"clients": [{"slug": "globex", "name": "Globex", "settings": {"sso": {"bundleId": "nope"}}}]},
     "clients[0].settings.sso.bundleId"),
    ({"certificateTemplates": [{"title": "T", "certificateType": "nope"}]}, "certificateTemplates[0].certificateType"),
    ({"courses": [PARTS["courses"][0], {**PARTS["courses"][1], "layout": "nope"}]}, "courses[1].layout"),
])
async def test_an_unknown_part_is_an_unknown_reference(db, change, path):
    with pytest.raises(CatalogRejected) as rejected:
        await load(db, {**PARTS, **change})
    # The path's items name its milestones: checked, though nothing is written.
    assert [(p.path, p.code) for p in rejected.value.problems] == [(path, "UNKNOWN_REFERENCE")]
