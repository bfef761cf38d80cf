"""Reads of the kernel."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django_tasks_db.models import DBTaskResult

from .background import WORKER_LOST
from .models import AuditEntry
from .registry import task_labels


def list_audit_entries(*, target: models.Model | None = None) -> QuerySet[AuditEntry]:
    """Audit entries, newest first, optionally for one object."""
    entries = AuditEntry.objects.select_related("actor")
    if target is not None:
        entries = entries.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
        )
    return entries


@dataclass(frozen=True)
class FailedTask:
    id: str
    label: Any
    enqueued_at: dt.datetime
    finished_at: dt.datetime | None
    attempts: int
    # The class of the last error only: its message may name an address.
    error: str
    worker_lost: bool


def list_failed_tasks() -> QuerySet[DBTaskResult]:
    """Background tasks that failed after all their attempts (or a staff retry), newest first.

    A task waiting for its next attempt is READY, not FAILED: it is not in this list.
    """
    return (
        DBTaskResult.objects.failed()
        .only("id", "task_path", "enqueued_at", "finished_at", "worker_ids", "exception_class_path")
        .order_by("-finished_at", "-enqueued_at")
    )


def describe_failed_tasks(*, tasks: Iterable[DBTaskResult]) -> list[FailedTask]:
    """What staff see of failed tasks: what each did (its registered label), when, how often."""
    return [
        FailedTask(
            id=str(task.pk),
            label=task_labels.get(task.task_path)
            if task.task_path in task_labels
            else task.task_path.rsplit(".", 1)[-1],
            enqueued_at=task.enqueued_at,
            finished_at=task.finished_at,
            attempts=len(task.worker_ids),
            error=task.exception_class_path.rsplit(".", 1)[-1],
            worker_lost=task.exception_class_path == WORKER_LOST,
        )
        for task in tasks
    ]
