"""The provisioning service: batch validation, all-or-nothing writes, bulk INSERTs, races, invitations."""
from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.clients.models import LicenseAllocation
from app.db import begin_write, utcnow
from app.errors import AppError, ErrorCode
from app.security import decode_token, verify_password
from app.users import provisioning
from app.users.models import InvitationToken, User
from app.users.provisioning import NewLearner
from tests.conftest import TEST_SECRET
from tests.factories.catalog import build, client, id_of, license
from tests.factories.users import learners

JANE_EMAIL = "jane@example.com"


@pytest.fixture
async def org(db) -> SimpleNamespace:
    """Two clients: Acme Corp with the Enterprise and Engineering licenses, Globex with its own."""
    await build(db, clients=[client("acme-corp", license("org.enterprise"), license("org.engineering")),
                             client("globex", license("GLOBEX"))])
    return SimpleNamespace(acme=await id_of(db, "client", "acme-corp"),
                           enterprise=await id_of(db, "license", "org.enterprise"),
                           engineering=await id_of(db, "license", "org.engineering"),
                           globex_license=await id_of(db, "license", "GLOBEX"))


@pytest.fixture
async def jane(db) -> str:
    [user_id] = await learners(db, JANE_EMAIL)
    return user_id


async def _create(db, learners, **kwargs):
    async with db() as session:
        await begin_write(session)
        users = await provisioning.create_learners(session, learners=learners, **kwargs)
        await session.commit()
        return users


async def _user_count(db) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(User))


async def test_creates_a_learner_with_normalised_fields_licenses_and_active_license(db, org):
    [user] = await _create(db, [NewLearner(email="  Alex.Johnson@Example.COM ", first_name=" Alex ", last_name="Johnson",
                                           client_id=org.acme, license_ids=[org.enterprise, org.engineering, org.enterprise],
                                           refs={"ref1": " dept-eng ", "ref2": ""})], invited_by_name="Ada Admin")
    assert user.email == "alex.johnson@example.com" and user.first_name == "Alex" and user.name == "Alex Johnson"
    assert user.client_id == org.acme and user.active_license_id == org.enterprise
    assert user.ref1 == "dept-eng" and user.ref2 is None and user.invited_by_name == "Ada Admin"
    assert user.password_hash is None and user.role_key == "learner" and not user.disabled
    async with db() as session:
        licenses = set(await session.scalars(select(LicenseAllocation.license_id).where(LicenseAllocation.user_id == user.id)))
    assert licenses == {org.enterprise, org.engineering}


async def test_the_returned_records_are_the_stored_rows(db, org):
    records = await _create(db, [NewLearner(email=f"r{i}@example.com", first_name="R", last_name=str(i),
                                            client_id=org.acme, license_ids=[org.engineering], refs={"ref3": "x"})
                                 for i in range(3)], invited_by_name="Ada Admin")
    async with db() as session:
        stored = {u.id: u for u in await session.scalars(select(User).where(User.id.in_([r.id for r in records])))}
    assert len(stored) == 3
    for record in records:
        row = stored[record.id]
        assert {c: getattr(record, c) for c in provisioning.USER_COLUMNS} == {
            c: getattr(row, c) for c in provisioning.USER_COLUMNS}
        assert (record.name, record.balance, record.is_admin) == (row.name, row.balance, row.is_admin)
    async with db() as session:  # SQL NULL, not a JSON null
        assert await session.scalar(select(func.count()).select_from(User).where(
            User.id.in_(list(stored)), User.custom_fields.is_(None))) == 3


async def test_learners_of_one_batch_may_give_different_refs(db):
    users = await _create(db, [NewLearner(email="a@example.com", first_name="A", last_name="A", refs={"ref1": "x"}),
                               NewLearner(email="b@example.com", first_name="B", last_name="B")])
    assert (users[0].ref1, users[1].ref1) == ("x", None)


