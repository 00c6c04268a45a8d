"""What every test needs: fast password hashing and English unless a test says otherwise; and,
for tests of the task queue, a worker on the configured backend."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from tests.task_queue import (
    BACKEND,
    CONFIGURED_TASKS,
    TaskQueue,
    flush_test_redis,
    rq_queues_for_tests,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def task_queue(request: pytest.FixtureRequest, settings: Any) -> Iterator[TaskQueue]:
    """The task queue the environment configured (database, or Redis through RQ), whatever an
    autouse fixture chose, and a worker that runs what waits in it. Tests that use it are marked
    ``tasks``, so CI runs them again on Redis; on Redis each test starts with an empty database."""
    if request.node.get_closest_marker("tasks") is None:
        pytest.fail("A test that uses task_queue is marked @pytest.mark.tasks.")
    settings.TASKS = copy.deepcopy(CONFIGURED_TASKS)
    if BACKEND == "rq":
        settings.RQ_QUEUES = rq_queues_for_tests()
        flush_test_redis()
    yield TaskQueue()
    if BACKEND == "rq":
        flush_test_redis()
