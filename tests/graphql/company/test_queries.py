"""CompanyDetails, CompanyTranslations, Languages, TermsAndConditions (the API key is enough), on an
instance built through the catalog import."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.company.models import Company
from tests.factories import PASSWORD, build, client, company, id_of, learner

APPEARANCE = {"accentColor": "#FF5733", "font": "Inter", "retinaLogo": True, "backgroundAssetTiled": False,
              "customCss": ".header { font-weight: bold; }",
              "globalNavigationLinks": [{"label": "Home", "href": "/"}, {"label": "Catalog", "href": "/catalog"}]}
TERMS = "By accessing this platform you agree not to copy it; redistribution is forbidden."
LANGUAGES = [
    {"code": "en", "label": "English", "selectorLabel": "English (US)", "position": 0},
    {"code": "fr", "label": "French", "selectorLabel": "Français", "position": 1},
    {"code": "en-acme", "label": "Acme Corporate Speak", "selectorLabel": "Acme English", "isCustom": True,
     "position": 2},
]
LMS_EN = {"welcome_message": "Welcome to the Learning Portal", "start_course": "Start Course", "my_courses": "My Courses",
          "cart.header_one": "Your Basket (%{count} item)"}
LMS_FR = {"welcome_message": "Bienvenue", "start_course": "Commencer le cours", "my_courses": "Mes cours",
          "cart.header_one": "Votre panier (%{count} article)"}
TRANSLATIONS = [
    {"namespace": "lms", "lang": "fr", "strings": LMS_FR}, {"namespace": "lms", "lang": "en", "strings": LMS_EN},
    {"namespace": "emails", "lang": "en", "strings": {"certificate_subject": "Your certificate is ready"}},
    {"namespace": "emails", "lang": "fr", "strings": {"certificate_subject": "Votre certificat est prêt"}},
]


@pytest.fixture
async def acme(db) -> str:
    """The Acme instance: its appearance, terms, languages and translations; returns its appearance's id."""
    await build(db, company=company("acme", name="Acme Learning Co.", globalTerms=TERMS, appearance=APPEARANCE),
                languages=LANGUAGES, translations=TRANSLATIONS,
                clients=[client("acme-corp", appearance={"accentColor": "#123456"})])
    return await _company_appearance(db)


async def _company_appearance(db) -> str | None:
    async with db() as s:
        return await s.scalar(select(Company.appearance_id))


@pytest.fixture
async def jane_token(db, gql, acme) -> str:
    await learner(db, "jane@example.com", client_id=await id_of(db, "client", "acme-corp"))
    return await gql.login("jane@example.com", PASSWORD)


DETAILS_EXAMPLE = """
query CompanyDetails {
  CompanyDetails(user: "%s") {
    name
    subdomain
    settings {
      id
      logoAsset
      accentColor
      secondaryColor
      linkColor
      font
      altFont
      favicon
      backgroundAsset
      backgroundAssetTiled
      retinaLogo
      customCss
      globalNavigationLinks {
        label
        href
      }
    }
  }
}"""
DETAILS = "query($user: ID) { CompanyDetails(user: $user) { name subdomain settings { id accentColor } } }"
TRANSLATIONS_EXAMPLE = """
query CompanyTranslations {
  CompanyTranslations(namespace: lms) {
    id
    lang
    translations
  }
}"""
LANGUAGES_EXAMPLE = """
query Languages {
  Languages {
    id
    label
    code
    selectorLabel
    isCustom
  }
}"""
TERMS_EXAMPLE = """
query TermsAndConditions {
  TermsAndConditions {
    globalTerms
  }
}"""


# CompanyDetails ---------------------------------------------------------------------------

async def test_details_seed_example_for_a_learner(gql, db, acme):
    await build(db, clients=[client("plain")])
    user_id = await learner(db, "jane@example.com", client_id=await id_of(db, "client", "plain"))
    token = await gql.login("jane@example.com", PASSWORD)
    details = (await gql.data(DETAILS_EXAMPLE % user_id, token=token))["CompanyDetails"]
    assert details["name"] == "Acme Learning Co." and details["subdomain"] == "acme"
    settings = details["settings"]
    assert settings["id"] == acme
    assert settings["accentColor"] == "#FF5733" and settings["font"] == "Inter" and settings["retinaLogo"] is True
    assert settings["backgroundAssetTiled"] is False and settings["customCss"] == ".header { font-weight: bold; }"
    assert settings["globalNavigationLinks"] == [{"label": "Home", "href": "/"}, {"label": "Catalog", "href": "/catalog"}]


async def test_details_without_a_user_use_the_company_appearance(gql, acme):
    details = (await gql.data(DETAILS))["CompanyDetails"]
    assert details == {"name": "Acme Learning Co.", "subdomain": "acme",
                       "settings": {"id": acme, "accentColor": "#FF5733"}}


async def _branded_client(db, *, enable_branding: bool) -> tuple[str, str]:
    """A learner of a client with its own appearance; returns (user id, appearance id)."""
    from app.clients.models import Client

    slug = f"initech-{enable_branding}".lower()
    await build(db, clients=[client(slug, name="Initech", enableBranding=enable_branding,
                                    appearance={"accentColor": "#00AA00"})])
    user_id = await learner(db, f"peter-{slug}@initech.example", password=None, client_id=await id_of(db, "client", slug))
    async with db() as s:
        return user_id, await s.scalar(select(Client.appearance_id).where(Client.slug == slug))


