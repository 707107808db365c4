"""Small factories, per domain, that build test data through the operator's paths (the catalog import,
the services) instead of writing ORM rows or reaching into the demo's ids.

    await build(db, courses=[course("python", tags=["Code"])])
    python_id = await id_of(db, "content", "python")
    jane = await learner(db, "jane@example.com", password="secret-password")
    await enrol(db, jane, python_id)

- catalog.py: catalog entries (docs/catalog.md) and `build` / `id_of`;
- people.py: learners and administrators, through provisioning and invitations, their grants and profile;
- users.py: many learners at once, passwords for them, login tokens (`logged_in`, `login_fixture`);
- learning.py: a learner's activity (grants, progress, attendance, bookmarks, waitlists, archives …);
- certificates.py: templates' catalog entries and certificates issued, uploaded, revoked or deleted;
- awards.py, balances.py, clients.py, codes.py: earned badges and awards, balance credits, license
  allocations and client administrators, redeemed codes.

Passwords are hashed with argon2 at its smallest cost in every test (tests/conftest.py).
"""
from tests.factories.catalog import (  # noqa: F401
    award_type,
    badge,
    build,
    bundle,
    certificate_field,
    certificate_template,
    client,
    code,
    company,
    course,
    id_of,
    learning_path,
    license,
    session,
)
from tests.factories.people import PASSWORD, administrator, enrol, learner  # noqa: F401
