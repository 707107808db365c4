"""GET Certificate.url (the holder's page) and GET Certificate.pdfAsset (public by identifier)."""
from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from app.certificates.templates import update_template
from tests.certificates.rendering.conftest import asset_dir, png_bytes, settings  # noqa: F401 - fixtures
from tests.factories.catalog import build, certificate_field, course, id_of
from tests.factories.certificates import (
    deleted_certificate,
    identifier_field,
    issued_certificate,
    published_template,
    revoke,
)
from tests.factories.people import administrator, learner
from tests.factories.users import logged_in

JANE_EMAIL = "jane@example.com"
# A landscape Letter page (792 x 612): name, date and identifier.
LABELS = [{"field": "Learner Name", "x": 396, "y": 180, "fontSize": 40, "textAlign": "center"},
          {"field": "Completion Date", "x": 396, "y": 360, "fontSize": 15, "textAlign": "center"},
          {"field": "Certificate ID", "x": 72, "y": 530, "fontSize": 10}]
PYTHON_TEMPLATE = published_template("Introduction to Python Certificate", "python", labels=LABELS,
                                     asset="https://cdn.acme-learning.example/templates/python.png")


@pytest.fixture
async def w(db):
    """Jane Doe holds a Python certificate (the template has labels and a background on a host that is not
    allowed) and a Leadership one (a template without labels); an older Python one was deleted."""
    await build(db, courses=[course("python"), course("leadership", title="Foundations of Leadership")],
                certificate_fields=[certificate_field("Learner Name", "nameLabel"),
                                    certificate_field("Completion Date", "contentCompletionDate", dateFormat="usLong"),
                                    identifier_field()],
                certificate_templates=[PYTHON_TEMPLATE, published_template(
                    "Foundations of Leadership Certificate", "leadership", validity_days=None)])
    w = SimpleNamespace(python=await id_of(db, "content", "python"),
                        leadership=await id_of(db, "content", "leadership"),
                        py_t=await id_of(db, "certificateTemplate", "Introduction to Python Certificate"))
    w.jane = await learner(db, JANE_EMAIL, first_name="Jane", last_name="Doe", password=None)
    w.deleted = await deleted_certificate(db, w.jane, w.python, days_ago=700)
    w.cert = await issued_certificate(db, w.jane, w.python, days_ago=280)
    w.leadership_cert = await issued_certificate(db, w.jane, w.leadership, days_ago=100)
    w.pdf = f"/certificates/{w.cert.identifier}.pdf"
    return w


async def new_login(db, gql, email: str, role=learner) -> str:
    return await logged_in(db, gql, await role(db, email, password=None), email)


async def jane_token(db, gql, w) -> str:
    return await logged_in(db, gql, w.jane, JANE_EMAIL)


def pdf_text(response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content)).pages[0].extract_text()


async def test_pdf_is_public_by_identifier(http, db, w, gql):
    text = pdf_text(await http.get(w.pdf))
    # The template's labels: name, completion date, identifier.
    assert "Jane Doe" in text and w.cert.identifier in text
    # The link Helium shows is the one served.
    data = await gql.data("{ UserCertificates { identifier pdfAsset url } }", token=await jane_token(db, gql, w))
    python = next(c for c in data["UserCertificates"] if c["identifier"] == w.cert.identifier)
    assert python["pdfAsset"] == w.pdf and python["url"] == f"/certificates/{w.cert.id}"
    assert (await http.get("/certificates/CERT-NOSUCH99.pdf")).status_code == 404


async def test_deleted_certificate_is_not_served(http, w):
    assert (await http.get(f"/certificates/{w.deleted.identifier}.pdf")).status_code == 404


async def test_pdf_by_id_only_for_its_holder(http, db, w, gql):
    by_id = f"/certificates/{w.cert.id}.pdf"
    assert (await http.get(by_id)).status_code == 404
    assert "Jane Doe" in pdf_text(await http.get(by_id, headers={"authToken": await jane_token(db, gql, w)}))
    admin = await new_login(db, gql, "admin@example.com", administrator)
    assert "Jane Doe" in pdf_text(await http.get(by_id, headers={"authToken": admin}))


