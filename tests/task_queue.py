"""Queued tasks run by a real worker inside a test, on the backend the settings chose (ADR 0017).

With ``PUTRIGHT_TASK_BACKEND=database`` (the default) the database worker's own loop (what
``putright db_worker --batch`` runs) takes every due task; with ``PUTRIGHT_TASK_BACKEND=rq`` an
RQ ``SimpleWorker`` works the queues in burst mode with its scheduler, against a Redis database
kept for tests (``PUTRIGHT_TEST_REDIS_DB``, default 15) and emptied before and after each test.
Both run in the test's own process, so they see the test's database transaction, and the same
test body works on either backend.
"""

from __future__ import annotations

import copy
import os
import signal
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings

#: The task settings the environment chose, before any test changes them.
CONFIGURED_TASKS = copy.deepcopy(settings.TASKS)
BACKEND = settings.PUTRIGHT_TASK_BACKEND
#: The Redis database the tests use, never the one REDIS_URL names for the service.
TEST_REDIS_DB = int(os.environ.get("PUTRIGHT_TEST_REDIS_DB", "15"))


def redis_url_for_tests() -> str:
    """REDIS_URL with the tests' database number in place of the service's."""
    parts = urlsplit(settings.REDIS_URL)
    if parts.scheme == "unix":
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "db"]
        return parts._replace(query=urlencode([*query, ("db", TEST_REDIS_DB)])).geturl()
    return parts._replace(path=f"/{TEST_REDIS_DB}").geturl()


def rq_queues_for_tests() -> dict[str, dict[str, Any]]:
    from redis.connection import parse_url

    if parse_url(settings.REDIS_URL).get("db", 0) == TEST_REDIS_DB:
        raise AssertionError(
            f"REDIS_URL names database {TEST_REDIS_DB}, which the tests empty: set "
            "PUTRIGHT_TEST_REDIS_DB to another number."
        )
    return {name: {"URL": redis_url_for_tests()} for name in settings.TASK_QUEUES}


class TaskFailed(AssertionError):
    """A queued task raised: the test sees its traceback rather than a quiet failed job."""


@dataclass
class TaskQueue:
    """The configured task backend, and a worker to run what is queued on it."""

    backend: str = BACKEND

    def run(self, *, allow_failures: bool = False) -> int:
        """Run every task that is due, as a worker would, until none is left (a task may queue
        another); how many ran. A task that raised fails the test unless ``allow_failures``."""
        total = 0
        while ran := self._run_once(allow_failures):
            total += ran
        return total

    def waiting(self) -> int:
        """How many tasks wait in the queue, due now or later."""
        if self.backend == "rq":
            return sum(len(q) + q.scheduled_job_registry.count for q in _rq_queues())
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()

    def _run_once(self, allow_failures: bool) -> int:
        if self.backend == "rq":
            return self._run_rq(allow_failures)
        return self._run_database(allow_failures)

    def _run_database(self, allow_failures: bool) -> int:
        from django.utils.crypto import get_random_string
        from django_tasks import TaskResultStatus
        from django_tasks_db.management.commands import db_worker
        from django_tasks_db.models import DBTaskResult

        worker_id = f"test-{get_random_string(12)}"
        worker = db_worker.Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        # The worker checks its connection between tasks; inside a test's transaction that
        # would close it, so the check waits until the test is over.
        real_check = db_worker.close_old_connections
        db_worker.close_old_connections = lambda **kwargs: None
        try:
            worker.run()
        finally:
            db_worker.close_old_connections = real_check
        failed = [
            r
            for r in DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
            if worker_id in r.worker_ids
        ]
        if failed and not allow_failures:
            raise TaskFailed("\n\n".join(f"{r.task_path}: {r.traceback}" for r in failed))
        return worker._run_tasks

    def _run_rq(self, allow_failures: bool) -> int:
        import django_rq
        from rq.worker import SimpleWorker

        worker = django_rq.get_worker(*settings.TASK_QUEUES, worker_class=SimpleWorker)
        failed_before = {q.name: set(q.failed_job_registry.get_job_ids()) for q in _rq_queues()}
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            worker.work(burst=True, with_scheduler=True, logging_level="WARNING")
        finally:  # the worker takes over Ctrl+C; give it back to pytest
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
        worker.refresh()  # its counts are kept in Redis
        if worker.failed_job_count and not allow_failures:
            tracebacks = []
            for queue in _rq_queues():
                for job_id in set(queue.failed_job_registry.get_job_ids()) - failed_before.get(
                    queue.name, set()
                ):
                    job = queue.fetch_job(job_id)
                    result = job.latest_result() if job is not None else None
                    tracebacks.append(f"{job_id}: {result.exc_string if result else '?'}")
            raise TaskFailed("\n\n".join(tracebacks))
        return worker.successful_job_count + worker.failed_job_count


def _rq_queues() -> list[Any]:
    import django_rq

    return [django_rq.get_queue(name) for name in settings.TASK_QUEUES]


def flush_test_redis() -> None:
    """Empty the tests' Redis database (and only it)."""
    import django_rq

    redis = django_rq.get_connection(settings.TASK_QUEUES[0])
    assert redis.connection_pool.connection_kwargs.get("db") == TEST_REDIS_DB
    redis.flushdb()
