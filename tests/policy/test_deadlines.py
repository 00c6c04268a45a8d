"""Deadlines of each procedure, including every worked example in PROCEDURES.md."""

from __future__ import annotations

from datetime import date

import pytest

from putright.policy import (
    Calendar,
    UnknownStep,
    complaint_time_limit,
    due_date,
    escalation_deadline,
    response_clock_start,
    response_due_date,
)

D = date


# --- PROCEDURES.md "Worked examples", one test each ---------------------------------------------


def test_received_fri_4_dec_2026_acknowledge_within_5_working_days(service, two_stage, ew):
    for procedure in (service, two_stage):
        result = due_date(procedure, "acknowledge", D(2026, 12, 4), ew)
        assert result.value == D(2026, 12, 11)
        assert result.render().startswith("Received Friday 4 December 2026.")


def test_received_fri_4_dec_2026_senior_manager_20_working_days(service, ew):
    result = due_date(service, "senior-manager", D(2026, 12, 4), ew)
    assert result.value == D(2027, 1, 6)
    assert [s[0] for s in result.explanation.skipped] == [
        D(2026, 12, 25),
        D(2026, 12, 28),
        D(2027, 1, 1),
    ]
    assert result.explanation.rule_params["clause"] == "senior-manager.target"


def test_received_tue_31_mar_2026_stage_1_30_working_days(two_stage, ew):
    result = due_date(two_stage, "stage-1", D(2026, 3, 31), ew)
    assert result.value == D(2026, 5, 15)
    assert [s[1] for s in result.explanation.skipped] == [
        "Good Friday",
        "Easter Monday",
        "Early May bank holiday",
    ]


def test_escalation_asked_fri_29_jan_2027_scotland_stage_2_20_working_days(two_stage):
    result = due_date(two_stage, "stage-2", D(2027, 1, 29), Calendar("scotland"))
    assert result.value == D(2027, 2, 26)
    assert result.explanation.skipped == ()
    assert result.render().startswith("Asked for the next stage Friday 29 January 2027.")


def test_event_mon_30_nov_2026_two_stage_review_3_months(two_stage):
    result = complaint_time_limit(two_stage, D(2026, 11, 30), None)
    assert result.value == D(2027, 2, 28)
    assert "There is no 30 February 2027" in result.render()
    assert result.explanation.rule_params["clause"] == "time-limit"


def test_stage_1_response_wed_31_mar_2027_1_month_to_escalate(two_stage):
    result = escalation_deadline(two_stage, "stage-1", D(2027, 3, 31))
    assert result.value == D(2027, 4, 30)
    assert result.render() == (
        "Response sent Wednesday 31 March 2027. 1 calendar month after that is Friday 30 April "
        "2027. There is no 31 April 2027, so the last day of that month is used. Last day to ask "
        "for the stage 2 review by the Business Assurance Team: Friday 30 April 2027."
    )
    assert result.explanation.rule_params["clause"] == "stage-1.escalation"


def test_event_2_mar_2027_found_out_20_mar_2027_service_complaint_1_month(service):
    result = complaint_time_limit(service, D(2027, 3, 2), D(2027, 3, 20))
    assert result.value == D(2027, 4, 20)
    assert result.explanation.start_kind == "awareness"
    assert "The later of the event" in result.render()
    assert "Y diweddaraf o ddyddiad y digwyddiad" in result.render("cy")


# --- other deadline rules -----------------------------------------------------------------------


def test_service_complaint_uses_the_event_when_they_found_out_earlier(service):
    result = complaint_time_limit(service, D(2027, 3, 20), D(2027, 3, 2))
    assert result.value == D(2027, 4, 20)
    assert result.explanation.start_kind == "event"


def test_service_complaint_without_a_found_out_date_uses_the_event(service):
    assert complaint_time_limit(service, D(2027, 3, 2)).value == D(2027, 4, 2)


def test_two_stage_review_ignores_the_found_out_date(two_stage):
    result = complaint_time_limit(two_stage, D(2026, 11, 30), D(2027, 1, 15))
    assert result.value == D(2027, 2, 28)


def test_steps_without_a_target_are_not_due(service, two_stage, ew):
    with pytest.raises(UnknownStep, match="valid steps: acknowledge, senior-manager") as info:
        due_date(service, "frontline", D(2026, 12, 4), ew)
    assert info.value.valid == ("acknowledge", "senior-manager")
    with pytest.raises(UnknownStep, match="valid steps: acknowledge, stage-1, stage-2"):
        due_date(two_stage, "stage-9", D(2026, 12, 4), ew)


def test_a_final_stage_has_no_escalation_deadline(two_stage, service):
    with pytest.raises(ValueError, match="final stage"):
        escalation_deadline(two_stage, "stage-2", D(2027, 3, 31))
    with pytest.raises(ValueError, match="final stage"):
        escalation_deadline(service, "senior-manager", D(2027, 3, 31))


def test_frontline_has_no_time_limit_for_asking_for_a_senior_manager(service):
    with pytest.raises(ValueError, match="no time limit"):
        escalation_deadline(service, "frontline", D(2027, 3, 31))


def test_response_clock_runs_from_receipt(two_stage):
    start, note = response_clock_start(two_stage, "stage-1", received_on=D(2026, 12, 4))
    assert start == D(2026, 12, 4)
    assert note.en == "The response target runs from the day the complaint was received."


def test_response_clock_runs_from_consent_for_a_representative_held_awaiting_consent(two_stage, ew):
    start, note = response_clock_start(
        two_stage, "stage-1", received_on=D(2026, 12, 4), consent_received_on=D(2026, 12, 10)
    )
    assert start == D(2026, 12, 10)
    assert "runs from the day the consent arrived (Thursday 10 December 2026)" in note.en
    assert "nid o’r dyddiad arferol (dydd Gwener 4 Rhagfyr 2026)" in note.cy
    result = response_due_date(
        two_stage,
        "stage-1",
        calendar=ew,
        received_on=D(2026, 12, 4),
        consent_received_on=D(2026, 12, 10),
    )
    assert result.value == ew.working_day_after(D(2026, 12, 10), 30)
    text = result.render()
    assert text.startswith("Consent received Thursday 10 December 2026.")
    assert "held awaiting the person’s consent" in text


def test_consent_held_before_receipt_does_not_move_the_clock(two_stage):
    start, _ = response_clock_start(
        two_stage, "stage-1", received_on=D(2026, 12, 4), consent_received_on=D(2026, 12, 1)
    )
    assert start == D(2026, 12, 4)


def test_stage_2_runs_from_the_escalation_request(two_stage):
    start, note = response_clock_start(
        two_stage,
        "stage-2",
        received_on=D(2026, 11, 2),
        escalation_requested_on=D(2027, 1, 29),
    )
    assert start == D(2027, 1, 29)
    assert "asked for this stage" in note.en
    result = response_due_date(
        two_stage,
        "stage-2",
        calendar=Calendar("scotland"),
        received_on=D(2026, 11, 2),
        escalation_requested_on=D(2027, 1, 29),
    )
    assert result.value == D(2027, 2, 26)
    assert result.explanation.start_kind == "escalation-request"


def test_stage_2_needs_the_escalation_request_date(two_stage):
    with pytest.raises(ValueError, match="escalation_requested_on is needed"):
        response_clock_start(two_stage, "stage-2", received_on=D(2026, 11, 2))
