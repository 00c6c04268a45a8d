"""``putright deadline``: the due date of a procedure step, explained.

    putright deadline --procedure two-stage-review --step stage-1 --start 2026-12-18 \\
        [--division scotland] [--format json|text] [--language cy]

Bad input (unknown procedure, step or division, a malformed date) prints one line listing the
valid choices to stderr and exits with status 2.
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
    parse_date,
    usage_error,
)
from putright.policy import (
    DIVISIONS,
    Calendar,
    UnknownProcedure,
    UnknownStep,
    due_date,
    get_registry,
)


class Command(PolicyCommand):
    help = "Show the due date of a procedure step, with its explanation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--procedure", required=True, help="procedure id")
        parser.add_argument("--step", required=True, help="'acknowledge' or a stage with a target")
        parser.add_argument("--start", required=True, help="start date, YYYY-MM-DD")
        add_common_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = parse_choice(options["format"], "--format", FORMATS)
        lang = parse_choice(options["language"], "--language", LANGUAGES)
        division = parse_choice(options["division"], "--division", DIVISIONS)
        start = parse_date(options["start"], "--start")
        try:
            procedure = get_registry().get(options["procedure"])
            result = due_date(procedure, options["step"], start, Calendar(division))
        except (UnknownProcedure, UnknownStep) as exc:
            raise usage_error(str(exc)) from None
        except ValueError as exc:
            raise usage_error(str(exc)) from None
        detail = result.explanation.as_dict()
        if fmt == "json":
            self.stdout.write(
                dump_json(
                    {
                        "procedure": procedure.id,
                        "version": procedure.version,
                        "step": options["step"],
                        "start": start.isoformat(),
                        "division": division,
                        "due": result.value.isoformat(),
                        "explanation": result.render(lang),
                        "explanation_detail": detail,
                    }
                )
            )
            return
        params = detail["rule_params"]
        self.stdout.write(f"{result.value.isoformat()}")
        self.stdout.write(result.render(lang))
        self.stdout.write(f"Rule: {params['procedure']} v{params['version']} § {params['clause']}")
