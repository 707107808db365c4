"""The content tests select every field of every course and learning path a learner holds, two levels
deep (tests/graphql/content/test_catalog_parity.py `selection`, test_content_fields.py EVERY_FIELD):
about a million nodes by the upper-bound estimate, above MAX_ESTIMATED_NODES, which a Helium course
page is far below. Raised for these tests: they check fields and statement counts, not limits
(tests/graphql/engine/test_limits.py checks the limit)."""
from __future__ import annotations

import pytest


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"max_estimated_nodes": 5_000_000})
