"""``putright fetch-mail`` and the ``fetch_mail`` task: what they print, and one clear line with
exit status 2 for every setting or mailbox that is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from putright.inbound.models import Outcome
from putright.inbound.tasks import fetch_mail
from tests.inbound import mail
from tests.inbound.conftest import MaildirFolder, free_port

ROOT = Path(__file__).resolve().parents[2]


def refusal(**options: Any) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("fetch-mail", **options)
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("", "INBOUND_MAIL_URL is not set"),
        ("pop3://u:p@mail.example.org/INBOX", "INBOUND_MAIL_URL has an unknown scheme 'pop3'"),
        ("maildir://relative/path", "a Maildir is named by its absolute path"),
        ("imaps://mail.example.org/INBOX", "INBOUND_MAIL_URL needs a user name and password"),
        ("imap://u:p@mail.example.org:99999/INBOX", "is not a URL Putright understands"),
        ("imap://u:p@mail.example.org/Caf%C3%A9", "must be a plain name in ASCII"),
    ],
)
def test_a_mailbox_url_that_is_wrong_is_named_in_one_line(url, says, settings, org):
    settings.INBOUND_MAIL_URL = url
    assert says in refusal()


def test_a_folder_that_is_not_a_maildir_is_named(settings, tmp_path, org):
    settings.INBOUND_MAIL_URL = f"maildir://{tmp_path}"
    assert (
        refusal()
        == f"INBOUND_MAIL_URL: {tmp_path} is not a Maildir (it has no cur, new, tmp folder)."
    )


def test_an_imap_server_that_does_not_answer_is_named_without_the_password(settings, org):
    port = free_port()
    settings.INBOUND_MAIL_URL = f"imap://complaints:s3cret@127.0.0.1:{port}/INBOX"
    message = refusal()
    assert message.startswith(f"cannot reach the IMAP server at 127.0.0.1:{port} (")
    assert "s3cret" not in message


def test_a_procedure_the_organisation_does_not_offer_is_refused(maildir, settings, org):
    settings.INBOUND_PROCEDURE = "no-such-procedure"
    assert refusal() == (
        "INBOUND_PROCEDURE must be one of the procedures this organisation offers "
        "(two-stage-review, service-complaint), not 'no-such-procedure'."
    )


@pytest.mark.parametrize(
    ("limit", "says"),
    [("0", "--limit: must be 1 or more"), ("many", "--limit: 'many' is not a whole number")],
)
def test_a_limit_that_is_not_a_count_is_refused(limit, says, maildir, org):
    assert refusal(limit=limit) == says


def test_from_the_command_line_a_wrong_setting_is_one_line_and_exit_status_2(tmp_path):
    env = {
        **os.environ,
        "INBOUND_MAIL_URL": "ftp://mail.example.org/",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "PUTRIGHT_VAR_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "putright" / "manage.py"), "fetch-mail"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "CommandError: INBOUND_MAIL_URL has an unknown scheme 'ftp': use "
        "imap://user:password@host:143/INBOX, imaps://user:password@host:993/INBOX or "
        "maildir:///path."
    ]


def test_the_command_prints_how_many_messages_came_to_each_outcome(maildir, org, capsys):
    maildir.deliver(mail.plain())
    maildir.deliver(mail.auto_reply())
    call_command("fetch-mail")
    assert capsys.readouterr().out.strip() == (
        f"2 messages read from maildir://{maildir.root} "
        "(Automatic reply: not a complaint: 1; New complaint: 1)"
    )
    call_command("fetch-mail")
    assert capsys.readouterr().out.strip() == f"0 messages read from maildir://{maildir.root}"


def test_the_task_takes_mail_and_says_what_it_did(maildir: MaildirFolder, org):
    maildir.deliver(mail.plain())
    maildir.deliver(mail.bounce())
    assert fetch_mail.call() == {
        Outcome.BOUNCE: 1,
        Outcome.NEW_COMPLAINT: 1,
        "already-taken": 0,
        "unavailable": 0,
    }


def test_the_task_runs_on_the_task_queue(maildir: MaildirFolder, org, settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    maildir.deliver(mail.plain())
    result = fetch_mail.enqueue()
    assert result.return_value[Outcome.NEW_COMPLAINT] == 1


def test_without_a_mailbox_the_task_does_nothing(settings, org):
    settings.INBOUND_MAIL_URL = ""
    assert fetch_mail.call() == {}
