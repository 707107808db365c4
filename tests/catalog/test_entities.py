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
        for children in entity.children:
            table = children.model.__table__
            # Child rows are replaced when they change: their own timestamps are bookkeeping.
            missing = set(table.columns.keys()) - set(children.columns) - {"id", children.parent, "created_at",
                                                                               "updated_at"}
            assert not missing, f"{children.field}: columns {sorted(missing)} are not in the catalog format"
