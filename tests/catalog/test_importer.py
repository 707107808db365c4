"""Importing a catalog: upserts by key, idempotence, all or nothing, every problem with its JSON path and code."""
from __future__ import annotations

import io
import uuid

import orjson
import pytest
from sqlalchemy import func, select

from app.awards.models import CourseAward
from app.catalog.importer import import_catalog
from app.catalog.problems import CatalogRejected
from app.catalog.reader import CatalogSource
from app.clients.models import Client, License, LicenseContent
from app.codes.models import Code
from app.company.models import AppearanceSettings, Company, Translation
from app.content.models import ContentChild, ContentCustomValue, ContentItem, ContentTag, Tag
from tests.catalog.helpers import export, load

CATALOG = {
    "format": "learner-api/catalog", "version": 1,
    "company": {"subdomain": "acme", "name": "Acme", "globalTerms": "Be nice.",
                "appearance": {"accentColor": "#FF0000", "font": "Inter"}},
    "languages": [{"code": "en", "label": "English"}],
    "translations": [{"namespace": "lms", "lang": "en", "strings": {"hello": "Hello", "bye": "Bye"}}],
    "awardTypes": [{"label": "Credit"}],
    "ribbons": [{"slug": "new", "label": "New"}],
    "courses": [
        {"slug": "python", "title": "Python", "kind": "courseGroup", "tags": ["Code", "Data"], "ribbon": "new",
         "customFields": {"difficulty": "Easy"}, "awards": [{"awardType": "Credit", "amount": 2}],
         "prerequisites": ["sql"],
         "sessions": [{"slug": "python-spring", "title": "Python", "sessionTitle": "Spring",
                       "courseStartDate": "2026-03-01T09:00:00Z"}]},
        {"slug": "sql", "title": "SQL", "kind": "video"},
    ],
    "learningPaths": [{"slug": "data-path", "title": "Data", "items": ["sql", "python"]}],
    "clients": [{"slug": "globex", "name": "Globex", "appearance": {"accentColor": "#00FF00"}, "licenses": [
        {"sku": "LIC-CHILD", "name": "Child", "parentLicense": "LIC-MAIN"},
        {"sku": "LIC-MAIN", "name": "Main", "content": ["python", "data-path"]}]}],
    "codes": [{"code": " join-globex ", "kind": "registration", "license": "LIC-MAIN", "client": "globex"}],
}


async def _count(db, model) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def _item(db, slug):
    async with db() as session:
        return await session.scalar(select(ContentItem).where(ContentItem.slug == slug))


async def test_a_catalog_is_created_with_its_references_resolved_by_key(db):
    summary = (await load(db, CATALOG)).to_json()
    assert summary["courses"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert summary["sessions"]["created"] == 1 and summary["licenses"]["created"] == 2
    assert summary["translations"]["created"] == 2
    python, session, path = await _item(db, "python"), await _item(db, "python-spring"), await _item(db, "data-path")
    assert session.course_group_id == python.id and session.kind == "course" and session.session_title == "Spring"
    assert path.kind == "learningPath"
    async with db() as s:
        children = (await s.execute(select(ContentChild.child_id).where(ContentChild.parent_id == path.id)
                                    .order_by(ContentChild.position))).scalars().all()
        assert children == [(await _item(db, "sql")).id, python.id]
        main = await s.scalar(select(License).where(License.sku == "LIC-MAIN"))
        child = await s.scalar(select(License).where(License.sku == "LIC-CHILD"))
        assert child.parent_license_id == main.id  # the parent came later in the document
        assert await s.scalar(select(func.count()).select_from(LicenseContent)
                              .where(LicenseContent.license_id == main.id)) == 2
        code = await s.scalar(select(Code))
        assert code.code == "JOIN-GLOBEX" and code.license_id == main.id
        company = await s.scalar(select(Company))
        appearance = await s.get(AppearanceSettings, company.appearance_id)
        assert appearance.accent_color == "#FF0000" and appearance.company_id == company.id
        values = (await s.execute(select(ContentCustomValue.field_slug, ContentCustomValue.value))).all()
        assert values == [("difficulty", "Easy")]
    assert await _count(db, Tag) == 2


async def test_importing_the_same_document_twice_changes_nothing_the_second_time(db):
    await load(db, CATALOG)
    before = await export(db)
    summary = await load(db, CATALOG)
    assert not summary.changed
    assert all(c.created == c.updated == 0 for c in summary.sections.values())
    assert summary.to_json()["courses"]["unchanged"] == 2
    assert await export(db) == before


async def test_changes_are_updates_and_lists_replace_what_is_stored(db):
    await load(db, CATALOG)
    python = await _item(db, "python")
    changed = {**CATALOG, "courses": [{**CATALOG["courses"][0], "title": "Python 3", "tags": ["Code"]},
                                      CATALOG["courses"][1]]}
    summary = (await load(db, changed)).to_json()
    assert summary["courses"] == {"created": 0, "updated": 1, "unchanged": 1}
    assert summary["sessions"] == {"created": 0, "updated": 0, "unchanged": 1}
    updated = await _item(db, "python")
    assert updated.id == python.id and updated.title == "Python 3"
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(ContentTag)
                              .where(ContentTag.content_id == python.id)) == 1


