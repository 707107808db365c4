"""A small factory-built instance and two people for the tests of the transport and the engine."""
from __future__ import annotations

import pytest

from tests.factories.users import login_fixture

LEARNER_EMAIL = "lea@example.com"
ADMINISTRATOR_EMAIL = "boss@example.com"


@pytest.fixture
async def instance(db) -> None:
    """A small instance through the catalog import: the company, English and French, two courses."""
    from tests.factories import build, company, course

    await build(db, company=company("acme", name="Acme Learning Co."),
                languages=[{"code": "en", "label": "English", "position": 0},
                           {"code": "fr", "label": "French", "position": 1}],
                courses=[course("intro-to-python", priceInCents=4999), course("kubernetes-deep-dive", priceInCents=8999)])


@pytest.fixture
async def people(db, instance) -> dict[str, str]:
    """A learner (enrolled in the instance's two courses) and an administrator, made with tests/factories
    (both log in with PASSWORD): {email: user id}. For the tests of the transport and the engine, which need someone to be.
    They set their passwords earlier: the sessions their invitations opened are gone, so a test counts
    only the sessions it opens."""
    from sqlalchemy import delete

    from app.users.models import AuthSession
    from tests.factories import administrator, enrol, id_of, learner

    people = {LEARNER_EMAIL: await learner(db, LEARNER_EMAIL, first_name="Lea", last_name="Learner"),
              ADMINISTRATOR_EMAIL: await administrator(db, ADMINISTRATOR_EMAIL)}
    for slug in ("intro-to-python", "kubernetes-deep-dive"):
        await enrol(db, people[LEARNER_EMAIL], await id_of(db, "content", slug))
    async with db() as session:
        await session.execute(delete(AuthSession))
        await session.commit()
    return people


learner_token = login_fixture(LEARNER_EMAIL, "people")
administrator_token = login_fixture(ADMINISTRATOR_EMAIL, "people")
