"""Fetching from a Maildir: each kind of mail a council's complaints inbox receives becomes a
complaint, information on a case or a skipped record, once, and one bad message never stops
the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from putright.cases import messages as msg
from putright.cases.actions import ACTIONS
from putright.cases.models import Attachment, AuditEntry, Complaint, Event, Status
from putright.cases.uploads import MAX_UPLOAD_BYTES
from putright.inbound import intake
from putright.inbound.intake import PUT_RIGHT_NOT_ASKED, fetch_configured
from putright.inbound.models import InboundMessage, Outcome
from putright.letters.models import Letter
from tests.inbound import mail
from tests.inbound.conftest import MaildirFolder


def only(outcome: str) -> InboundMessage:
    return InboundMessage.objects.get(outcome=outcome)


def complaint_from(sender: str) -> Complaint:
    return Complaint.objects.select_related("person").get(person__email=sender, channel="email")


@pytest.fixture
def whole_mailbox(maildir: MaildirFolder, open_case: Complaint) -> MaildirFolder:
    """One of every kind of mail, as it arrives."""
    for raw in (
        mail.plain(message_id="<plain@example.org>"),
        mail.html_only(),
        mail.with_pdf(),
        mail.bounce(),
        mail.auto_reply(),
        mail.bad_charset(),
        mail.no_message_id(),
        mail.reply_quoting(open_case.reference),
        mail.welsh(),
    ):
        maildir.deliver(raw)
    return maildir


def test_every_kind_of_mail_is_taken_as_it_should_be(whole_mailbox: MaildirFolder, open_case):
    summary = fetch_configured()
    assert summary.outcomes == {
        Outcome.NEW_COMPLAINT: 6,
        Outcome.ADDED_TO_CASE: 1,
        Outcome.BOUNCE: 1,
        Outcome.AUTO_REPLY: 1,
    }
    assert whole_mailbox.waiting() == [] and len(whole_mailbox.seen()) == 9

    plain = complaint_from("ffion.jones@example.org")
    assert (plain.channel, plain.status, plain.procedure_id) == (
        "email",
        Status.NEW,
        "two-stage-review",
    )
    assert plain.person.full_name == "Ffion Jones"
    assert plain.what_went_wrong.startswith(
        "Complaint about my bin collection\n\nHello,\n\nMy bins have not been collected"
    )
    assert plain.put_right == PUT_RIGHT_NOT_ASKED  # the procedure asks; staff ask at triage
    assert (
        Event.objects.get(complaint=plain, kind="received").data["email"] == "<plain@example.org>"
    )
    assert AuditEntry.objects.filter(
        complaint=plain, action="create", actor_name="fetch-mail"
    ).exists()

    html = complaint_from("dafydd@example.net")
    assert "rude and put the phone down on me" in html.what_went_wrong
    assert "<p>" not in html.what_went_wrong and "track()" not in html.what_went_wrong

    with_pdf = complaint_from("sam.patel@example.com")
    document = Attachment.objects.get(complaint=with_pdf)
    assert (document.original_name, document.content_type) == (
        "parking-notice.pdf",
        "application/pdf",
    )

    charset = complaint_from("gareth@example.org")
    assert charset.what_went_wrong.startswith("Café licence refused\n\nMy café licence was refused")
    assert "could not be read as it was sent" in charset.what_went_wrong

    no_id = complaint_from("alex.kim@example.com")
    assert InboundMessage.objects.get(complaint=no_id).message_id.startswith("sha256:")

    welsh = complaint_from("sian.llyr@example.cymru")
    assert (welsh.language, welsh.person.language) == ("cy", "cy")
    assert welsh.person.full_name == "Siân Llŷr"
    assert "Cwyn am y casgliad sbwriel – dim casgliad ers pythefnos" in welsh.what_went_wrong

    assert only(Outcome.BOUNCE).complaint is None
    assert only(Outcome.BOUNCE).error == "Content-Type: multipart/report"
    assert only(Outcome.AUTO_REPLY).error == "Auto-Submitted: auto-replied"
    # The auto-reply quoted the open case's reference and still added nothing to it.
    assert Event.objects.filter(complaint=open_case, kind="information-added").count() == 1


def test_a_reply_quoting_a_reference_is_added_to_the_case_and_its_assignee_is_told(
    maildir: MaildirFolder, open_case: Complaint, staff, client
):
    maildir.deliver(mail.reply_quoting(open_case.reference))
    assert fetch_configured().outcomes == {Outcome.ADDED_TO_CASE: 1}

    event = Event.objects.get(complaint=open_case, kind="information-added")
    assert event.data["assignee"] == staff["caseworker"].pk
    assert event.data["by"] == "system"
    assert event.data["text"].startswith(
        "Email from Ffion Jones <ffion.jones@example.org>\n"
        "Subject: Re: We have received your complaint\n\n"
        "Here is the letter I mentioned"
    )
    document = Attachment.objects.get(pk__in=event.data["docs"])
    assert (document.complaint_id, document.original_name) == (open_case.pk, "letter-from-july.pdf")
    assert AuditEntry.objects.filter(
        complaint=open_case, action="add-information", actor_name="fetch-mail"
    ).exists()
    assert Complaint.objects.count() == 1  # no new complaint
    taken = InboundMessage.objects.get()
    assert (taken.complaint, taken.quoted_reference) == (open_case, open_case.reference)

    client.force_login(staff["caseworker"])
    page = client.get(reverse("staff:detail", args=[open_case.pk])).content.decode()
    assert "Information added: Email from Ffion Jones" in page
    assert "letter-from-july.pdf" in page


def test_fetching_again_takes_nothing_again_even_when_the_marks_are_lost(
    whole_mailbox: MaildirFolder,
):
    fetch_configured()
    complaints, events = Complaint.objects.count(), Event.objects.count()
    assert fetch_configured().outcomes == {}
    # Someone marks every message unread again (or marking failed): the table still knows.
    for path in (whole_mailbox.root / "cur").iterdir():
        path.rename(whole_mailbox.root / "new" / path.name.split(":2,")[0])
    again = fetch_configured()
    assert (again.outcomes, again.already_taken) == ({}, 9)
    assert (Complaint.objects.count(), Event.objects.count()) == (complaints, events)
    assert InboundMessage.objects.count() == 9
    assert whole_mailbox.waiting() == []


def test_the_same_message_delivered_twice_is_one_complaint(maildir: MaildirFolder, org):
    raw = mail.plain(message_id="<twice@example.org>")
    maildir.deliver(raw)
    maildir.deliver(raw)
    summary = fetch_configured()
    assert (summary.outcomes, summary.already_taken) == ({Outcome.NEW_COMPLAINT: 1}, 1)
    assert Complaint.objects.count() == 1


def test_a_message_without_message_id_delivered_twice_is_one_complaint(maildir, org):
    raw = mail.no_message_id()
    maildir.deliver(raw)
    maildir.deliver(raw)
    assert fetch_configured().outcomes == {Outcome.NEW_COMPLAINT: 1}
    assert Complaint.objects.count() == 1


def test_refused_files_are_listed_on_the_case_with_the_reason(maildir: MaildirFolder, org):
    maildir.deliver(mail.disguised_pdf())
    maildir.deliver(mail.huge_attachment())
    assert fetch_configured().outcomes == {Outcome.NEW_COMPLAINT: 2}
    too_big = str(msg.FILE_TOO_BIG % {"size": filesizeformat(MAX_UPLOAD_BYTES)})
    for name, reason in (
        ("statement.pdf", str(msg.FILE_WEB_CODE)),
        ("scan-of-everything.pdf", too_big),
    ):
        (taken,) = [
            m
            for m in InboundMessage.objects.all()
            if m.refused_files == [{"name": name, "reason": reason}]
        ]
        assert f"Files in the email that were not accepted:\n- {name}: {reason}" in (
            taken.complaint.what_went_wrong
        )
        assert not Attachment.objects.filter(complaint=taken.complaint).exists()
        received = Event.objects.get(complaint=taken.complaint, kind="received")
        assert received.data["refused_files"] == f"{name}: {reason}"


def test_refused_files_sent_to_a_case_are_listed_in_the_information(maildir, open_case):
    # A reply about the case that carries a web page dressed as a PDF.
    raw = mail.disguised_pdf().replace(
        b"Subject: Parking fine issued in error", f"Subject: Re: {open_case.reference}".encode()
    )
    maildir.deliver(raw)
    assert fetch_configured().outcomes == {Outcome.ADDED_TO_CASE: 1}
    event = Event.objects.get(complaint=open_case, kind="information-added")
    assert event.data["docs"] == []
    assert event.data["text"].endswith(
        f"Files in the email that were not accepted:\n- statement.pdf: {msg.FILE_WEB_CODE}"
    )


def test_a_reference_that_matches_no_case_makes_a_new_complaint_that_says_so(maildir, org):
    maildir.deliver(mail.reply_quoting("PR-2026-999999", with_pdf_attached=False))
    assert fetch_configured().outcomes == {Outcome.NEW_COMPLAINT: 1}
    taken = InboundMessage.objects.get()
    assert taken.quoted_reference == "PR-2026-999999"
    assert taken.complaint.what_went_wrong.endswith(
        "This email quoted the reference PR-2026-999999, which matches no case."
    )


def test_a_reference_to_a_closed_case_makes_a_new_complaint_that_says_why(
    maildir, open_case, staff
):
    ACTIONS["withdraw"](open_case, staff["caseworker"]).run({"confirm": True, "reason": "By phone"})
    maildir.deliver(mail.reply_quoting(open_case.reference, with_pdf_attached=False))
    assert fetch_configured().outcomes == {Outcome.NEW_COMPLAINT: 1}
    taken = InboundMessage.objects.get()
    assert taken.complaint != open_case and taken.quoted_reference == open_case.reference
    assert taken.complaint.what_went_wrong.endswith(
        f"This email quoted the reference {open_case.reference}; it could not be added to that "
        "case (This case is closed.)."
    )
    assert not Event.objects.filter(complaint=open_case, kind="information-added").exists()


def test_mail_without_a_sender_or_that_is_not_mail_at_all_is_recorded_not_taken(maildir, org):
    maildir.deliver(mail.without_sender())
    maildir.deliver(b"\x00\xff\xfe this is not an email \x00\r\n\r\n\xff")
    maildir.deliver(b"")
    maildir.deliver(mail.plain(message_id="<good@example.org>"))
    summary = fetch_configured()
    assert summary.outcomes == {Outcome.NO_SENDER: 3, Outcome.NEW_COMPLAINT: 1}
    assert Complaint.objects.count() == 1
    assert maildir.waiting() == []


def test_our_own_mail_coming_back_is_skipped(maildir, org):
    maildir.deliver(mail.from_us())
    assert fetch_configured().outcomes == {Outcome.OWN_MAIL: 1}
    assert not Complaint.objects.exists()


def test_a_message_too_large_to_download_is_recorded_and_left_for_a_person(
    maildir, org, monkeypatch
):
    monkeypatch.setattr(intake, "MAX_MESSAGE_BYTES", 20_000)
    maildir.deliver(mail.with_pdf(content=b"%PDF-1.4\n" + b"1" * 30_000))
    maildir.deliver(mail.plain())
    assert fetch_configured().outcomes == {Outcome.TOO_LARGE: 1, Outcome.NEW_COMPLAINT: 1}
    large = only(Outcome.TOO_LARGE)
    assert (large.sender, large.subject) == (
        "sam.patel@example.com",
        "Parking fine issued in error",
    )
    assert "are left in the mailbox" in large.error


def test_a_long_email_is_cut_on_the_case_and_kept_whole_as_a_file(maildir, org):
    text = "".join(f"Paragraph {n}: the bins were missed again.\n\n" for n in range(1, 1500))
    maildir.deliver(mail.plain("A long history", text))
    assert fetch_configured().outcomes == {Outcome.NEW_COMPLAINT: 1}
    complaint = Complaint.objects.get()
    assert len(complaint.what_went_wrong) <= 20_000
    assert "the whole text is attached as email-text.txt" in complaint.what_went_wrong
    whole = Attachment.objects.get(complaint=complaint)
    assert whole.original_name == "email-text.txt"
    with whole.file.open("rb") as stored:
        assert stored.read().decode() == text.strip()


def broken_storage(settings: Any, tmp_path: Path) -> None:
    """Storage that cannot be written: its folder is a file."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("in the way")
    settings.MEDIA_ROOT = blocked


