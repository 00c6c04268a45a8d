"""Tasks the scheduler queues that wrap a command's work: the same function the command calls,
so the two never drift apart."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django_tasks import task

from putright.letters import outbox
from putright.letters.tasks import enqueue_message
from putright.portal.complain.pending import clear_abandoned


@task()
def clear_complaint_uploads() -> int:
    """What ``putright complaint-uploads-clear`` does: delete the files of online complaints
    never sent, once a session could no longer send them. Returns how many were deleted."""
    return clear_abandoned(older_than=timedelta(seconds=settings.SESSION_COOKIE_AGE))


@task()
def queue_due_mail() -> int:
    """What ``putright send-mail`` does: queue every outbox message whose next try is due.
    Returns how many were queued (sending claims each message, so none goes twice)."""
    due = outbox.due_messages()
    for message_id in due:
        enqueue_message(message_id)
    return len(due)