async def test_fields_left_out_keep_their_value_and_null_clears(db):
    await load(db, CATALOG)
    await load(db, {"courses": [{"slug": "python", "title": "Python", "kind": "courseGroup", "ribbon": None}]})
    python = await _item(db, "python")
    assert python.ribbon_id is None  # null clears
    assert python.custom_fields == {"difficulty": "Easy"}  # left out: kept
    async with db() as s:
        assert await s.scalar(select(func.count()).select_from(ContentTag)
                              .where(ContentTag.content_id == python.id)) == 2


async def _problems(db, document) -> list[tuple[str, str]]:
    with pytest.raises(CatalogRejected) as rejected:
        await load(db, document)
    return [(p.path, p.code) for p in rejected.value.problems]


async def test_every_problem_is_reported_with_its_json_path_and_code_and_nothing_is_written(db):
    document = {**CATALOG, "courses": [
        *CATALOG["courses"],
        {"slug": "bad", "title": "Bad", "kind": "courseGroup", "ribbon": "gone"},
        {"slug": "worse", "title": "Worse", "kind": "courseGroup", "colour": "red", "seats_limit": 3,
         "sessions": [{"slug": "worse-1", "title": "Worse", "courseStartDate": "next tuesday"}]},
        {"slug": "python", "title": "Again", "kind": "video"},
        {"title": "No slug", "kind": "nope"},
    ]}
    problems = await _problems(db, document)
    assert set(problems) == {
        ("courses[2].ribbon", "UNKNOWN_REFERENCE"),
        ("courses[3].colour", "UNKNOWN_FIELD"),
        ("courses[3].seats_limit", "UNKNOWN_FIELD"),  # members have their JSON names only
        ("courses[3].sessions[0].courseStartDate", "INVALID_VALUE"),
        ("courses[4].slug", "DUPLICATE_KEY"),
        ("courses[5].slug", "REQUIRED"),
        ("courses[5].kind", "INVALID_VALUE"),
    }
    for model in (ContentItem, Company, Translation, Tag, License):
        assert await _count(db, model) == 0


async def test_a_reference_inside_a_list_names_its_entry(db):
    document = {"courses": [{"slug": "a", "title": "A", "kind": "video", "prerequisites": ["b", "missing"],
                             "awards": [{"awardType": "Nope", "amount": 1}]},
                            {"slug": "b", "title": "B", "kind": "video"}]}
    assert set(await _problems(db, document)) == {("courses[0].prerequisites[1]", "UNKNOWN_REFERENCE"),
                                                  ("courses[0].awards[0].awardType", "UNKNOWN_REFERENCE")}


