"""The scheduler queues each job's slot once, however many schedulers run, catches up a slot
missed while none ran, and runs once (``--once``) or until stopped.

Tasks go to the task queue configured in the settings; the tests count what was queued through
django-tasks' ``task_enqueued`` signal, which every backend sends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time as clock
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tasks.signals import task_enqueued
from freezegun import freeze_time

from putright.schedule import jobs, scheduler
from putright.schedule.models import ScheduledRun
from tests.concurrency import at_the_same_moment

ROOT = Path(__file__).resolve().parents[2]
#: A Monday in winter, when London keeps GMT: 09:00 London is 09:00 UTC.
MONDAY_9AM = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DAILY = {"reminders", "deadlines-recalculate", "complaint-uploads-clear"}
INTERVAL = {"send-mail", "fetch-mail"}
ALL = DAILY | INTERVAL


@pytest.fixture
def enqueued() -> Iterator[list[Any]]:
    seen: list[Any] = []

    def listen(sender: Any, task_result: Any, **kwargs: Any) -> None:
        seen.append(task_result)

    task_enqueued.connect(listen, weak=False)
    yield seen
    task_enqueued.disconnect(listen)


def names(queued: list[scheduler.Queued]) -> set[str]:
    return {run.job for run in queued}


@pytest.mark.django_db
def test_the_first_look_queues_every_job_once_and_a_second_scheduler_queues_nothing(enqueued):
    first = scheduler.run_due(MONDAY_9AM)
    second = scheduler.run_due(MONDAY_9AM + timedelta(seconds=20))

    assert names(first) == ALL
    assert second == []
    assert sorted(r.task.name for r in enqueued) == sorted(
        [
            "send_reminder_digests",
            "recalculate_deadlines",
            "clear_uploads",
            "queue_due_mail",
            "fetch_mail",
        ]
    )
    assert ScheduledRun.objects.count() == len(ALL)
    reminders = ScheduledRun.objects.get(job="reminders")
    assert reminders.slot == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    assert reminders.task_id == next(
        r.id for r in enqueued if r.task.name == "send_reminder_digests"
    )


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_queue_each_slot_once(enqueued):
    results = at_the_same_moment(lambda: scheduler.run_due(MONDAY_9AM))

    queued = [run.job for result in results for run in result]
    assert sorted(queued) == sorted(ALL)
    assert len(enqueued) == len(ALL)
    assert ScheduledRun.objects.count() == len(ALL)


@pytest.mark.django_db
def test_a_scheduler_started_after_the_morning_slot_catches_it_up_once(enqueued):
    """Nothing ran at 07:00; a scheduler starting at 09:00 queues the 07:00 reminders, and the
    next one is the following morning's."""
    assert names(scheduler.run_due(MONDAY_9AM)) == ALL
    later = scheduler.run_due(MONDAY_9AM + timedelta(minutes=5))
    assert names(later) == INTERVAL
    before_dawn = scheduler.run_due(datetime(2026, 11, 24, 6, 59, tzinfo=UTC))
    assert "reminders" not in names(before_dawn)
    morning = scheduler.run_due(datetime(2026, 11, 24, 7, 0, 10, tzinfo=UTC))
    assert "reminders" in names(morning)
    assert ScheduledRun.objects.filter(job="reminders").count() == 2


@pytest.mark.django_db
def test_after_days_stopped_only_the_latest_slot_is_caught_up(enqueued):
    scheduler.run_due(MONDAY_9AM)
    three_days_on = scheduler.run_due(MONDAY_9AM + timedelta(days=3))
    assert names(three_days_on) == ALL
    assert ScheduledRun.objects.filter(job="reminders").count() == 2
    assert [r.task.name for r in enqueued].count("send_reminder_digests") == 2


@pytest.mark.django_db
def test_a_slot_the_task_queue_refused_is_tried_again(monkeypatch, enqueued):
    real = jobs.Job.enqueue

    def refuse_reminders(job: jobs.Job) -> Any:
        if job.name == "reminders":
            raise ConnectionError("the task queue is not reachable")
        return real(job)

    monkeypatch.setattr(jobs.Job, "enqueue", refuse_reminders)
    assert names(scheduler.run_due(MONDAY_9AM)) == ALL - {"reminders"}
    assert not ScheduledRun.objects.filter(job="reminders").exists()

    monkeypatch.setattr(jobs.Job, "enqueue", real)
    assert names(scheduler.run_due(MONDAY_9AM + timedelta(seconds=30))) == {"reminders"}


