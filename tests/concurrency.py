"""Running the same work in several threads at the same moment, each with its own database
connection, as several processes would (for tests of what must happen once)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def at_the_same_moment(work: Callable[[], T], times: int = 2) -> list[T]:
    """Run ``work`` in ``times`` threads released together; their results. An exception in any
    thread is raised here. Use in ``django_db(transaction=True)`` tests: each thread commits."""
    start = threading.Barrier(times)
    results: list[T] = []
    errors: list[BaseException] = []

    def one() -> None:
        try:
            start.wait()
            results.append(work())
        except BaseException as exc:  # raised below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if errors:
        raise errors[0]
    return results