async def test_what_the_store_cannot_hold_is_refused_with_its_path(db):
    document = {"ribbons": [{"slug": "r" * 150}],
                "courses": [{"slug": "a", "title": "A", "kind": "video", "seatsLimit": 2**40, "purchasable": None}]}
    assert set(await _problems(db, document)) == {
        ("ribbons[0].slug", "INVALID_VALUE"), ("courses[0].seatsLimit", "INVALID_VALUE"),
        ("courses[0].purchasable", "REQUIRED")}


@pytest.mark.parametrize("data, path, code", [
    (b"{not json", "", "INVALID_JSON"),
    (b"[]", "", "INVALID_JSON"),
    (b'{"courses": {"slug": "a"}}', "courses", "INVALID_JSON"),
    (b'{"coursez": []}', "coursez", "UNKNOWN_FIELD"),
    (b'{"format": "other"}', "format", "INVALID_VALUE"),
    (b'{"version": 2}', "version", "INVALID_VALUE"),
])
async def test_a_document_of_the_wrong_shape_is_refused(db, data, path, code):
    assert (path, code) in await _problems(db, data)


async def test_a_document_cut_short_writes_nothing(db):
    data = (b'{"languages": [{"code": "en", "label": "English"}], '
            b'"courses": [{"slug": "a", "title": "A", "kind": "video"}')
    assert ("", "INVALID_JSON") in await _problems(db, data)
    assert await _count(db, ContentItem) == 0


async def test_client_appearances_need_the_company(db):
    document = {"clients": [{"slug": "c", "name": "C", "appearance": {"font": "Inter"}}]}
    assert await _problems(db, document) == [("clients[0].appearance", "REQUIRED")]


async def test_the_company_is_the_instance_s_one_company_whatever_its_subdomain(db):
    await load(db, CATALOG)
    summary = await load(db, {"company": {"subdomain": "acme-learning", "name": "Acme Learning"}})
    assert summary.to_json()["company"] == {"created": 0, "updated": 1, "unchanged": 0}
    async with db() as s:
        [company] = (await s.scalars(select(Company))).all()
    assert (company.subdomain, company.name, company.global_terms) == ("acme-learning", "Acme Learning", "Be nice.")


async def test_meetings_change_in_place_and_keep_their_attendance(db):
    from app.content.models import Meeting, MeetingAttendance
    from app.users.provisioning import NewLearner, create_learners

    meetings = [{"title": "Part 1", "startDate": "2026-05-01T10:00:00Z", "endDate": "2026-05-01T11:00:00Z"},
                {"title": "Part 2", "startDate": "2026-05-08T10:00:00Z", "endDate": "2026-05-08T11:00:00Z"}]
    webinar = {"slug": "live", "title": "Live", "kind": "webinar", "meetings": meetings}
    await load(db, {"courses": [webinar]})
    async with db() as s:
        [user] = await create_learners(s, learners=[NewLearner(email="a@example.com", first_name="A", last_name="B")])
        first = await s.scalar(select(Meeting).where(Meeting.title == "Part 1"))
        s.add(MeetingAttendance(meeting_id=first.id, user_id=user.id, attendance_date=first.start_date))
        await s.commit()

    moved = [{**meetings[0], "title": "Part 1 (moved)", "endDate": "2026-05-01T12:00:00Z"}]
    summary = await load(db, {"courses": [{**webinar, "meetings": moved}]})
    assert summary.to_json()["courses"]["updated"] == 1
    async with db() as s:
        [kept] = (await s.scalars(select(Meeting))).all()
        assert (kept.id, kept.title) == (first.id, "Part 1 (moved)")
        assert await s.scalar(select(func.count()).select_from(MeetingAttendance)) == 1
    assert not (await load(db, {"courses": [{**webinar, "meetings": moved}]})).changed


