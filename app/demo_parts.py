"""The demo's catalog details behind Helium's Course, LearningPath and Bundle settings: syllabus,
seat pricing, award claiming, webinar details, milestones, tabs, layouts, client catalog and SSO
settings (app/content/parts.py). Called by app/demo.py once the items, clients and award types exist."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.content.kinds import COURSE_GROUP_KINDS
from app.content.models import ContentAuthor, ContentChild, ContentItem
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

_NS = uuid.UUID("0b8f7a1e-7d4c-4f5e-9a61-2f0d3c9e8b14")

# Syllabus of the courses a newcomer opens first: slug -> [(section title, [lesson titles])].
SYLLABI = {
    "intro-to-python": [("Getting started", ["Installing Python", "Your first program"]),
                        ("Core language", ["Variables and types", "Control flow", "Functions"])],
    "data-science-fundamentals": [("Data", ["Loading data", "Cleaning data"]), ("Models", ["Regression basics"])],
    "kubernetes-deep-dive": [("Clusters", ["Pods and nodes", "Deployments"]), ("Operations", ["Observability"])],
}


def _id(kind: str, name: str) -> str:
    return str(uuid.uuid5(_NS, f"{kind}:{name}"))


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


async def seed_catalog_parts(session: AsyncSession, *, items: dict[str, ContentItem], company_id: str, client,
                             award_type_id: str, now: datetime) -> None:
    add = session.add_all
    center = FulfillmentCenter(id=_id("center", "west"), name="Acme Fulfillment West", address1="500 Harbor Blvd",
                               city="Oakland", state="CA", zip_code="94607", country="US", latitude="37.7955",
                               longitude="-122.2790")
    sidebar = Layout(id=_id("layout", "path-sidebar"), kind="learningPathSidebarLayout", has_enrollment_widget=True,
                     widgets=[{"type": "enrollment"}, {"type": "authors"}])
    learner = Layout(id=_id("layout", "path-learner"), kind="learningPathLearnerLayout", has_enrollment_widget=False,
                     scripts="<script>window.acmePath = true;</script>", widgets=[{"type": "progress"}])
    topics = TopicGroup(id=_id("topics", "skills"), company_id=company_id, label="Skills")
    add([center, sidebar, learner, topics])
    await session.flush()

    for i, item in enumerate(i for i in items.values() if i.kind in COURSE_GROUP_KINDS or i.kind == "course"):
        _course_settings(item, i, topic_group_id=topics.id, center_id=center.id, now=now)
    for slug, sections in SYLLABI.items():
        await _syllabus(session, items[slug], sections)
    python = items["intro-to-python"]
    for slug in ("machine-learning-intro", "leadership-path"):  # also sold through the membership plan
        items[slug].alternative_pricing_type, items[slug].alternative_pricing_ref = "membership", 1
    add([SeatTier(id=_id("tier", f"{python.slug}:{seats}"), content_id=python.id, seats=seats, price_in_cents=price)
         for seats, price in ((10, 4499), (50, 3999))])
    add([SeatPackage(id=_id("package", f"{python.slug}:{seats}"), content_id=python.id, seats=seats) for seats in (5, 25)])
    add([AwardClaimingOption(id=_id("claim", python.slug), course_id=python.id, award_type_id=award_type_id,
                             range="0.5-2", award_amounts=[0.5, 1.0, 1.5, 2.0])])
    webinar = items["graphql-live"]
    webinar.webinar_id = "884-2201-7730"
    add([WebinarDetails(id=_id("webinar", webinar.slug), course_id=webinar.id, webinar_provider="zoom",
                        webinar_type="webinar", join_url="https://zoom.example/j/88422017730",
                        attendee_dial_in="+1 555 0100 884", organizer_dial_in="+1 555 0199 884",
                        time_zone="UTC", co_organizers=["jack.miller@acme-learning.example"],
                        enable_auto_recording=True, retrieve_recording=True)])
    summit = items["leadership-summit"]
    summit.in_person_event_subtitle = "Two days with the people who lead Acme"
    summit.in_person_event_hero_asset = "https://cdn.acme-learning.example/images/leadership-summit-hero.jpg"
    for author in (await session.scalars(select(ContentAuthor))).all():
        if " " in author.name and author.name != "Legal Team":  # people, not teams
            author.email = f"{_slugify(author.name.removeprefix('Dr. ')).replace('-', '.')}@acme-learning.example"
            author.is_instructor = True

    for j, path in enumerate(i for i in items.values() if i.kind == "learningPath"):
        _path_settings(path, j, client_id=client.id, center_id=center.id, now=now)
        path.layout_id, path.learner_layout_id = sidebar.id, learner.id
        await _milestones(session, path)
        add([LearningPathTab(id=_id("tab", f"{path.slug}:{k}"), learning_path_id=path.id, label=label, body=body,
                             tab_type=kind, position=k)
             for k, (label, body, kind) in enumerate((("Overview", f"<p>{path.description}</p>", "description"),
                                                     ("Instructors", None, "instructors")))])
    path = items["leadership-path"]
    add([SeatTier(id=_id("tier", f"{path.slug}:20"), content_id=path.id, seats=20, price_in_cents=0),
         SeatPackage(id=_id("package", f"{path.slug}:20"), content_id=path.id, seats=20)])

    bundle = items["acme-starter-bundle"]
    bundle.plan_id, bundle.annual_plan_id, bundle.annual_price_in_cents = "plan-starter-monthly", "plan-starter-annual", 99900
    bundle.taxable, bundle.need_shipping_address, bundle.weight = True, True, 0.8
    bundle.variation_labels = ["Digital", "Digital + printed workbook"]

    settings = dict(client.settings or {})
    settings["catalog"] = {**settings.get("catalog", {}), "displayBundleId": bundle.id, "categories": [
        {"id": _id("category", "technology"), "label": "Technology", "slug": "technology", "subcategories": [
            {"id": _id("subcategory", "programming"), "label": "Programming", "slug": "programming",
             "query": 'tags:"Programming"', "description": "Languages and patterns"},
            {"id": _id("subcategory", "cloud"), "label": "Cloud", "slug": "cloud", "query": 'tags:"Cloud"'}]},
        {"id": _id("category", "leadership"), "label": "Leadership", "slug": "leadership", "subcategories": []}]}
    settings["sso"] = {"samlSingleSignonUrl": "https://idp.acme-corp.example/saml/sso",
                       "samlIdpCertificate": "MIIC8DCCAdigAwIBAgIQacmeIdPDemoCert", "bundleId": bundle.id,
                       "samlAttributeMappings": [{"keyName": "email", "keyAttribute": "mail"},
                                                 {"keyName": "firstName", "keyAttribute": "givenName"}],
                       "openIdAttributeMappings": [{"keyName": "email", "keyAttribute": "email"}],
                       "casAttributeMappings": [{"keyName": "email", "keyAttribute": "cas:mail"}],
                       "openIdAuthorizationParameters": {"prompt": "login"}}
    client.settings = settings


def _course_settings(item: ContentItem, i: int, *, topic_group_id: str, center_id: str, now: datetime) -> None:
    priced = bool(item.price_in_cents)
    item.taxable, item.tax_category = priced, "TAX-DIGITAL" if priced else None
    item.last_tier_price_in_cents = int(item.price_in_cents * 0.75) if priced else None
    item.appearance_block, item.terms_block = _id("block", "course-appearance"), _id("block", "course-terms")
    item.confirmation_block, item.paywalls_block = _id("block", "course-confirmation"), _id("block", "paywalls")
    item.balance_requirement = round(item.price_in_cents / 100, 2) if priced else None
    item.completion_time_per_page = 30 + 15 * (i % 3)
    item.discussions_enabled = item.gallery_enabled = item.resources_enabled = True
    item.display_map, item.display_results = item.location_id is not None, True
    item.final_assessment = f"{item.slug}-final-exam"
    item.force_linear_progress = i % 2 == 0
    item.instructor_access_enabled = priced
    item.instructor_access_price_in_cents = 1500 if priced else None
    item.linked_workbook_enabled = item.workbook_enabled = i % 3 == 0
    item.linked_workbook_skip_enabled = False
    item.meetings_overview_enabled = item.kind in ("webinar", "webinarCourse", "inPersonEvent", "inPersonEventCourse")
    item.roster = item.meetings_overview_enabled
    item.roster_submitted_date = (now - timedelta(days=2)).replace(microsecond=0) if item.roster else None
    item.scorm_collect_user_details = item.kind == "shareableContentObject"
    item.show_progress = item.show_syllabus_while_unenrolled = item.syllabus_titles_enabled = True
    item.superquiz_enabled = i % 4 == 0
    item.topic_group_id, item.fulfillment_center_id = topic_group_id, center_id


def _path_settings(path: ContentItem, j: int, *, client_id: str, center_id: str, now: datetime) -> None:
    path.client_id = path.authoring_client_id = client_id
    path.confirmation_html = f"<p>You are enrolled in {path.title}.</p>"
    path.hero_asset = f"https://cdn.acme-learning.example/images/{path.slug}-hero.jpg"
    path.detail_asset = f"https://cdn.acme-learning.example/images/{path.slug}-detail.jpg"
    path.video_asset = _id("video", path.slug)
    path.external_detail_url = f"https://acme-learning.example/paths/{path.slug}"
    path.due_date_days = 60 + 30 * j
    path.is_pay_as_you_go = j % 2 == 1
    path.related_query = f'tags:"{path.title.split()[0]}"'
    path.taxable, path.tax_category, path.last_tier_price_in_cents = False, "TAX-EXEMPT", 0
    path.tabs_generated = False
    path.fulfillment_center_id = center_id


async def _milestones(session: AsyncSession, path: ContentItem) -> None:
    """Two milestones: the path's first item is required, the rest are electives."""
    required = Milestone(id=_id("milestone", f"{path.slug}:core"), learning_path_id=path.id, name="Core",
                         kind="content", requirement="required", release_days=0, position=0,
                         completion_criteria_description="Complete the first course.")
    elective = Milestone(id=_id("milestone", f"{path.slug}:deepen"), learning_path_id=path.id, name="Deepen",
                         kind="content", requirement="elective", release_days=7, position=1,
                         completion_criteria_description="Complete any of the remaining items.")
    session.add_all([required, elective])
    await session.flush()
    members = (await session.scalars(
        select(ContentChild).where(ContentChild.parent_id == path.id).order_by(ContentChild.position)
    )).all()
    for k, member in enumerate(members):
        member.milestone_id = required.id if k == 0 else elective.id


async def _syllabus(session: AsyncSession, course: ContentItem, sections) -> None:
    for p, (title, lessons) in enumerate(sections):
        section = ContentSection(id=_id("section", f"{course.slug}:{p}"), course_id=course.id, slug=_slugify(title),
                                 title=title, status="published", position=p)
        session.add(section)
        await session.flush()  # lessons point at it, and rows of unrelated mappers are not ordered by foreign keys
        session.add_all([
            ContentLesson(id=_id("lesson", f"{course.slug}:{p}:{k}"), section_id=section.id, slug=_slugify(lesson),
                          title=lesson, access_level="open" if p == k == 0 else "studentsOnly",
                          is_sample=p == k == 0, position=k)
            for k, lesson in enumerate(lessons)
        ])
