"""log_entries: the audit entries of one change, written in one statement, in order."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from perspectives.core.models import AuditEntry, IdempotentResponse
from perspectives.core.services import audit_entry, log_entries

pytestmark = pytest.mark.django_db


def test_entries_are_stored_whole_and_in_order_skipping_none():
    actor = get_user_model().objects.create_user(email="staff@example.org", password="x" * 20)
    target = IdempotentResponse.objects.create(key="k", scope="s", request_hash="h")
    entries = [
        audit_entry(action="core.test.first", actor=actor, target=target, data={"n": 1}),
        None,
        audit_entry(action="core.test.second", actor=None, data={"status": "ok", "nested": [1]}),
        audit_entry(action="core.test.third", actor=None),
    ]
    with CaptureQueriesContext(connection) as queries:
        assert log_entries(entries=entries) == 3
    assert len(queries) == 2  # two entries per statement
    stored = list(AuditEntry.objects.order_by("id"))
    assert [(e.action, e.actor_id, e.content_type_id, e.object_id, e.data) for e in stored] == [
        (
            "core.test.first",
            actor.pk,
            ContentType.objects.get_for_model(IdempotentResponse).pk,
            str(target.pk),
            {"n": 1},
        ),
        ("core.test.second", None, None, "", {"status": "ok", "nested": [1]}),
        ("core.test.third", None, None, "", {}),
    ]
    assert stored[0].created_at == stored[2].created_at is not None


def test_nothing_to_log_writes_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert log_entries(entries=[None]) == 0
    assert queries.captured_queries == []