async def test_the_nul_character_is_refused_wherever_it_is(db):
    document = {"translations": [{"namespace": "lms", "lang": "en", "strings": {"k\x00": "v"}}],
                "courses": [{"slug": "a\x00", "title": "A", "kind": "video"},
                            {"slug": "b", "title": "B", "kind": "video", "customFields": {"x": ["\x00"]}}]}
    assert set(await _problems(db, document)) == {
        ("translations[0].strings", "INVALID_VALUE"), ("courses[0].slug", "INVALID_VALUE"),
        ("courses[1].customFields", "INVALID_VALUE")}


async def test_a_date_that_leaves_the_calendar_in_utc_is_refused(db):
    document = {"courses": [{"slug": "a", "title": "A", "kind": "video", "publishDate": "0001-01-01T00:00:00+05:00"}]}
    assert await _problems(db, document) == [("courses[0].publishDate", "INVALID_VALUE")]


async def test_a_client_may_share_the_company_s_appearance(db):
    shared = {**CATALOG, "clients": [{**CATALOG["clients"][0], "appearance": "company"}]}
    await load(db, shared)
    async with db() as s:
        company = await s.scalar(select(Company))
        client = await s.scalar(select(Client).where(Client.slug == "globex"))
        assert client.appearance_id == company.appearance_id
    exported = orjson.loads(await export(db))
    assert exported["clients"][0]["appearance"] == "company"
    assert (await load(db, exported)).changed is False

    await load(db, {"clients": [{"slug": "globex", "name": "Globex", "appearance": {"accentColor": "#00FF99"}}]})
    async with db() as s:
        client = await s.scalar(select(Client).where(Client.slug == "globex"))
        own = await s.get(AppearanceSettings, client.appearance_id)
        company_appearance = await s.get(AppearanceSettings, company.appearance_id)
    assert own.id != company.appearance_id and own.accent_color == "#00FF99"
    assert company_appearance.accent_color == "#FF0000"  # a copy of its own, the company's is untouched


async def test_sharing_the_company_s_appearance_needs_one(db):
    document = {"company": {"subdomain": "acme", "name": "Acme"},
                "clients": [{"slug": "c", "name": "C", "appearance": "company"}]}
    assert await _problems(db, document) == [("clients[0].appearance", "UNKNOWN_REFERENCE")]


async def test_the_caller_may_choose_the_ids_of_the_rows_created(db):
    chosen: list[tuple[str, object]] = []

    def new_id(target, key) -> str:
        chosen.append((target, key))
        return str(uuid.uuid5(uuid.NAMESPACE_URL, repr((target, key))))

    async with db() as session:
        await import_catalog(session, CatalogSource(io.BytesIO(orjson.dumps(CATALOG))), new_id=new_id)
        await session.commit()
    expected = {key: new_id(target, key) for target, key in
                [("content", "python"), ("client", "globex"), ("license", "LIC-MAIN"), ("tag", "Code"),
                 ("appearance", ("company", "acme")), ("translation", ("lms", "en", "hello"))]}
    async with db() as s:
        assert (await _item(db, "python")).id == expected["python"]
        assert await s.scalar(select(Client.id).where(Client.slug == "globex")) == expected["globex"]
        assert await s.scalar(select(License.id).where(License.sku == "LIC-MAIN")) == expected["LIC-MAIN"]
        assert await s.scalar(select(Tag.id).where(Tag.label == "Code")) == expected["Code"]
        assert await s.scalar(select(Company.appearance_id)) == expected[("company", "acme")]
        assert await s.scalar(select(Translation.id).where(Translation.key == "hello")) == expected[
            ("lms", "en", "hello")]
        award = await s.scalar(select(CourseAward.id))
    # A child row is named by its owner's key and its columns (references as ids).
    [(target, (owner, row))] = [(t, k) for t, k in chosen if t == "awards"]
    assert owner == "python" and row["amount"] == 2 and award == new_id(target, (owner, row))
