"""``putright reminders-send`` and the task the scheduler queues."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from putright.reminders.tasks import send_reminder_digests
from tests.reminders.conftest import TODAY, due, reminders, working_days_before

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("reminders-send", *args, stdout=out)
    return out.getvalue()


def test_the_command_sends_todays_digests_and_says_how_many(open_stage):
    stage = open_stage(assignee="caseworker")
    day = working_days_before(due(stage), 1).isoformat()

    assert (
        run("--date", day)
        == f"Reminders for {day}: 1 queued to send, 0 already queued earlier that day.\n"
    )
    assert (
        run("--date", day)
        == f"Reminders for {day}: 0 queued to send, 1 already queued earlier that day.\n"
    )
    assert len(reminders()) == 1


def test_the_command_defaults_to_today(record):
    record()
    assert run().startswith(f"Reminders for {TODAY.isoformat()}: 1 queued")


def test_the_command_says_when_the_day_is_not_a_working_day(db):
    assert run("--date", "2026-12-26") == "2026-12-26 is not a working day: no reminders sent.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "26/12/2026"], "--date: '26/12/2026' is not a date; use YYYY-MM-DD"),
        (["--date", "2026-02-30"], "--date: '2026-02-30' is not a date; use YYYY-MM-DD"),
        (["--date", "1969-12-31"], "--date: 1969-12-31 is outside the dates"),
        (["--working-days", "-1"], "--working-days: must be 0 or more, not -1"),
        (["--working-days", "three"], "--working-days: 'three' is not a whole number"),
        (["--working-days", "61"], "--working-days: must be at most 60"),
        (["--date", "2100-12-30"], "--date: 2100-12-30 is too near 2100-12-31"),
    ],
)
def test_bad_input_is_one_clear_line_and_status_2(db, args, message):
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
    assert raised.value.returncode == 2


def test_from_the_command_line_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "putright.manage", "reminders-send", "--date", "tomorrow"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}", "PATH": "/usr/bin"},
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "--date: 'tomorrow' is not a date; use YYYY-MM-DD" in lines[0]


def test_the_task_runs_the_sweep_and_returns_how_many_it_queued(open_stage):
    stage = open_stage(assignee="caseworker")
    day = working_days_before(due(stage), 1).isoformat()
    assert send_reminder_digests.call(day) == 1
    assert send_reminder_digests.call(day) == 0
