"""`perspectives worker`: django-tasks' database worker that loses no task (docs/decisions/0019).

The library's worker (`db_worker`, whose options this command takes) runs the tasks; between
them this one also takes up the tasks of a worker that died (RUNNING past
TASK_RUNNING_TIMEOUT_SECONDS) and queues a failed task again after its back-off, up to
TASK_MAX_ATTEMPTS (perspectives.core.background). Once an hour it deletes import previews
nobody confirmed (perspectives.core.retention), so that none outlives
IMPORT_PREVIEW_MAX_AGE_HOURS by more than an hour.
"""

import os
import random
import time

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from perspectives.core.background import requeue_abandoned_tasks, schedule_retry
from perspectives.core.retention import purge_import_previews

PREVIEW_PURGE_SECONDS = 3600


class Worker(db_worker.Worker):
    """Runs the library's loop in batches (until no task is ready), recovering between them."""

    def __init__(self, *, stop_when_empty: bool, **options) -> None:
        super().__init__(**{**options, "batch": True, "startup_delay": False})
        self.stop_when_empty = stop_when_empty
        self.first_startup_delay = options["startup_delay"]
        self._last_recovery = 0.0
        self._last_preview_purge: float | None = None

    def run(self) -> None:
        if self.first_startup_delay and self.interval:
            time.sleep(random.random())  # noqa: S311 (spreads workers that start together)
        while self.running:
            self.recover()
            super().run()
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if self.stop_when_empty and not self.recover():
                return
            if self.running:
                time.sleep(self.interval)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            schedule_retry(task_result_id=db_task_result.pk)
        if time.monotonic() - self._last_recovery >= max(self.interval, 1):
            self.recover()

    def recover(self) -> int:
        """Queue again the tasks of workers that died; returns how many."""
        self._last_recovery = time.monotonic()
        if (
            self._last_preview_purge is None
            or self._last_recovery - self._last_preview_purge >= PREVIEW_PURGE_SECONDS
        ):
            self._last_preview_purge = self._last_recovery
            purge_import_previews()
        return requeue_abandoned_tasks()


class Command(db_worker.Command):
    help = (
        "Run the background worker: the database worker of django-tasks that also takes up the"
        " tasks of a worker that died and retries failed tasks with back-off."
    )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            stop_when_empty=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
