"""Recording a complaint and moving it on sends each letter through a real SMTP server."""

from __future__ import annotations

import hashlib

import pytest

from putright.cases import deadlines, rules
from putright.letters.models import Letter, MessageStatus, OutboxMessage
from putright.policy import format_date
from tests.letters.conftest import TODAY, attachment, body, pdf_text


@pytest.mark.tasks
def test_recording_a_complaint_emails_the_acknowledgement_with_reference_due_date_and_pdf(
    record, smtp, tmp_path, task_queue
):
    complaint = record("two-stage-review")
    assert smtp.messages == []  # queued for the worker, not sent by the request
    assert task_queue.run() == 1

    assert smtp.recipients == [["ffion@example.invalid"]]
    (message,) = smtp.messages
    assert complaint.reference in message["Subject"]
    procedure = rules.procedure_for(complaint)
    due = deadlines.stage_due(procedure, "stage-1", complaint.received_on, rules.calendar())
    text = body(message)
    assert complaint.reference in text
    assert format_date(due.value, "en") in text
    assert due.render("en") in text
    html = body(message, "html")
    assert '<html lang="en">' in html
    name, pdf = attachment(message)
    assert name == f"{complaint.reference}-acknowledgement.pdf"
    extracted = pdf_text(pdf, tmp_path)
    assert complaint.reference in extracted
    assert format_date(due.value, "en") in " ".join(extracted.split())

    letter = Letter.objects.get(complaint=complaint)
    assert letter.sent_at is not None
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest()
    assert OutboxMessage.objects.get(letter=letter).status == MessageStatus.SENT
    complaint.refresh_from_db()
    assert complaint.acknowledged_on == TODAY
