"""GET Certificate.url (the holder's page) and GET Certificate.pdfAsset (public by identifier)."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from app.certificates.models import Certificate, CertificateTemplate
from app.db import utcnow
from app.demo import demo_id
from tests.certificates.rendering.conftest import asset_dir, png_bytes, settings  # noqa: F401 - fixtures

PYTHON = demo_id("certificate", "jane.doe@example.com:intro-to-python:280")
PDF = "/certificates/CERT-PY280001.pdf"


def pdf_text(response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


async def test_pdf_is_public_by_identifier(http, demo, gql, jane_token):
    text = pdf_text(await http.get(PDF))
    # The demo template's labels: name, completion date, credits, identifier.
    assert "Jane Doe" in text and "CERT-PY280001" in text
    # The link Helium shows is the one served.
    data = await gql.data("{ UserCertificates { identifier pdfAsset url } }", token=jane_token)
    python = next(c for c in data["UserCertificates"] if c["identifier"] == "CERT-PY280001")
    assert python["pdfAsset"] == PDF and python["url"] == f"/certificates/{PYTHON}"
    assert (await http.get("/certificates/CERT-NOSUCH99.pdf")).status_code == 404


async def test_deleted_certificate_is_not_served(http, demo):
    assert (await http.get("/certificates/CERT-PY700001.pdf")).status_code == 404


async def test_pdf_by_id_only_for_its_holder(http, demo, jane_token, admin_token, gql):
    by_id = f"/certificates/{PYTHON}.pdf"
    assert (await http.get(by_id)).status_code == 404
    assert "Jane Doe" in pdf_text(await http.get(by_id, headers={"authToken": jane_token}))
    assert "Jane Doe" in pdf_text(await http.get(by_id, headers={"authToken": admin_token}))


async def test_page_needs_the_holder(http, demo, jane_token, admin_token, db):
    page = f"/certificates/{PYTHON}"
    anonymous = await http.get(page)
    assert anonymous.status_code == 401 and "Sign in" in anonymous.text
    own = await http.get(page, headers={"authToken": jane_token})
    assert own.status_code == 200 and own.headers["content-type"].startswith("text/html")
    assert "Jane Doe" in own.text and "CERT-PY280001" in own.text
    assert 'href="/certificates/CERT-PY280001.pdf"' in own.text
    assert "https://learn.example.com/verify/certificates/CERT-PY280001" in own.text  # QR link
    assert "<script" not in own.text and "script-src" not in own.headers["content-security-policy"]
    assert (await http.get(page, headers={"authToken": admin_token})).status_code == 200
    # Another learner: as if it did not exist.
    other = await _other_learner_token(http, db)
    assert (await http.get(page, headers={"authToken": other})).status_code == 404
    assert (await http.get("/certificates/not-a-certificate", headers={"authToken": jane_token})).status_code == 404


async def _other_learner_token(http, db) -> str:
    from sqlalchemy import select

    from app.demo import DEMO_PASSWORD
    from app.security import hash_password
    from app.users.models import User

    async with db() as session:
        user = await session.scalar(select(User).where(User.email != "jane.doe@example.com",
                                                       User.role_key == "learner").limit(1))
        user.password_hash = hash_password(DEMO_PASSWORD)
        user.email_verified, user.disabled = True, False
        email = user.email
        await session.commit()
    response = await http.post("/graphql", json={"query": "mutation($e: String!, $p: String!) { Login(email: $e, password: $p) }",
                                                 "variables": {"e": email, "p": DEMO_PASSWORD}},
                               headers={"Authorization": "Bearer test-api-key"})
    return response.json()["data"]["Login"]


async def test_revoked_certificate_renders_revoked(http, demo, db, jane_token):
    async with db() as session:
        await session.execute(update(Certificate).where(Certificate.id == PYTHON).values(revoked_at=utcnow()))
        await session.commit()
    assert "REVOKED" in pdf_text(await http.get(PDF))
    page = await http.get(f"/certificates/{PYTHON}", headers={"authToken": jane_token})
    assert "was revoked on" in page.text and "REVOKED" in page.text


async def test_pdf_is_cached_by_certificate_and_template_version(http, demo, db, app, monkeypatch):
    from app.certificates.rendering import service

    drawn = []
    original = service.render_pdf
    monkeypatch.setattr(service, "render_pdf", lambda doc, bg: drawn.append(doc.certificate_id) or original(doc, bg))
    first = await http.get(PDF)
    again = await http.get(PDF)
    assert first.content == again.content and drawn == [PYTHON]
    assert (await http.get(PDF, headers={"if-none-match": first.headers["etag"]})).status_code == 304
    cache_dir = app.state.services.settings.certificate_cache_dir / PYTHON
    assert len(list(cache_dir.glob("*.pdf"))) == 1

    # A new template version (here: a new title, which the page shows) draws a new PDF, once.
    async with db() as session:
        await session.execute(update(CertificateTemplate).where(CertificateTemplate.id == demo_id("template", "intro-to-python"))
                              .values(title="Python, Second Edition", updated_at=utcnow()))
        await session.commit()
    third = await http.get(PDF)
    assert third.headers["etag"] != first.headers["etag"] and drawn == [PYTHON, PYTHON]
    await http.get(PDF)
    assert drawn == [PYTHON, PYTHON]
    assert len(list(cache_dir.glob("*.pdf"))) == 1  # the old version was removed


async def test_template_background_from_local_folder(http, demo, db, asset_dir):
    (asset_dir / "python.png").write_bytes(png_bytes(size=(120, 90)))
    async with db() as session:
        await session.execute(update(CertificateTemplate).where(CertificateTemplate.id == demo_id("template", "intro-to-python"))
                              .values(asset="python.png", updated_at=utcnow()))
        await session.commit()
    response = await http.get(PDF)
    images = PdfReader(io.BytesIO(response.content)).pages[0].images
    assert [i.image.size for i in images] == [(120, 90)]


async def test_refused_background_still_renders(http, demo):
    # The demo templates name a host that is not in CERTIFICATE_ASSET_HOSTS: no fetch, no image.
    response = await http.get(PDF)
    assert len(PdfReader(io.BytesIO(response.content)).pages[0].images) == 0


@pytest.mark.parametrize("identifier", ["CERT-LD100001"])
async def test_certificate_without_labels_uses_the_default_layout(http, demo, db, identifier):
    from sqlalchemy import delete

    from app.certificates.models import CertificateTemplateLabel

    async with db() as session:
        await session.execute(delete(CertificateTemplateLabel).where(
            CertificateTemplateLabel.template_id == demo_id("template", "foundations-of-leadership")))
        await session.commit()
    text = pdf_text(await http.get(f"/certificates/{identifier}.pdf"))
    assert "Certificate of Completion" in text and "This certifies that" in text
    assert "Jane Doe" in text and "Foundations of Leadership Certificate" in text
    assert f"Certificate ID {identifier}" in text
