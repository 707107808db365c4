"""Every REST route; each area adds its routes here."""
from __future__ import annotations

from starlette.routing import BaseRoute

from app.rest import (
    catalog,
    certificate_documents,
    certificate_types,
    certificates,
    certifications,
    certify,
    credentials,
    docs,
    openapi,
    users,
    verification,
    webhooks,
)

ROUTES: list[BaseRoute] = [*openapi.ROUTES, *users.ROUTES, *certify.ROUTES, *certificates.ROUTES,
                           *verification.ROUTES, *certificate_types.ROUTES, *certifications.ROUTES,
                           *certificate_documents.ROUTES, *credentials.ROUTES, *webhooks.ROUTES,
                           *catalog.ROUTES, *docs.ROUTES]
