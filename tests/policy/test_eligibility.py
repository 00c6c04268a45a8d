"""Eligibility and triage: every code of both procedures, each finding citing its rule."""

from __future__ import annotations

from datetime import date

import pytest

from putright.policy import (
    CODES,
    Assessment,
    ComplaintFacts,
    RuleRef,
    assess,
    assess_escalation,
    check_extension,
)

D = date
TODAY = D(2027, 6, 1)


def facts(**overrides) -> ComplaintFacts:
    """A complaint that is in time and complete under both procedures."""
    values = {
        "received_on": D(2027, 3, 1),
        "event_on": D(2027, 2, 15),
        "what_went_wrong": "You lost my papers.",
        "put_right": "Find them.",
    }
    values.update(overrides)
    return ComplaintFacts(**values)


# (procedure, facts overrides, expected codes in order, severity of the first named code, clause)
TABLE = [
    ("two-stage-review", {}, ["in-time"], "info", "time-limit"),
    ("service-complaint", {}, ["in-time"], "info", "time-limit"),
    (
        "two-stage-review",
        {"event_on": D(2026, 11, 30), "received_on": D(2027, 2, 28)},
        ["in-time"],
        "info",
        "time-limit",
    ),
    (
        "two-stage-review",
        {"event_on": D(2026, 11, 30), "received_on": D(2027, 3, 1)},
        ["out-of-time"],
        "warning",
        "time-limit",
    ),
    (
        "service-complaint",
        {"event_on": D(2027, 3, 2), "found_out_on": D(2027, 3, 20), "received_on": D(2027, 4, 20)},
        ["in-time"],
        "info",
        "time-limit",
    ),
    (
        "service-complaint",
        {"event_on": D(2027, 3, 2), "found_out_on": D(2027, 3, 20), "received_on": D(2027, 4, 21)},
        ["out-of-time"],
        "warning",
        "time-limit",
    ),
    ("service-complaint", {"event_on": None}, ["event-date-missing"], "warning", "time-limit"),
    ("two-stage-review", {"event_on": None}, ["event-date-missing"], "warning", "time-limit"),
    (
        "two-stage-review",
        {"event_on": D(2027, 3, 2)},
        ["event-after-receipt"],
        "blocking",
        "time-limit",
    ),
    (
        "service-complaint",
        {"found_out_on": D(2027, 3, 2)},
        ["found-out-after-receipt"],
        "blocking",
        "time-limit",
    ),
    (
        "service-complaint",
        {"event_on": D(2027, 3, 5), "found_out_on": D(2027, 3, 6)},
        ["event-after-receipt", "found-out-after-receipt"],
        "blocking",
        "time-limit",
    ),
    (
        "service-complaint",
        {"event_on": D(2027, 2, 15), "found_out_on": D(2027, 2, 14)},
        ["found-out-before-event"],
        "blocking",
        "time-limit",
    ),
    (
        "two-stage-review",
        {"received_on": D(2027, 6, 2), "event_on": D(2027, 5, 1)},
        ["received-in-future", "in-time"],
        "blocking",
        "time-limit",
    ),
    (
        "two-stage-review",
        {"by_representative": True},
        ["in-time", "consent-needed"],
        "warning",
        "who-may-complain",
    ),
    (
        "service-complaint",
        {"by_representative": True},
        ["in-time", "consent-needed"],
        "warning",
        "who-may-complain",
    ),
    (
        "two-stage-review",
        {"by_representative": True, "consent_held": True},
        ["in-time"],
        "info",
        "time-limit",
    ),
    (
        "two-stage-review",
        {"what_went_wrong": " "},
        ["in-time", "missing-what-went-wrong"],
        "blocking",
        "must-say",
    ),
    (
        "two-stage-review",
        {"put_right": ""},
        ["in-time", "missing-put-right"],
        "blocking",
        "must-say",
    ),
    (
        "service-complaint",
        {"what_went_wrong": ""},
        ["in-time", "missing-what-went-wrong"],
        "blocking",
        "what-it-is",
    ),
    ("service-complaint", {"put_right": ""}, ["in-time"], "info", "time-limit"),
    (
        "two-stage-review",
        {"categories": ["service-standard", "staff-treatment"]},
        ["in-time", "unknown-category"],
        "blocking",
        "eligible",
    ),
    (
        "service-complaint",
        {"categories": ["communication", "time-taken", "other"]},
        ["in-time"],
        "info",
        "time-limit",
    ),
    (
        "service-complaint",
        {"categories": ["nope", "worse"]},
        ["in-time", "unknown-category"],
        "blocking",
        "what-it-is",
    ),
    (
        "two-stage-review",
        {"scope": {"about-a-charity": True}},
        ["in-time", "excluded-about-a-charity"],
        "blocking",
        "scope.about-a-charity",
    ),
    (
        "two-stage-review",
        {"scope": {"about-a-charity": None}},
        ["in-time", "unsure-about-a-charity"],
        "info",
        "scope.about-a-charity",
    ),
    ("two-stage-review", {"scope": {"about-a-charity": False}}, ["in-time"], "info", "time-limit"),
    *[
        (
            "service-complaint",
            {"scope": {code: True}},
            ["in-time", f"excluded-{code}"],
            "blocking",
            f"not-covered.{letter}",
        )
        for code, letter in [
            ("decision-disagreement", "a"),
            ("reopen-concluded", "b"),
            ("information-request", "c"),
            ("court-or-tribunal", "d"),
        ]
    ],
    *[
        (
            "service-complaint",
            {"scope": {code: None}},
            ["in-time", f"unsure-{code}"],
            "info",
            f"not-covered.{letter}",
        )
        for code, letter in [
            ("decision-disagreement", "a"),
            ("reopen-concluded", "b"),
            ("information-request", "c"),
            ("court-or-tribunal", "d"),
        ]
    ],
]


