"""The usage ledger as GraphQL (our own type, not Helium's)."""
from __future__ import annotations

import strawberry

from app.usage.service import UsageRow


@strawberry.type(description="API points spent by one API key on one operation during one day (UTC).")
class ApiUsageEntry:
    day: str = strawberry.field(description="The day (UTC), as YYYY-MM-DD.")
    api_key_id: strawberry.ID
    api_key_name: str
    operation: str = strawberry.field(description="The root field (Helium operation) name.")
    points: int = strawberry.field(description="Points charged (the actual cost of the requests).")
    calls: int = strawberry.field(description="How many times the operation ran.")
    refused: int = strawberry.field(description="Selections of the operation refused as THROTTLED (not charged).")

    @classmethod
    def from_row(cls, row: UsageRow) -> ApiUsageEntry:
        return cls(day=row.day.isoformat(), api_key_id=strawberry.ID(row.api_key_id), api_key_name=row.api_key_name,
                   operation=row.operation, points=row.points, calls=row.calls, refused=row.refused)
