"""The daily sweep tells each member of staff what is due: the stages they handle, the unassigned
and overdue cases of the teams a manager runs, and the lesson actions they own; each digest
once a day, with only references, due dates and links."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from putright.accounts.models import Role, StaffUser
from putright.cases.models import Lesson, LessonAction
from putright.letters.models import MessageStatus
from putright.policy import format_date
from putright.reminders import digests
from putright.reminders.sweep import idempotency_key, send_reminders
from tests.concurrency import at_the_same_moment
from tests.reminders.conftest import (
    BASE_URL,
    PERSON,
    TODAY,
    WHAT_WENT_WRONG,
    digest_for,
    due,
    next_working_day,
    reminders,
    working_days_before,
)

pytestmark = pytest.mark.django_db


def case_url(complaint_id: int) -> str:
    return f"{BASE_URL}/staff/cases/{complaint_id}/"


def test_a_caseworker_is_told_of_the_stages_they_handle_that_fall_due(open_stage, staff):
    stage = open_stage(assignee="caseworker")
    day = working_days_before(due(stage), 2)

    sweep = send_reminders(day)

    assert sweep.working_day and sweep.queued == 1
    message = digest_for("caseworker")
    assert message is not None
    assert message.idempotency_key == idempotency_key("stages", staff["caseworker"].pk, day)
    assert message.letter is None and message.complaint is None
    assert message.status == MessageStatus.QUEUED
    assert format_date(day, "en") in message.subject
    for body in (message.text, message.html):
        assert stage.complaint.reference in body
        assert "Stage 1 review" in body
        assert format_date(due(stage), "en") in body
        assert "2 working days left" in body
        assert case_url(stage.complaint_id) in body
        assert "1 due soon" in body
    assert '<html lang="en' in message.html


def test_a_digest_names_nothing_about_the_complainant_but_the_reference_and_date(open_stage):
    stage = open_stage(assignee="caseworker")
    send_reminders(working_days_before(due(stage), 1))

    message = digest_for("caseworker")
    assert message is not None
    everything = " ".join([message.subject, message.text, message.html])
    for private in (
        PERSON.full_name,
        "Ffion",
        PERSON.email,
        PERSON.phone,
        WHAT_WENT_WRONG,
        "housing benefit",
    ):
        assert private not in everything


def test_each_caseworker_sees_only_their_own_cases(open_stage, staff):
    mine = open_stage(assignee="caseworker")
    theirs = open_stage(assignee="caseworker2")
    send_reminders(working_days_before(due(mine), 1))

    own, other = digest_for("caseworker"), digest_for("caseworker2")
    assert own is not None and other is not None
    assert mine.complaint.reference in own.text
    assert theirs.complaint.reference not in own.text + own.html
    assert theirs.complaint.reference in other.text
    assert mine.complaint.reference not in other.text + other.html
    assert case_url(theirs.complaint_id) not in own.html


def test_a_stage_with_a_reviewer_is_the_reviewers_to_answer(open_stage):
    stage = open_stage(assignee="caseworker", reviewer="reviewer")
    send_reminders(working_days_before(due(stage), 1))

    reviewer = digest_for("reviewer")
    assert reviewer is not None and stage.complaint.reference in reviewer.text
    assert digest_for("caseworker") is None


@pytest.mark.parametrize(
    ("working_days_ahead", "listed"),
    [(0, True), (1, True), (3, True), (4, False), (10, False)],
)
def test_due_soon_means_within_the_setting_in_working_days(open_stage, working_days_ahead, listed):
    stage = open_stage(assignee="caseworker")
    send_reminders(working_days_before(due(stage), working_days_ahead))

    message = digest_for("caseworker")
    assert (message is not None) is listed
    if listed:
        assert stage.complaint.reference in message.text
        if working_days_ahead == 0:
            assert f"due {format_date(due(stage), 'en')} (today)" in message.text
        assert re.search(r"\d+ overdue", message.text) is None


def test_working_days_not_calendar_days_count_towards_due_soon(open_stage):
    """Three working days before a Monday is the Wednesday before it: five calendar days. A
    sweep on that Wednesday lists the case, one on the Tuesday does not."""
    stage = open_stage(assignee="caseworker")
    monday = due(stage)
    while monday.weekday() != 0:
        monday += timedelta(days=1)
    stage.due_on = monday  # where a recalculation would store it on that calendar
    stage.save(update_fields=["due_on"])
    wednesday, tuesday = monday - timedelta(days=5), monday - timedelta(days=6)
    assert working_days_before(monday, 3) == wednesday

    send_reminders(tuesday)
    assert digest_for("caseworker") is None
    send_reminders(wednesday)
    message = digest_for("caseworker")
    assert message is not None and stage.complaint.reference in message.text


def test_the_day_after_the_due_date_the_stage_is_overdue(open_stage):
    stage = open_stage(assignee="caseworker")
    day = next_working_day(due(stage))
    send_reminders(day)

    message = digest_for("caseworker")
    assert message is not None
    assert "1 overdue" in message.text
    assert "Overdue by 1 working day" in message.text
    assert re.search(r"\d+ due soon", message.text) is None


def test_the_setting_moves_the_horizon(open_stage, settings):
    stage = open_stage(assignee="caseworker")
    settings.PUTRIGHT_REMINDER_WORKING_DAYS = 5
    send_reminders(working_days_before(due(stage), 5))
    assert digest_for("caseworker") is not None


def test_an_extension_is_the_date_that_counts(open_stage):
    stage = open_stage(assignee="caseworker")
    target = due(stage)
    stage.extended_due_on = target + timedelta(days=28)
    stage.save(update_fields=["extended_due_on"])

    send_reminders(working_days_before(target, 1))
    assert digest_for("caseworker") is None
    send_reminders(working_days_before(stage.extended_due_on, 1))
    assert digest_for("caseworker") is not None


def test_answered_stages_and_closed_cases_are_not_reminded(open_stage):
    stage = open_stage(assignee="caseworker")
    stage.responded_on = TODAY
    stage.save(update_fields=["responded_on"])
    send_reminders(next_working_day(due(stage)))
    assert digest_for("caseworker") is None


def test_nobody_without_an_email_address_or_no_longer_active_is_sent_anything(open_stage, staff):
    first = open_stage(assignee="caseworker")
    open_stage(assignee="caseworker2")
    StaffUser.objects.filter(pk=staff["caseworker"].pk).update(email="")
    StaffUser.objects.filter(pk=staff["caseworker2"].pk).update(is_active=False)
    send_reminders(working_days_before(due(first), 1))
    assert digest_for("caseworker") is None and digest_for("caseworker2") is None


def test_a_long_list_shows_the_soonest_and_counts_the_rest(open_stage, monkeypatch):
    monkeypatch.setattr(digests, "DIGEST_LIST_LIMIT", 2)
    stages = [open_stage(TODAY - timedelta(days=n), assignee="caseworker") for n in range(4)]
    soonest = sorted(stages, key=due)
    send_reminders(next_working_day(due(soonest[-1])))

    message = digest_for("caseworker")
    assert message is not None
    assert "4 overdue" in message.text
    assert soonest[0].complaint.reference in message.text
    assert soonest[1].complaint.reference in message.text
    assert soonest[2].complaint.reference not in message.text
    assert "and 2 more: see the work queue" in message.text
    assert f"{BASE_URL}/staff/cases/?view=overdue" in message.text


# -- complaints managers -----------------------------------------------------------------------


def test_a_manager_hears_of_unassigned_and_overdue_cases(record, open_stage, staff):
    waiting = record()  # in triage, assigned to nobody
    late = open_stage(TODAY - timedelta(days=70), assignee="caseworker")
    assert due(late) < TODAY
    send_reminders(TODAY)

    message = digest_for("manager", "manager")
    assert message is not None
    assert "1 unassigned" in message.text
    assert f"{waiting.reference}, New: awaiting triage: due " in message.text
    assert "1 overdue" in message.text
    assert late.complaint.reference in message.text
    assert case_url(waiting.pk) in message.html
    assert f"{BASE_URL}/staff/cases/" in message.text
    # The caseworker hears of the overdue stage too, in their own digest.
    caseworker = digest_for("caseworker")
    assert caseworker is not None and waiting.reference not in caseworker.text


def test_a_manager_hears_of_their_own_teams_and_those_without_a_manager(
    record, staff, teams, settings
):
    north = record(team="north")
    south = record(team="south")
    send_reminders(TODAY)
    message = digest_for("manager", "manager")
    assert message is not None
    assert north.reference in message.text and south.reference in message.text

    StaffUser.objects.create_user(
        username="south_manager",
        password="a-long-test-password-9",
        email="south_manager@council.example",
        role=Role.COMPLAINTS_MANAGER,
        grade=7,
        team=teams["south"],
    )
    tomorrow = next_working_day(TODAY)
    send_reminders(tomorrow)
    north_digest = digest_for("manager", "manager")
    south_digest = digest_for("south_manager", "manager")
    assert north_digest is not None and south_digest is not None
    assert north.reference in north_digest.text and south.reference not in north_digest.text
    assert south.reference in south_digest.text and north.reference not in south_digest.text


def test_caseworkers_and_auditors_get_no_manager_digest(record):
    record()
    send_reminders(TODAY)
    kinds = {m.idempotency_key.split("-")[1] for m in reminders()}
    assert kinds == {"manager"}
    assert [m.to for m in reminders()] == ["manager@council.example"]


# -- lesson actions ----------------------------------------------------------------------------


def test_owners_of_lesson_actions_falling_due_are_reminded(record, staff):
    complaint = record()
    lesson = Lesson.objects.create(
        complaint=complaint, summary="Letters went unanswered", owner=staff["manager"]
    )
    soon = LessonAction.objects.create(
        lesson=lesson,
        description="Train the team on the post log",
        owner=staff["reviewer"],
        due_on=TODAY + timedelta(days=2),
    )
    LessonAction.objects.create(
        lesson=lesson,
        description="Already done",
        owner=staff["reviewer"],
        due_on=TODAY - timedelta(days=1),
        done_on=TODAY - timedelta(days=2),
    )
    LessonAction.objects.create(
        lesson=lesson, description="Later", owner=staff["reviewer"], due_on=TODAY + timedelta(60)
    )
    send_reminders(TODAY)

    message = digest_for("reviewer", "lessons")
    assert message is not None
    assert "1 due soon" in message.text
    assert complaint.reference in message.text
    assert format_date(soon.due_on, "en") in message.text
    assert "Lesson action" in message.text
    assert "post log" not in message.text  # staff-written text stays on the case page
    assert re.search(r"\d+ overdue", message.text) is None


# -- once a day --------------------------------------------------------------------------------


def test_a_second_sweep_the_same_day_sends_nothing_again(
    open_stage, record, django_capture_on_commit_callbacks, enqueued
):
    stage = open_stage(assignee="caseworker")
    record()
    day = working_days_before(due(stage), 1)

    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(day)
    with django_capture_on_commit_callbacks(execute=True):
        second = send_reminders(day)

    assert (first.queued, first.already) == (2, 0)
    assert (second.queued, second.already) == (0, 2)
    messages = reminders()
    assert len(messages) == 2
    assert sorted(m.to for m in messages) == [
        "caseworker@council.example",
        "manager@council.example",
    ]
    sends = [r for r in enqueued if r.task.name == "send_message"]
    assert sorted(r.args[0] for r in sends) == sorted(m.pk for m in messages)


def test_the_next_day_brings_a_new_digest(open_stage):
    stage = open_stage(assignee="caseworker")
    day = working_days_before(due(stage), 2)
    send_reminders(day)
    send_reminders(next_working_day(day))
    assert len([m for m in reminders() if m.to == "caseworker@council.example"]) == 2


def test_no_digest_on_a_day_nobody_works(open_stage, enqueued):
    stage = open_stage(assignee="caseworker")
    saturday = due(stage) - timedelta(days=(due(stage).weekday() - 5) % 7)
    assert saturday.weekday() == 5

    sweep = send_reminders(saturday)

    assert not sweep.working_day
    assert reminders() == [] and enqueued == []


def test_nothing_due_sends_nothing(open_stage):
    stage = open_stage(assignee="caseworker")
    send_reminders(working_days_before(due(stage), 10))
    assert reminders() == []


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_write_each_digest_once(open_stage, record):
    stage = open_stage(assignee="caseworker")
    record()
    day = working_days_before(due(stage), 1)

    sweeps = at_the_same_moment(lambda: send_reminders(day))

    assert sum(sweep.digests for sweep in sweeps) == 4
    assert sorted(m.to for m in reminders()) == [
        "caseworker@council.example",
        "manager@council.example",
    ]
