"""The test factories build through the import: a learner provisioned on a factory-built license sees
its content through Helium's UserContentItems."""
from __future__ import annotations

from sqlalchemy import update

from app.security import hash_password
from app.users.models import User
from app.users.provisioning import NewLearner, create_learners
from tests.factories import build, client, course, id_of, learning_path, license, session
from tests.helium_documents import helium_document


async def test_a_learner_reaches_factory_built_content_through_a_license(db, gql):
    await build(db, courses=[course("python", session("python-spring", sessionTitle="Spring"), tags=["Code"]),
                             course("sql", kind="video")],
                learning_paths=[learning_path("data-path", ["sql", "python"])],
                clients=[client("acme", license("LIC-1", content=["python", "data-path"]))])
    async with db() as s:
        [user] = await create_learners(s, learners=[NewLearner(
            email="ada@example.com", first_name="Ada", last_name="L", client_id=await id_of(db, "client", "acme"),
            license_ids=[await id_of(db, "license", "LIC-1")])])
        await s.execute(update(User).where(User.id == user.id).values(password_hash=hash_password("password-1")))
        await s.commit()
    token = await gql.login("ada@example.com", "password-1")
    items = (await gql.data(helium_document("UserContentItems"), token=token))["UserContentItems"]
    assert {i["slug"] for i in items} >= {"python", "data-path"}
