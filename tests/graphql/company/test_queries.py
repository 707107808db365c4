"""CompanyDetails, CompanyTranslations, Languages, TermsAndConditions (the API key is enough)."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from app.clients.models import Client
from app.company.models import AppearanceSettings, Company, Language, Translation
from app.db import new_id
from app.demo import JANE_EMAIL, demo_id
from app.users.models import User

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

async def test_details_seed_example_for_jane(gql, jane_token):
    details = (await gql.data(DETAILS_EXAMPLE % demo_id("user", JANE_EMAIL), token=jane_token))["CompanyDetails"]
    assert details["name"] == "Acme Learning Co." and details["subdomain"] == "acme"
    settings = details["settings"]
    assert settings["id"] == demo_id("appearance", "company")
    assert settings["accentColor"] == "#FF5733" and settings["font"] == "Inter" and settings["retinaLogo"] is True
    assert settings["backgroundAssetTiled"] is False and settings["customCss"] == ".header { font-weight: bold; }"
    assert settings["globalNavigationLinks"] == [{"label": "Home", "href": "/"}, {"label": "Catalog", "href": "/catalog"}]


async def test_details_without_a_user_use_the_company_appearance(gql, demo):
    details = (await gql.data(DETAILS))["CompanyDetails"]
    assert details == {"name": "Acme Learning Co.", "subdomain": "acme",
                       "settings": {"id": demo_id("appearance", "company"), "accentColor": "#FF5733"}}


async def _branded_client(db, *, enable_branding: bool) -> tuple[str, str]:
    """A user of a client with its own appearance; returns (user id, appearance id)."""
    async with db() as s:
        appearance = AppearanceSettings(id=new_id(), company_id=demo_id("company", "acme"), accent_color="#00AA00")
        s.add(appearance)
        await s.flush()
        client = Client(id=new_id(), name="Initech", slug=f"initech-{enable_branding}", enable_branding=enable_branding,
                        appearance_id=appearance.id)
        s.add(client)
        await s.flush()
        user = User(id=new_id(), email=f"peter{enable_branding}@initech.example", client_id=client.id)
        s.add(user)
        await s.commit()
        return user.id, appearance.id


async def test_details_use_a_branded_clients_appearance(gql, db, demo):
    user_id, appearance_id = await _branded_client(db, enable_branding=True)
    details = (await gql.data(DETAILS, {"user": user_id}))["CompanyDetails"]
    assert details["settings"] == {"id": appearance_id, "accentColor": "#00AA00"}
    assert details["name"] == "Acme Learning Co."  # the company is still the instance's


async def test_details_ignore_the_appearance_of_a_client_without_branding(gql, db, demo):
    user_id, _ = await _branded_client(db, enable_branding=False)
    details = (await gql.data(DETAILS, {"user": user_id}))["CompanyDetails"]
    assert details["settings"]["id"] == demo_id("appearance", "company")


async def test_details_for_a_user_without_client_or_a_client_without_appearance(gql, db, demo):
    async with db() as s:
        s.add(User(id="lonely", email="lonely@example.com"))
        await s.execute(update(Client).where(Client.id == demo_id("client", "acme-corp")).values(appearance_id=None))
        await s.commit()
    for user in ("lonely", demo_id("user", JANE_EMAIL)):
        details = (await gql.data(DETAILS, {"user": user}))["CompanyDetails"]
        assert details["settings"]["id"] == demo_id("appearance", "company")


async def test_details_for_an_unknown_user_is_not_found(gql, demo):
    body = await gql(DETAILS, {"user": "no-such-user"})
    assert body["data"]["CompanyDetails"] is None
    assert body["errors"][0]["extensions"] == {"code": "NOT_FOUND", "field": "user"}


async def test_details_of_an_empty_instance_is_null(gql):
    assert (await gql.data(DETAILS))["CompanyDetails"] is None


async def test_details_without_an_appearance(gql, db, demo):
    async with db() as s:
        await s.execute(update(Company).values(appearance_id=None))
        await s.commit()
    assert (await gql.data(DETAILS))["CompanyDetails"]["settings"] is None


async def test_instance_queries_need_the_api_key_only(gql, demo):
    response = await gql.post(DETAILS, api_key=None)
    assert response.status_code == 401
    body = await gql(TERMS_EXAMPLE, token="forged")  # a bad authToken does not matter here
    assert body["data"]["TermsAndConditions"]["globalTerms"].startswith("By accessing")


# CompanyTranslations --------------------------------------------------------------------

async def test_translations_seed_example(gql, jane_token):
    rows = (await gql.data(TRANSLATIONS_EXAMPLE, token=jane_token))["CompanyTranslations"]
    assert [r["lang"] for r in rows] == ["en", "fr"]
    assert rows[0]["id"] == "lms:en"
    en, fr = rows[0]["translations"], rows[1]["translations"]
    # the demo's own keys, next to Helium's UI strings (tests/graphql/company/test_demo_translations.py)
    assert {k: en[k] for k in ("welcome_message", "start_course", "my_courses")} == {
        "welcome_message": "Welcome to the Learning Portal", "start_course": "Start Course", "my_courses": "My Courses"}
    assert en["cart.header_one"] == "Your Basket (%{count} item)" and len(en) == 85 + 34 + 3
    assert fr["start_course"] == "Commencer le cours" and set(fr) == set(en)


async def test_translations_of_the_emails_namespace(gql, demo):
    rows = (await gql.data("{ CompanyTranslations(namespace: emails) { id lang translations } }"))["CompanyTranslations"]
    assert [r["id"] for r in rows] == ["emails:en", "emails:fr"]
    assert rows[1]["translations"]["certificate_subject"] == "Votre certificat est prêt"


async def test_translations_follow_the_language_order_with_unlisted_languages_last(gql, db, demo):
    async with db() as s:
        s.add_all([Translation(id=new_id(), namespace="lms", lang="de", key="start_course", value="Kurs starten"),
                   Translation(id=new_id(), namespace="lms", lang="en-acme", key="start_course", value="Synergize")])
        await s.commit()
    rows = (await gql.data(TRANSLATIONS_EXAMPLE))["CompanyTranslations"]
    assert [r["lang"] for r in rows] == ["en", "fr", "en-acme", "de"]


async def test_translations_empty_and_bad_namespace(gql, db, demo):
    async with db() as s:
        await s.execute(delete(Translation).where(Translation.namespace == "emails"))
        await s.commit()
    assert (await gql.data("{ CompanyTranslations(namespace: emails) { id } }"))["CompanyTranslations"] == []
    body = await gql("{ CompanyTranslations(namespace: sms) { id } }")
    assert "data" not in body or body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    body = await gql("query($n: TranslationNamespace!) { CompanyTranslations(namespace: $n) { id } }", {"n": "sms"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = await gql("{ CompanyTranslations { id } }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


# Languages / TermsAndConditions ----------------------------------------------------------

async def test_languages_seed_example(gql, jane_token):
    rows = (await gql.data(LANGUAGES_EXAMPLE, token=jane_token))["Languages"]
    assert rows == [
        {"id": demo_id("lang", "en"), "label": "English", "code": "en", "selectorLabel": "English (US)", "isCustom": False},
        {"id": demo_id("lang", "fr"), "label": "French", "code": "fr", "selectorLabel": "Français", "isCustom": False},
        {"id": demo_id("lang", "en-acme"), "label": "Acme Corporate Speak", "code": "en-acme",
         "selectorLabel": "Acme English", "isCustom": True},
    ]


async def test_languages_of_an_empty_instance(gql, db):
    assert (await gql.data(LANGUAGES_EXAMPLE))["Languages"] == []
    async with db() as s:
        s.add(Language(id="x", code="de", label="German"))
        await s.commit()
    assert (await gql.data(LANGUAGES_EXAMPLE))["Languages"] == [
        {"id": "x", "label": "German", "code": "de", "selectorLabel": None, "isCustom": False}]


async def test_terms_seed_example(gql, jane_token):
    terms = (await gql.data(TERMS_EXAMPLE, token=jane_token))["TermsAndConditions"]
    assert terms["globalTerms"].startswith("By accessing this platform") and "redistribution" in terms["globalTerms"]


@pytest.mark.parametrize("with_company", [False, True])
async def test_terms_without_terms(gql, db, with_company):
    if with_company:
        async with db() as s:
            s.add(Company(id=new_id(), name="Bare", subdomain="bare"))
            await s.commit()
    assert (await gql.data(TERMS_EXAMPLE))["TermsAndConditions"] == {"globalTerms": None}
