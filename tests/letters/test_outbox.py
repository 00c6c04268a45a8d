"""The outbox: a message waits while the mail server is down, is tried again later, is never
sent twice, and fails visibly when it cannot be sent. A sent letter never changes."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django.utils import timezone
from django_tasks import default_task_backend

from putright.cases.models import AuditEntry, Event, Status
from putright.cases.services import PersonDetails
from putright.letters import outbox, tasks
from putright.letters.kinds import LetterKind
from putright.letters.models import Letter, MessageStatus, OutboxMessage, SentLetterChanged
from putright.letters.subscriber import on_event
from tests.letters.conftest import TODAY


def time_passes() -> None:
    """Every queued message's next try falls due, as if the wait had passed."""
    OutboxMessage.objects.filter(status=MessageStatus.QUEUED).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


@pytest.mark.tasks
def test_with_the_mail_server_down_the_case_is_recorded_and_the_letter_waits_in_the_outbox(
    record, smtp_down, task_queue
):
    before = timezone.now()
    complaint = record("two-stage-review")
    task_queue.run()

    assert complaint.pk is not None  # recording the case succeeded
    message = OutboxMessage.objects.get(complaint=complaint)
    assert message.status == MessageStatus.QUEUED
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    assert before + outbox.FIRST_RETRY <= message.next_attempt_at
    assert message.next_attempt_at <= timezone.now() + outbox.FIRST_RETRY
    assert Letter.objects.get(complaint=complaint).sent_at is None
    assert complaint.acknowledged_on is None  # nothing was sent, so nothing is acknowledged

    smtp_down.start()
    time_passes()
    call_command("send-mail", stdout=io.StringIO())
    task_queue.run()

    message.refresh_from_db()
    assert (message.status, message.attempts, message.sent_at is not None) == (
        MessageStatus.SENT,
        2,
        True,
    )
    assert smtp_down.recipients == [["ffion@example.invalid"]]
    complaint.refresh_from_db()
    assert complaint.acknowledged_on == TODAY


@pytest.mark.tasks
def test_with_the_mail_server_down_a_case_action_still_succeeds(
    record, act, smtp_down, staff, task_queue
):
    complaint = record("two-stage-review")
    complaint = act(complaint, "withdraw", staff["caseworker"], confirm=True)
    task_queue.run()

    assert complaint.status == Status.CLOSED
    letter = Letter.objects.get(complaint=complaint, kind=LetterKind.WITHDRAWAL)
    message = OutboxMessage.objects.get(letter=letter)
    assert (message.status, message.attempts) == (MessageStatus.QUEUED, 1)
    assert message.last_error

    smtp_down.start()
    time_passes()
    call_command("send-mail", stdout=io.StringIO())
    task_queue.run()
    assert [m["Subject"].split(": ")[-1] for m in smtp_down.messages] == [
        "we have received it",
        "withdrawn",
    ]


def test_a_failed_try_queues_the_next_one_later_with_a_backend_that_can_wait(
    record, smtp_down, settings
):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "letters"],
        }
    }
    complaint = record("two-stage-review")
    message = OutboxMessage.objects.get(complaint=complaint)
    (first,) = default_task_backend.results
    assert first.task.run_after is None
    assert first.args == [message.pk]

    assert tasks.send_message.call(message.pk) == MessageStatus.QUEUED

    retry = default_task_backend.results[-1]
    message.refresh_from_db()
    assert retry.task.queue_name == "letters"
    assert retry.task.run_after == message.next_attempt_at
    assert retry.args == [message.pk]


def test_the_wait_doubles_after_each_failure_up_to_two_hours():
    assert [outbox.backoff(n) for n in range(1, 9)] == [
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(minutes=8),
        timedelta(minutes=16),
        timedelta(minutes=32),
        timedelta(minutes=64),
        timedelta(hours=2),
        timedelta(hours=2),
    ]


def test_after_the_last_try_the_message_fails_and_says_why(record, smtp_down):
    complaint = record("two-stage-review")
    message = OutboxMessage.objects.get(complaint=complaint)
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    time_passes()

    assert tasks.send_message.call(message.pk) == MessageStatus.FAILED

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == outbox.MAX_ATTEMPTS
    assert "ConnectionRefusedError" in message.last_error
    assert AuditEntry.objects.filter(complaint=complaint, action="mail-failed").exists()


def test_a_permanent_refusal_fails_at_once(record, smtp):
    smtp.recorder.refuse.add("nobody@example.invalid")
    complaint = record(
        "two-stage-review",
        person=PersonDetails(full_name="No One", email="nobody@example.invalid"),
    )
    message = OutboxMessage.objects.get(complaint=complaint)
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert "550" in message.last_error
    assert smtp.messages == []


def test_running_the_send_task_twice_sends_once(record, smtp):
    complaint = record("two-stage-review")
    message = OutboxMessage.objects.get(complaint=complaint)
    assert message.status == MessageStatus.SENT

    assert tasks.send_message.call(message.pk) == MessageStatus.SENT
    assert tasks.send_message.call(message.pk) == MessageStatus.SENT
    call_command("send-mail", stdout=io.StringIO())

    assert len(smtp.messages) == 1
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1


def test_a_message_another_worker_is_sending_is_left_alone(record, smtp_down):
    complaint = record("two-stage-review")
    message = OutboxMessage.objects.get(complaint=complaint)
    OutboxMessage.objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    smtp_down.start()

    assert outbox.deliver(message.pk).status == MessageStatus.SENDING
    assert smtp_down.messages == []


def test_hearing_the_same_event_again_makes_no_second_letter_or_email(record, smtp):
    complaint = record("two-stage-review")
    received = Event.objects.get(complaint=complaint, kind="received")

    on_event(received)
    on_event(received)

    assert Letter.objects.filter(complaint=complaint).count() == 1
    assert OutboxMessage.objects.filter(complaint=complaint).count() == 1
    assert len(smtp.messages) == 1


def test_a_sent_letter_cannot_be_changed_or_deleted(record, smtp):
    complaint = record("two-stage-review")
    letter = Letter.objects.get(complaint=complaint)
    assert letter.sent_at is not None

    letter.subject = "Something else"
    with pytest.raises(SentLetterChanged):
        letter.save()
    with pytest.raises(SentLetterChanged):
        letter.delete()
    with pytest.raises(DatabaseError), transaction.atomic():  # the database refuses too
        Letter.objects.filter(pk=letter.pk).update(subject="Something else")
    letter.refresh_from_db()
    assert letter.subject != "Something else"


def test_a_letter_not_yet_sent_can_still_be_finished(record, smtp_down):
    complaint = record("two-stage-review")
    letter = Letter.objects.get(complaint=complaint)
    assert letter.sent_at is None
    letter.recipient_address = "1 High Street"
    letter.save(update_fields=["recipient_address"])