async def test_every_problem_of_a_batch_is_reported_and_nothing_is_written(db, org, jane):
    before = await _user_count(db)
    batch = [
        NewLearner(email="ok@example.com", first_name="Ok", last_name="Fine"),
        NewLearner(email="not-an-email", first_name="", last_name="x" * 101),
        NewLearner(email="JANE@Example.com", first_name="Jane", last_name="Again"),
        NewLearner(email="Ok@Example.com", first_name="Twin", last_name="Learner"),
        NewLearner(email="c@example.com", first_name="C", last_name="C", client_id="no-such-client"),
        NewLearner(email="d@example.com", first_name="D", last_name="D", client_id=org.acme,
                   license_ids=[org.globex_license, "no-such-license"]),
        NewLearner(email="e@example.com", first_name="E", last_name="E", license_ids=[org.enterprise]),
        NewLearner(email="f@example.com", first_name="F\nG", last_name="F", refs={"ref3": "r" * 256}),
    ]
    with pytest.raises(AppError) as caught:
        await _create(db, batch)
    err = caught.value
    assert err.code == ErrorCode.BAD_USER_INPUT
    found = {(p["index"], p["field"], p["code"]) for p in err.details["errors"]}
    assert found == {
        (1, "email", "BAD_USER_INPUT"), (1, "firstName", "BAD_USER_INPUT"), (1, "lastName", "BAD_USER_INPUT"),
        (2, "email", "CONFLICT"), (3, "email", "CONFLICT"), (4, "clientId", "NOT_FOUND"),
        (5, "licenseIds", "BAD_USER_INPUT"), (5, "licenseIds", "NOT_FOUND"), (6, "licenseIds", "BAD_USER_INPUT"),
        (7, "firstName", "BAD_USER_INPUT"), (7, "ref3", "BAD_USER_INPUT"),
    }
    assert all(p["message"] for p in err.details["errors"])
    assert await _user_count(db) == before


async def test_duplicates_only_give_conflict(db, jane):
    with pytest.raises(AppError) as caught:
        await _create(db, [NewLearner(email=JANE_EMAIL.upper(), first_name="J", last_name="D")])
    assert caught.value.code == ErrorCode.CONFLICT and caught.value.field == "email"
    assert caught.value.details["errors"] == [
        {"index": 0, "field": "email", "code": "CONFLICT", "message": f"A user with the email {JANE_EMAIL} already exists"}]


async def test_batch_size_is_limited(db):
    batch = [NewLearner(email=f"u{i}@example.com", first_name="U", last_name="V")
             for i in range(provisioning.MAX_BATCH_SIZE + 1)]
    with pytest.raises(AppError) as caught:
        await _create(db, batch)
    assert caught.value.code == ErrorCode.BAD_USER_INPUT and caught.value.field == "learners"
    assert await _create(db, []) == []


async def test_a_full_batch_is_written_with_a_few_bulk_statements(db, org, count_statements):
    batch = [NewLearner(email=f"bulk{i}@example.com", first_name="Bulk", last_name=f"Learner {i}", client_id=org.acme,
                        license_ids=[org.enterprise]) for i in range(provisioning.MAX_BATCH_SIZE)]
    with count_statements() as counter:
        users = await _create(db, batch)
    assert len(users) == 1000 and [u.email for u in users] == [f"bulk{i}@example.com" for i in range(1000)]
    # checks (emails, clients, licenses), then multi-row INSERTs of users and allocations.
    assert counter.count <= 12, counter.statements
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(LicenseAllocation)
                                    .where(LicenseAllocation.license_id == org.enterprise)) >= 1000


async def test_an_email_committed_by_a_concurrent_transaction_is_a_conflict(db):
    """The other transaction inserts the email after our check would have run: the unique
    constraint catches it (on PostgreSQL our INSERT waits for it), reported as CONFLICT."""
    async with db() as other:
        await begin_write(other)
        other.add(User(email="race@example.com", first_name="R", last_name="R"))
        await other.flush()

        async def ours():
            return await _create(db, [NewLearner(email="fine@example.com", first_name="F", last_name="F"),
                                      NewLearner(email="race@example.com", first_name="R", last_name="R")])

        task = asyncio.create_task(ours())
        await asyncio.sleep(0.3)
        await other.commit()
        with pytest.raises(AppError) as caught:
            await task
    assert caught.value.code == ErrorCode.CONFLICT
    assert [(p["index"], p["field"]) for p in caught.value.details["errors"]] == [(1, "email")]
    async with db() as session:
        assert await session.scalar(select(User.id).where(User.email == "fine@example.com")) is None


