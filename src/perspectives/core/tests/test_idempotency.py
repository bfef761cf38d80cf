"""Stored answers for Idempotency-Keys: replayed while kept, purged after their retention."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from perspectives.core.models import IdempotentResponse
from perspectives.core.registry import retention_purgers
from perspectives.core.services import IdempotencyKeyReused, respond_once

pytestmark = pytest.mark.django_db


def answer(calls: list):
    def respond():
        calls.append(1)
        return 201, {"id": len(calls)}

    return respond


def test_the_work_runs_once_and_the_retry_gets_the_stored_answer():
    calls: list = []
    first = respond_once(key="a", scope="s", request_hash="h", respond=answer(calls))
    again = respond_once(key="a", scope="s", request_hash="h", respond=answer(calls))
    assert first == (201, {"id": 1}, False)
    assert again == (201, {"id": 1}, True)
    assert len(calls) == 1


def test_the_same_key_in_another_scope_is_another_request():
    calls: list = []
    respond_once(key="a", scope="s1", request_hash="h", respond=answer(calls))
    respond_once(key="a", scope="s2", request_hash="h", respond=answer(calls))
    assert len(calls) == 2


def test_the_same_key_for_another_request_is_refused():
    respond_once(key="a", scope="s", request_hash="h1", respond=answer([]))
    with pytest.raises(IdempotencyKeyReused):
        respond_once(key="a", scope="s", request_hash="h2", respond=answer([]))


def test_work_that_fails_stores_no_key():
    def failing():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        respond_once(key="a", scope="s", request_hash="h", respond=failing)
    assert not IdempotentResponse.objects.exists()


def test_stored_answers_are_purged_after_their_retention(settings):
    # Registered for the daily purge (privacy's purge_expired_data runs every registered purger).
    purge = retention_purgers.get("core.idempotency_keys")
    settings.RETENTION_IDEMPOTENCY_KEYS_DAYS = 1
    day = dt.date(2026, 3, 2)
    with time_machine.travel(timezone.make_aware(dt.datetime(2026, 3, 2, 12, 0)), tick=False):
        respond_once(key="a", scope="s", request_hash="h", respond=answer([]))

    assert purge(today=day + dt.timedelta(days=1))["idempotency_keys"] == 0
    assert IdempotentResponse.objects.count() == 1
    assert purge(today=day + dt.timedelta(days=2))["idempotency_keys"] == 1
    assert not IdempotentResponse.objects.exists()
