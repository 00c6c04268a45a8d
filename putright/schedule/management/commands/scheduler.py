"""``putright scheduler``: queue the periodic tasks at their set times (ADR 0015).

    putright scheduler            # runs until stopped (Ctrl+C or SIGTERM)
    putright scheduler --once     # queue whatever is due now, then exit (for cron)

Each job's slot is queued once however many schedulers run, and a slot missed while no
scheduler ran is queued when one starts. A worker (``putright db_worker``) runs the tasks.
"""

from __future__ import annotations

import signal
import threading
from datetime import timedelta
from typing import Any

from django.core.management.base import CommandParser

from putright.common.cli import PolicyCommand, parse_count, usage_error
from putright.schedule import jobs, scheduler


class Command(PolicyCommand):
    help = "Queue the periodic tasks (reminders, deadlines, upload clean-up, mail retries)."
    requires_system_checks = "__all__"  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="queue what is due now, then exit")
        parser.add_argument(
            "--tick",
            default=str(int(scheduler.TICK.total_seconds())),
            help="seconds between looks for due jobs (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tick = parse_count(options["tick"], "--tick")
        if not 1 <= tick <= 300:
            raise usage_error("--tick: must be from 1 to 300 seconds")
        if options["once"]:
            queued = scheduler.run_due()
            for run in queued:
                self.stdout.write(f"Queued {run.job} for {self._local(run.slot)}.")
            if not queued:
                self.stdout.write("Nothing due.")
            return
        if options["verbosity"] > 0:
            for job in jobs.jobs():
                self.stdout.write(f"{job.name}: {job.describe()}")
            self.stdout.write(f"Times are in {jobs.zone().key}. Stop with Ctrl+C.")
        stop = threading.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            signal.signal(number, lambda *_: stop.set())
        scheduler.serve(stop, tick=timedelta(seconds=tick))

    @staticmethod
    def _local(slot: Any) -> str:
        return slot.astimezone(jobs.zone()).strftime("%Y-%m-%d %H:%M %Z")
