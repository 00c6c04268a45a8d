"""One row for each time a periodic task was queued: the unique (job, slot) pair is what lets
several schedulers run side by side and still queue each slot once (ADR 0015)."""

from __future__ import annotations

from django.db import models


class ScheduledRun(models.Model):
    #: The job's name, e.g. ``reminders``.
    job = models.CharField(max_length=60)
    #: The time the job was due, in UTC: 07:00 London on a day, or the start of a 5-minute slot.
    slot = models.DateTimeField()
    #: When a scheduler queued it.
    queued_at = models.DateTimeField(auto_now_add=True)
    #: The task queue's id for the task, to find its result.
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")
        ]
        indexes = [models.Index(fields=["slot"], name="scheduled_run_slot")]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}Z"
