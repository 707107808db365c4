"""How each section of the catalog document maps onto the store: one declaration per entity.

An entity's scalar fields are the fields of its document model (app/catalog/document.py) that
name a column of its table, copied as they are. What is left is declared here: the key (the
operator's own: slug, sku, code, label), references to other entities by their key (`Ref`), child
rows replaced as a whole when they differ (`Children`), nested entities (`Nested`: a course's
sessions, a client's licenses) and an owned appearance.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import and_, or_

from app.awards.models import AwardType, Badge, CourseAward
from app.catalog import document as doc
from app.certificates.models import CertificateField, CertificateTemplate, CertificateTemplateLabel, CertificateType
from app.clients.models import Client, License, LicenseContent
from app.codes.models import Code
from app.codes.service import normalize_code
from app.company.models import Company, CustomField, Language, UserCustomField
from app.content.kinds import BUNDLE, COURSE, COURSE_GROUP_KINDS, LEARNING_PATH
from app.content.models import (
    ContentAuthor,
    ContentChild,
    ContentCustomValue,
    ContentItem,
    ContentPrerequisite,
    ContentTag,
    ItemPrice,
    Location,
    Meeting,
    Ribbon,
    Tag,
)
from app.content.parts import (
    AwardClaimingOption,
    ContentLesson,
    ContentSection,
    FulfillmentCenter,
    Layout,
    LearningPathTab,
    Milestone,
    SeatPackage,
    SeatTier,
    TopicGroup,
    WebinarDetails,
)

# ref(target, key, path suffix) -> the id, or None (the problem is recorded by the importer).
Resolve = Callable[[str, Any, str], "str | None"]
# names[target][id] -> key, for export.
Names = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Ref:
    """A document field holding another entity's key, stored as that entity's id in `column`."""

    column: str
    target: str
    deferred: bool = False  # resolved after every section (the target may come later, e.g. a parent license)


@dataclass(frozen=True)
class Children:
    """Rows of `model` owned by the item (`parent` names it), written from one document field.

    When the rows the document asks for differ from the stored ones (compared on `columns`), the
    stored ones are replaced. `deferred`: written after every content section, because the rows
    refer to items that may come later in the document. `export` None: derived, not exported.
    """

    field: str
    model: type
    parent: str
    columns: tuple[str, ...]
    rows: Callable[[Any, Resolve], list[dict]]
    export: Callable[[list, Names], Any] | None
    deferred: bool = False
    # A column to pair stored and wanted rows by: changed rows are updated in place (keeping their
    # ids, which other rows refer to) instead of replaced. None: replace.
    in_place: str | None = None
    # Rows owned by each of these rows (a syllabus section's lessons): each wanted row carries them
    # under `sub.field`; they are compared and replaced with their parent row.
    sub: Children | None = None


@dataclass(frozen=True)
class Entity:
    name: str                      # also the reference target's name
    schema: type[doc.Section]
    model: type
    key: str
    refs: dict[str, Ref] = field(default_factory=dict)
    children: tuple[Children, ...] = ()
    nested: tuple[Nested, ...] = ()
    fixed: dict[str, Any] = field(default_factory=dict)       # columns every imported row gets
    export_where: Callable[[], Any] | None = None              # which rows the section exports
    normalize_key: Callable[[Any], Any] = staticmethod(lambda key: key)
    owns_appearance: bool = False  # a nested `appearance`, stored in appearance_settings
    # References inside a JSON column: column -> ((member path), target); the document holds the key.
    json_refs: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)
    singleton: bool = False  # one row per instance: an import updates it whatever its key
    # Columns deliberately not in the format (tests/catalog/test_entities.py checks every other
    # column is): our ids, bookkeeping timestamps, learner state.
    internal: tuple[str, ...] = ("id",)

    @cached_property
    def columns(self) -> tuple[str, ...]:
        table_columns = set(self.model.__table__.columns.keys())
        skip = (set(self.refs) | {c.field for c in self.children if c.export is not None}
                | {n.field for n in self.nested})
        return tuple(f for f in self.schema.model_fields if f in table_columns and f not in skip)


@dataclass(frozen=True)
class Nested:
    field: str
    entity: Entity
    parent_column: str


def _ordered(rows, key="position"):
    return sorted(rows, key=lambda r: getattr(r, key))


# ---- content ------------------------------------------------------------------------------------

TAGS = Children(
    "tags", ContentTag, "content_id", ("tag_id", "position"),
    rows=lambda labels, ref: [{"tag_id": ref("tag", label, f"[{i}]"), "position": i} for i, label in enumerate(labels)],
    export=lambda rows, names: [names["tag"][r.tag_id] for r in _ordered(rows)],
)
AUTHORS = Children(
    "authors", ContentAuthor, "content_id", ("name", "is_instructor", "email", "position"),
    rows=lambda authors, ref: [{"name": a.name, "is_instructor": a.is_instructor, "email": a.email, "position": i}
                               for i, a in enumerate(authors)],
    export=lambda rows, names: [{"name": r.name, "is_instructor": r.is_instructor, "email": r.email}
                                for r in _ordered(rows)],
)
PRICES = Children(
    "prices", ItemPrice, "content_id", ("currency_code", "price_in_cents"),
    rows=lambda prices, ref: [{"currency_code": p.currency_code.upper(), "price_in_cents": p.price_in_cents}
                              for p in prices],
    export=lambda rows, names: [{"currency_code": r.currency_code, "price_in_cents": r.price_in_cents}
                                for r in _ordered(rows, "currency_code")],
)
AWARDS = Children(
    "awards", CourseAward, "content_id", ("award_type_id", "amount"),
    rows=lambda awards, ref: [{"award_type_id": ref("awardType", a.award_type, f"[{i}].awardType"), "amount": a.amount}
                              for i, a in enumerate(awards)],
    export=lambda rows, names: [{"award_type": names["awardType"][r.award_type_id], "amount": r.amount}
                                for r in sorted(rows, key=lambda r: (names["awardType"][r.award_type_id], r.amount))],
)
MEETINGS = Children(
    "meetings", Meeting, "course_id",
    ("title", "start_date", "end_date", "time_zone", "location_id", "attendee_info", "instructors"),
    rows=lambda meetings, ref: [
        {**m.model_dump(exclude={"location"}, by_alias=False),
         "location_id": ref("location", m.location, f"[{i}].location") if m.location is not None else None}
        for i, m in enumerate(meetings)],
    export=lambda rows, names: [
        {"title": r.title, "start_date": r.start_date, "end_date": r.end_date, "time_zone": r.time_zone,
         "location": names["location"].get(r.location_id), "attendee_info": r.attendee_info,
         "instructors": r.instructors} for r in _ordered(rows, "start_date")],
    in_place="start_date",  # attendance records refer to the meetings
)
PREREQUISITES = Children(
    "prerequisites", ContentPrerequisite, "content_id", ("prerequisite_id",),
    rows=lambda slugs, ref: [{"prerequisite_id": ref("content", s, f"[{i}]")} for i, s in enumerate(slugs)],
    export=lambda rows, names: sorted(names["content"][r.prerequisite_id] for r in rows),
    deferred=True,
)
def _path_member(item, ref, i: int) -> dict:
    if isinstance(item, str):
        return {"child_id": ref("content", item, f"[{i}]"), "position": i, "milestone_id": None}
    milestone = item.milestone and ref("milestone", item.milestone, f"[{i}].milestone")
    return {"child_id": ref("content", item.slug, f"[{i}].slug"), "position": i, "milestone_id": milestone}


def _path_item(row, names):
    slug = names["content"][row.child_id]
    return {"slug": slug, "milestone": names["milestone"][row.milestone_id]} if row.milestone_id else slug


# A learning path's items may name their milestone (by name, among the path's own: written after them).
MEMBERS = Children(
    "items", ContentChild, "parent_id", ("child_id", "position", "milestone_id"),
    rows=lambda items, ref: [_path_member(item, ref, i) for i, item in enumerate(items)],
    export=lambda rows, names: [_path_item(r, names) for r in _ordered(rows)],
    deferred=True,
)


def _positioned(columns: tuple[str, ...], **refs):
    """Rows of the listed columns, positioned in document order; `refs`: column -> (field, target)."""
    def rows(entries, ref):
        out = []
        for i, e in enumerate(entries):
            row = {c: getattr(e, c) for c in columns if c != "position"}
            for column, (field_name, target) in refs.items():
                row[column] = ref(target, getattr(e, field_name), f"[{i}].{field_name}")
            out.append({**row, "position": i} if "position" in columns else row)
        return out

    def export(rows, names):
        ordered = _ordered(rows) if "position" in columns else sorted(rows, key=lambda r: tuple(
            (getattr(r, c) is None, getattr(r, c)) for c in columns))
        out = []
        for r in ordered:
            entry = {c: getattr(r, c) for c in columns if c != "position" and c not in refs}
            entry.update({f: names[target][getattr(r, column)] for column, (f, target) in refs.items()})
            out.append(entry)
        return out
    return rows, export


def _children(field_name, model, parent, columns, *, in_place=None, **refs) -> Children:
    rows, export = _positioned(columns, **refs)
    return Children(field_name, model, parent, columns + tuple(refs), rows=rows, export=export, in_place=in_place)


SEAT_TIERS = _children("seat_tiers", SeatTier, "content_id", ("seats", "price_in_cents"))
SEAT_PACKAGES = _children("seat_packages", SeatPackage, "content_id", ("seats",))
AWARD_CLAIMING = _children("award_claiming_options", AwardClaimingOption, "course_id",
                           ("range", "award_amounts", "position"), award_type_id=("award_type", "awardType"))
TABS = _children("tabs", LearningPathTab, "learning_path_id", ("label", "body", "tab_type", "position"))
# Kept in place (by position): the path's items refer to them.
MILESTONES = _children("milestones", Milestone, "learning_path_id",
                       ("name", "kind", "requirement", "release_date", "release_days",
                        "completion_criteria_description", "position"), in_place="position")
LESSONS = _children("lessons", ContentLesson, "section_id", ("slug", "title", "access_level", "is_sample", "position"))
_section_rows, _section_export = _positioned(("slug", "title", "status", "position"))
SYLLABUS = Children(
    "syllabus", ContentSection, "course_id", ("slug", "title", "status", "position"),
    rows=lambda sections, ref: [{**row, "lessons": LESSONS.rows(s.lessons, ref)}
                                for row, s in zip(_section_rows(sections, ref), sections)],
    export=lambda pairs, names: [{**entry, "lessons": LESSONS.export(lessons, names)}
                                 for entry, (_r, lessons) in zip(_section_export([r for r, _l in pairs], names),
                                                                 sorted(pairs, key=lambda p: p[0].position))],
    sub=LESSONS,
)
WEBINAR_COLUMNS = tuple(doc.WebinarDetails.model_fields)
WEBINAR = Children(
    "webinar", WebinarDetails, "course_id", WEBINAR_COLUMNS,
    rows=lambda webinar, ref: [webinar.model_dump(by_alias=False)] if webinar else [],
    export=lambda rows, names: {c: getattr(rows[0], c) for c in WEBINAR_COLUMNS} if rows else None,
)


def _custom_values(values: dict | None, ref) -> list[dict]:
    """The searchable copies of the custom field values (`slug:value` search): one row per value."""
    rows = []
    for slug, value in (values or {}).items():
        for one in value if isinstance(value, list) else [value]:
            if one is not None:
                rows.append({"field_slug": slug, "value": str(one)[:300]})
    return rows


CUSTOM_VALUES = Children("custom_fields", ContentCustomValue, "content_id", ("field_slug", "value"),
                         rows=_custom_values, export=None)

CONTENT_REFS = {"ribbon": Ref("ribbon_id", "ribbon"), "location": Ref("location_id", "location"),
                "fulfillment_center": Ref("fulfillment_center_id", "fulfillmentCenter"),
                "topic_group": Ref("topic_group_id", "topicGroup"),
                # Clients come after content: resolved once every section is read.
                "client": Ref("client_id", "client", deferred=True),
                "authoring_client": Ref("authoring_client_id", "client", deferred=True),
                "layout": Ref("layout_id", "layout"), "learner_layout": Ref("learner_layout_id", "layout")}
CONTENT_CHILDREN = (TAGS, AUTHORS, PRICES, AWARDS, MEETINGS, PREREQUISITES, CUSTOM_VALUES, SEAT_TIERS, SEAT_PACKAGES)


def _content(name, schema, *, fixed=None, where=None, extra=(), nested=()) -> Entity:
    return Entity(name, schema, ContentItem, "slug", refs=CONTENT_REFS, children=CONTENT_CHILDREN + extra,
                  fixed=fixed or {}, export_where=where, nested=nested,
                  internal=("id", "course_group_id"))  # sessions get their group's id from the nesting


COURSE_PARTS = (SYLLABUS, AWARD_CLAIMING, WEBINAR)
SESSIONS = _content("content", doc.Session, fixed={"kind": COURSE}, extra=COURSE_PARTS,
                    where=lambda: and_(ContentItem.kind == COURSE, ContentItem.course_group_id.is_not(None)))
COURSES = _content("content", doc.Course, nested=(Nested("sessions", SESSIONS, "course_group_id"),),
                   extra=COURSE_PARTS,
                   where=lambda: or_(ContentItem.kind.in_(COURSE_GROUP_KINDS),
                                     and_(ContentItem.kind == COURSE, ContentItem.course_group_id.is_(None))))
LEARNING_PATHS = _content("content", doc.LearningPath, fixed={"kind": LEARNING_PATH}, extra=(MILESTONES, TABS, MEMBERS),
                          where=lambda: ContentItem.kind == LEARNING_PATH)
BUNDLES = _content("content", doc.Bundle, fixed={"kind": BUNDLE}, extra=(MEMBERS,),
                   where=lambda: ContentItem.kind == BUNDLE)

# ---- clients ------------------------------------------------------------------------------------

LICENSE_CONTENT = Children(
    "content", LicenseContent, "license_id", ("content_id",),
    rows=lambda slugs, ref: [{"content_id": ref("content", s, f"[{i}]")} for i, s in enumerate(slugs)],
    export=lambda rows, names: sorted(names["content"][r.content_id] for r in rows),
)
LICENSES = Entity("license", doc.License, License, "sku",
                  refs={"parent_license": Ref("parent_license_id", "license", deferred=True)},
                  children=(LICENSE_CONTENT,), owns_appearance=True)
CLIENTS = Entity("client", doc.Client, Client, "slug", nested=(Nested("licenses", LICENSES, "client_id"),),
                 owns_appearance=True,
                 json_refs={"settings": ((("catalog", "displayBundleId"), "content"), (("sso", "bundleId"), "content"))})

# ---- certificates -------------------------------------------------------------------------------

TEMPLATE_LABELS = Children(
    "labels", CertificateTemplateLabel, "template_id",
    ("certificate_field_id", "x", "y", "text_align", "font_size", "font_color"),
    rows=lambda labels, ref: [{"certificate_field_id": ref("certificateField", label.field, f"[{i}].field"),
                               **label.model_dump(exclude={"field"}, by_alias=False)}
                              for i, label in enumerate(labels)],
    export=lambda rows, names: [
        {"field": names["certificateField"][r.certificate_field_id], "x": r.x, "y": r.y, "text_align": r.text_align,
         "font_size": r.font_size, "font_color": r.font_color}
        for r in sorted(rows, key=lambda r: (names["certificateField"][r.certificate_field_id], r.x, r.y))],
)

# ---- every section, in the order they are imported ------------------------------------------------------

LANGUAGES = Entity("language", doc.Language, Language, "code")
CONTENT_CUSTOM_FIELDS = Entity("contentCustomField", doc.ContentCustomField, CustomField, "slug")
USER_CUSTOM_FIELDS = Entity("userCustomField", doc.UserCustomField, UserCustomField, "slug")
TAG_ENTRIES = Entity("tag", doc.Tag, Tag, "label")
RIBBONS = Entity("ribbon", doc.Ribbon, Ribbon, "slug")
LOCATIONS = Entity("location", doc.Location, Location, "name")
AWARD_TYPES = Entity("awardType", doc.AwardType, AwardType, "label")
BADGES = Entity("badge", doc.Badge, Badge, "label", refs={"award_type": Ref("award_type_id", "awardType")})
TOPIC_GROUPS = Entity("topicGroup", doc.TopicGroup, TopicGroup, "label")
COMPANY = Entity("company", doc.Company, Company, "subdomain",
                 refs={"leaderboard_award_type": Ref("leaderboard_award_type_id", "awardType")}, owns_appearance=True,
                 singleton=True, nested=(Nested("topic_groups", TOPIC_GROUPS, "company_id"),))
FULFILLMENT_CENTERS = Entity("fulfillmentCenter", doc.FulfillmentCenter, FulfillmentCenter, "name")
LAYOUTS = Entity("layout", doc.Layout, Layout, "id")
CODES = Entity("code", doc.Code, Code, "code", normalize_key=normalize_code,
               refs={"content": Ref("content_id", "content"), "license": Ref("license_id", "license"),
                     "client": Ref("client_id", "client")},
               internal=("id", "redeemed_by_user_id", "redeemed_at"))
CERTIFICATE_FIELDS = Entity("certificateField", doc.CertificateField, CertificateField, "label",
                            refs={"award_type": Ref("award_type_id", "awardType")})
CERTIFICATE_TYPES = Entity("certificateType", doc.CertificateType, CertificateType, "slug")
CERTIFICATE_TEMPLATES = Entity("certificateTemplate", doc.CertificateTemplate, CertificateTemplate, "title",
                               refs={"resource": Ref("resource_id", "content"),
                                     "certificate_type": Ref("certificate_type_id", "certificateType")}, children=(TEMPLATE_LABELS,),
                               export_where=lambda: CertificateTemplate.deleted_at.is_(None),
                               internal=("id", "deleted_at"))

# (document section, entity); "company" is one object, "translations" has its own writer.
SECTIONS: tuple[tuple[str, Entity | None], ...] = (
    ("languages", LANGUAGES),
    ("translations", None),
    ("content_custom_fields", CONTENT_CUSTOM_FIELDS),
    ("user_custom_fields", USER_CUSTOM_FIELDS),
    ("tags", TAG_ENTRIES),
    ("ribbons", RIBBONS),
    ("locations", LOCATIONS),
    ("award_types", AWARD_TYPES),
    ("badges", BADGES),
    ("company", COMPANY),
    ("fulfillment_centers", FULFILLMENT_CENTERS),
    ("layouts", LAYOUTS),
    ("courses", COURSES),
    ("learning_paths", LEARNING_PATHS),
    ("bundles", BUNDLES),
    ("clients", CLIENTS),
    ("codes", CODES),
    ("certificate_fields", CERTIFICATE_FIELDS),
    ("certificate_types", CERTIFICATE_TYPES),
    ("certificate_templates", CERTIFICATE_TEMPLATES),
)

# How a reference target is looked up: its table's key column (tags are created when missing).
TARGETS = {
    "language": Language.code, "contentCustomField": CustomField.slug, "userCustomField": UserCustomField.slug,
    "ribbon": Ribbon.slug, "location": Location.name, "awardType": AwardType.label, "badge": Badge.label,
    "company": Company.subdomain, "content": ContentItem.slug, "client": Client.slug, "license": License.sku,
    "code": Code.code, "certificateField": CertificateField.label, "certificateTemplate": CertificateTemplate.title,
    "tag": Tag.label, "fulfillmentCenter": FulfillmentCenter.name, "layout": Layout.id, "topicGroup": TopicGroup.label,
    "certificateType": CertificateType.slug,
}
