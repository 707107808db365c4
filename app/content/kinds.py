"""Content kinds as Helium models them, and what a `kind` filter matches.

A course in the catalog is a course group (Helium's CourseGroupKind): `courseGroup`, its
course-style variants `microCourse`, `webinarCourse` and `inPersonEventCourse`, or one of the
single-piece kinds `article`, `video`, `webinar`, `inPersonEvent`, `shareableContentObject`,
`xApiObject`. The sessions of a group are items of kind `course` whose course_group_id names the
group (Helium's Course objects; a session's Course.kind is its group's kind). Learning paths and
bundles are kinds of their own.
"""
from __future__ import annotations

from collections.abc import Iterable

COURSE = "course"
COURSE_GROUP = "courseGroup"
MICRO_COURSE = "microCourse"
WEBINAR = "webinar"
WEBINAR_COURSE = "webinarCourse"
IN_PERSON_EVENT = "inPersonEvent"
IN_PERSON_EVENT_COURSE = "inPersonEventCourse"
ARTICLE = "article"
VIDEO = "video"
SCORM = "shareableContentObject"
XAPI = "xApiObject"
LEARNING_PATH = "learningPath"
BUNDLE = "bundle"

# Helium's ContentType label of each kind (ContentType.label; a stored content_type_label wins).
KIND_LABELS = {
    COURSE: "Course",
    COURSE_GROUP: "Course",
    MICRO_COURSE: "Micro Course",
    WEBINAR: "Webinar",
    WEBINAR_COURSE: "Webinar Course",
    IN_PERSON_EVENT: "In-Person Event",
    IN_PERSON_EVENT_COURSE: "In-Person Event Course",
    ARTICLE: "Article",
    VIDEO: "Video",
    SCORM: "SCORM",
    XAPI: "xAPI",
    LEARNING_PATH: "Learning Path",
    BUNDLE: "Bundle",
}

# The reference's CourseGroupKind values: the kinds of a catalog course.
COURSE_GROUP_KINDS = (COURSE_GROUP, MICRO_COURSE, WEBINAR_COURSE, IN_PERSON_EVENT_COURSE,
                      ARTICLE, VIDEO, WEBINAR, IN_PERSON_EVENT, SCORM, XAPI)
# Kinds that are "courses" for counts, certificates, purchases and awards: a Course object backs
# them (the groups and their sessions).
COURSE_KINDS = (COURSE, *COURSE_GROUP_KINDS)
# What UserContentGroups counts as eventItems (the dashboard's Events tab).
EVENT_KINDS = (WEBINAR, IN_PERSON_EVENT, WEBINAR_COURSE, IN_PERSON_EVENT_COURSE)

# A `kind` filter keeps the listed kinds, and for these the variants they stand for
# (README, "Content lists"):
# - `course` (the seed's word for a course) keeps sessions and every course group of a course
#   kind: the kinds Helium's bookmarks open as courses;
# - `courseGroup`, `webinar`, `inPersonEvent` also keep their course-style variant. Helium's
#   dashboard asks for `courseGroup` but never `microCourse` (Current tab), and for `webinar` twice
#   but never `webinarCourse` (Events tab); without this those items would be in no tab.
KIND_FILTER = {
    COURSE: (COURSE, COURSE_GROUP, MICRO_COURSE, WEBINAR_COURSE, IN_PERSON_EVENT_COURSE),
    COURSE_GROUP: (COURSE_GROUP, MICRO_COURSE),
    WEBINAR: (WEBINAR, WEBINAR_COURSE),
    IN_PERSON_EVENT: (IN_PERSON_EVENT, IN_PERSON_EVENT_COURSE),
}


def matching_kinds(requested: Iterable[str]) -> list[str]:
    """The stored kinds a `kind` filter keeps, without duplicates, in a stable order."""
    kept: dict[str, None] = {}
    for kind in requested:
        for stored in KIND_FILTER.get(kind, (kind,)):
            kept[stored] = None
    return list(kept)


def course_group_kind(kind: str) -> str | None:
    """The CourseGroupKind of an item of this kind: itself for a group kind; `courseGroup` for a
    `course` without a group (a course on its own is Helium's plain course group)."""
    if kind in COURSE_GROUP_KINDS:
        return kind
    return COURSE_GROUP if kind == COURSE else None
