"""The worker each task backend documents is a command that really runs queued tasks: `putright
db_worker` for the database queue, `putright rqworker --job-class django_tasks_rq.Job
--with-scheduler default letters` for Redis (README, "Scaling out the task queue")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django_tasks import TaskResultStatus

from putright.cases import tasks
from tests.task_queue import BACKEND, redis_url_for_tests

PUTRIGHT = Path(sys.executable).parent / "putright"

pytestmark = pytest.mark.tasks


def worker_command() -> list[str]:
    if BACKEND == "rq":
        return [
            "rqworker",
            "--job-class",
            "django_tasks_rq.Job",
            "--with-scheduler",
            "--burst",
            *settings.TASK_QUEUES,
        ]
    return ["db_worker", "--queue-name", "*", "--batch", "--no-startup-delay", "--no-reload"]


def database_url_for_tests() -> str:
    """The test database, as a DATABASE_URL another process can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_the_documented_worker_command_runs_a_queued_task(transactional_db, task_queue):
    result = tasks.recalculate_deadlines.enqueue("tested by the worker command")
    env = {**os.environ, "DATABASE_URL": database_url_for_tests()}
    if BACKEND == "rq":
        env["REDIS_URL"] = redis_url_for_tests()

    worker = subprocess.run(
        [str(PUTRIGHT), *worker_command()],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert worker.returncode == 0, worker.stderr
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 0  # no case has a running deadline
    assert task_queue.waiting() == 0
