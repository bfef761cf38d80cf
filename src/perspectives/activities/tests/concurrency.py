"""Threads against one test database: for the tests that prove a race cannot go wrong."""

import threading
from collections.abc import Callable

from django.db import connections


def run_at_once(prepare_thread: Callable[[], None], work: Callable[[int], object], n: int):
    """Run work(0..n-1) in n threads released together; returns (results, errors)."""
    barrier = threading.Barrier(n)
    results: list = []
    errors: list = []
    lock = threading.Lock()

    def target(i: int):
        try:
            prepare_thread()
            barrier.wait(timeout=30)
            result = work(i)
            with lock:
                results.append(result)
        except Exception as error:  # noqa: BLE001 - every error is a failure the test reports
            with lock:
                errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results, errors
