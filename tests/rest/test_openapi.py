"""The OpenAPI document of the REST surface, and a property-based run of schemathesis against the app.

schemathesis loads the document the app serves, generates requests for every operation (a few
examples each, plus explicit successful calls) and checks: no 5xx, documented status codes and
content types, and response bodies that conform to the documented schemas.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from app.main import create_app
from app.rest.openapi import OPENAPI_PATH, document
from tests.factories.catalog import build, course, id_of
from tests.factories.certificates import published_template
from tests.factories.users import learners

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 5


async def test_document_is_served_without_a_key(http):
    response = await http.get(OPENAPI_PATH)
    assert response.status_code == 200
    body = response.json()
    assert body["openapi"].startswith("3.") and body == document()
    assert {"/incoming/v2/users/{id}", "/incoming/v2/users/{id}/certify"} <= set(body["paths"])
    certify = body["paths"]["/incoming/v2/users/{id}/certify"]["post"]
    assert {"200", "400", "401", "403", "404", "409", "422"} <= set(certify["responses"])
    user = body["components"]["schemas"]["UserByIdResponse"]["properties"]["data"]["properties"]["UserById"]
    assert {"purchasedCourses", "activeLicense", "adminClients", "client"} <= set(user["properties"])


@pytest.fixture
async def served(settings, db, make_key):
    """An app that owns its engine (schemathesis runs it on its own event loop), a full-scope key, and
    a learner and a course with a published certificate template: (app, headers, learner id, course id)."""
    await build(db, courses=[course("intro-to-python")],
                certificate_templates=[published_template("Python Certificate", "intro-to-python")])
    [jane] = await learners(db, "jane@example.com")
    python = await id_of(db, "content", "intro-to-python")
    key = await make_key(None)
    app = create_app(settings)
    yield app, {"Authorization": f"Bearer {key}"}, jane, python
    shutdown_lifespans()


def test_rest_surface_conforms_to_its_openapi_document(served):
    app, auth, jane, python = served
    schema = schemathesis.openapi.from_asgi(OPENAPI_PATH, app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 2

    # Explicit successful calls (random data almost never names an existing user and course).
    ok = schema["/incoming/v2/users/{id}"]["GET"].Case(path_parameters={"id": jane}, headers=auth)
    assert ok.call_and_validate(checks=CHECKS).status_code == 200
    certify = schema["/incoming/v2/users/{id}/certify"]["POST"].Case(
        path_parameters={"id": jane}, headers=auth,
        body={"userId": jane, "resourceType": "course", "resourceId": python, "issuedAt": "2025-01-02T03:04:05Z"})
    assert certify.call_and_validate(checks=CHECKS).status_code == 200

    for operation in operations:
        for mode, checks in (("positive", CHECKS), ("negative", [*CHECKS, negative_data_rejection])):
            if mode == "negative" and not _has_input(operation):
                continue  # nothing to make invalid (GET /incoming/v2/catalog)
            _fuzz(operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode), headers=auth), checks)


def _has_input(operation) -> bool:
    return bool(operation.path_parameters or operation.query or operation.body)


def _fuzz(strategy, checks) -> None:
    @given(case=strategy)
    @hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        case.call_and_validate(checks=checks)

    run()
