"""CreateCertificateFromUpload."""
from __future__ import annotations

import strawberry

from app.certificates import uploads
from app.graphql.context import Info
from app.graphql.descriptions import MUTATION_SCOPE_NOTE
from app.graphql.enums import CertificateFieldType
from app.graphql.refs import CertificateRef
from app.graphql.scalars import URL, Date


@strawberry.input
class CertificateUploadField:
    award_amount: float | None = None
    award_type_id: strawberry.ID | None = None
    certificate_field_id: strawberry.ID
    date: Date | None = None
    type: CertificateFieldType
    value: str | None = None


@strawberry.type
class CertificateMutations:
    @strawberry.mutation(
        name="CreateCertificateFromUpload",
        description="Creates an external certificate for the current user from an uploaded image (http or https "
        "URL) and field values. " + MUTATION_SCOPE_NOTE,
    )
    async def create_certificate_from_upload(
        self, info: Info, asset: URL, certificate_upload_fields: list[CertificateUploadField] | None = None
    ) -> CertificateRef:
        ctx = info.context
        user = ctx.require_viewer()
        values = [
            uploads.UploadFieldValue(
                certificate_field_id=f.certificate_field_id, type=f.type.value, value=f.value, date=f.date,
                award_type_id=f.award_type_id, award_amount=f.award_amount,
            )
            for f in certificate_upload_fields or ()
        ]
        async with ctx.db.transaction() as session:
            return await uploads.create_uploaded_certificate(session, user_id=user.id, asset=asset, fields=values)