@pytest.mark.parametrize(("procedure_id", "overrides", "codes", "severity", "clause"), TABLE)
def test_eligibility_table(procedure_id, overrides, codes, severity, clause):
    from putright.policy import Calendar, get_registry

    procedure = get_registry().get(procedure_id)
    result = assess(procedure, facts(**overrides), today=TODAY, calendar=Calendar())
    assert list(result.codes) == codes
    last = result.findings[-1] if codes[0] == "in-time" and len(codes) > 1 else result.findings[0]
    assert last.severity == severity
    assert last.rule == RuleRef(procedure_id, 1, clause)
    for finding in result.findings:
        assert finding.explanation.en and finding.explanation.cy
        assert finding.explanation.en != finding.explanation.cy


def test_every_finding_is_reported_at_once(two_stage, ew):
    result = assess(
        two_stage,
        ComplaintFacts(
            received_on=D(2027, 3, 1),
            event_on=D(2026, 11, 30),
            by_representative=True,
            scope={"about-a-charity": True},
            categories=["nope"],
        ),
        today=TODAY,
        calendar=ew,
    )
    assert result.codes == (
        "out-of-time",
        "consent-needed",
        "missing-what-went-wrong",
        "missing-put-right",
        "unknown-category",
        "excluded-about-a-charity",
    )
    assert result.in_time is False
    assert result.needs_consent is True
    assert result.exclusions == ("about-a-charity",)
    assert [f.code for f in result.blocking] == [
        "missing-what-went-wrong",
        "missing-put-right",
        "unknown-category",
        "excluded-about-a-charity",
    ]
    out = result.get("out-of-time")
    assert out is not None and out.limit_date == D(2027, 2, 28)
    assert result.get("in-time") is None
    assert "Out of time: the last day was Sunday 28 February 2027." in out.explanation.en
    assert "staff may still accept it" in out.explanation.en
    assert out.as_dict()["limit_date"] == "2027-02-28"
    assert out.as_dict()["rule"] == {
        "procedure_id": "two-stage-review",
        "version": 1,
        "clause": "time-limit",
    }
    assert str(out.rule) == "two-stage-review v1 § time-limit"
    assert result.get("consent-needed").as_dict()["limit_date"] is None


def test_in_time_carries_the_limit_date(service, ew):
    result = assess(
        service,
        facts(event_on=D(2027, 3, 2), found_out_on=D(2027, 3, 20), received_on=D(2027, 4, 20)),
        today=TODAY,
        calendar=ew,
    )
    assert result.in_time
    assert result.findings[0].limit_date == D(2027, 4, 20)
    assert result.exclusions == ()
    assert result.needs_consent is False
    assert result.blocking == ()


