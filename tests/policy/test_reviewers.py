"""The reviewer rule of each stage, allowed and refused, for both procedures."""

from __future__ import annotations

import pytest

from putright.policy import REVIEWER_CODES, StaffFacts, check_reviewer

HANDLER = StaffFacts(id=1, name="Carys", grade=2, team="customer-services", role="caseworker")
SENIOR = StaffFacts(id=2, name="Rhian", grade=5, team="customer-services", role="reviewer")
JUNIOR = StaffFacts(id=3, name="Iwan", grade=1, team="customer-services", role="reviewer")
ASSURANCE = StaffFacts(id=4, name="Bethan", grade=6, team="business-assurance", role="reviewer")


def codes(procedure, stage, reviewer, **kwargs):
    return [f.code for f in check_reviewer(procedure, stage, reviewer=reviewer, **kwargs)]


def test_a_senior_independent_reviewer_may_review_stage_1(two_stage):
    assert codes(two_stage, "stage-1", SENIOR, original_handler=HANDLER) == []


def test_the_original_handler_may_not_review(two_stage):
    assert "reviewer-handled-original" in codes(
        two_stage, "stage-1", HANDLER, original_handler=HANDLER
    )


def test_a_less_senior_reviewer_needs_a_recorded_reason(two_stage):
    assert codes(two_stage, "stage-1", JUNIOR, original_handler=HANDLER) == [
        "reviewer-not-more-senior"
    ]
    assert (
        codes(
            two_stage, "stage-1", JUNIOR, original_handler=HANDLER, seniority_reason="All on leave"
        )
        == []
    )


def test_seniority_is_not_judged_without_an_original_handler(two_stage):
    assert codes(two_stage, "stage-1", JUNIOR) == []


def test_stage_2_needs_the_business_assurance_team_and_a_new_reviewer(two_stage):
    assert codes(two_stage, "stage-2", ASSURANCE, original_handler=HANDLER) == []
    assert codes(
        two_stage, "stage-2", SENIOR, original_handler=HANDLER, earlier_reviewers={SENIOR.id}
    ) == ["reviewer-handled-earlier-stage", "reviewer-not-in-team"]


def test_the_senior_manager_stage_needs_the_reviewer_role(service):
    assert codes(service, "senior-manager", SENIOR, original_handler=HANDLER) == []
    caseworker = StaffFacts(id=9, name="Owen", grade=3, role="caseworker")
    assert codes(service, "senior-manager", caseworker) == ["reviewer-wrong-role"]


def test_frontline_has_no_independence_rule(service):
    assert codes(service, "frontline", HANDLER, original_handler=HANDLER) == []


def test_an_inactive_account_is_refused_and_every_finding_is_reported(two_stage):
    gone = StaffFacts(id=1, name="Carys", grade=1, active=False)
    found = check_reviewer(
        two_stage, "stage-2", reviewer=gone, original_handler=HANDLER, earlier_reviewers={1}
    )
    assert [f.code for f in found] == [
        "reviewer-inactive",
        "reviewer-handled-original",
        "reviewer-handled-earlier-stage",
        "reviewer-not-in-team",
    ]
    assert {f.code for f in found} <= set(REVIEWER_CODES)
    assert all(f.explanation.cy and f.rule.clause == "stage-2.reviewer" for f in found)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_findings_explain_themselves_in_both_languages(two_stage, lang):
    (finding,) = check_reviewer(two_stage, "stage-1", reviewer=JUNIOR, original_handler=HANDLER)
    assert "Iwan" in finding.explanation.get(lang)


def test_the_team_and_role_are_named_in_words_from_the_procedure_never_by_code(two_stage, service):
    (team,) = check_reviewer(two_stage, "stage-2", reviewer=SENIOR)
    assert team.explanation.en == (
        "The reviewer for Stage 2 review by the Business Assurance Team must be a member of "
        "the Business Assurance Team."
    )
    assert "aelod o’r Tîm Sicrwydd Busnes" in team.explanation.cy
    clerk = StaffFacts(id=9, name="Dylan", grade=3, team="customer-services", role="caseworker")
    (role,) = check_reviewer(service, "senior-manager", reviewer=clerk)
    assert role.explanation.en == (
        "Dylan is not a senior manager or reviewer, who must respond at this stage."
    )
    assert (
        role.explanation.cy
        == "Nid yw Dylan yn uwch-reolwr neu adolygydd, sy’n gorfod ymateb ar y cam hwn."
    )
    for finding in (team, role):
        assert "business-assurance" not in finding.explanation.en
        assert "(reviewer)" not in finding.explanation.en
