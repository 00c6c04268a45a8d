"""Fetching from a real IMAP server (Dovecot, started for these tests): mail delivered by IMAP
APPEND is taken once, marked read or moved, and a second fetch takes nothing new."""

from __future__ import annotations

import contextlib
import imaplib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from putright.cases.models import Attachment, Complaint, Event
from putright.inbound.intake import fetch_configured
from putright.inbound.mailboxes import quote
from putright.inbound.models import InboundMessage, Outcome
from tests.inbound import mail
from tests.inbound.conftest import IMAP_PASSWORD, IMAP_USER, Dovecot

TAKEN_FOLDER = "Putright taken"


class MailClient:
    """The test's own mail program: delivers by APPEND and looks at flags and folders."""

    def __init__(self, dovecot: Dovecot) -> None:
        self.imap = imaplib.IMAP4("127.0.0.1", dovecot.port, timeout=10)
        self.imap.login(IMAP_USER, IMAP_PASSWORD)

    def empty(self) -> None:
        for folder in ("INBOX", TAKEN_FOLDER):
            status, count = self.imap.select(quote(folder))
            if status == "OK" and count != [b"0"]:
                self.imap.store("1:*", "+FLAGS.SILENT", "(\\Deleted)")
                self.imap.expunge()
        self.imap.select("INBOX")
        self.imap.delete(quote(TAKEN_FOLDER))

    def append(self, raw: bytes, *, arrived: datetime | None = None, folder: str = "INBOX") -> None:
        when = imaplib.Time2Internaldate(arrived) if arrived else None
        status, data = self.imap.append(quote(folder), None, when, raw)
        assert status == "OK", data

    def flags(self, folder: str = "INBOX") -> list[str]:
        status, data = self.imap.select(quote(folder), readonly=True)
        assert status == "OK", data
        if data == [b"0"]:
            return []
        status, fetched = self.imap.fetch("1:*", "(FLAGS)")
        return [
            "seen" if b"\\Seen" in item else "unseen" for item in fetched if isinstance(item, bytes)
        ]

    def mark_all_unread(self) -> None:
        self.imap.select("INBOX")
        self.imap.store("1:*", "-FLAGS.SILENT", "(\\Seen)")

    def close(self) -> None:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            self.imap.logout()


@pytest.fixture
def imap(dovecot: Dovecot, settings: Any) -> Iterator[MailClient]:
    client = MailClient(dovecot)
    client.empty()
    settings.INBOUND_MAIL_URL = dovecot.url()
    yield client
    client.close()


def test_mail_appended_over_imap_is_taken_once_and_marked_read(imap: MailClient, open_case):
    for raw in (
        mail.plain(message_id="<imap-plain@example.org>"),
        mail.with_pdf(),
        mail.bounce(),
        mail.auto_reply(),
        mail.no_message_id(),
        mail.reply_quoting(open_case.reference),
        mail.welsh(),
        mail.disguised_pdf(),
    ):
        imap.append(raw)
    summary = fetch_configured()
    assert summary.outcomes == {
        Outcome.NEW_COMPLAINT: 5,
        Outcome.ADDED_TO_CASE: 1,
        Outcome.BOUNCE: 1,
        Outcome.AUTO_REPLY: 1,
    }
    assert imap.flags() == ["seen"] * 8
    assert Complaint.objects.filter(channel="email").count() == 5
    welsh = Complaint.objects.get(person__email="sian.llyr@example.cymru")
    assert welsh.language == "cy" and "Mae'r biniau heb eu casglu" in welsh.what_went_wrong
    added = Event.objects.get(complaint=open_case, kind="information-added")
    assert Attachment.objects.filter(pk__in=added.data["docs"]).count() == 1

    counts = (Complaint.objects.count(), Event.objects.count(), Attachment.objects.count())
    again = fetch_configured()
    assert (again.outcomes, again.already_taken) == ({}, 0)
    imap.mark_all_unread()  # a person marks them unread: the table still knows each one
    again = fetch_configured()
    assert (again.outcomes, again.already_taken) == ({}, 8)
    assert (Complaint.objects.count(), Event.objects.count(), Attachment.objects.count()) == counts
    assert imap.flags() == ["seen"] * 8


def test_taken_mail_can_be_moved_to_a_folder_and_failures_stay_in_the_inbox(
    imap: MailClient, org, settings, tmp_path
):
    settings.INBOUND_PROCESSED_FOLDER = TAKEN_FOLDER
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("in the way")
    settings.MEDIA_ROOT = blocked  # files cannot be stored: the message with a PDF fails
    imap.append(mail.plain(message_id="<move-1@example.org>"))
    imap.append(mail.with_pdf())
    imap.append(mail.auto_reply())
    assert fetch_configured().outcomes == {
        Outcome.NEW_COMPLAINT: 1,
        Outcome.AUTO_REPLY: 1,
        Outcome.FAILED: 1,
    }
    assert imap.flags(TAKEN_FOLDER) == ["seen", "seen"]
    assert imap.flags() == ["unseen"]  # the failed one waits in the inbox, unread

    settings.MEDIA_ROOT = tmp_path / "media"
    assert fetch_configured().outcomes == {Outcome.NEW_COMPLAINT: 1}
    assert imap.flags() == []
    assert imap.flags(TAKEN_FOLDER) == ["seen"] * 3
    assert fetch_configured().outcomes == {}


def test_the_day_received_is_the_day_the_server_received_it(imap: MailClient, org):
    yesterday = timezone.now() - timedelta(days=1)
    imap.append(mail.plain(), arrived=yesterday)
    fetch_configured()
    complaint = Complaint.objects.get()
    assert complaint.received_on == timezone.localdate(yesterday)
    assert InboundMessage.objects.get().received_at == yesterday.replace(microsecond=0)


def test_a_wrong_password_is_one_clear_line_that_does_not_show_it(dovecot: Dovecot, settings, org):
    settings.INBOUND_MAIL_URL = dovecot.url(password="not-the-password")
    with pytest.raises(CommandError) as refused:
        call_command("fetch-mail")
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert message.startswith(f"the IMAP server at 127.0.0.1:{dovecot.port} refused the user name")
    assert "not-the-password" not in message and "\n" not in message


def test_a_folder_that_does_not_exist_is_one_clear_line(dovecot: Dovecot, settings, org):
    settings.INBOUND_MAIL_URL = dovecot.url(folder="No%20such%20folder")
    with pytest.raises(CommandError) as refused:
        call_command("fetch-mail")
    assert refused.value.returncode == 2
    assert "has no folder 'No such folder'" in str(refused.value)


def test_the_command_prints_what_it_took(imap: MailClient, org, capsys):
    imap.append(mail.plain())
    imap.append(mail.bounce())
    call_command("fetch-mail")
    out = capsys.readouterr().out.strip()
    assert out.startswith("2 messages read from imap://complaints@127.0.0.1:")
    assert out.endswith("(Bounce: not a complaint: 1; New complaint: 1)")
    assert IMAP_PASSWORD not in out
