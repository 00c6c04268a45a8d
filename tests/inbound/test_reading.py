"""Reading an email, without a database: who wrote it, what it says and carries, whether a
person wrote it at all, and which case it quotes."""

from __future__ import annotations

import pytest

from putright.inbound import reading
from putright.inbound.reading import AUTO_REPLY, BOUNCE, OWN_MAIL, read_mail
from tests.inbound import mail

OURS = frozenset({mail.COUNCIL})


def test_a_plain_email_gives_its_sender_subject_text_and_message_id():
    read = read_mail(mail.plain(message_id="<first@example.org>"))
    assert (read.sender_name, read.sender_email) == ("Ffion Jones", "ffion.jones@example.org")
    assert read.subject == "Complaint about my bin collection"
    assert read.text.startswith("Hello,\n\nMy bins have not been collected")
    assert read.key == "<first@example.org>"
    assert (read.automatic, read.attachments, read.problems, read.language) == ("", (), (), "en")


def test_an_html_only_email_is_read_as_the_text_a_person_sees():
    read = read_mail(mail.html_only())
    assert read.text == (
        "Dear Council,\n\nThe officer I spoke to on 12 November was rude and put the phone "
        "down on me.\n\n- First call: 10am\n\n- Second call: 2pm\n\nDafydd"
    )
    assert "track()" not in read.text and "color" not in read.text


def test_the_html_alternative_of_a_plain_body_is_not_an_attachment_but_a_pdf_is():
    read = read_mail(mail.with_pdf())
    assert read.text == "The attached notice was issued while I had a valid permit."
    assert [(p.name, p.content_type) for p in read.attachments] == [
        ("parking-notice.pdf", "application/pdf")
    ]
    assert read.attachments[0].content.startswith(b"%PDF-")


def test_welsh_mail_keeps_every_letter_and_is_answered_in_welsh():
    read = read_mail(mail.welsh())
    assert read.sender_name == "Siân Llŷr"
    assert read.subject == "Cwyn am y casgliad sbwriel – dim casgliad ers pythefnos"
    assert "Mae'r biniau heb eu casglu ers pythefnos" in read.text
    assert read.text.endswith("Siân Llŷr")
    assert read.language == "cy"


@pytest.mark.parametrize(
    ("text", "welsh"),
    [
        ("Mae'r bin wedi bod yn llawn ers wythnos. Diolch am eich help.", True),
        ("Rydw i eisiau gwneud cwyn am y cyngor.", True),
        ("My bin has been full for a week. Thank you for your help.", False),
        ("I live in Llanfair ym Muallt and my bin was missed.", False),
        ("", False),
    ],
)
def test_welsh_is_recognised_by_its_common_words(text: str, welsh: bool):
    assert reading.looks_welsh(text) is welsh


def test_content_language_says_the_language_whatever_the_words():
    raw = b"From: a@example.org\r\nContent-Language: cy-GB\r\nSubject: Hello\r\n\r\nHello there\r\n"
    assert read_mail(raw).language == "cy"


def test_an_unknown_charset_is_read_as_utf_8_or_windows_1252_and_noted():
    read = read_mail(mail.bad_charset())
    assert read.subject == "Café licence refused"
    assert read.text.startswith("My café licence was refused without a reason – I want one.")
    assert "\x00" not in read.text
    assert read.problems == ("text not in its declared charset 'x-unknown-charset'",)


def test_undecodable_bytes_never_raise_and_are_noted():
    read = read_mail(mail.undecodable_base64())
    assert read.subject == "Broken body"
    assert read.problems


def test_raw_eight_bit_headers_are_read_as_utf_8_or_windows_1252():
    raw = b"From: Si\xe2n <sian@example.org>\r\nSubject: caf\xc3\xa9 licence\r\n\r\nx\r\n"
    read = read_mail(raw)
    assert (read.sender_name, read.subject) == ("Siân", "café licence")


def test_a_message_without_message_id_is_known_by_the_hash_of_its_bytes():
    raw = mail.no_message_id()
    first, again = read_mail(raw), read_mail(raw)
    assert first.key.startswith("sha256:") and first.key == again.key
    assert read_mail(raw + b"\r\nmore").key != first.key


def test_a_very_long_message_id_is_kept_as_its_hash():
    raw = mail.plain(message_id="<" + "x" * 400 + "@example.org>")
    assert read_mail(raw).key.startswith("sha256:")


@pytest.mark.parametrize(
    ("subject", "text", "found"),
    [
        ("Re: PR-2026-000001", "", ("PR-2026-000001",)),
        ("About pr 2026 000042", "", ("PR-2026-000042",)),
        ("Hello", "Your reference is PR-2027-1234567.", ("PR-2027-1234567",)),
        (
            "PR-2026-000002",
            "see PR-2026-000001 and PR-2026-000002",
            ("PR-2026-000002", "PR-2026-000001"),
        ),
        ("XPR-2026-000001", "PR-2026-00001 is too short; PR-2026-٠٠٠٠٠١ is not ASCII", ()),
    ],
)
def test_case_references_are_found_in_the_subject_then_the_body(subject, text, found):
    assert reading.references_in(subject, text) == found


def test_a_reply_quoting_a_reference_in_its_body_is_found():
    read = read_mail(mail.reply_quoting("PR-2026-000007"))
    assert read.references == ("PR-2026-000007",)
    assert [p.name for p in read.attachments] == ["letter-from-july.pdf"]


@pytest.mark.parametrize(
    ("raw", "kind", "because"),
    [
        (mail.bounce(), BOUNCE, "Content-Type: multipart/report"),
        (mail.empty_return_path(), BOUNCE, "Return-Path: <>"),
        (
            mail.plain(sender="MAILER-DAEMON@mx.example.org"),
            BOUNCE,
            "From: mailer-daemon@mx.example.org",
        ),
        (mail.auto_reply(), AUTO_REPLY, "Auto-Submitted: auto-replied"),
        (mail.auto_reply("Away", X_Autoreply="yes"), AUTO_REPLY, "x-autoreply"),
        (mail.auto_reply("Away", Precedence="bulk"), AUTO_REPLY, "Precedence: bulk"),
        (mail.auto_reply("Away", Precedence="auto_reply"), AUTO_REPLY, "Precedence: auto_reply"),
        (
            mail.auto_reply("Out of Office: back Monday", X_Mailer="Outlook"),
            AUTO_REPLY,
            "Subject: Out of Office: back Monday",
        ),
        (
            mail.auto_reply("Allan o’r swyddfa", X_Mailer="Outlook"),
            AUTO_REPLY,
            "Subject: Allan o’r swyddfa",
        ),
        (mail.from_us(), OWN_MAIL, f"From: {mail.COUNCIL}"),
    ],
)
def test_mail_no_person_wrote_is_recognised(raw: bytes, kind: str, because: str):
    read = read_mail(raw, own_addresses=OURS)
    assert (read.automatic, read.automatic_because) == (kind, because)


def test_auto_submitted_no_is_a_person_writing():
    raw = mail.auto_reply("My complaint", Auto_Submitted="no")
    assert read_mail(raw).automatic == ""


def test_a_from_without_an_address_gives_no_sender_address():
    assert read_mail(mail.without_sender()).sender_email == ""
