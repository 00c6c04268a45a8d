"""Queue every outbox message whose next try is due: for a task queue that cannot wait (or lost
a task), or to send what waited while the worker was stopped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from putright.letters import tasks


class Command(BaseCommand):
    help = "Queue the outbox messages whose next try is due."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = tasks.queue_due()
        self.stdout.write(f"{queued} message(s) queued to send.")
