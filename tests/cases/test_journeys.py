"""Both procedures end to end, through the same actions a view, the API or a task would run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from putright.cases.models import (
    AuditEntry,
    Closure,
    Event,
    Remedy,
    RemedyStatus,
    Representative,
    Status,
)
from putright.cases.services import RepresentativeDetails

from .conftest import act, refusal_codes


def test_two_stage_review_from_receipt_to_final_response(make_complaint, staff):
    complaint = make_complaint("two-stage-review")
    assert complaint.reference.startswith("PR-2026-")
    assert complaint.status == Status.NEW
    assert complaint.acknowledge_by == date(2026, 10, 8)  # 5 working days after Thu 1 Oct

    complaint = act("accept", complaint, staff["caseworker"])
    stage1 = complaint.stages.get()
    assert (complaint.status, complaint.current_stage) == (Status.OPEN, "stage-1")
    assert stage1.due_on == date(2026, 11, 12)  # 30 working days after 1 Oct 2026

    # The original handler may not review; a less senior reviewer needs a recorded reason.
    assert "reviewer-handled-original" in refusal_codes(
        "assign-reviewer", complaint, staff["manager"], reviewer=staff["caseworker"]
    )
    assert refusal_codes(
        "assign-reviewer", complaint, staff["manager"], reviewer=staff["junior_reviewer"]
    ) == ["reviewer-not-more-senior"]
    complaint = act("assign-reviewer", complaint, staff["manager"], reviewer=staff["reviewer"])

    # Only the reviewer responds, and only with conclusions and reasons.
    assert refusal_codes("respond", complaint, staff["manager"]) == ["not-reviewer"]
    assert set(refusal_codes("respond", complaint, staff["reviewer"], outcome="upheld")) == {
        "response-conclusions-missing",
        "response-reasons-missing",
    }
    complaint = act(
        "respond",
        complaint,
        staff["reviewer"],
        outcome="partly-upheld",
        conclusions="We were slow to reply.",
        reasons="Three letters went unanswered for six weeks.",
    )
    assert complaint.status == Status.RESPONDED
    assert complaint.current_due_on == date(2026, 12, 23)  # one month to ask for stage 2

    # The complainant asks for stage 2 inside the window.
    complaint = act("escalate", complaint, staff["caseworker"], requested_on=date(2026, 11, 23))
    stage2 = complaint.stages.get(stage_key="stage-2")
    assert stage2.due_on == date(2026, 12, 21)  # 20 working days after the request
    assert complaint.assigned_to is None

    # Stage 2 needs a Business Assurance Team member who did not review stage 1.
    codes = refusal_codes(
        "assign-reviewer", complaint, staff["manager"], reviewer=staff["reviewer"]
    )
    assert {"reviewer-handled-earlier-stage", "reviewer-not-in-team"} <= set(codes)
    assert refusal_codes(
        "assign-reviewer", complaint, staff["manager"], reviewer=staff["other_reviewer"]
    ) == ["reviewer-not-in-team"]
    complaint = act("assign-reviewer", complaint, staff["manager"], reviewer=staff["assurance"])

    # A remedy: a consolatory payment proposed with its justification, approved by another person.
    assert set(
        refusal_codes(
            "propose-remedy",
            complaint,
            staff["assurance"],
            remedy_type="consolatory-payment",
            reason="Hardship",
        )
    ) == {"remedy-amount-missing", "remedy-justification-missing"}
    act(
        "propose-remedy",
        complaint,
        staff["assurance"],
        remedy_type="consolatory-payment",
        reason="Six weeks without an answer",
        amount=Decimal("150.00"),
        justification="Distress and time spent chasing us.",
    )
    remedy = Remedy.objects.get(complaint=complaint)
    assert remedy.status == RemedyStatus.PROPOSED
    act("propose-remedy", complaint, staff["assurance"], remedy_type="apology", reason="Sorry")

    # The final response closes the case, so the payment must be decided first.
    assert "remedy-undecided" in refusal_codes(
        "respond", complaint, staff["assurance"], outcome="upheld", conclusions="c", reasons="r"
    )
    act("decide-remedy", complaint, staff["manager"], remedy=remedy, decision="approve")
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.APPROVED

    # The four stage-2 findings are required.
    codes = refusal_codes(
        "respond",
        complaint,
        staff["assurance"],
        outcome="upheld",
        conclusions="Stage 1 was fair.",
        reasons="It addressed every point.",
    )
    assert len([c for c in codes if c.startswith("finding-")]) == 4
    findings = {
        "addressed-issues": "yes",
        "remedied-shortfalls": "partly",
        "articulated-outcome": "yes",
        "thorough-and-fair": "no",
    }
    complaint = act(
        "respond",
        complaint,
        staff["assurance"],
        outcome="partly-upheld",
        conclusions="Stage 1 was slow but fair.",
        reasons="It addressed the issues but not the delay.",
        findings=findings,
    )
    assert (complaint.status, complaint.closure) == (Status.CLOSED, Closure.FINAL_RESPONSE)
    assert complaint.stages.get(stage_key="stage-2").findings == findings

    # No escalation after a final response.
    assert refusal_codes("escalate", complaint, staff["caseworker"]) == ["final"]
    events = list(Event.objects.filter(complaint=complaint).values_list("kind", flat=True))
    assert events[:4] == ["received", "acknowledged", "accepted", "reviewer-assigned"]
    assert "responded" in events
    assert AuditEntry.objects.filter(complaint=complaint, action="respond").count() == 2


def test_two_stage_review_has_no_extension(make_complaint, staff):
    complaint = act("accept", make_complaint("two-stage-review"), staff["caseworker"])
    assert refusal_codes(
        "extend", complaint, staff["manager"], new_due_on=date(2026, 12, 31), reason="x"
    ) == ["not-allowed"]


def test_consolatory_payment_needs_an_authorised_approver_who_did_not_propose_it(
    make_complaint, staff
):
    complaint = act("accept", make_complaint("two-stage-review"), staff["caseworker"])
    act(
        "propose-remedy",
        complaint,
        staff["manager"],
        remedy_type="consolatory-payment",
        reason="Delay",
        amount=Decimal("75"),
        justification="Hardship from the delay.",
    )
    remedy = Remedy.objects.get()
    assert refusal_codes(
        "decide-remedy", complaint, staff["manager"], remedy=remedy, decision="approve"
    ) == ["remedy-own-proposal"]
    assert refusal_codes(
        "decide-remedy", complaint, staff["caseworker"], remedy=remedy, decision="approve"
    ) == ["role"]
    act("decide-remedy", complaint, staff["reviewer"], remedy=remedy, decision="approve")
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.APPROVED
    assert remedy.decided_by == staff["reviewer"]
    assert refusal_codes(
        "decide-remedy", complaint, staff["manager"], remedy=remedy, decision="reject"
    ) == ["decided"]


def test_service_complaint_late_frontline_extension_and_final(make_complaint, staff):
    complaint = make_complaint(
        "service-complaint",
        event_on=date(2026, 6, 1),
        categories=["communication", "time-taken"],
    )
    assert sorted(complaint.categories.values_list("code", flat=True)) == [
        "communication",
        "time-taken",
    ]
    # Late: accepting normally is refused, accepting late needs a reason.
    assert refusal_codes("accept", complaint, staff["caseworker"]) == ["out-of-time"]
    assert refusal_codes("accept-late", complaint, staff["caseworker"]) == ["reason"]
    complaint = act(
        "accept-late", complaint, staff["caseworker"], reason="In hospital until September."
    )
    assert complaint.accepted_late
    assert complaint.current_stage == "frontline"
    assert complaint.current_due_on is None  # frontline has no working-day target

    # Frontline resolution is recorded with what was done; still unhappy goes to a senior manager.
    assert refusal_codes("respond", complaint, staff["caseworker"]) == ["not-review"]
    assert refusal_codes("resolve-frontline", complaint, staff["caseworker"]) == [
        "frontline-action-missing"
    ]
    complaint = act(
        "resolve-frontline",
        complaint,
        staff["caseworker"],
        action_taken="Apologised on the phone and re-sent the letter.",
    )
    assert (complaint.status, complaint.closure) == (Status.RESPONDED, Closure.RESOLVED_FRONTLINE)
    complaint = act("escalate", complaint, staff["caseworker"], requested_on=date(2026, 11, 23))
    assert complaint.current_stage == "senior-manager"
    assert complaint.closure == ""
    senior = complaint.stages.get(stage_key="senior-manager")
    # 20 working days from receipt (1 Oct 2026): 29 Oct 2026.
    assert senior.due_on == date(2026, 10, 29)

    # The frontline handler may not be the senior manager.
    assert "reviewer-handled-earlier-stage" in refusal_codes(
        "assign-reviewer", complaint, staff["manager"], reviewer=staff["caseworker"]
    )
    complaint = act("assign-reviewer", complaint, staff["manager"], reviewer=staff["reviewer"])

    # One extension is allowed with a reason and a later date; another needs a complaints manager.
    assert set(
        refusal_codes("extend", complaint, staff["reviewer"], new_due_on=date(2026, 10, 1))
    ) == {"extension-date-not-later", "extension-reason-missing"}
    complaint = act(
        "extend",
        complaint,
        staff["reviewer"],
        new_due_on=date(2026, 12, 10),
        reason="Waiting for the housing team's records; this makes resolution more likely.",
    )
    assert complaint.current_due_on == date(2026, 12, 10)
    told = Event.objects.filter(complaint=complaint, kind="extended").get()
    assert told.tell_complainant
    codes = refusal_codes(
        "extend", complaint, staff["reviewer"], new_due_on=date(2026, 12, 17), reason="More"
    )
    assert codes and codes[0] != "not-allowed"
    complaint = act(
        "extend",
        complaint,
        staff["manager"],
        new_due_on=date(2026, 12, 17),
        reason="Records arrive on the 15th.",
    )
    assert complaint.stages.get(stage_key="senior-manager").extensions == 2

    complaint = act(
        "respond",
        complaint,
        staff["reviewer"],
        outcome="upheld",
        conclusions="We failed to reply.",
        reasons="The records show no reply was sent.",
    )
    assert (complaint.status, complaint.closure) == (Status.CLOSED, Closure.FINAL_RESPONSE)
    assert refusal_codes("escalate", complaint, staff["caseworker"]) == ["final"]


def test_service_complaint_not_resolved_at_frontline_goes_to_a_senior_manager(
    make_complaint, staff
):
    complaint = act("accept", make_complaint("service-complaint"), staff["caseworker"])
    complaint = act("escalate", complaint, staff["caseworker"])
    assert complaint.current_stage == "senior-manager"
    frontline = complaint.stages.get(stage_key="frontline")
    assert frontline.responded_on is not None
    assert frontline.outcome == ""


def test_out_of_scope_closure_needs_a_known_code_and_a_reason(make_complaint, staff):
    complaint = make_complaint("service-complaint")
    assert set(refusal_codes("close-out-of-scope", complaint, staff["caseworker"])) == {
        "code",
        "reason",
    }
    assert refusal_codes(
        "close-out-of-scope", complaint, staff["caseworker"], code="about-a-charity", reason="x"
    ) == ["code"]
    complaint = act(
        "close-out-of-scope",
        complaint,
        staff["caseworker"],
        code="information-request",
        reason="They asked for a copy of their file.",
    )
    assert (complaint.status, complaint.closure, complaint.closure_code) == (
        Status.CLOSED,
        Closure.OUT_OF_SCOPE,
        "information-request",
    )
    assert Event.objects.get(complaint=complaint, kind="closed-out-of-scope").tell_complainant
    assert refusal_codes("accept", complaint, staff["caseworker"]) == ["not-in-triage"]


def test_consent_hold_and_release_starts_the_clock_from_consent(make_complaint, staff):
    complaint = make_complaint(
        "two-stage-review",
        representative=RepresentativeDetails(full_name="Sam Advocate", organisation="Age Cymru"),
    )
    assert Representative.objects.count() == 1
    assert refusal_codes("accept", complaint, staff["caseworker"]) == ["consent-needed"]
    complaint = act("hold-for-consent", complaint, staff["caseworker"])
    assert complaint.status == Status.AWAITING_CONSENT
    assert refusal_codes("record-consent", complaint, staff["caseworker"]) == ["scope", "evidence"]
    complaint = act(
        "record-consent",
        complaint,
        staff["caseworker"],
        scope="Act for me on this complaint",
        declaration="I, Ffion Jones, agree that Sam Advocate may act for me. Signed.",
        given_on=date(2026, 10, 14),
        received_on=date(2026, 10, 15),
    )
    assert (complaint.status, complaint.consent_received_on) == (Status.NEW, date(2026, 10, 15))
    complaint = act("accept", complaint, staff["caseworker"])
    stage = complaint.stages.get()
    assert stage.clock_started_on == date(2026, 10, 15)
    assert stage.due_on == date(2026, 11, 26)  # 30 working days after consent, not receipt


def test_closing_after_the_escalation_window(make_complaint, staff):
    complaint = act("accept", make_complaint("two-stage-review"), staff["caseworker"])
    complaint = act("assign-reviewer", complaint, staff["manager"], reviewer=staff["reviewer"])
    complaint = act(
        "respond", complaint, staff["reviewer"], outcome="not-upheld", conclusions="c", reasons="r"
    )
    assert refusal_codes("close-not-escalated", complaint, staff["caseworker"]) == ["window"]
    # A late request for stage 2 needs a reason.
    from putright.cases import actions

    complaint.refresh_from_db()
    late = actions.ACTIONS["escalate"](complaint, staff["caseworker"], today=date(2027, 1, 5))
    assert [r.code for r in late.validate(late.parse({"requested_on": date(2027, 1, 4)}))] == [
        "late"
    ]
    assert (
        late.validate(late.parse({"requested_on": date(2027, 1, 4), "late_reason": "Away"})) == []
    )
    closer = actions.ACTIONS["close-not-escalated"](
        complaint, staff["caseworker"], today=date(2027, 1, 5)
    )
    complaint = closer.run({}, expected_version=complaint.version)
    assert (complaint.status, complaint.closure) == (Status.CLOSED, Closure.NOT_ESCALATED)


def test_a_senior_manager_stage_needs_a_senior_manager(make_complaint, staff):
    complaint = act("accept", make_complaint("service-complaint"), staff["caseworker"])
    complaint = act("escalate", complaint, staff["caseworker"])
    assert refusal_codes(
        "assign-reviewer", complaint, staff["manager"], reviewer=staff["other_caseworker"]
    ) == ["reviewer-wrong-role"]
    act("assign-reviewer", complaint, staff["manager"], reviewer=staff["other_reviewer"])


def test_a_complaint_without_an_event_date_can_be_accepted_normally(make_complaint, staff):
    complaint = make_complaint("two-stage-review", event_on=None)
    assert refusal_codes("accept-late", complaint, staff["caseworker"], reason="x") == ["in-time"]
    assert act("accept", complaint, staff["caseworker"]).status == Status.OPEN


def test_withdrawn_consent_stops_disclosure_and_a_new_case_waits_again(make_complaint, staff):
    complaint = make_complaint(
        "two-stage-review", representative=RepresentativeDetails(full_name="Sam Advocate")
    )
    assert refusal_codes("revoke-consent", complaint, staff["caseworker"]) == ["no-consent"]
    complaint = act(
        "record-consent",
        complaint,
        staff["caseworker"],
        scope="Act for me",
        declaration="Signed by Ffion Jones.",
    )
    assert refusal_codes("revoke-consent", complaint, staff["caseworker"]) == ["reason"]
    complaint = act(
        "revoke-consent", complaint, staff["caseworker"], reason="She phoned to withdraw it."
    )
    assert (complaint.status, complaint.consent_received_on) == (Status.AWAITING_CONSENT, None)
    assert complaint.consents.get().revoked_on == date(2026, 11, 23)
    assert Event.objects.filter(complaint=complaint, kind="consent-revoked").exists()
    assert refusal_codes("accept", complaint, staff["caseworker"]) == ["not-in-triage"]


def test_a_less_senior_reviewer_is_allowed_with_a_recorded_reason(make_complaint, staff):
    complaint = act("accept", make_complaint("two-stage-review"), staff["caseworker"])
    complaint = act(
        "assign-reviewer",
        complaint,
        staff["manager"],
        reviewer=staff["junior_reviewer"],
        seniority_reason="Every senior reviewer is on leave until January.",
    )
    stage = complaint.stages.get()
    assert stage.reviewer == staff["junior_reviewer"]
    assert stage.seniority_reason.startswith("Every senior reviewer")


def test_a_request_for_the_next_stage_cannot_be_dated_in_the_future_or_before_the_response(
    make_complaint, staff
):
    complaint = act("accept", make_complaint("two-stage-review"), staff["caseworker"])
    complaint = act("assign-reviewer", complaint, staff["manager"], reviewer=staff["reviewer"])
    complaint = act(
        "respond", complaint, staff["reviewer"], outcome="upheld", conclusions="c", reasons="r"
    )
    assert refusal_codes(
        "escalate", complaint, staff["caseworker"], requested_on=date(2026, 11, 24)
    ) == ["requested-in-future"]
    assert refusal_codes(
        "escalate", complaint, staff["caseworker"], requested_on=date(2026, 11, 20)
    ) == ["escalation-before-response"]


def test_a_frontline_resolution_can_be_closed_at_once_having_no_window(make_complaint, staff):
    complaint = act("accept", make_complaint("service-complaint"), staff["caseworker"])
    complaint = act("resolve-frontline", complaint, staff["caseworker"], action_taken="Apologised")
    complaint = act("close-not-escalated", complaint, staff["caseworker"])
    assert (complaint.status, complaint.closure) == (Status.CLOSED, Closure.RESOLVED_FRONTLINE)