@pytest.mark.django_db
def test_records_older_than_a_month_are_cleared(enqueued):
    scheduler.run_due(MONDAY_9AM - timedelta(days=40))
    assert ScheduledRun.objects.count() == len(ALL)
    scheduler.run_due(MONDAY_9AM)
    assert ScheduledRun.objects.count() == len(ALL)
    assert not ScheduledRun.objects.filter(slot__lt=MONDAY_9AM - timedelta(days=30)).exists()


@pytest.mark.django_db
def test_the_times_come_from_the_settings(settings, enqueued):
    from datetime import time

    settings.PUTRIGHT_REMINDERS_AT = time(10, 0)
    assert "reminders" in names(scheduler.run_due(MONDAY_9AM))
    assert ScheduledRun.objects.get(job="reminders").slot == datetime(
        2026, 11, 22, 10, 0, tzinfo=UTC
    )


# -- the command -------------------------------------------------------------------------------


def scheduler_once() -> str:
    out = StringIO()
    call_command("scheduler", "--once", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_once_queues_what_is_due_and_says_so_then_nothing_more(enqueued):
    with freeze_time(MONDAY_9AM):
        first = scheduler_once()
        second = scheduler_once()
    assert "Queued reminders for 2026-11-23 07:00 GMT." in first.splitlines()
    assert "Queued send-mail for 2026-11-23 09:00 GMT." in first.splitlines()
    assert len(first.splitlines()) == len(ALL)
    assert second == "Nothing due.\n"
    assert len(enqueued) == len(ALL)


@pytest.mark.django_db
def test_a_bad_tick_is_one_line_and_status_2():
    with pytest.raises(CommandError) as raised:
        call_command("scheduler", "--tick", "0")
    assert str(raised.value) == "--tick: must be from 1 to 300 seconds"
    assert raised.value.returncode == 2


@pytest.mark.django_db(transaction=True)
def test_the_loop_queues_due_slots_until_stopped(enqueued):
    stop = threading.Event()
    loop = threading.Thread(
        target=scheduler.serve, args=(stop,), kwargs={"tick": timedelta(seconds=0.2)}
    )
    loop.start()
    deadline = clock.monotonic() + 20
    while ScheduledRun.objects.count() < len(ALL) and clock.monotonic() < deadline:
        clock.sleep(0.1)
    clock.sleep(0.5)  # a few more ticks: nothing is queued twice
    stop.set()
    loop.join(10)
    assert not loop.is_alive()
    assert sorted(ScheduledRun.objects.values_list("job", flat=True)) == sorted(ALL)
    assert len(enqueued) == len(ALL)


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] or "postgres"
    host = settings["HOST"] or "127.0.0.1"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_process_runs_until_sigterm_and_exits_cleanly():
    """The real ``putright scheduler`` process, on the test database."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "PUTRIGHT_ENVIRONMENT": "development"}
    process = subprocess.Popen(
        [sys.executable, "-m", "putright.manage", "scheduler", "--tick", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = clock.monotonic() + 60
        while ScheduledRun.objects.count() < len(ALL) and clock.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            clock.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "reminders: daily at 07:00" in out
    assert "Times are in Europe/London." in out
    assert sorted(ScheduledRun.objects.values_list("job", flat=True)) == sorted(ALL)


@pytest.mark.django_db(transaction=True)
def test_a_database_that_is_down_for_a_tick_does_not_stop_the_loop(monkeypatch, caplog):
    from django.db import OperationalError

    real = scheduler.run_due
    calls: list[str] = []

    def down_once(now: datetime | None = None) -> list[scheduler.Queued]:
        calls.append("tick")
        if len(calls) == 1:
            raise OperationalError("connection refused")
        return real(now)

    monkeypatch.setattr(scheduler, "run_due", down_once)
    stop = threading.Event()
    loop = threading.Thread(
        target=scheduler.serve, args=(stop,), kwargs={"tick": timedelta(seconds=0.1)}
    )
    loop.start()
    deadline = clock.monotonic() + 20
    while ScheduledRun.objects.count() < len(ALL) and clock.monotonic() < deadline:
        clock.sleep(0.1)
    stop.set()
    loop.join(10)
    assert len(calls) >= 2
    assert "could not reach the database" in caplog.text
    assert ScheduledRun.objects.count() == len(ALL)
