"""The demo's ids: uuid5 of a kind and a name, the same in every database and every run.

Tests still find demo rows by `demo_id(kind, name)`, so the rows the catalog import creates get the
ids the demo has always had: `import_ids` is the importer's id hook (app/catalog/importer.py,
import_catalog's `new_id`), mapping each row's target and key to its kind and name here. Rows the
demo never named (a path's members, a license's content …) get random ids, as before.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from app.db import new_id

_NS = uuid.UUID("6f1c1d52-6a51-4c8e-9d1e-5b0f0c2a7d10")
# The namespace of the catalog details added later (syllabus, seat pricing, milestones …).
_PARTS_NS = uuid.UUID("0b8f7a1e-7d4c-4f5e-9a61-2f0d3c9e8b14")


def demo_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(_NS, f"{kind}:{name}"))


def _parts_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(_PARTS_NS, f"{kind}:{name}"))


# Entities named by their key, or by a short name of their own (key -> name).
_BY_KEY = {"content": "content", "client": "client", "code": "code", "tag": "tag", "language": "lang",
           "contentCustomField": "cf", "userCustomField": "ucf", "ribbon": "ribbon"}
_NAMED = {
    "license": ("license", {"LIC-ENT": "enterprise", "LIC-ENG": "engineering", "LIC-GLX": "globex"}),
    "location": ("loc", {"Acme HQ": "hq"}),
    "awardType": ("award", {"Credit": "credit", "Course Completion": "completion"}),
    "badge": ("badge", {"Quick Learner": "quick-learner", "Achiever": "achiever", "Expert": "expert",
                        "Credit Collector": "credit-collector"}),
    "company": ("company", {"acme": "acme"}),
    "certificateField": ("certfield", {"Learner Name": "name", "Completion Date": "date", "Credits Earned": "credits",
                                       "Certificate ID": "identifier", "Course Title": "title",
                                       "Department": "department"}),
}
_MEETINGS = {"GraphQL Live — Part 1": "graphql-live-1", "GraphQL Live — Part 2": "graphql-live-2",
             "Leadership Summit": "summit"}


def import_ids(document: dict) -> Callable[[str, Any], str]:
    """The id hook for importing the demo's catalog `document` (its JSON form)."""
    # A certificate template is named after its resource's slug.
    template_slugs = {t["title"]: t.get("resource") for t in document.get("certificateTemplates", ())}

    def ids(target: str, key: Any) -> str:
        if target in _BY_KEY:
            return demo_id(_BY_KEY[target], key)
        if target in _NAMED and key in _NAMED[target][1]:
            kind, names = _NAMED[target]
            return demo_id(kind, names[key])
        if target == "certificateTemplate" and template_slugs.get(key):
            return demo_id("template", template_slugs[key])
        if target == "appearance" and key == ("company", "acme"):
            return demo_id("appearance", "company")
        if target == "translation":
            return demo_id("tr", ":".join(key))
        if target == "fulfillmentCenter" and key == "Acme Fulfillment West":
            return _parts_id("center", "west")
        if target == "topicGroup" and key == "Skills":
            return _parts_id("topics", "skills")
        if isinstance(key, tuple) and len(key) >= 2:
            return _child_id(target, key, template_slugs)
        return new_id()

    return ids


def _child_id(target: str, key: tuple, template_slugs: dict) -> str:
    owner, row = key[0], key[1]
    simple = {"custom_fields": ("ccv", owner), "awards": ("courseaward", owner),
              "authors": ("author", f"{owner}:{row.get('name')}"),
              "prices": ("price", f"{owner}:{row.get('currency_code')}")}
    if target in simple:
        return demo_id(*simple[target])
    if target == "meetings" and row.get("title") in _MEETINGS:
        return demo_id("meeting", _MEETINGS[row["title"]])
    if target == "labels" and template_slugs.get(owner):
        return demo_id("label", f"{template_slugs[owner]}:{row['certificate_field_id']}")
    parts = {"syllabus": ("section", f"{owner}:{row.get('position')}"),
             "seat_tiers": ("tier", f"{owner}:{row.get('seats')}"),
             "seat_packages": ("package", f"{owner}:{row.get('seats')}"),
             "award_claiming_options": ("claim", owner), "webinar": ("webinar", owner),
             "tabs": ("tab", f"{owner}:{row.get('position')}"),
             "milestones": ("milestone", f"{owner}:{str(row.get('name')).lower()}")}
    if target in parts:
        return _parts_id(*parts[target])
    if target == "lessons":
        return _parts_id("lesson", f"{owner}:{row.get('position')}:{key[2].get('position')}")
    return new_id()
