"""GET /verify/certificates/{identifier}: public certificate verification (seed 001), no API key.

Tells a third party whether a certificate is valid, with only its title, the holder's name
and its dates: no e-mail, no user or certificate ids.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.certificates.lifecycle import verify_certificate
from app.db import utcnow
from app.errors import bad_input
from app.rest.certificate_shapes import iso
from app.rest.common import endpoint
from app.web.responses import ORJSONResponse

PATH = "/verify/certificates/{identifier}"


@endpoint(None)
async def verify(request: Request, api_key) -> Response:
    identifier = request.path_params["identifier"].strip()
    if not identifier or len(identifier) > 100:
        raise bad_input("identifier must be 1 to 100 characters", "identifier")
    async with request.app.state.services.session_factory() as session:
        v = await verify_certificate(session, identifier=identifier, now=utcnow())
    return ORJSONResponse({"data": {
        "identifier": v.identifier,
        "title": v.title,
        "holder_name": v.holder_name,
        "status": v.status,
        "validity_status": v.validity_status,
        "verification_status": v.verification_status,
        "issued_at": iso(v.issued_at),
        "expires_at": iso(v.expires_at),
        "revoked_at": iso(v.revoked_at),
    }}, headers={"cache-control": "no-store"})


ROUTES = [Route(PATH, verify, methods=["GET"])]