async def test_page_needs_the_holder(http, w, db, gql):
    page = f"/certificates/{w.cert.id}"
    anonymous = await http.get(page)
    assert anonymous.status_code == 401 and "Sign in" in anonymous.text
    jane = await jane_token(db, gql, w)
    own = await http.get(page, headers={"authToken": jane})
    assert own.status_code == 200 and own.headers["content-type"].startswith("text/html")
    assert "Jane Doe" in own.text and w.cert.identifier in own.text
    assert f'href="/certificates/{w.cert.identifier}.pdf"' in own.text
    assert f"https://learn.example.com/verify/certificates/{w.cert.identifier}" in own.text  # QR link
    assert "<script" not in own.text and "script-src" not in own.headers["content-security-policy"]
    admin = await new_login(db, gql, "admin@example.com", administrator)
    assert (await http.get(page, headers={"authToken": admin})).status_code == 200
    # Another learner: as if it did not exist.
    other = await new_login(db, gql, "other@example.com")
    assert (await http.get(page, headers={"authToken": other})).status_code == 404
    assert (await http.get("/certificates/not-a-certificate", headers={"authToken": jane})).status_code == 404


async def test_revoked_certificate_renders_revoked(http, w, db, gql):
    await revoke(db, w.py_t, w.jane)
    assert "REVOKED" in pdf_text(await http.get(w.pdf))
    page = await http.get(f"/certificates/{w.cert.id}", headers={"authToken": await jane_token(db, gql, w)})
    assert "was revoked on" in page.text and "REVOKED" in page.text


async def test_pdf_is_cached_by_certificate_and_template_version(http, w, db, app, monkeypatch):
    from app.certificates.rendering import service

    drawn = []
    original = service.render_pdf
    monkeypatch.setattr(service, "render_pdf", lambda doc, bg: drawn.append(doc.certificate_id) or original(doc, bg))
    first = await http.get(w.pdf)
    again = await http.get(w.pdf)
    assert first.content == again.content and drawn == [w.cert.id]
    assert (await http.get(w.pdf, headers={"if-none-match": first.headers["etag"]})).status_code == 304
    cache_dir = app.state.services.settings.certificate_cache_dir / w.cert.id
    assert len(list(cache_dir.glob("*.pdf"))) == 1

    # A new template version (here: a new title, which the page shows) draws a new PDF, once.
    async with db() as session:
        await update_template(session, template_id=w.py_t, body={"title": "Python, Second Edition"})
        await session.commit()
    third = await http.get(w.pdf)
    assert third.headers["etag"] != first.headers["etag"] and drawn == [w.cert.id, w.cert.id]
    await http.get(w.pdf)
    assert drawn == [w.cert.id, w.cert.id]
    assert len(list(cache_dir.glob("*.pdf"))) == 1  # the old version was removed


async def test_template_background_from_local_folder(http, w, db, asset_dir):
    (asset_dir / "python.png").write_bytes(png_bytes(size=(120, 90)))
    await build(db, certificate_templates=[{**PYTHON_TEMPLATE, "asset": "python.png"}])
    response = await http.get(w.pdf)
    images = PdfReader(io.BytesIO(response.content)).pages[0].images
    assert [i.image.size for i in images] == [(120, 90)]


async def test_refused_background_still_renders(http, w):
    # The template names a host that is not in CERTIFICATE_ASSET_HOSTS: no fetch, no image.
    response = await http.get(w.pdf)
    assert len(PdfReader(io.BytesIO(response.content)).pages[0].images) == 0


async def test_certificate_without_labels_uses_the_default_layout(http, w):
    identifier = w.leadership_cert.identifier
    text = pdf_text(await http.get(f"/certificates/{identifier}.pdf"))
    assert "Certificate of Completion" in text and "This certifies that" in text
    assert "Jane Doe" in text and "Foundations of Leadership Certificate" in text
    assert f"Certificate ID {identifier}" in text
