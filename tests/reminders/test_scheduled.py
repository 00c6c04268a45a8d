"""The scheduler's morning run sends the digests: ``putright scheduler --once`` at 09:00 on a
working day queues the jobs, and a real worker on the configured task queue (database, or Redis
in CI's second run) runs them: the sweep writes each digest to the outbox, and the outbox's task
delivers it to a real SMTP server."""

from __future__ import annotations

from datetime import UTC, datetime, time
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from putright.letters.models import MessageStatus
from tests.letters.conftest import body
from tests.reminders.conftest import TODAY, digest_for, reminders

pytestmark = [pytest.mark.django_db, pytest.mark.tasks]


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def once() -> str:
    out = StringIO()
    with freeze_time(datetime.combine(TODAY, time(9, 0), tzinfo=UTC)):
        call_command("scheduler", "--once", stdout=out)
    return out.getvalue()


def test_the_morning_run_sends_each_digest_once(
    record, task_queue, smtp, django_capture_on_commit_callbacks
):
    waiting = record()

    assert "Queued reminders for 2026-11-23 07:00 GMT." in once()
    assert once() == "Nothing due.\n"  # a second scheduler, or a second look: nothing more
    with django_capture_on_commit_callbacks(execute=True):
        task_queue.run()  # the sweep, the deadline check, the clean-up, the outbox, the mailbox
    task_queue.run()  # the digest's email

    (message,) = reminders()
    assert message == digest_for("manager", "manager")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert smtp.recipients == [["manager@council.example"]]
    assert waiting.reference in body(smtp.messages[0])
    assert task_queue.run() == 0