async def test_two_concurrent_creations_of_one_email_make_one_user(db):
    async def attempt(first):
        try:
            return await _create(db, [NewLearner(email="same@example.com", first_name=first, last_name="X")])
        except AppError as err:
            return err

    results = await asyncio.gather(*(attempt(n) for n in ("A", "B", "C")))
    errors = [r for r in results if isinstance(r, AppError)]
    assert len(errors) == 2 and all(e.code == ErrorCode.CONFLICT for e in errors)
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(User).where(User.email == "same@example.com")) == 1


# --- invitations -------------------------------------------------------------------------


async def _invite(db, user_id, **kwargs):
    async with db() as session:
        await begin_write(session)
        invitation = await provisioning.issue_invitation(session, user_id=user_id, **kwargs)
        await session.commit()
        return invitation


async def _accept(db, token, password="a-good-password", **kwargs):
    async with db() as session:
        await begin_write(session)
        result = await provisioning.accept_invitation(session, token=token, password=password, secret_key=TEST_SECRET,
                                                      token_ttl_seconds=3600, **kwargs)
        await session.commit()
        return result


async def test_invitation_sets_the_first_password_once(db):
    [user] = await _create(db, [NewLearner(email="new@example.com", first_name="N", last_name="L")])
    invitation = await _invite(db, user.id)
    assert invitation.expires_at > utcnow() + timedelta(days=6)
    login = await _accept(db, invitation.token)
    assert decode_token(login, TEST_SECRET).user_id == user.id
    async with db() as session:
        stored = await session.get(User, user.id)
        assert verify_password("a-good-password", stored.password_hash)
        assert (await session.scalar(select(InvitationToken.token_hash))) != invitation.token  # only the hash
    with pytest.raises(AppError) as again:
        await _accept(db, invitation.token)
    assert again.value.code == ErrorCode.INVITATION_INVALID
    with pytest.raises(AppError) as reissue:
        await _invite(db, user.id)
    assert reissue.value.code == ErrorCode.CONFLICT


async def test_renewed_invitation_replaces_the_old_one(db):
    [user] = await _create(db, [NewLearner(email="renew@example.com", first_name="N", last_name="L")])
    old = await _invite(db, user.id)
    new = await _invite(db, user.id)
    with pytest.raises(AppError) as caught:
        await _accept(db, old.token)
    assert caught.value.code == ErrorCode.INVITATION_INVALID
    assert await _accept(db, new.token)


async def test_invitation_errors(db):
    [user] = await _create(db, [NewLearner(email="exp@example.com", first_name="N", last_name="L")])
    with pytest.raises(AppError) as unknown_user:
        await _invite(db, "no-such-user")
    assert unknown_user.value.code == ErrorCode.NOT_FOUND
    expired = await _invite(db, user.id, ttl=timedelta(seconds=-1))
    with pytest.raises(AppError) as caught:
        await _accept(db, expired.token)
    assert caught.value.code == ErrorCode.INVITATION_EXPIRED
    fresh = await _invite(db, user.id)
    with pytest.raises(AppError) as short:
        await _accept(db, fresh.token, password="short")
    assert short.value.code == ErrorCode.BAD_USER_INPUT and short.value.field == "password"
    with pytest.raises(AppError) as bogus:
        await _accept(db, "bogus-token")
    assert bogus.value.code == ErrorCode.INVITATION_INVALID


async def test_an_invitation_is_accepted_once_under_concurrency(db):
    [user] = await _create(db, [NewLearner(email="twice@example.com", first_name="N", last_name="L")])
    invitation = await _invite(db, user.id)

    async def attempt(password):
        try:
            return await _accept(db, invitation.token, password=password)
        except AppError as err:
            return err

    results = await asyncio.gather(attempt("first-password"), attempt("second-password"))
    assert sum(isinstance(r, str) for r in results) == 1
    assert [r.code for r in results if isinstance(r, AppError)] == [ErrorCode.INVITATION_INVALID]
