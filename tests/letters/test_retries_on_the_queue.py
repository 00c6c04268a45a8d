"""A letter that could not be sent is tried again by the worker once its wait is over, on the
database queue and on Redis alike: the retry waits in the queue (``run_after``), not in a
sleeping worker, and the worker's scheduler starts it when it falls due (ADR 0012, ADR 0017)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from putright.letters import outbox
from putright.letters.models import Letter, MessageStatus, OutboxMessage
from putright.letters.tasks import enqueue_message, send_message
from tests.letters.conftest import free_port

pytestmark = pytest.mark.tasks

#: A first wait short enough to sit through in a test.
SHORT_WAIT = timedelta(seconds=5)


def test_both_task_backends_can_wait_so_retries_are_queued(task_queue):
    assert send_message.get_backend().supports_defer


def test_a_letter_not_sent_is_tried_again_by_the_worker_when_its_time_comes(
    record, smtp_down, task_queue, monkeypatch
):
    monkeypatch.setattr(outbox, "FIRST_RETRY", SHORT_WAIT)
    complaint = record("two-stage-review")
    assert task_queue.run() == 1  # the first try: the mail server is down

    message = OutboxMessage.objects.get(complaint=complaint)
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    assert "ConnectionRefusedError" in message.last_error
    assert task_queue.waiting() == 1  # the next try, waiting for its time
    assert task_queue.run() == 0  # not yet

    smtp_down.start()
    time.sleep(max((message.next_attempt_at - timezone.now()).total_seconds(), 0) + 0.5)
    assert task_queue.run() == 1

    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert smtp_down.recipients == [["ffion@example.invalid"]]
    assert Letter.objects.get(complaint=complaint).sent_at is not None
    assert task_queue.waiting() == 0


def test_a_retry_for_a_message_already_sent_does_nothing(record, smtp, task_queue):
    complaint = record("two-stage-review")
    task_queue.run()
    message = OutboxMessage.objects.get(complaint=complaint)
    assert message.status == MessageStatus.SENT

    enqueue_message(message.pk)  # say, from `putright send-mail` racing the worker
    assert task_queue.run() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 1)
    assert len(smtp.messages) == 1


def test_with_redis_down_the_case_is_recorded_and_its_letter_waits_in_the_outbox(
    record, smtp, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": settings.TASK_QUEUES}
    }
    settings.RQ_QUEUES = {
        name: {"URL": f"redis://127.0.0.1:{free_port()}/0"} for name in settings.TASK_QUEUES
    }

    complaint = record("two-stage-review")  # queueing its letter fails after the commit

    assert complaint.pk is not None
    message = OutboxMessage.objects.get(complaint=complaint)
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 0)
    assert smtp.messages == []
    assert outbox.due_messages() == [message.pk]  # `putright send-mail` queues it later
