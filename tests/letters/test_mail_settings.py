"""Where mail goes: EMAIL_URL in every environment; without it, development keeps each message as
an .eml file that any mail program opens."""

from __future__ import annotations

import os
import subprocess
import sys
from email import message_from_bytes, policy
from pathlib import Path

from django.core.mail import EmailMultiAlternatives

from putright.letters.mailbox import EmlFileBackend

PUTRIGHT = Path(sys.executable).parent / "putright"
SHOW = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
    "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, getattr(s, 'EMAIL_USE_SSL', False))"
)


def settings_with(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "PUTRIGHT_"))}
    return subprocess.run(
        [str(PUTRIGHT), "shell", "--no-imports", "-c", SHOW],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_email_url_sets_the_smtp_server_in_every_environment():
    shown = settings_with(EMAIL_URL="smtp+tls://mailer:s%40cret@mail.example.org:587")
    assert shown.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "587",
        "mailer",
        "s@cret",
        "True",
        "False",
    ]
    implicit = settings_with(EMAIL_URL="smtp+ssl://mail.example.org:465")
    assert implicit.stdout.split()[-2:] == ["False", "True"]


def test_without_email_url_development_keeps_mail_in_files():
    shown = settings_with()
    assert shown.stdout.split()[0] == "putright.letters.mailbox.EmlFileBackend"


def test_a_malformed_email_url_is_named_in_one_line():
    shown = settings_with(EMAIL_URL="carrier-pigeon://loft")
    assert shown.returncode != 0
    assert "EMAIL_URL" in shown.stderr.strip().splitlines()[-1]


def test_the_file_backend_writes_one_eml_file_per_message(tmp_path):
    email = EmailMultiAlternatives(
        "Eich cwyn", "Annwyl Ffion,", "complaints@council.example", ["ffion@example.invalid"]
    )
    email.attach_alternative("<p>Annwyl Ffion,</p>", "text/html")
    email.attach("letter.pdf", b"%PDF-1.7 test", "application/pdf")

    assert EmlFileBackend(file_path=tmp_path).send_messages([email, email]) == 2

    files = sorted(tmp_path.glob("*.eml"))
    assert len(files) == 2
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["To"] == "ffion@example.invalid"
    assert parsed.get_body(preferencelist=("plain",)).get_content().strip() == "Annwyl Ffion,"
