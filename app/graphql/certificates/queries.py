"""UserCertificates and UserCertificateFields."""
from __future__ import annotations

import strawberry
from sqlalchemy import select

from app.certificates.models import CertificateField as CertificateFieldRow
from app.certificates.reads import user_certificates
from app.graphql.certificates.types import Certificate, CertificateField
from app.graphql.context import Info
from app.graphql.descriptions import USER_SCOPE_NOTE


@strawberry.type
class CertificateQueries:
    @strawberry.field(name="UserCertificates", description=USER_SCOPE_NOTE)
    async def user_certificates(
        self, info: Info, include_expired_certificates: bool | None = None, query: str | None = None
    ) -> list[Certificate | None] | None:
        """The current user's held certificates (neither deleted nor revoked), newest issued first;
        expired ones only with includeExpiredCertificates; `query` matches the resource title.
        Without a user: an empty list."""
        user = info.context.viewer()
        if user is None:
            return []
        stmt = user_certificates([user.id], include_expired=bool(include_expired_certificates), query=query)
        async with info.context.db.read() as session:
            rows = (await session.execute(stmt)).all()
        return [certificate for _user_id, certificate in rows]

    @strawberry.field(name="UserCertificateFields", description=USER_SCOPE_NOTE)
    async def user_certificate_fields(self, info: Info) -> list[CertificateField] | None:
        """The instance's certificate fields in position order; null when none is configured.
        A user token does not change the list (fields are instance configuration)."""
        async with info.context.db.read() as session:
            rows = list(
                (await session.scalars(
                    select(CertificateFieldRow).order_by(CertificateFieldRow.position, CertificateFieldRow.id)
                )).all()
            )
        return rows or None
