"""``putright procedures``: list the loaded procedures, or show one as a readable page.

    putright procedures [--format json]
    putright procedures show ID [--version N] [--language cy]

The page is ``putright.policy.render.render_procedure``, the same text as the public
"our complaints procedure" page. Bad input prints one line to stderr and exits with status 2.
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
    usage_error,
)
from putright.policy import UnknownProcedure, get_registry
from putright.policy.render import render_procedure

ACTIONS = ("list", "show")


class Command(PolicyCommand):
    help = "List the complaint procedures, or show one as a readable page."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version (a procedure version) replaces Django's --version (its own version).
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", nargs="?", default="list", help="list (default) or show")
        parser.add_argument("procedure_id", nargs="?", help="the procedure to show")
        parser.add_argument("--version", dest="procedure_version", help="version (default: latest)")
        add_common_arguments(parser, division=False)

    def handle(self, *args: Any, **options: Any) -> None:
        action = parse_choice(options["action"], "action", ACTIONS)
        fmt = parse_choice(options["format"], "--format", FORMATS)
        lang = parse_choice(options["language"], "--language", LANGUAGES)
        registry = get_registry()
        if action == "list":
            procedures = registry.all()
            if fmt == "json":
                self.stdout.write(
                    dump_json(
                        {
                            "procedures": [
                                {
                                    "id": p.id,
                                    "version": p.version,
                                    "versions": registry.versions(p.id),
                                    "effective_from": p.effective_from.isoformat(),
                                    "title": p.title.get(lang),
                                }
                                for p in procedures
                            ]
                        }
                    )
                )
                return
            width = max(len(p.id) for p in procedures)
            for p in procedures:
                self.stdout.write(
                    f"{p.id:<{width}}  v{p.version}  from {p.effective_from.isoformat()}  "
                    f"{p.title.get(lang)}"
                )
            return
        if not options["procedure_id"]:
            raise usage_error(
                f"show needs a procedure id; valid procedures: {', '.join(registry.ids())}"
            )
        version = options["procedure_version"]
        try:
            procedure = registry.get(
                options["procedure_id"],
                None if version is None else parse_count(version, "--version"),
            )
        except UnknownProcedure as exc:
            raise usage_error(str(exc)) from None
        page = render_procedure(procedure, lang)
        if fmt == "json":
            self.stdout.write(
                dump_json(
                    {
                        "id": procedure.id,
                        "version": procedure.version,
                        "language": lang,
                        "page": page,
                    }
                )
            )
            return
        self.stdout.write(page, ending="")
