"""Argument handling shared by the commands over the policy engine (``deadline``, ``workdays``,
``procedures``): bad input is one line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from putright.policy import DIVISIONS

FORMATS = ("text", "json")
LANGUAGES = ("en", "cy")


def usage_error(message: str) -> CommandError:
    """A bad-input error: one line, exit status 2."""
    return CommandError(message, returncode=2)


class PolicyCommand(BaseCommand):
    """A thin command over the policy engine: no system checks, no database, and argument
    errors as one line with exit status 2 (from the command line and from ``call_command``)."""

    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        name = f"{os.path.basename(prog_name)} {subcommand}"

        def error(message: str) -> NoReturn:
            if parser.called_from_command_line:
                sys.stderr.write(f"{name}: error: {message}\n")
                sys.exit(2)
            raise usage_error(message)

        parser.error = error  # type: ignore[method-assign]
        return parser


def parse_date(value: object, option: str) -> date:
    """An ISO date (YYYY-MM-DD)."""
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise usage_error(
            f"{option}: {text!r} is not a date; use YYYY-MM-DD, e.g. 2026-12-18"
        ) from None


def parse_choice(value: object, option: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``."""
    text = str(value)
    if text not in choices:
        raise usage_error(f"{option}: unknown value {text!r}; valid choices: {', '.join(choices)}")
    return text


def parse_count(value: object, option: str) -> int:
    """A whole number, 0 or more."""
    try:
        number = int(str(value))
    except ValueError:
        raise usage_error(f"{option}: {value!r} is not a whole number") from None
    if number < 0:
        raise usage_error(f"{option}: must be 0 or more, not {number}")
    return number


def add_common_arguments(parser: CommandParser, *, division: bool = True) -> None:
    """``--division``, ``--format`` and ``--language``, validated by hand for one-line errors."""
    if division:
        parser.add_argument(
            "--division", default=DIVISIONS[0], help=f"one of: {', '.join(DIVISIONS)}"
        )
    parser.add_argument("--format", default="text", help="text (default) or json")
    parser.add_argument("--language", default="en", help="en (default) or cy")


def dump_json(data: dict[str, Any]) -> str:
    """Pretty JSON, keeping Welsh characters readable."""
    return json.dumps(data, ensure_ascii=False, indent=2)
