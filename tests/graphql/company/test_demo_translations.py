"""The demo's `lms` namespace carries Helium's UI strings (app/demo_data/helium-i18n) in en and fr."""
from __future__ import annotations

import json
import re

from app.demo import HELIUM_I18N_DIR

QUERY = "{ CompanyTranslations(namespace: lms) { id lang translations } }"
DEMO_KEYS = {"welcome_message", "start_course", "my_courses"}
PLACEHOLDER = re.compile(r"%\{.*?\}")


def _load(name: str) -> dict[str, str]:
    return json.loads((HELIUM_I18N_DIR / name).read_text(encoding="utf-8"))


def _placeholders(value: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(value))


async def _served(gql) -> dict[str, dict[str, str]]:
    rows = (await gql.data(QUERY))["CompanyTranslations"]
    assert [r["id"] for r in rows] == ["lms:en", "lms:fr"]
    return {r["lang"]: r["translations"] for r in rows}


def _as_served(strings: dict[str, str]) -> dict[str, str]:
    """Helium's `{{x}}` placeholders in the `%{x}` style its template's i18next reads."""
    return {k: re.sub(r"\{\{(\w+)\}\}", r"%{\1}", v) for k, v in strings.items()}


async def test_en_serves_every_helium_string_with_the_templates_placeholders(gql, demo):
    vendored = _load("en.json")
    assert len(vendored) == 85 and vendored["cart.header_other"] == "Your Basket ({{count}} items)"
    en = (await _served(gql))["en"]
    assert en["cart.header_other"] == "Your Basket (%{count} items)"
    assert {k: en.get(k) for k in vendored} == _as_served(vendored)
    assert {k: en.get(k) for k in _load("extra-en.json")} == _as_served(_load("extra-en.json"))
    assert not any("{{" in v for v in en.values())
    assert set(en) == set(vendored) | set(_load("extra-en.json")) | DEMO_KEYS


async def test_fr_has_the_same_keys_nonempty_with_the_same_placeholders(gql, demo):
    served = await _served(gql)
    en, fr = served["en"], served["fr"]
    assert set(fr) == set(en)
    assert all(isinstance(v, str) and v.strip() for v in fr.values())
    assert {k: _placeholders(fr[k]) for k in en} == {k: _placeholders(v) for k, v in en.items()}
    assert fr["cart.header_one"] == "Votre panier (%{count} article)"
    assert fr["start_course"] == "Commencer le cours" and fr["sign-in"] == "Se connecter"


def test_vendored_files_are_flat_string_maps_with_matching_key_sets():
    files = {name: _load(name) for name in ("en.json", "fr.json", "extra-en.json", "extra-fr.json")}
    for name, strings in files.items():
        assert strings and all(isinstance(k, str) and isinstance(v, str) for k, v in strings.items()), name
    assert list(files["fr.json"]) == list(files["en.json"])
    assert list(files["extra-fr.json"]) == list(files["extra-en.json"])
    assert not set(files["extra-en.json"]) & set(files["en.json"])
    assert not DEMO_KEYS & (set(files["en.json"]) | set(files["extra-en.json"]))
