"""Generated documents find no server error (issue 14, part 8); `scripts/fuzz` runs the long version."""
from __future__ import annotations

import pytest

from tests.graphql.fuzzing import corpus, documents, run

EXAMPLES = 150  # per run of the suite; scripts/fuzz runs 20,000+


@pytest.fixture
def callers(demo_jane_token, demo_admin_token):
    return [demo_jane_token, demo_admin_token, None]


async def test_generated_documents_cause_no_server_error(app, gql, callers):
    failures = []
    counts = await run(gql, documents(EXAMPLES), callers,
                       on_failure=lambda doc, problem, response: failures.append((problem, doc, response.text[:300])))
    assert not failures, failures[:3]
    assert sum(counts.values()) == EXAMPLES


async def test_the_corpus_of_past_failures_causes_no_server_error(app, gql, callers):
    failures = []
    await run(gql, corpus(), callers, on_failure=lambda doc, problem, response: failures.append((problem, doc)))
    assert not failures, failures[:3]
