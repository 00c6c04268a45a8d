"""``putright reminders-send``: queue the daily reminder digests to staff now (the scheduler does
this every morning, ADR 0015).

    putright reminders-send
    putright reminders-send --date 2026-12-07 --working-days 5

Run twice on the same day, it queues nothing the second time. A day that is not a working day
sends nothing. Bad input prints one line to stderr and exits with status 2.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from putright.common.cli import PolicyCommand, parse_count, parse_date, usage_error
from putright.policy import FIRST_DATE, LAST_DATE
from putright.reminders.sweep import MAX_WORKING_DAYS, send_reminders


class Command(PolicyCommand):
    help = "Queue the daily reminder digests: stages due, unassigned and overdue cases, lessons."
    # Unlike the policy commands this one reads cases and writes the outbox: checks run first.
    requires_system_checks = "__all__"  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to remind about, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--working-days",
            help="how many working days ahead counts as due soon "
            "(default: PUTRIGHT_REMINDER_WORKING_DAYS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = parse_date(options["date"], "--date") if options["date"] is not None else None
        if day is not None and not FIRST_DATE <= day <= LAST_DATE:
            raise usage_error(
                f"--date: {day.isoformat()} is outside the dates the working-day calendar counts "
                f"({FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()})"
            )
        working_days = None
        if options["working_days"] is not None:
            working_days = parse_count(options["working_days"], "--working-days")
            if working_days > MAX_WORKING_DAYS:
                raise usage_error(f"--working-days: must be at most {MAX_WORKING_DAYS}")
        try:
            sweep = send_reminders(day, working_days=working_days)
        except ValueError:  # "due soon" would reach past the calendar's last date
            raise usage_error(
                f"--date: {options['date']} is too near {LAST_DATE.isoformat()}, the last date "
                "the working-day calendar counts, to look ahead from"
            ) from None
        if not sweep.working_day:
            self.stdout.write(f"{sweep.day.isoformat()} is not a working day: no reminders sent.")
            return
        self.stdout.write(
            f"Reminders for {sweep.day.isoformat()}: {sweep.queued} queued to send, "
            f"{sweep.already} already queued earlier that day."
        )
