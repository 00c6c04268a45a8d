"""Delete files uploaded to online complaints that were never sent.

    putright complaint-uploads-clear               # older than a session lasts
    putright complaint-uploads-clear --hours 48

Run it daily (cron, or the scheduled task ``putright.portal.complain.tasks.clear_uploads``): a
person's documents are not kept longer than needed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from putright.portal.complain.pending import abandoned_after, clear_abandoned


class Command(BaseCommand):
    help = "Delete files uploaded to online complaints that were never sent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=int,
            default=None,
            help="Delete files older than this many hours (default: how long a session lasts).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            age = abandoned_after(options["hours"])
        except ValueError:
            self.stderr.write("--hours must be 1 or more: a person may still be answering.")
            raise SystemExit(2) from None
        removed = clear_abandoned(older_than=age)
        self.stdout.write(f"Deleted {removed} file(s) from online complaints never sent.")