def test_a_message_that_fails_is_recorded_and_the_rest_of_the_mailbox_is_taken(
    maildir, org, settings, tmp_path
):
    broken_storage(settings, tmp_path)
    maildir.deliver(mail.plain(message_id="<first@example.org>"))
    maildir.deliver(mail.with_pdf())  # its file cannot be stored
    maildir.deliver(mail.html_only())
    summary = fetch_configured()
    assert summary.outcomes == {Outcome.NEW_COMPLAINT: 2, Outcome.FAILED: 1}
    failed = only(Outcome.FAILED)
    assert failed.attempts == 1 and failed.error
    assert failed.sender == "sam.patel@example.com"
    assert not Complaint.objects.filter(person__email="sam.patel@example.com").exists()
    assert len(maildir.waiting()) == 1  # left for the next fetch

    settings.MEDIA_ROOT = tmp_path / "media"  # storage is mended
    assert fetch_configured().outcomes == {Outcome.NEW_COMPLAINT: 1}
    failed.refresh_from_db()
    assert (failed.outcome, failed.attempts) == (Outcome.NEW_COMPLAINT, 1)
    assert Attachment.objects.filter(complaint=failed.complaint).count() == 1
    assert failed.error == ""
    assert maildir.waiting() == []


def test_a_message_that_keeps_failing_is_given_up_after_the_attempts_allowed(
    maildir, org, settings, tmp_path
):
    broken_storage(settings, tmp_path)
    maildir.deliver(mail.with_pdf())
    outcomes = [fetch_configured().outcomes for _ in range(4)]
    assert outcomes == [{Outcome.FAILED: 1}, {Outcome.FAILED: 1}, {Outcome.GAVE_UP: 1}, {}]
    given_up = InboundMessage.objects.get()
    assert (given_up.outcome, given_up.attempts) == (Outcome.GAVE_UP, 3)
    assert "Error" in given_up.error
    assert maildir.waiting() == []  # marked read, in the mailbox for a person
    assert not Complaint.objects.exists()


