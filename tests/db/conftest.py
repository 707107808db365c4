"""Someone to be for the dropped-connection tests: Jane (enrolled in a course, waiting for a seat at an
event) and an administrator, on an instance with one language, made with tests/factories."""
from __future__ import annotations

import pytest

from tests.factories import administrator, build, course, enrol, id_of, learner
from tests.factories.learning import add, waitlist_entry
from tests.factories.users import login_fixture

JANE_EMAIL = "jane@example.com"
ADMIN_EMAIL = "boss@example.com"


@pytest.fixture
async def people(db) -> dict[str, str]:
    await build(db, languages=[{"code": "en", "label": "English", "position": 0}],
                courses=[course("python"), course("summit", kind="inPersonEvent")])
    jane = await learner(db, JANE_EMAIL)
    await enrol(db, jane, await id_of(db, "content", "python"))
    await add(db, waitlist_entry(jane, await id_of(db, "content", "summit")))
    return {"jane": jane, "admin": await administrator(db, ADMIN_EMAIL)}


jane_token = login_fixture(JANE_EMAIL, "people")
admin_token = login_fixture(ADMIN_EMAIL, "people")
