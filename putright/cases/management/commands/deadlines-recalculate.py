"""``putright deadlines-recalculate``: move running deadlines to where the calendar now puts them.

    putright deadlines-recalculate [--reason "new bank holiday data for 2027"]

Run it after installing new bank holiday data (ADR 0010); the task worker runs the same each day
(``putright.cases.tasks.recalculate_deadlines``). It prints how many cases moved; each moved case's
timeline and audit trail say what moved, from and to, and why. Bad input prints one line to
stderr and exits with status 2.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from putright.cases import limits, services
from putright.cases.actors import System
from putright.cases.tasks import CALENDAR_CHANGED, RECALCULATOR
from putright.common.cli import PolicyCommand, usage_error


class Command(PolicyCommand):
    help = "Move every running deadline to where the working-day calendar now puts it."
    # Unlike the policy commands this one writes cases, so Django's checks run first.
    requires_system_checks = "__all__"  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reason",
            default=CALENDAR_CHANGED,
            help="why the deadlines move, shown on each moved case's timeline "
            "(default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reason = str(options["reason"]).strip()
        if not reason:
            raise usage_error("--reason: must not be blank")
        if "\x00" in reason or len(reason) > limits.MAX_SHORT_TEXT:
            raise usage_error(
                f"--reason: must be at most {limits.MAX_SHORT_TEXT} characters of plain text"
            )
        moved = services.deadlines_recalculate(actor=System(RECALCULATOR), reason=reason)
        self.stdout.write(f"{moved} case{'' if moved == 1 else 's'} moved")
