"""The inbound mail task, for the task worker (``putright db_worker``) and the scheduler.

``fetch_mail`` reads the mailbox ``INBOUND_MAIL_URL`` names and takes each message not taken
before (ADR 0016). Enqueue it every few minutes; ``putright fetch-mail`` does the same from the
command line. Two fetches at once take each message once.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

from putright.inbound import intake

log = logging.getLogger(__name__)


@task()
def fetch_mail() -> dict[str, int]:
    """Take new mail into cases. Returns how many messages came to each outcome; an empty
    result when no mailbox is configured. A mailbox that cannot be reached fails the task with
    the reason (the next run tries again)."""
    if not settings.INBOUND_MAIL_URL.strip():
        log.info("Inbound mail: INBOUND_MAIL_URL is not set; nothing fetched.")
        return {}
    summary = intake.fetch_configured()
    log.info("Inbound mail: %s", summary)
    return summary.as_dict()