def test_the_excluded_finding_carries_the_signposting(two_stage, ew):
    result = assess(two_stage, facts(scope={"about-a-charity": True}), today=TODAY, calendar=ew)
    finding = result.get("excluded-about-a-charity")
    assert "Making a complaint about a charity" in finding.explanation.en
    assert "Gwneud cwyn am elusen" in finding.explanation.cy


def test_scope_answers_must_name_real_exclusions(two_stage, ew):
    with pytest.raises(ValueError, match="valid exclusions: about-a-charity"):
        assess(two_stage, facts(scope={"court-or-tribunal": True}), today=TODAY, calendar=ew)


def test_codes_are_documented():
    import pathlib

    readme = (
        pathlib.Path(__file__).parents[2] / "putright/policy/procedures/README.md"
    ).read_text()
    for code in CODES:
        assert f"`{code}`" in readme


# --- escalation ---------------------------------------------------------------------------------

ESCALATION = [
    # procedure, stage, responded, requested, codes, limit
    (
        "two-stage-review",
        "stage-1",
        D(2027, 3, 31),
        D(2027, 4, 30),
        ["escalation-in-time"],
        D(2027, 4, 30),
    ),
    (
        "two-stage-review",
        "stage-1",
        D(2027, 3, 31),
        D(2027, 3, 31),
        ["escalation-in-time"],
        D(2027, 4, 30),
    ),
    (
        "two-stage-review",
        "stage-1",
        D(2027, 3, 31),
        D(2027, 5, 1),
        ["escalation-late"],
        D(2027, 4, 30),
    ),
    ("two-stage-review", "stage-2", D(2027, 3, 31), D(2027, 4, 2), ["no-further-stage"], None),
    (
        "service-complaint",
        "senior-manager",
        D(2027, 3, 31),
        D(2027, 4, 2),
        ["no-further-stage"],
        None,
    ),
    (
        "service-complaint",
        "frontline",
        D(2027, 3, 31),
        D(2027, 5, 20),
        ["escalation-in-time"],
        None,
    ),
    (
        "two-stage-review",
        "stage-1",
        D(2027, 3, 31),
        D(2027, 3, 30),
        ["escalation-before-response"],
        None,
    ),
    ("two-stage-review", "stage-1", D(2027, 5, 31), D(2027, 6, 2), ["requested-in-future"], None),
    (
        "two-stage-review",
        "stage-1",
        D(2027, 6, 30),
        D(2027, 6, 2),
        ["requested-in-future", "escalation-before-response"],
        None,
    ),
]


@pytest.mark.parametrize(
    ("procedure_id", "stage", "responded", "requested", "codes", "limit"), ESCALATION
)
def test_escalation_table(procedure_id, stage, responded, requested, codes, limit):
    from putright.policy import get_registry

    procedure = get_registry().get(procedure_id)
    result = assess_escalation(
        procedure, stage, responded_on=responded, requested_on=requested, today=TODAY
    )
    assert isinstance(result, Assessment)
    assert list(result.codes) == codes
    assert result.findings[0].limit_date == limit
    assert result.in_time is (codes == ["escalation-in-time"])


def test_late_escalation_may_still_be_accepted(two_stage):
    result = assess_escalation(
        two_stage, "stage-1", responded_on=D(2027, 3, 31), requested_on=D(2027, 5, 1), today=TODAY
    )
    finding = result.findings[0]
    assert finding.severity == "warning"
    assert finding.rule == RuleRef("two-stage-review", 1, "stage-1.escalation")
    assert "Staff may still accept the request" in finding.explanation.en


def test_no_further_stage_quotes_the_finality(service):
    result = assess_escalation(
        service,
        "senior-manager",
        responded_on=D(2027, 3, 31),
        requested_on=D(2027, 4, 2),
        today=TODAY,
    )
    assert "There are no appeal rights or further stages." in result.findings[0].explanation.en
    assert result.findings[0].rule.clause == "final"


