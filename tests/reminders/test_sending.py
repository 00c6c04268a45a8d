"""A reminder digest reaches a real SMTP server (aiosmtpd) through the outbox, as text and HTML."""

from __future__ import annotations

from typing import Any

import pytest

from putright.letters.models import MessageStatus
from putright.reminders.sweep import send_reminders
from tests.letters.conftest import body
from tests.reminders.conftest import BASE_URL, PERSON, digest_for, due, working_days_before

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings: Any) -> None:
    """The outbox's send task runs as soon as it is queued."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "letters"],
        }
    }


def test_the_digest_is_delivered_by_smtp_and_reads_as_it_should(
    open_stage, smtp, django_capture_on_commit_callbacks
):
    stage = open_stage(assignee="caseworker")
    day = working_days_before(due(stage), 1)

    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(day)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(day)  # the same day again: nothing more is sent

    assert smtp.recipients == [["caseworker@council.example"]]
    (message,) = smtp.messages
    assert message["Subject"].startswith("Reminder: your cases due soon or overdue")
    assert message["From"] == "complaints@council.example"
    assert message["Auto-Submitted"] == "auto-generated"
    text = body(message)
    assert text.startswith("Hello Caseworker,")
    assert stage.complaint.reference in text
    assert "1 working day left" in text
    assert f"{BASE_URL}/staff/cases/{stage.complaint_id}/" in text
    html = body(message, "html")
    assert f'<a href="{BASE_URL}/staff/cases/{stage.complaint_id}/"' in html
    assert "<h2" in html and "<ul>" in html
    assert PERSON.full_name not in text + html
    assert not list(message.iter_attachments())
    sent = digest_for("caseworker")
    assert sent is not None and sent.status == MessageStatus.SENT
