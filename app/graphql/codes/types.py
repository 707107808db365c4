"""Results of the code mutations."""
from __future__ import annotations

import strawberry


@strawberry.type
class ValidateRedemptionCodeResult:
    already_redeemed: bool
    code_expired: bool
    valid: bool = strawberry.field(description="The ID of the val.")


@strawberry.type
class ValidateRegistrationCodeResult:
    already_redeemed: bool
    valid: bool = strawberry.field(description="The ID of the val.")


@strawberry.type
class RedeemedRegistrationRedemptionResult:
    redeemed: bool
