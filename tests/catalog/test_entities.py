"""Every column of every catalog table is in the format, or declared internal: a column added to a
model without its line in app/catalog/document.py fails here."""
from app.catalog import entities as E


def _all_entities():
    for _name, entity in E.SECTIONS:
        if entity is not None:
            yield entity
            yield from (n.entity for n in entity.nested)


def test_every_column_is_in_the_format_or_internal():
    for entity in _all_entities():
        parents = {n.parent_column for e in _all_entities() for n in e.nested if n.entity is entity}
        covered = (set(entity.columns) | {r.column for r in entity.refs.values()} | set(entity.internal)
                   | set(entity.fixed) | parents | ({"appearance_id"} if entity.owns_appearance else set()))
        missing = set(entity.model.__table__.columns.keys()) - covered
        assert not missing, f"{entity.schema.__name__}: columns {sorted(missing)} are not in the catalog format"


def test_every_child_column_is_written():
    for entity in _all_entities():
        for children in (*entity.children, *(c.sub for c in entity.children if c.sub is not None)):
            table = children.model.__table__
            # Child rows are replaced when they change: their own timestamps are bookkeeping.
            missing = set(table.columns.keys()) - set(children.columns) - {"id", children.parent, "created_at",
                                                                               "updated_at"}
            assert not missing, f"{children.field}: columns {sorted(missing)} are not in the catalog format"


# Tables that are not the catalog (docs/catalog.md, "What is not in the document"): learner state,
# secrets and credentials, the usage ledger, caches and the server's own bookkeeping.
NOT_CATALOG = {
    "api_keys", "api_usage", "archived_items", "auth_sessions", "awards", "background_jobs", "badge_total_histogram",
    "badge_totals", "balance_transactions", "bookmark_folders", "bookmarks", "certificate_expiry_notices",
    "certificate_field_values", "certificate_status_indices", "certificates", "client_admins", "collaborations",
    "credential_keys", "earned_badges", "enrollments", "idempotency_keys", "invitation_tokens",
    "learning_path_allocations", "license_allocations", "login_throttles", "meeting_attendances", "outbox_messages",
    "persisted_queries", "purchased_bundles", "recent_views", "task_leases", "users", "waitlist_entries",
    "webhook_endpoints",
}


def test_every_table_is_in_the_format_or_not_catalog():
    import app.models  # noqa: F401 - every model registered
    from app.db import Base

    covered = {"appearance_settings", "translations"}  # owned appearances; the translations section
    for entity in _all_entities():
        covered.add(entity.model.__tablename__)
        for children in entity.children:
            covered.add(children.model.__tablename__)
            if children.sub is not None:
                covered.add(children.sub.model.__tablename__)
    unclassified = set(Base.metadata.tables) - covered - NOT_CATALOG
    assert not unclassified, f"tables {sorted(unclassified)}: add them to the catalog format or to NOT_CATALOG"
