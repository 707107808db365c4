"""Enums of the Helium reference schema (names and values exactly as the reference)."""
from enum import Enum

import strawberry


@strawberry.enum
class ContentKind(Enum):
    article = "article"
    bundle = "bundle"
    course = "course"
    courseGroup = "courseGroup"
    discountGroup = "discountGroup"
    inPersonEvent = "inPersonEvent"
    inPersonEventCourse = "inPersonEventCourse"
    learningPath = "learningPath"
    microCourse = "microCourse"
    pickableGroup = "pickableGroup"
    product = "product"
    sellable = "sellable"
    shareableContentObject = "shareableContentObject"
    video = "video"
    webinar = "webinar"
    webinarCourse = "webinarCourse"
    xApiObject = "xApiObject"

@strawberry.enum
class SortColumn(Enum):
    courseStartDate = "courseStartDate"
    createdAt = "createdAt"
    displayDate = "displayDate"
    label = "label"
    lastActiveAt = "lastActiveAt"
    name = "name"
    parentName = "parentName"
    publishDate = "publishDate"
    relevance = "relevance"
    title = "title"
    updatedAt = "updatedAt"

@strawberry.enum
class SortDirection(Enum):
    asc = "asc"
    desc = "desc"

@strawberry.enum
class TranslationNamespace(Enum):
    emails = "emails"
    lms = "lms"

@strawberry.enum
class AlternativePricingType(Enum):
    membership = "membership"

@strawberry.enum
class AwardTypeIcon(Enum):
    businessuser = "businessuser"
    check = "check"
    checkfile = "checkfile"
    flag = "flag"
    fullStar = "fullStar"
    gift = "gift"
    globe = "globe"
    halfStar = "halfStar"
    heart = "heart"
    lightbulb = "lightbulb"
    like = "like"
    loading = "loading"
    signpost = "signpost"
    star = "star"
    stopwatch = "stopwatch"
    tag = "tag"

@strawberry.enum
class CertificateDateFormatType(Enum):
    euroShort = "euroShort"
    iso8601 = "iso8601"
    usLong = "usLong"
    usShort = "usShort"

@strawberry.enum
class CertificateFieldType(Enum):
    awardLabel = "awardLabel"
    contentCompletionDate = "contentCompletionDate"
    contentFieldLabel = "contentFieldLabel"
    contentStartDate = "contentStartDate"
    courseLabel = "courseLabel"
    dateLabel = "dateLabel"
    expirationDateLabel = "expirationDateLabel"
    identifier = "identifier"
    learnerClientNameLabel = "learnerClientNameLabel"
    nameLabel = "nameLabel"
    sessionCustomContentField = "sessionCustomContentField"
    shareToLinkedIn = "shareToLinkedIn"
    textLabel = "textLabel"
    userFieldLabel = "userFieldLabel"
    userRef1Label = "userRef1Label"
    userRef2Label = "userRef2Label"
    userRef3Label = "userRef3Label"
    userRef4Label = "userRef4Label"
    userRef5Label = "userRef5Label"
    userRef6Label = "userRef6Label"
    userRef7Label = "userRef7Label"
    userRef8Label = "userRef8Label"
    userRef9Label = "userRef9Label"
    userRef10Label = "userRef10Label"
    viewCertificateLink = "viewCertificateLink"

@strawberry.enum
class CertificateResourceType(Enum):
    course = "course"
    learningPath = "learningPath"

@strawberry.enum
class ContentGroupKind(Enum):
    archivedContentItems = "archivedContentItems"
    bookmarkFolders = "bookmarkFolders"
    certificates = "certificates"
    completedItems = "completedItems"
    contentItems = "contentItems"
    credlyBadgeCourses = "credlyBadgeCourses"
    eventItems = "eventItems"
    learningPaths = "learningPaths"
    waitlistedCourses = "waitlistedCourses"

@strawberry.enum
class Status(Enum):
    archived = "archived"
    authoring = "authoring"
    deleted = "deleted"
    draft = "draft"
    loginRestriction = "loginRestriction"
    pending = "pending"
    published = "published"

@strawberry.enum
class AllocatedLicenseRole(Enum):
    manager = "manager"
    student = "student"

@strawberry.enum
class CertificateTemplateRecertificationActionType(Enum):
    actionUrl = "actionUrl"
    recertifyInSession = "recertifyInSession"
    resetProgress = "resetProgress"

@strawberry.enum
class CertificateTemplateResourceType(Enum):
    course = "course"
    learningPath = "learningPath"

@strawberry.enum
class UserCustomFieldType(Enum):
    dropDown = "dropDown"
    singleField = "singleField"
    telephone = "telephone"

@strawberry.enum
class BackgroundJobStatus(Enum):
    complete = "complete"
    failed = "failed"
    processing = "processing"
    queued = "queued"

@strawberry.enum
class ContentItemDisplayType(Enum):
    calendar = "calendar"
    grid = "grid"
    list = "list"

@strawberry.enum
class BalanceContentType(Enum):
    courses = "courses"
    learningPaths = "learningPaths"

@strawberry.enum
class TextAlignment(Enum):
    center = "center"
    left = "left"

@strawberry.enum
class CourseGroupKind(Enum):
    article = "article"
    courseGroup = "courseGroup"
    inPersonEvent = "inPersonEvent"
    inPersonEventCourse = "inPersonEventCourse"
    microCourse = "microCourse"
    shareableContentObject = "shareableContentObject"
    video = "video"
    webinar = "webinar"
    webinarCourse = "webinarCourse"
    xApiObject = "xApiObject"

@strawberry.enum
class AccessLevel(Enum):
    emailCaptureOpen = "emailCaptureOpen"
    open = "open"
    studentsOnly = "studentsOnly"

@strawberry.enum
class LayoutKind(Enum):
    InPersonEventLayout = "InPersonEventLayout"
    articleLayout = "articleLayout"
    bundleSidebarLayout = "bundleSidebarLayout"
    catalogLayout = "catalogLayout"
    courseDetailSidebarLayout = "courseDetailSidebarLayout"
    dashboardLayout = "dashboardLayout"
    discountGroupSidebarLayout = "discountGroupSidebarLayout"
    homepageLayout = "homepageLayout"
    learningPathLearnerLayout = "learningPathLearnerLayout"
    learningPathSidebarLayout = "learningPathSidebarLayout"
    pageLayout = "pageLayout"
    pickableGroupSidebarLayout = "pickableGroupSidebarLayout"
    productSidebarLayout = "productSidebarLayout"
    redemptionLayout = "redemptionLayout"
    registrationLayout = "registrationLayout"
    supportLayout = "supportLayout"
    transcriptLayout = "transcriptLayout"

@strawberry.enum
class MilestoneKind(Enum):
    competencyAssessment = "competencyAssessment"
    content = "content"

@strawberry.enum
class MilestoneRequirement(Enum):
    elective = "elective"
    required = "required"