async def test_details_use_a_branded_clients_appearance(gql, db, acme):
    user_id, appearance_id = await _branded_client(db, enable_branding=True)
    details = (await gql.data(DETAILS, {"user": user_id}))["CompanyDetails"]
    assert details["settings"] == {"id": appearance_id, "accentColor": "#00AA00"}
    assert details["name"] == "Acme Learning Co."  # the company is still the instance's


async def test_details_ignore_the_appearance_of_a_client_without_branding(gql, db, acme):
    user_id, _ = await _branded_client(db, enable_branding=False)
    details = (await gql.data(DETAILS, {"user": user_id}))["CompanyDetails"]
    assert details["settings"]["id"] == acme


async def test_details_for_a_user_without_client_or_a_client_without_appearance(gql, db, acme):
    await build(db, clients=[client("bare", enableBranding=True)])
    lonely = await learner(db, "lonely@example.com", password=None)
    bare = await learner(db, "bare@example.com", password=None, client_id=await id_of(db, "client", "bare"))
    for user in (lonely, bare):
        details = (await gql.data(DETAILS, {"user": user}))["CompanyDetails"]
        assert details["settings"]["id"] == acme


async def test_details_for_an_unknown_user_is_not_found(gql, acme):
    body = await gql(DETAILS, {"user": "no-such-user"})
    assert body["data"]["CompanyDetails"] is None
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "user"}


async def test_details_of_an_empty_instance_is_null(gql):
    assert (await gql.data(DETAILS))["CompanyDetails"] is None


async def test_details_without_an_appearance(gql, db):
    await build(db, company=company("acme"))
    assert (await gql.data(DETAILS))["CompanyDetails"]["settings"] is None


async def test_instance_queries_need_the_api_key_only(gql, acme):
    response = await gql.post(DETAILS, api_key=None)
    assert response.status_code == 401
    body = await gql(TERMS_EXAMPLE, token="forged")  # a bad authToken does not matter here
    assert body["data"]["TermsAndConditions"]["globalTerms"].startswith("By accessing")


# CompanyTranslations --------------------------------------------------------------------

async def test_translations_seed_example(gql, jane_token):
    rows = (await gql.data(TRANSLATIONS_EXAMPLE, token=jane_token))["CompanyTranslations"]
    assert [r["lang"] for r in rows] == ["en", "fr"]  # the language list's order, not the import's
    assert rows[0]["id"] == "lms:en"
    en, fr = rows[0]["translations"], rows[1]["translations"]
    assert en == LMS_EN and fr == LMS_FR


async def test_translations_of_the_emails_namespace(gql, acme):
    rows = (await gql.data("{ CompanyTranslations(namespace: emails) { id lang translations } }"))["CompanyTranslations"]
    assert [r["id"] for r in rows] == ["emails:en", "emails:fr"]
    assert rows[1]["translations"]["certificate_subject"] == "Votre certificat est prêt"


async def test_translations_follow_the_language_order_with_unlisted_languages_last(gql, db, acme):
    await build(db, translations=[{"namespace": "lms", "lang": "de", "strings": {"start_course": "Kurs starten"}},
                                  {"namespace": "lms", "lang": "en-acme", "strings": {"start_course": "Synergize"}}])
    rows = (await gql.data(TRANSLATIONS_EXAMPLE))["CompanyTranslations"]
    assert [r["lang"] for r in rows] == ["en", "fr", "en-acme", "de"]


async def test_translations_empty_and_bad_namespace(gql, db):
    await build(db, company=company("acme"), languages=LANGUAGES, translations=TRANSLATIONS[:2])
    assert (await gql.data("{ CompanyTranslations(namespace: emails) { id } }"))["CompanyTranslations"] == []
    body = await gql("{ CompanyTranslations(namespace: sms) { id } }")
    assert "data" not in body or body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    body = await gql("query($n: TranslationNamespace!) { CompanyTranslations(namespace: $n) { id } }", {"n": "sms"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await gql("{ CompanyTranslations { id } }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


# Languages / TermsAndConditions ----------------------------------------------------------

async def test_languages_seed_example(gql, db, jane_token):
    rows = (await gql.data(LANGUAGES_EXAMPLE, token=jane_token))["Languages"]
    assert rows == [
        {"id": await id_of(db, "language", "en"), "label": "English", "code": "en", "selectorLabel": "English (US)",
         "isCustom": False},
        {"id": await id_of(db, "language", "fr"), "label": "French", "code": "fr", "selectorLabel": "Français",
         "isCustom": False},
        {"id": await id_of(db, "language", "en-acme"), "label": "Acme Corporate Speak", "code": "en-acme",
         "selectorLabel": "Acme English", "isCustom": True},
    ]


async def test_languages_of_an_empty_instance(gql, db):
    assert (await gql.data(LANGUAGES_EXAMPLE))["Languages"] == []
    await build(db, languages=[{"code": "de", "label": "German"}])
    assert (await gql.data(LANGUAGES_EXAMPLE))["Languages"] == [
        {"id": await id_of(db, "language", "de"), "label": "German", "code": "de", "selectorLabel": None,
         "isCustom": False}]


async def test_terms_seed_example(gql, jane_token):
    terms = (await gql.data(TERMS_EXAMPLE, token=jane_token))["TermsAndConditions"]
    assert terms["globalTerms"].startswith("By accessing this platform") and "redistribution" in terms["globalTerms"]


@pytest.mark.parametrize("with_company", [False, True])
async def test_terms_without_terms(gql, db, with_company):
    if with_company:
        await build(db, company=company("bare"))
    assert (await gql.data(TERMS_EXAMPLE))["TermsAndConditions"] == {"globalTerms": None}
