"""Real-looking email, built with Python's ``email`` package the way mail programs build it:
each function returns the bytes a mail server would store."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from pypdf import PdfWriter

COUNCIL = "complaints@council.example"
WHEN = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def pdf_bytes() -> bytes:
    """A real one-page PDF that the upload rules accept."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def base(
    subject: str,
    *,
    sender: str = "Ffion Jones <ffion.jones@example.org>",
    message_id: str | None = "",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = f"Putright Demo Council <{COUNCIL}>"
    message["Subject"] = subject
    message["Date"] = format_datetime(WHEN)
    if message_id is not None:
        message["Message-ID"] = message_id or make_msgid(domain="example.org")
    return message


def plain(
    subject: str = "Complaint about my bin collection",
    text: str = (
        "Hello,\n\nMy bins have not been collected for three weeks running. I rang on "
        "2 November and was promised a visit that never came.\n\nPlease collect them and "
        "tell me why this keeps happening.\n\nFfion Jones\n"
    ),
    **kwargs: object,
) -> bytes:
    message = base(subject, **kwargs)  # type: ignore[arg-type]
    message.set_content(text)
    return message.as_bytes()


def html_only() -> bytes:
    message = base("Rude reply from the housing office", sender="Dafydd Evans <dafydd@example.net>")
    message.set_content(
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Dear Council,</p><p>The officer I spoke to on <b>12 November</b> was rude and "
        "put the phone down on me.</p><ul><li>First call: 10am</li><li>Second call: 2pm</li>"
        "</ul><script>track()</script><p>Dafydd</p></body></html>",
        subtype="html",
    )
    return message.as_bytes()


def with_pdf(name: str = "parking-notice.pdf", content: bytes | None = None) -> bytes:
    message = base("Parking fine issued in error", sender="Sam Patel <sam.patel@example.com>")
    message.set_content("The attached notice was issued while I had a valid permit.\n")
    message.add_alternative(
        "<p>The attached notice was issued while I had a valid permit.</p>", subtype="html"
    )
    message.add_attachment(
        content if content is not None else pdf_bytes(),
        maintype="application",
        subtype="pdf",
        filename=name,
    )
    return message.as_bytes()


def disguised_pdf() -> bytes:
    """A web page sent as a PDF: the upload rules refuse it by its content."""
    return with_pdf(
        "statement.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    )


def huge_attachment() -> bytes:
    """A file over the upload rules' 10 MB limit."""
    return with_pdf("scan-of-everything.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 10))


def bounce(original_subject: str = "Your complaint PR-2026-000001") -> bytes:
    """A delivery status notification (RFC 3464) for an acknowledgement we sent, as Postfix
    writes one: parsed back with the ``email`` package to check it holds together."""
    raw = (
        "Return-Path: <>\r\n"
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r\n"
        f"To: {COUNCIL}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <20261123093001.DSN1@mx.example.org>\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status;\r\n"
        '\tboundary="dsn-boundary"\r\n'
        "\r\n"
        "--dsn-boundary\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        "This is the mail system at host mx.example.org.\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n"
        "\r\n"
        "--dsn-boundary\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n"
        "\r\n"
        "Final-Recipient: rfc822; gone@example.org\r\n"
        "Action: failed\r\n"
        "Status: 5.1.1\r\n"
        "\r\n"
        "--dsn-boundary\r\n"
        "Content-Type: text/rfc822-headers\r\n"
        "\r\n"
        f"From: {COUNCIL}\r\n"
        "To: gone@example.org\r\n"
        f"Subject: {original_subject}\r\n"
        "\r\n"
        "--dsn-boundary--\r\n"
    ).encode("ascii")
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed.get_content_type() == "multipart/report" and not parsed.defects
    return raw


def empty_return_path() -> bytes:
    message = base("Delivery failure", sender="postmaster@example.org")
    message["Return-Path"] = "<>"
    message.set_content("Your message to gone@example.org could not be delivered.\n")
    return message.as_bytes()


def auto_reply(
    subject: str = "Automatic reply: Your complaint PR-2026-000001", **headers: str
) -> bytes:
    message = base(subject, sender="Ffion Jones <ffion.jones@example.org>")
    for name, value in (headers or {"Auto-Submitted": "auto-replied"}).items():
        message[name.replace("_", "-")] = value
    message.set_content("I am out of the office until Monday 30 November.\n")
    return message.as_bytes()


def bad_charset() -> bytes:
    """Windows-1252 text labelled with a charset nobody knows, and a subject whose encoded word
    names it too: read as well as can be, never a crash."""
    return (
        b"From: Gareth Morgan <gareth@example.org>\r\n"
        b"To: complaints@council.example\r\n"
        b"Subject: =?x-unknown-charset?Q?Caf=E9_licence_refused?=\r\n"
        b"Message-ID: <bad-charset-1@example.org>\r\n"
        b"Date: Mon, 23 Nov 2026 09:30:00 +0000\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=x-unknown-charset\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n"
        b"\r\n"
        b"My caf\xe9 licence was refused without a reason \x96 I want one.\r\n"
        b"Stray bytes: \x81\x8d\xff\x00 end.\r\n"
    )


def undecodable_base64() -> bytes:
    """A body that says UTF-8 and base64 but is neither."""
    return (
        b"From: Gareth Morgan <gareth@example.org>\r\n"
        b"Subject: Broken body\r\n"
        b"Message-ID: <broken-body-1@example.org>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b"\r\n"
        b"!!!not base64 at all \xff\xfe ###\r\n"
    )


def no_message_id() -> bytes:
    return plain(
        "Noise from the depot at night",
        "The depot next to my house runs lorries from 3am every night.\n",
        sender="Alex Kim <alex.kim@example.com>",
        message_id=None,
    )


def reply_quoting(reference: str, *, with_pdf_attached: bool = True) -> bytes:
    """A reply to our acknowledgement: the reference is in the quoted letter, not the subject."""
    message = base(
        "Re: We have received your complaint", sender="Ffion Jones <ffion.jones@example.org>"
    )
    message["In-Reply-To"] = "<ack-1@council.example>"
    message.set_content(
        "Here is the letter I mentioned, and the bins were missed again today.\n\n"
        "On 23 Nov 2026, complaints@council.example wrote:\n"
        f"> Thank you for your complaint. Your reference is {reference}.\n"
        "> We will reply within 20 working days.\n"
    )
    if with_pdf_attached:
        message.add_attachment(
            pdf_bytes(), maintype="application", subtype="pdf", filename="letter-from-july.pdf"
        )
    return message.as_bytes()


def welsh() -> bytes:
    """Welsh, as Welsh mail programs send it: UTF-8, quoted-printable, an encoded-word subject
    and sender name."""
    message = base(
        "Cwyn am y casgliad sbwriel – dim casgliad ers pythefnos",
        sender="Siân Llŷr <sian.llyr@example.cymru>",
    )
    message.set_content(
        "Annwyl Gyngor,\n\nMae'r biniau heb eu casglu ers pythefnos ac rydw i wedi ffonio "
        "dair gwaith. Hoffwn i chi eu casglu a dweud wrthyf pam mae hyn wedi digwydd.\n\n"
        "Diolch,\nSiân Llŷr\n",
        cte="quoted-printable",
    )
    return message.as_bytes()


def from_us() -> bytes:
    """One of our own letters come back to our own mailbox."""
    return plain(
        "Your complaint PR-2026-000001", "We have received your complaint.\n", sender=COUNCIL
    )


def without_sender() -> bytes:
    return plain("No one", "Who sent this?\n", sender="undisclosed-recipients:;")
