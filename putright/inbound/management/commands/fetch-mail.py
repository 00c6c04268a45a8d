"""``putright fetch-mail``: take new mail from the inbound mailbox into cases.

    putright fetch-mail [--limit 500]

Reads the mailbox ``INBOUND_MAIL_URL`` names (IMAP or a Maildir) and takes each message not
taken before: a message quoting a case's reference is added to that case, and its assignee is
told; any other message from a person becomes a new complaint awaiting triage; bounces and
automatic replies are recorded and skipped (ADR 0016). It prints how many messages came to each
outcome. The task worker runs the same (``putright.inbound.tasks.fetch_mail``). A mailbox that
cannot be reached, or a setting that is wrong, prints one line to stderr and exits with status 2.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.db import DatabaseError

from putright.common.cli import PolicyCommand, parse_count, usage_error
from putright.inbound import intake
from putright.inbound.mailboxes import MailboxError


class Command(PolicyCommand):
    help = "Take new mail from the inbound mailbox (INBOUND_MAIL_URL) into cases."
    # Unlike the policy commands this one writes cases, so Django's checks run first.
    requires_system_checks = "__all__"  # type: ignore[assignment]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit",
            default=None,
            help="take at most this many messages (default: INBOUND_MAX_MESSAGES, 500); "
            "the rest wait for the next fetch",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit = None
        if options["limit"] is not None:
            limit = parse_count(options["limit"], "--limit")
            if limit == 0:
                raise usage_error("--limit: must be 1 or more")
        try:
            summary = intake.fetch_configured(limit=limit)
        except (MailboxError, intake.ConfigurationError) as exc:
            raise usage_error(str(exc)) from None
        except DatabaseError as exc:  # what was taken before it failed stays taken
            raise usage_error(f"the database failed: {' '.join(str(exc).split())}") from None
        self.stdout.write(str(summary))
