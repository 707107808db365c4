"""Derived content facts behind Helium fields (app/content/rules.py)."""
from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from app.content import rules
from app.db import utcnow

NOW = utcnow()


def _item(**overrides):
    values = dict(status="published", expires_at=None, course_end_date=None, enrollment_start_date=None,
                  enrollment_end_date=None, publish_date=None, appearance_block=None, updated_at=NOW,
                  related_query=None)
    return SimpleNamespace(**{**values, **overrides})


def test_enrollment_is_active_inside_the_window_of_an_active_item():
    assert rules.enrollment_active(_item(), NOW)
    assert not rules.enrollment_active(_item(enrollment_start_date=NOW + timedelta(days=1)), NOW)
    assert not rules.enrollment_active(_item(enrollment_end_date=NOW), NOW)
    assert not rules.enrollment_active(_item(status="draft"), NOW)
    assert not rules.enrollment_active(_item(course_end_date=NOW - timedelta(days=1)), NOW)


def test_future_publish_date_only_while_scheduled():
    ahead = NOW + timedelta(days=3)
    assert rules.future_publish_date(_item(publish_date=ahead), NOW) == ahead
    assert rules.future_publish_date(_item(publish_date=NOW - timedelta(days=3)), NOW) is None
    assert rules.future_publish_date(_item(), NOW) is None


def test_appearance_hash_changes_with_the_block_and_the_item():
    first = rules.appearance_hash(_item(appearance_block="a"))
    assert len(first) == 16 and first == rules.appearance_hash(_item(appearance_block="a"))
    assert first != rules.appearance_hash(_item(appearance_block="b"))
    assert first != rules.appearance_hash(_item(appearance_block="a", updated_at=NOW + timedelta(seconds=1)))
    assert rules.appearance_hash(_item()) is None


def test_related_query_signature_is_keyed():
    item = _item(related_query='tags:"Cloud"')
    signature = rules.related_query_signature(item, "secret-1")
    assert len(signature) == 64 and signature != rules.related_query_signature(item, "secret-2")
    assert rules.related_query_signature(_item(), "secret-1") is None