def test_at_most_the_limit_is_taken_in_one_fetch_and_the_rest_next_time(maildir, org):
    for n in range(3):
        maildir.deliver(mail.plain(message_id=f"<n{n}@example.org>"))
    assert fetch_configured(limit=2).outcomes == {Outcome.NEW_COMPLAINT: 2}
    assert fetch_configured(limit=2).outcomes == {Outcome.NEW_COMPLAINT: 1}


def test_a_new_email_complaint_is_acknowledged_in_the_language_it_was_written_in(
    maildir, org, django_capture_on_commit_callbacks
):
    maildir.deliver(mail.welsh())
    with django_capture_on_commit_callbacks(execute=True):
        fetch_configured()
    letter = Letter.objects.get(complaint__person__email="sian.llyr@example.cymru")
    assert (letter.kind, letter.language, letter.recipient_email) == (
        "acknowledgement",
        "cy",
        "sian.llyr@example.cymru",
    )


def test_the_procedure_email_complaints_follow_can_be_chosen(maildir, org, settings):
    settings.INBOUND_PROCEDURE = "service-complaint"
    maildir.deliver(mail.plain())
    fetch_configured()
    complaint = Complaint.objects.get()
    assert (complaint.procedure_id, complaint.put_right) == ("service-complaint", "")
