"""Staff read every letter and email they may see: on the case page and on "Sent mail", each
view checked against who may see the case and written to the audit trail."""

from __future__ import annotations

import hashlib

from django.urls import reverse

from putright.cases.models import AuditEntry
from putright.letters.models import Letter, MessageStatus, OutboxMessage
from tests.letters.conftest import attachment


def failed(complaint) -> OutboxMessage:
    message = OutboxMessage.objects.get(complaint=complaint)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.FAILED,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    message.refresh_from_db()
    return message


def test_the_case_page_lists_the_letters_and_shows_a_failure(record, smtp, staff, client):
    complaint = record("two-stage-review")
    client.force_login(staff["caseworker"])

    page = client.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "Acknowledgement" in page
    assert "Sent" in page
    letter = Letter.objects.get(complaint=complaint)
    assert reverse("letters:letter-pdf", args=[letter.pk]) in page

    failed(complaint)
    page = client.get(reverse("staff:detail", args=[complaint.pk])).content.decode()
    assert "Failed" in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page


def test_sent_mail_lists_only_the_messages_of_cases_the_person_may_see(
    record, smtp, staff, teams, client
):
    north = record("two-stage-review")
    south = record("two-stage-review", team=teams["south"])

    client.force_login(staff["south_caseworker"])
    page = client.get(reverse("letters:outbox")).content.decode()
    assert south.reference in page
    assert north.reference not in page
    assert AuditEntry.objects.filter(actor=staff["south_caseworker"], action="view-outbox").exists()
    north_message = OutboxMessage.objects.get(complaint=north)
    assert client.get(reverse("letters:message", args=[north_message.pk])).status_code == 404
    letter = Letter.objects.get(complaint=north)
    assert client.get(reverse("letters:letter-pdf", args=[letter.pk])).status_code == 404

    client.force_login(staff["auditor"])
    page = client.get(reverse("letters:outbox")).content.decode()
    assert north.reference in page and south.reference in page


def test_sent_mail_can_show_only_failed_messages(record, smtp, staff, client):
    ok = record("two-stage-review")
    broken = record("two-stage-review")
    failed(broken)
    client.force_login(staff["manager"])
    page = client.get(reverse("letters:outbox"), {"status": "failed"}).content.decode()
    assert broken.reference in page
    assert ok.reference not in page
    assert "Connection unexpectedly closed" in page


def test_a_message_shows_its_text_and_html_and_its_view_is_audited(record, smtp, staff, client):
    complaint = record("two-stage-review")
    message = OutboxMessage.objects.get(complaint=complaint)
    client.force_login(staff["caseworker"])

    page = client.get(reverse("letters:message", args=[message.pk])).content.decode()
    assert "We have received your complaint" in page
    assert "ffion@example.invalid" in page
    assert Letter.objects.get(complaint=complaint).sha256 in page
    html = client.get(reverse("letters:message-html", args=[message.pk]))
    assert html.content.decode() == message.html
    assert html["Content-Security-Policy"].startswith("default-src 'none'")
    views = AuditEntry.objects.filter(complaint=complaint, action="view", actor=staff["caseworker"])
    assert views.count() == 2


def test_the_pdf_downloaded_is_the_one_sent(record, smtp, staff, client):
    complaint = record("two-stage-review")
    letter = Letter.objects.get(complaint=complaint)
    client.force_login(staff["caseworker"])

    response = client.get(reverse("letters:letter-pdf", args=[letter.pk]))

    data = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert f"{complaint.reference}-acknowledgement.pdf" in response["Content-Disposition"]
    assert hashlib.sha256(data).hexdigest() == letter.sha256
    assert data == attachment(smtp.messages[0])[1]
    assert AuditEntry.objects.filter(complaint=complaint, action="download").exists()


def test_a_failed_message_can_be_tried_again_by_someone_who_can_change_the_case(
    record, smtp, staff, client
):
    complaint = record("two-stage-review")
    message = failed(complaint)

    client.force_login(staff["auditor"])  # reads every case, changes none
    assert client.post(reverse("letters:try-again", args=[message.pk])).status_code == 403
    page = client.get(reverse("letters:message", args=[message.pk])).content.decode()
    assert "Try sending it again" not in page

    client.force_login(staff["caseworker"])
    page = client.get(reverse("letters:message", args=[message.pk])).content.decode()
    assert "Try sending it again" in page
    response = client.post(reverse("letters:try-again", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(smtp.messages) == 2  # the first send, and this one
    assert AuditEntry.objects.filter(complaint=complaint, action="mail-try-again").exists()
