"""Queueing background work so that it happens exactly when the change that caused it commits."""

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connection, router, transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult


def queues_in_this_database() -> bool:
    """Whether the default task backend stores its queue in the default database."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    return isinstance(backend, DatabaseBackend) and (
        router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )


def queue_with_transaction(enqueue: Callable[[], object]) -> None:
    """Run `enqueue` (which queues a background task) as part of the current transaction.

    With the database task queue in our own database, the task row is written now and commits
    or rolls back with the change that caused it: the worker sees it only after the commit, and
    the writer saves a second transaction and its disk flush (docs/decisions/0010). With any
    other queue (Redis, or the immediate backend of the tests) `enqueue` runs after the commit,
    so a rolled-back change never queues anything.
    """
    if connection.in_atomic_block and queues_in_this_database():
        enqueue()
    else:
        transaction.on_commit(enqueue)
