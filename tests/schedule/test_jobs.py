"""When each periodic job is due: daily at a London time across the clock changes, or every few
minutes on the clock."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from putright.schedule.jobs import Job, jobs

LONDON = ZoneInfo("Europe/London")
DAILY = Job("reminders", "putright.reminders.tasks.send_reminder_digests", at=time(7, 0))
FIVE = Job("send-mail", "putright.schedule.tasks.queue_due_mail", every=timedelta(minutes=5))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        # Winter: London is on GMT, 07:00 London is 07:00 UTC.
        (utc(2026, 11, 23, 7, 0), utc(2026, 11, 23, 7, 0)),
        (utc(2026, 11, 23, 6, 59), utc(2026, 11, 22, 7, 0)),
        (utc(2026, 11, 23, 23, 30), utc(2026, 11, 23, 7, 0)),
        # Summer: British Summer Time, 07:00 London is 06:00 UTC.
        (utc(2026, 7, 1, 6, 0), utc(2026, 7, 1, 6, 0)),
        (utc(2026, 7, 1, 5, 59), utc(2026, 6, 30, 6, 0)),
        # The mornings the clocks change: still 07:00 London.
        (utc(2026, 3, 29, 12, 0), utc(2026, 3, 29, 6, 0)),
        (utc(2026, 10, 25, 12, 0), utc(2026, 10, 25, 7, 0)),
        # Just after midnight London in summer (23:30 UTC the day before).
        (utc(2026, 7, 1, 23, 30), utc(2026, 7, 1, 6, 0)),
    ],
)
def test_a_daily_job_is_due_at_its_london_time(now, slot):
    assert DAILY.latest_slot(now, LONDON) == slot


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (utc(2026, 11, 23, 7, 0), utc(2026, 11, 23, 7, 0)),
        (utc(2026, 11, 23, 7, 4, 59), utc(2026, 11, 23, 7, 0)),
        (utc(2026, 11, 23, 7, 5), utc(2026, 11, 23, 7, 5)),
        (utc(2026, 11, 23, 0, 1), utc(2026, 11, 23, 0, 0)),
    ],
)
def test_an_interval_job_is_due_at_each_multiple_on_the_clock(now, slot):
    assert FIVE.latest_slot(now, LONDON) == slot


def test_a_job_has_a_time_of_day_or_an_interval_not_both_nor_neither():
    with pytest.raises(ValueError, match="either a time of day or an interval"):
        Job("x", "x", at=time(7), every=timedelta(minutes=5))
    with pytest.raises(ValueError, match="either a time of day or an interval"):
        Job("x", "x")
    with pytest.raises(ValueError, match="whole slots"):
        Job("x", "x", every=timedelta(minutes=7))


def test_the_jobs_follow_the_settings(settings):
    settings.PUTRIGHT_REMINDERS_AT = time(8, 30)
    settings.PUTRIGHT_MAIL_RETRY_MINUTES = 10
    by_name = {job.name: job for job in jobs()}
    assert set(by_name) == {
        "reminders",
        "deadlines-recalculate",
        "complaint-uploads-clear",
        "send-mail",
        "fetch-mail",
    }
    assert by_name["reminders"].describe() == "daily at 08:30"
    assert by_name["send-mail"].describe() == "every 10 minutes"
    assert by_name["deadlines-recalculate"].task == "putright.cases.tasks.recalculate_deadlines"


def test_every_job_names_a_task_that_exists():
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    for job in jobs():
        assert isinstance(import_string(job.task), Task), job.name
