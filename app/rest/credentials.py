"""Signed credentials over HTTP (app/credentials):

- GET /.well-known/jwks.json                  the public keys (JWKS), public
- GET /credentials/issuer                     the issuer's Open Badges Profile, public
- GET /credentials/status/{n}                 the revocation BitstringStatusListCredential (JWT), public
- GET /verify/certificates/{identifier}/credential   a certificate's credential (JWT), public by identifier
- GET /incoming/v2/users/{id}/certificates/{certificateId}/credential   the same for administrators
- POST /credentials/verify                    checks a credential JWT (signature, dates, revocation), public
"""
from __future__ import annotations

import orjson
from sqlalchemy import select
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.certificates.models import Certificate
from app.certificates.rendering.paths import public_base_url
from app.credentials import badges, keys, service
from app.db import utcnow, write_session
from app.errors import bad_input, not_found
from app.rest.common import endpoint, parse_uuid
from app.web.responses import ORJSONResponse

JWT_HEADERS = {"cache-control": "no-store"}
MAX_JWT_BYTES = 64 * 1024


def _context(request: Request):
    settings = request.app.state.services.settings
    return request.app.state.services.session_factory, settings.secret_key, public_base_url(settings, request)


@endpoint(None)
async def jwks(request: Request, api_key) -> Response:
    async with request.app.state.services.session_factory() as session:
        published = await keys.published_keys(session)
    return ORJSONResponse({"keys": published}, headers={"cache-control": "public, max-age=300"})


@endpoint(None)
async def issuer(request: Request, api_key) -> Response:
    factory, _secret, base = _context(request)
    async with factory() as session:
        name = await service.issuer_name(session)
    return ORJSONResponse(badges.issuer_profile_document(base, name=name), media_type="application/ld+json")


@endpoint(None)
async def status_list(request: Request, api_key) -> Response:
    number = request.path_params["number"]
    factory, secret, base = _context(request)
    async with write_session(factory) as session:  # the first signature may create the key
        token = await service.status_list_jwt(session, number, base_url=base, secret_key=secret, now=utcnow())
    return Response(token, media_type=service.MEDIA_TYPE, headers={"cache-control": "no-cache"})


async def _credential(request: Request, where) -> str:
    factory, secret, base = _context(request)
    async with write_session(factory) as session:  # allocates the status position on first issue
        certificate = await session.scalar(select(Certificate).where(*where, Certificate.deleted_at.is_(None)))
        if certificate is None:
            raise not_found("Certificate", "certificateId")
        return await service.credential_jwt(session, certificate, base_url=base, secret_key=secret, now=utcnow())


@endpoint(None)
async def public_credential(request: Request, api_key) -> Response:
    identifier = request.path_params["identifier"]
    if len(identifier) > 100:
        raise bad_input("identifier must be 1 to 100 characters", "identifier")
    token = await _credential(request, (Certificate.identifier == identifier,))
    name = f"credential-{identifier}.jwt".replace('"', "")
    return Response(token, media_type=service.MEDIA_TYPE,
                    headers={**JWT_HEADERS, "content-disposition": f'attachment; filename="{name}"'})


@endpoint("certificates:read")
async def admin_credential(request: Request, api_key) -> Response:
    user_id = parse_uuid(request.path_params["id"], "id")
    certificate_id = parse_uuid(request.path_params["certificateId"], "certificateId")
    token = await _credential(request, (Certificate.id == certificate_id, Certificate.user_id == user_id))
    return ORJSONResponse({"data": {"credential": token, "media_type": service.MEDIA_TYPE}}, headers=JWT_HEADERS)


@endpoint(None)
async def verify(request: Request, api_key) -> Response:
    """Body: the JWT as text (application/vc+jwt, text/plain) or JSON {"credential": "<jwt>"}."""
    body = await request.body()
    if len(body) > MAX_JWT_BYTES:
        raise bad_input("The credential is too large", "credential")
    token = body.decode(errors="replace").strip()
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            token = orjson.loads(body).get("credential")
        except (orjson.JSONDecodeError, AttributeError):
            token = None
    if not isinstance(token, str) or token.count(".") != 2:
        raise bad_input("Send a credential JWT", "credential")
    async with request.app.state.services.session_factory() as session:
        check = await service.verify_credential(session, token, now=utcnow())
    return ORJSONResponse({"data": {"verified": check.verified, "status": check.status, "errors": check.errors}})


ROUTES = [
    Route(badges.JWKS_PATH, jwks, methods=["GET"]),
    Route(badges.ISSUER_PATH, issuer, methods=["GET"]),
    Route(badges.STATUS_PATH + "{number:int}", status_list, methods=["GET"]),
    Route("/credentials/verify", verify, methods=["POST"]),
    Route("/verify/certificates/{identifier}/credential", public_credential, methods=["GET"]),
    Route("/incoming/v2/users/{id}/certificates/{certificateId}/credential", admin_credential, methods=["GET"]),
]
