"""A task the scheduler queues that does a command's work (``putright send-mail``) with the same
function the command calls, so the two never drift apart."""

from __future__ import annotations

from django_tasks import task

from putright.letters.tasks import queue_due


@task()
def queue_due_mail() -> int:
    """What ``putright send-mail`` does: queue every outbox message whose next try is due.
    Returns how many were queued (sending claims each message, so none goes twice)."""
    return queue_due()
