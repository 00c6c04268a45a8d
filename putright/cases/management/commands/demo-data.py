"""putright demo-data --complaints N: demo staff for each role and N realistic complaints."""

from __future__ import annotations

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.cases import demo, rules
from putright.cases.models import Complaint


class Command(BaseCommand):
    help = "Load demo staff (one per role) and a realistic spread of demo complaints."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--complaints", type=int, default=60, help="How many complaints.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Add complaints only if there are none yet."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--allow-production", action="store_true", help="Refused in production without it."
        )

    def handle(self, *args: object, **options: object) -> None:
        count = int(options["complaints"])  # type: ignore[arg-type]
        if count < 0:
            raise CommandError("--complaints must be 0 or more.", returncode=2)
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError(
                "Demo data is for trying Putright out, not for production.", returncode=2
            )
        staff = demo.ensure_demo_staff()
        if options["if_empty"] and Complaint.objects.exists():
            count = 0
        if count:
            started = time.perf_counter()
            demo.generate(
                count,
                today=rules.today(),
                seed=int(options["seed"]),  # type: ignore[arg-type]
                batch_size=int(options["batch_size"]),  # type: ignore[arg-type]
                progress=lambda done: self._progress(done, count, started),
            )
            self.stdout.write("")
            self.stdout.write(
                f"Loaded {count} demo complaints in {time.perf_counter() - started:.1f} s."
            )
        self._print_logins(staff.created)

    def _progress(self, done: int, total: int, started: float) -> None:
        width = 30
        filled = int(width * done / total)
        rate = done / max(time.perf_counter() - started, 1e-6)
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if not sys.stdout.isatty() and done == total else ""
        self.stdout.write(f"\r[{bar}] {done}/{total} complaints ({rate:,.0f}/s)", ending=end)
        self.stdout.flush()

    def _print_logins(self, created: list[str]) -> None:
        w = self.stdout.write
        w("")
        w(self.style.WARNING("DEMO ONLY: these accounts share a published password."))
        w(self.style.WARNING("Never load demo data on a service with real complaints."))
        w(f"Sign in at /staff/sign-in/ with password: {demo.DEMO_PASSWORD}")
        for username, first, last, role, grade, team in demo.DEMO_STAFF:
            w(f"  {username:<12} {first} {last}, {role} (grade {grade}) {team}")
