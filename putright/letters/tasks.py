"""The letters' tasks, on the task queue's "letters" queue: send an outbox message, or make the
PDF of a letter that is to be posted. Either may run twice; neither does anything twice."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django_tasks import task

from putright.letters import outbox
from putright.letters.models import Letter

log = logging.getLogger(__name__)


@task(queue_name="letters")
def send_message(message_id: int) -> str:
    """Try to send one outbox message; after a failure the server may recover from, queue the
    next try for later."""
    delivery = outbox.deliver(message_id)
    if delivery.retry_at is not None:
        enqueue_message(message_id, run_after=delivery.retry_at)
    return delivery.status


@task(queue_name="letters")
def make_pdf(letter_id: int) -> str:
    """Render the PDF of a letter that has no email to go with (it is posted)."""
    letter = Letter.objects.select_related("complaint").filter(pk=letter_id).first()
    if letter is None:
        return "missing"
    outbox.ensure_pdf(letter)
    return "made"


def enqueue_message(message_id: int, *, run_after: datetime | None = None) -> Any:
    """Queue ``send_message``. A later try needs a backend that can wait (the database queue
    and RQ can); with one that cannot, or a queue that cannot be reached (Redis down), the
    message stays queued in the outbox for ``putright send-mail``."""
    job = send_message
    if run_after is not None:
        if not job.get_backend().supports_defer:
            return None
        job = job.using(run_after=run_after)
    try:
        return job.enqueue(message_id)
    except Exception:  # the outbox is the record; the task queue only wakes a worker
        log.exception("Outbox message %s could not be queued; it waits for send-mail", message_id)
        return None


def enqueue_pdf(letter_id: int) -> Any:
    return make_pdf.enqueue(letter_id)


def queue_due() -> int:
    """Queue every outbox message whose next try is due; how many. ``putright send-mail`` and the
    scheduler's ``queue_due_mail`` both do this (sending claims each message: none goes twice)."""
    due = outbox.due_messages()
    for message_id in due:
        enqueue_message(message_id)
    return len(due)