def test_frontline_has_no_window(service):
    result = assess_escalation(
        service, "frontline", responded_on=D(2027, 3, 31), requested_on=D(2027, 5, 20), today=TODAY
    )
    assert result.findings[0].rule.clause == "senior-manager"
    assert "no time limit" in result.findings[0].explanation.en


# --- extension ----------------------------------------------------------------------------------


def test_senior_manager_may_extend_once(service):
    assert (
        check_extension(service, "senior-manager", extensions_so_far=0, approved_by_role=None)
        is None
    )


def test_a_second_extension_needs_a_complaints_manager(service):
    refusal = check_extension(service, "senior-manager", extensions_so_far=1, approved_by_role=None)
    assert refusal.code == "extension-needs-approval"
    assert refusal.severity == "blocking"
    assert refusal.rule == RuleRef("service-complaint", 1, "senior-manager.extension")
    assert "a complaints manager" in refusal.explanation.en
    assert "rheolwr cwynion" in refusal.explanation.cy
    other = check_extension(
        service, "senior-manager", extensions_so_far=1, approved_by_role="team_leader"
    )
    assert other.code == "extension-needs-approval"
    approved = check_extension(
        service, "senior-manager", extensions_so_far=3, approved_by_role="complaints_manager"
    )
    assert approved is None


@pytest.mark.parametrize(
    ("procedure_id", "stage"),
    [
        ("two-stage-review", "stage-1"),
        ("two-stage-review", "stage-2"),
        ("service-complaint", "frontline"),
    ],
)
def test_only_the_senior_manager_stage_can_be_extended(procedure_id, stage):
    from putright.policy import get_registry

    refusal = check_extension(
        get_registry().get(procedure_id),
        stage,
        extensions_so_far=0,
        approved_by_role="complaints_manager",
    )
    assert refusal.code == "extension-not-allowed"


def test_an_extension_needs_a_reason_and_a_later_date(service):
    refusal = check_extension(
        service, "senior-manager", extensions_so_far=0, approved_by_role=None, reason="  "
    )
    assert refusal.code == "extension-reason-missing"
    refusal = check_extension(
        service,
        "senior-manager",
        extensions_so_far=0,
        approved_by_role=None,
        reason="Waiting for a report",
        new_due_on=D(2027, 1, 6),
        current_due_on=D(2027, 1, 6),
    )
    assert refusal.code == "extension-date-not-later"
    assert (
        check_extension(
            service,
            "senior-manager",
            extensions_so_far=0,
            approved_by_role=None,
            reason="Waiting for a report",
            new_due_on=D(2027, 1, 20),
            current_due_on=D(2027, 1, 6),
        )
        is None
    )


def test_negative_extension_counts_are_refused(service):
    with pytest.raises(ValueError, match="0 or more"):
        check_extension(service, "senior-manager", extensions_so_far=-1, approved_by_role=None)


def test_an_unknown_approver_role_is_named_plainly():
    from dataclasses import replace

    from putright.policy import get_registry

    service = get_registry().get("service-complaint")
    stage = service.stage("senior-manager")
    odd = replace(
        service,
        stages=(
            service.stages[0],
            replace(stage, extension=replace(stage.extension, approver_role="head_of_service")),
        ),
    )
    refusal = check_extension(odd, "senior-manager", extensions_so_far=1, approved_by_role=None)
    assert "head of service" in refusal.explanation.en


def test_every_reason_an_extension_is_refused_is_given_at_once(service):
    from putright.policy import assess_extension

    found = assess_extension(
        service,
        "senior-manager",
        extensions_so_far=1,
        approved_by_role="caseworker",
        reason=" ",
        new_due_on=D(2027, 1, 4),
        current_due_on=D(2027, 1, 5),
    )
    assert [f.code for f in found] == [
        "extension-needs-approval",
        "extension-reason-missing",
        "extension-date-not-later",
    ]
    assert (
        assess_extension(
            service,
            "senior-manager",
            extensions_so_far=1,
            approved_by_role="complaints_manager",
            reason="Records arrive on the 15th",
            new_due_on=D(2027, 1, 6),
            current_due_on=D(2027, 1, 5),
        )
        == ()
    )
