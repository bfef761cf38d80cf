"""Fault injection at the database boundary (bar 36): the k-th write of a service fails.

The failure is raised where the driver would raise a lost connection or a full disk, through
Django's `execute_wrapper`, so no code of ours is replaced: the service runs as it would and
meets a database that refuses its k-th INSERT, UPDATE or DELETE.
"""

from collections.abc import Callable
from contextlib import contextmanager

from django.core import mail
from django.db import connection

from perspectives.privacy.tests.scan import checksum_database

WRITES = ("INSERT", "UPDATE", "DELETE")


class InjectedFault(Exception):
    """Raised instead of the k-th write; nothing in the application catches it."""


def _is_write(sql: str) -> bool:
    statement = sql.lstrip().upper()
    return statement.startswith(WRITES) or (
        statement.startswith("WITH") and any(f" {w} " in statement for w in WRITES)
    )


@contextmanager
def count_writes():
    """Counts the writes inside the block: `with count_writes() as writes: ...; writes[0]`."""
    writes = [0]

    def wrapper(execute, sql, params, many, context):
        if _is_write(sql):
            writes[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield writes


@contextmanager
def fail_at_write(step: int):
    """The `step`-th write (1-based) inside the block raises InjectedFault instead of running."""
    seen = [0]

    def wrapper(execute, sql, params, many, context):
        if _is_write(sql):
            seen[0] += 1
            if seen[0] == step:
                raise InjectedFault(f"write {step}: {sql.split()[0]}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield


def assert_all_or_nothing(run: Callable[[], object], capture_on_commit) -> int:
    """Fail `run` at each of its writes in turn: every time, no row changed, no mail, no task.

    Then let it run through, which must write at least twice (a multi-step service), and
    return its number of writes. `capture_on_commit` is pytest-django's
    `django_capture_on_commit_callbacks` fixture.
    """
    before = checksum_database()
    with count_writes() as writes, capture_on_commit(execute=False):
        # Counting on a throw-away copy of the run: the real runs below start from `before`.
        _run_and_undo(run)
    total = writes[0]
    assert total >= 2, f"only {total} write(s): not a multi-step service"
    for step in range(1, total + 1):
        outbox = len(mail.outbox)
        with capture_on_commit(execute=True) as callbacks, fail_at_write(step):
            try:
                run()
            except InjectedFault:
                pass
            else:
                raise AssertionError(f"the fault at write {step} of {total} did not surface")
        assert checksum_database() == before, f"half written after a fault at write {step}"
        assert callbacks == [], f"work queued after a fault at write {step}"
        assert len(mail.outbox) == outbox, f"mail sent after a fault at write {step}"
    return total


class _Undo(Exception):
    pass


def _run_and_undo(run: Callable[[], object]) -> None:
    from django.db import transaction

    try:
        with transaction.atomic():
            run()
            raise _Undo
    except _Undo:
        pass
