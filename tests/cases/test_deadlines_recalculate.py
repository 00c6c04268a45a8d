"""Running deadlines follow new calendar data: the command and the daily task (ADR 0010)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import TaskResultStatus

from putright.cases import tasks
from putright.cases.models import AuditEntry, Complaint, Event, OrganisationSettings

from .conftest import act


@pytest.fixture
def running(make_complaint, staff) -> Complaint:
    """Stage 1 running: received Thu 1 Oct 2026, due 30 working days later, 12 Nov 2026."""
    complaint = act("accept", make_complaint("two-stage-review"), staff["caseworker"])
    assert complaint.current_due_on == date(2026, 11, 12)
    return complaint


def close_on(day: date) -> None:
    """A closure day written straight into the settings, as new calendar data arrives: nothing
    has moved the deadlines yet."""
    org = OrganisationSettings.objects.get()
    org.closures = {**org.closures, day.isoformat(): "Office move"}
    org.save(update_fields=["closures"])


def test_the_command_moves_a_running_deadline_past_a_new_closure_day(running, org):
    close_on(date(2026, 10, 20))
    out = StringIO()

    call_command("deadlines-recalculate", stdout=out)

    assert out.getvalue().strip() == "1 case moved"
    running.refresh_from_db()
    assert running.current_due_on == date(2026, 11, 13)
    assert running.stages.get().due_on == date(2026, 11, 13)
    moved = Event.objects.get(complaint=running, kind="deadline-moved")
    assert moved.data["reason"] == tasks.CALENDAR_CHANGED
    assert (moved.data["before"], moved.data["after"]) == ("2026-11-12", "2026-11-13")
    entry = AuditEntry.objects.get(complaint=running, action="deadlines-recalculated")
    assert entry.actor is None
    assert entry.actor_name == "deadlines-recalculate"


def test_the_command_says_why_when_told_and_nothing_moves_twice(running, org):
    close_on(date(2026, 10, 20))
    call_command("deadlines-recalculate", "--reason", "New bank holiday data", stdout=StringIO())
    moved = Event.objects.get(complaint=running, kind="deadline-moved")
    assert moved.data["reason"] == "New bank holiday data"

    out = StringIO()
    call_command("deadlines-recalculate", stdout=out)
    assert out.getvalue().strip() == "0 cases moved"


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501, "bad\x00reason"])
def test_a_blank_or_unusable_reason_is_one_line_and_exit_status_2(reason, org):
    with pytest.raises(CommandError) as refused:
        call_command("deadlines-recalculate", "--reason", reason, stdout=StringIO())
    assert refused.value.returncode == 2
    assert "\n" not in str(refused.value)
    assert str(refused.value).startswith("--reason:")


@pytest.mark.tasks
def test_the_daily_task_moves_the_same_deadline(running, org, task_queue):
    close_on(date(2026, 10, 20))

    result = tasks.recalculate_deadlines.enqueue()
    assert task_queue.run() == 1
    result.refresh()

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 1
    running.refresh_from_db()
    assert running.current_due_on == date(2026, 11, 13)
    assert AuditEntry.objects.get(action="deadlines-recalculated").actor_name == (
        tasks.RECALCULATOR
    )
    again = tasks.recalculate_deadlines.enqueue()
    task_queue.run()
    again.refresh()
    assert again.return_value == 0
