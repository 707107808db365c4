"""The test factories build through the import and the services: a learner provisioned on a
factory-built license sees its content through Helium's UserContentItems, and a grant adds to it."""
from __future__ import annotations

from tests.factories import (
    PASSWORD,
    administrator,
    build,
    client,
    course,
    enrol,
    id_of,
    learner,
    learning_path,
    license,
    session,
)
from tests.helium_documents import helium_document

CURRENT_USER = "{ CurrentUser { email roleKey } }"


async def test_a_learner_reaches_factory_built_content_through_a_license(db, gql):
    await build(db, courses=[course("python", session("python-spring", sessionTitle="Spring"), tags=["Code"]),
                             course("sql", kind="video"), course("go")],
                learning_paths=[learning_path("data-path", ["sql", "python"])],
                clients=[client("acme", license("LIC-1", content=["python", "data-path"]))])
    ada = await learner(db, "ada@example.com", client_id=await id_of(db, "client", "acme"),
                        license_ids=(await id_of(db, "license", "LIC-1"),))
    token = await gql.login("ada@example.com", PASSWORD)
    slugs = {i["slug"] for i in (await gql.data(helium_document("UserContentItems"), token=token))["UserContentItems"]}
    assert slugs >= {"python", "data-path"} and "go" not in slugs

    await enrol(db, ada, await id_of(db, "content", "go"))
    slugs = {i["slug"] for i in (await gql.data(helium_document("UserContentItems"), token=token))["UserContentItems"]}
    assert "go" in slugs


async def test_people_log_in_with_their_roles(db, gql):
    await learner(db, "lea@example.com")
    await administrator(db, "boss@example.com")
    lea = await gql.data(CURRENT_USER, token=await gql.login("lea@example.com", PASSWORD))
    boss = await gql.data(CURRENT_USER, token=await gql.login("boss@example.com", PASSWORD))
    assert lea["CurrentUser"]["roleKey"] == "learner" and boss["CurrentUser"]["roleKey"] == "admin"
