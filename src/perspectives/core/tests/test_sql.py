"""Statements sent together: in order, each seeing the ones before, the cursor on the last."""

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from perspectives.core.models import IdempotentResponse
from perspectives.core.sql import fetch_instance, run_in_one_round_trip

pytestmark = pytest.mark.django_db


def test_statements_run_in_order_and_the_cursor_holds_the_last_result():
    row = IdempotentResponse.objects.create(key="k", scope="s", request_hash="h")
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        run_in_one_round_trip(
            cursor,
            [
                "UPDATE core_idempotentresponse SET status_code = %(code)s WHERE id = %(id)s",
                "UPDATE core_idempotentresponse SET status_code = status_code + 1"
                " WHERE id = %(id)s",
                "SELECT status_code, request_hash FROM core_idempotentresponse WHERE id = %(id)s",
            ],
            {"id": row.pk, "code": 200},
        )
        assert cursor.fetchall() == [(201, "h")]
    # One round trip on PostgreSQL; SQLite, in the process, runs them one by one.
    assert len(queries) == (1 if connection.vendor == "postgresql" else 3)


def test_a_failing_statement_raises():
    row = IdempotentResponse.objects.create(key="k", scope="s", request_hash="h")
    with (
        pytest.raises(DatabaseError, match="no_such_table"),
        connection.cursor() as cursor,
    ):
        run_in_one_round_trip(
            cursor,
            [
                "SELECT 1 FROM no_such_table WHERE id = %(id)s",
                "UPDATE core_idempotentresponse SET status_code = 500 WHERE id = %(id)s",
            ],
            {"id": row.pk},
        )


def test_one_row_comes_back_as_the_model_would_load_it():
    row = IdempotentResponse.objects.create(
        key="k", scope="s", request_hash="h", status_code=201, body={"id": 7}
    )
    fetched = fetch_instance(
        IdempotentResponse,
        ("id", "status_code", "body", "created_at"),
        "SELECT id, status_code, body, created_at FROM core_idempotentresponse WHERE id = %s",
        [row.pk],
    )
    assert (fetched.pk, fetched.status_code, fetched.body, fetched.created_at) == (
        row.pk,
        201,
        {"id": 7},
        row.created_at,
    )
    # Fields that were not selected load on first use.
    assert fetched.request_hash == "h"


def test_no_row_raises_does_not_exist_and_fields_out_of_order_are_refused():
    with pytest.raises(IdempotentResponse.DoesNotExist):
        fetch_instance(
            IdempotentResponse,
            ("id",),
            "SELECT id FROM core_idempotentresponse WHERE id = %s",
            [0],
        )
    row = IdempotentResponse.objects.create(key="k", scope="s", request_hash="h")
    with pytest.raises(ValueError, match="field order"):
        fetch_instance(
            IdempotentResponse,
            ("status_code", "id"),
            "SELECT status_code, id FROM core_idempotentresponse WHERE id = %s",
            [row.pk],
        )
