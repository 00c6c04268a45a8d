"""The periodic jobs and when each is due: plain data and date arithmetic, no database.

A job is a task on the task queue and a schedule: daily at a local time (in
``PUTRIGHT_SCHEDULE_TIMEZONE``, so 07:00 stays 07:00 across the clock changes), or every so many
minutes. Its **slot** is the latest time it was due at or before now; a scheduler queues a slot
that nobody has queued yet. So a scheduler that was stopped over 07:00 queues that morning's
slot as soon as it starts again (catching up), and never more than the latest one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Job:
    name: str
    #: The dotted path of the django-tasks ``Task`` to queue.
    task: str
    #: Daily, at this time of day in the schedule's time zone...
    at: time | None = None
    #: ...or every so often, in slots counted from midnight UTC.
    every: timedelta | None = None
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.at is None) == (self.every is None):
            raise ValueError(f"job {self.name}: give either a time of day or an interval")
        if self.every is not None and not (
            timedelta(minutes=1) <= self.every <= timedelta(days=1)
            and timedelta(days=1) % self.every == timedelta(0)
        ):
            raise ValueError(f"job {self.name}: the interval must divide a day into whole slots")

    def latest_slot(self, now: datetime, zone: ZoneInfo) -> datetime:
        """The latest time this job was due at or before ``now`` (aware), in UTC."""
        now = now.astimezone(UTC)
        if self.every is not None:
            step = int(self.every.total_seconds())
            seconds = int(now.timestamp())
            return datetime.fromtimestamp(seconds - seconds % step, UTC)
        assert self.at is not None
        local_day = now.astimezone(zone).date()
        for day in (local_day, local_day - timedelta(days=1)):
            slot = datetime.combine(day, self.at, tzinfo=zone).astimezone(UTC)
            if slot <= now:
                return slot
        raise AssertionError("a daily slot is always within the last two days")  # pragma: no cover

    def describe(self) -> str:
        if self.every is not None:
            return f"every {int(self.every.total_seconds() // 60)} minutes"
        assert self.at is not None
        return f"daily at {self.at:%H:%M}"

    def enqueue(self) -> Any:
        """Put the job's task on the task queue; the task queue's result."""
        return import_string(self.task).enqueue(**self.kwargs)


def zone() -> ZoneInfo:
    return ZoneInfo(settings.PUTRIGHT_SCHEDULE_TIMEZONE)


def jobs() -> tuple[Job, ...]:
    """Every periodic job, with its time from the settings."""
    return (
        Job(
            "deadlines-recalculate",
            "putright.cases.tasks.recalculate_deadlines",
            at=settings.PUTRIGHT_DEADLINES_RECALCULATE_AT,
        ),
        Job(
            "complaint-uploads-clear",
            "putright.portal.complain.tasks.clear_uploads",
            at=settings.PUTRIGHT_UPLOADS_CLEAR_AT,
        ),
        Job(
            "reminders",
            "putright.reminders.tasks.send_reminder_digests",
            at=settings.PUTRIGHT_REMINDERS_AT,
        ),
        Job(
            "send-mail",
            "putright.schedule.tasks.queue_due_mail",
            every=timedelta(minutes=settings.PUTRIGHT_MAIL_RETRY_MINUTES),
        ),
        Job(
            "fetch-mail",
            "putright.inbound.tasks.fetch_mail",
            every=timedelta(minutes=settings.PUTRIGHT_FETCH_MAIL_MINUTES),
        ),
    )
