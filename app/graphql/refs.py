"""Lazy references to types defined in other modules (they refer to each other in cycles).

Import them by name (`from app.graphql.refs import UserRef`): strawberry resolves a lazy
alias only when the annotation names it directly, not as `refs.UserRef`.
"""
from typing import TYPE_CHECKING, Annotated

import strawberry

if TYPE_CHECKING:  # for linters and mypy; strawberry.lazy imports them when the schema is built
    from app.graphql.awards.types import AwardType, Badge
    from app.graphql.certificates.types import Certificate, CertificateField, CertificateTemplate
    from app.graphql.clients.types import Client, License
    from app.graphql.company.types import AppearanceSettings, Company, CustomField, UserCustomField
    from app.graphql.content.items import Content
    from app.graphql.content.types import Bundle, Course, LearningPath, Location, Meeting, Ribbon, Tag
    from app.graphql.users.types import User

UserRef = Annotated["User", strawberry.lazy("app.graphql.users.types")]
ClientRef = Annotated["Client", strawberry.lazy("app.graphql.clients.types")]
LicenseRef = Annotated["License", strawberry.lazy("app.graphql.clients.types")]
AppearanceSettingsRef = Annotated["AppearanceSettings", strawberry.lazy("app.graphql.company.types")]
CompanyRef = Annotated["Company", strawberry.lazy("app.graphql.company.types")]
UserCustomFieldRef = Annotated["UserCustomField", strawberry.lazy("app.graphql.company.types")]
CustomFieldRef = Annotated["CustomField", strawberry.lazy("app.graphql.company.types")]
CourseRef = Annotated["Course", strawberry.lazy("app.graphql.content.types")]
LearningPathRef = Annotated["LearningPath", strawberry.lazy("app.graphql.content.types")]
BundleRef = Annotated["Bundle", strawberry.lazy("app.graphql.content.types")]
MeetingRef = Annotated["Meeting", strawberry.lazy("app.graphql.content.types")]
TagRef = Annotated["Tag", strawberry.lazy("app.graphql.content.types")]
RibbonRef = Annotated["Ribbon", strawberry.lazy("app.graphql.content.types")]
LocationRef = Annotated["Location", strawberry.lazy("app.graphql.content.types")]
# Defined by the read API: Content in app/graphql/content/items.py, certificate and award
# types in app/graphql/certificates/types.py and app/graphql/awards/types.py.
ContentRef = Annotated["Content", strawberry.lazy("app.graphql.content.items")]
CertificateRef = Annotated["Certificate", strawberry.lazy("app.graphql.certificates.types")]
CertificateTemplateRef = Annotated["CertificateTemplate", strawberry.lazy("app.graphql.certificates.types")]
CertificateFieldRef = Annotated["CertificateField", strawberry.lazy("app.graphql.certificates.types")]
AwardTypeRef = Annotated["AwardType", strawberry.lazy("app.graphql.awards.types")]
BadgeRef = Annotated["Badge", strawberry.lazy("app.graphql.awards.types")]
