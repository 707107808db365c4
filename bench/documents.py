"""The GraphQL documents the benchmark sends: what a real Helium client asks for."""
from __future__ import annotations

REFS = " ".join(f"ref{i}" for i in range(1, 11))

# The smallest useful read: the signed-in user's eight plain fields.
CURRENT_USER_8 = """query CurrentUser8 {
  CurrentUser { id email firstName lastName name roleKey lang disabled }
}"""

# Seed 002's CurrentUser example, plus the address and the ten reference fields.
CURRENT_USER = f"""query CurrentUser {{
  CurrentUser {{
    id email firstName lastName name roleKey lang preferredCurrency disabled mustVerifyEmail
    certificatesCount completedCoursesCount startedCoursesCount availableCoursesCount balance
    purchasedCourses {{ courseId status certificateIssuedAt }}
    activeLicense {{ id name }}
    client {{ id name }}
    address1 address2 city state zipCode country
    {REFS}
  }}
}}"""

# Thirty Content fields per item: seed 002's UserContentItems example and the item's plain fields.
CONTENT_FIELDS = (
    "id", "title", "slug", "kind", "status", "availabilityStatus", "asset", "priceInCents", "isActive",
    "courseStartDate", "courseEndDate", "currentUserDueDate", "tags { id label }", "authors",
    "description", "sessionTitle", "language", "metaTitle", "metaDescription", "sku",
    "suggestedRetailPriceInCents", "freeWithRegistration", "rating", "publishDate", "displayDate",
    "createdAt", "updatedAt", "waitlistingEnabled", "seatsLimit", "timeZone",
)
assert len(CONTENT_FIELDS) == 30

USER_CONTENT_ITEMS = (
    "query UserContentItems {\n  UserContentItems {\n    " + "\n    ".join(CONTENT_FIELDS) + "\n  }\n}"
)

# Seed 002's UserCertificates example: nested template and user.
USER_CERTIFICATES = """query UserCertificates($query: String, $includeExpiredCertificates: Boolean) {
  UserCertificates(query: $query, includeExpiredCertificates: $includeExpiredCertificates) {
    id issuedAt expirationDate didExpire isExpired progressWasReset deleted url pdfAsset
    resourceType resourceTypeLabel resourceId identifier isExternal externalResourceTitle
    certificateTemplate { id title asset isExpired }
    user { id email firstName lastName }
  }
}"""

BADGE_LEADERBOARD = """query BadgeLeaderboard {
  BadgeLeaderboard(limit: 10) {
    awardType { id label pluralLabel includeOnDashboard icon }
    leaders { rank total user { id firstName lastName email name } }
    currentUserPosition { rank total user { id firstName lastName email } }
  }
}"""

CREATE_LEARNERS = """mutation CreateLearners($learners: [LearnerInput!]!) {
  CreateLearners(learners: $learners) { id email }
}"""


def learner_inputs(batch: int, count: int) -> list[dict]:
    """`count` new learners (LearnerInput) with emails unique to `batch`."""
    return [
        {"email": f"new{batch}-{i}@bench.example.com", "firstName": f"New{i}", "lastName": f"Batch{batch}",
         **{f"ref{k}": f"r{k}-{i % 13}" for k in range(1, 11)}}
        for i in range(count)
    ]


# One JSON array of 10 operations (the API's MAX_BATCH_SIZE): what a dashboard asks for at once.
# Each entry is (operation name, document, variables).
BATCH_OPERATIONS = (
    ("CurrentUser8", CURRENT_USER_8, {}),
    ("CurrentUser", CURRENT_USER, {}),
    ("UserCertificates", USER_CERTIFICATES, {"includeExpiredCertificates": False}),
) * 3 + (("CurrentUser8", CURRENT_USER_8, {}),)
assert len(BATCH_OPERATIONS) == 10


def batch_body() -> list[dict]:
    return [{"query": q, "operationName": name, "variables": v} for name, q, v in BATCH_OPERATIONS]
