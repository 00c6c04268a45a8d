"""What each stage's response must contain."""

from __future__ import annotations

from putright.policy import assess_response

FOUR = {
    "addressed-issues": "yes",
    "remedied-shortfalls": "partly",
    "articulated-outcome": "yes",
    "thorough-and-fair": "no",
}


def codes(procedure, stage, **response):
    return [f.code for f in assess_response(procedure, stage, **response)]


def test_a_stage_1_response_needs_an_outcome_conclusions_and_reasons(two_stage):
    assert codes(two_stage, "stage-1") == [
        "response-outcome-unknown",
        "response-conclusions-missing",
        "response-reasons-missing",
    ]
    assert codes(two_stage, "stage-1", outcome="upheld", conclusions="c", reasons="r") == []


def test_resolved_at_frontline_is_not_an_outcome_of_a_review(two_stage):
    assert codes(
        two_stage, "stage-1", outcome="resolved-at-frontline", conclusions="c", reasons="r"
    ) == ["response-outcome-unknown"]


def test_stage_2_needs_all_four_findings_answered(two_stage):
    done = {"outcome": "not-upheld", "conclusions": "c", "reasons": "r"}
    assert codes(two_stage, "stage-2", **done, findings=FOUR) == []
    missing = codes(two_stage, "stage-2", **done, findings={**FOUR, "thorough-and-fair": "maybe"})
    assert missing == ["finding-unanswered-thorough-and-fair"]
    assert len(codes(two_stage, "stage-2", **done)) == 4


def test_a_frontline_resolution_records_what_was_done(service):
    assert codes(service, "frontline") == ["frontline-action-missing"]
    assert codes(service, "frontline", action_taken="Apologised and re-sent the letter") == []
    (finding,) = assess_response(service, "frontline")
    assert finding.explanation.cy and finding.rule.clause == "frontline"
