"""Queue each periodic job's latest slot once, however many schedulers run (ADR 0015).

A scheduler claims a slot by inserting its ``ScheduledRun`` row and queues the task in the same
transaction: the unique (job, slot) constraint lets only one scheduler's insert stand, and a
task queue that refuses the task rolls the claim back, so the next tick tries again. With the
database task queue the claim and the task commit together; with Redis a task is queued just
before its claim commits, and every job is safe to run twice.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import (
    DatabaseError,
    IntegrityError,
    close_old_connections,
    connection,
    transaction,
)
from django.utils import timezone

from putright.schedule import jobs as schedule
from putright.schedule.models import ScheduledRun

log = logging.getLogger(__name__)

#: How often a running scheduler looks for due slots.
TICK = timedelta(seconds=30)
#: How long the record of a queued slot is kept.
KEEP = timedelta(days=30)


@dataclass(frozen=True)
class Queued:
    job: str
    slot: datetime
    task_id: str


def run_due(now: datetime | None = None) -> list[Queued]:
    """Queue every job whose latest slot nobody has queued yet; what this call queued.

    A job whose task could not be queued is logged and left for the next call."""
    now = now or timezone.now()
    zone = schedule.zone()
    due = {job.name: (job, job.latest_slot(now, zone)) for job in schedule.jobs()}
    taken = set(
        ScheduledRun.objects.filter(
            job__in=list(due), slot__in=[slot for _job, slot in due.values()]
        ).values_list("job", "slot")
    )
    queued = []
    for name, (job, slot) in due.items():
        if (name, slot) in taken:
            continue
        try:
            claimed = _claim(job, slot)
        except Exception:  # the task queue refused: the claim rolled back, the next tick retries
            log.exception("Could not queue %s for %s; will try again", name, slot)
            continue
        if claimed is not None:
            log.info("Queued %s (%s) for %s", name, job.describe(), slot)
            queued.append(claimed)
    if queued:
        ScheduledRun.objects.filter(slot__lt=now - KEEP).delete()
    return queued


def _claim(job: schedule.Job, slot: datetime) -> Queued | None:
    """Queue ``job`` for ``slot`` unless another scheduler already has."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, slot=slot)
            result = job.enqueue()
            run.task_id = str(getattr(result, "id", "") or "")[:64]
            run.save(update_fields=["task_id"])
    except IntegrityError:  # another scheduler claimed the slot first
        return None
    return Queued(job.name, slot, run.task_id)


def serve(stop: threading.Event, *, tick: timedelta = TICK) -> None:
    """Queue due slots every ``tick`` until ``stop`` is set. A database that is down is logged
    and tried again on the next tick; the process keeps running."""
    try:
        while not stop.is_set():
            close_old_connections()
            try:
                run_due()
            except DatabaseError:
                log.exception("The scheduler could not reach the database; will try again")
            finally:
                close_old_connections()
            stop.wait(tick.total_seconds())
    finally:
        connection.close()
