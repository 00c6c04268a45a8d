"""A task the scheduler queues that does a command's work (``putright send-mail``) with the same
function the command calls, so the two never drift apart."""

from __future__ import annotations

from django_tasks import task

from putright.letters import outbox
from putright.letters.tasks import enqueue_message


@task()
def queue_due_mail() -> int:
    """What ``putright send-mail`` does: queue every outbox message whose next try is due.
    Returns how many were queued (sending claims each message, so none goes twice)."""
    due = outbox.due_messages()
    for message_id in due:
        enqueue_message(message_id)
    return len(due)
