"""``putright workdays``: the Nth working day after a date, explained.

    putright workdays --start 2026-12-04 --add 20 [--division scotland] [--format json|text]

Bad input prints one line listing the valid choices to stderr and exits with status 2.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from putright.common.cli import (
    FORMATS,
    LANGUAGES,
    PolicyCommand,
    add_common_arguments,
    dump_json,
    parse_choice,
    parse_count,
    parse_date,
    usage_error,
)
from putright.policy import DIVISIONS, Calendar


class Command(PolicyCommand):
    help = "Count N working days after a date (the Nth working day strictly after it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="start date, YYYY-MM-DD")
        parser.add_argument("--add", required=True, help="number of working days, 0 or more")
        add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = parse_choice(options["format"], "--format", FORMATS)
        lang = parse_choice(options["language"], "--language", LANGUAGES)
        division = parse_choice(options["division"], "--division", DIVISIONS)
        start = parse_date(options["start"], "--start")
        count = parse_count(options["add"], "--add")
        try:
            result = Calendar(division).add_working_days(start, count)
        except ValueError as exc:
            raise usage_error(str(exc)) from None
        if fmt == "json":
            self.stdout.write(
                dump_json(
                    {
                        "start": start.isoformat(),
                        "add": count,
                        "division": division,
                        "result": result.value.isoformat(),
                        "explanation": result.render(lang),
                        "explanation_detail": result.explanation.as_dict(),
                    }
                )
            )
            return
        self.stdout.write(result.value.isoformat())
        self.stdout.write(result.render(lang))
