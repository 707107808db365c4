"""Every REST route; each area adds its routes here."""
from __future__ import annotations

from starlette.routing import BaseRoute

from app.rest import certificate_documents, certificates, certify, credentials, openapi, users, verification, webhooks

ROUTES: list[BaseRoute] = [*openapi.ROUTES, *users.ROUTES, *certify.ROUTES, *certificates.ROUTES,
                           *verification.ROUTES, *certificate_documents.ROUTES,
                           *credentials.ROUTES, *webhooks.ROUTES]
