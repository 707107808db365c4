"""ValidateRedemptionCode, ValidateRegistrationCode (consume nothing) and
RedeemRegistrationAndRedemptionCodes (all codes or none, each at most once)."""
from __future__ import annotations

import strawberry

from app.codes import service
from app.codes.models import REDEMPTION, REGISTRATION
from app.graphql.codes.types import (
    RedeemedRegistrationRedemptionResult,
    ValidateRedemptionCodeResult,
    ValidateRegistrationCodeResult,
)
from app.graphql.context import Info
from app.graphql.descriptions import MUTATION_SCOPE_NOTE


@strawberry.type
class CodeMutations:
    @strawberry.mutation(
        name="ValidateRedemptionCode",
        description="Checks a redemption code without consuming it. " + MUTATION_SCOPE_NOTE,
    )
    async def validate_redemption_code(self, info: Info, code: str) -> ValidateRedemptionCodeResult:
        async with info.context.db.read() as session:
            status = await service.code_status(session, code=code, kind=REDEMPTION)
        return ValidateRedemptionCodeResult(valid=status.valid, already_redeemed=status.already_redeemed,
                                            code_expired=status.code_expired)

    @strawberry.mutation(
        name="ValidateRegistrationCode",
        description="Checks a registration code without consuming it. " + MUTATION_SCOPE_NOTE,
    )
    async def validate_registration_code(self, info: Info, code: str) -> ValidateRegistrationCodeResult:
        async with info.context.db.read() as session:
            status = await service.code_status(session, code=code, kind=REGISTRATION)
        return ValidateRegistrationCodeResult(valid=status.valid, already_redeemed=status.already_redeemed)

    @strawberry.mutation(
        name="RedeemRegistrationAndRedemptionCodes",
        description="Redeems every given code for the current user, or none. " + MUTATION_SCOPE_NOTE,
    )
    async def redeem_registration_and_redemption_codes(
        self, info: Info, validated_redemption_codes: list[str]
    ) -> RedeemedRegistrationRedemptionResult:
        ctx = info.context
        user = ctx.require_viewer()
        async with ctx.db.transaction() as session:
            redeemed = await service.redeem_codes(session, user_id=user.id, codes=validated_redemption_codes)
        return RedeemedRegistrationRedemptionResult(redeemed=redeemed)
