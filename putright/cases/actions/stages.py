"""The stages of a procedure: start, resolve at frontline, respond, extend, escalate, close."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from putright.cases import deadlines, findings, rules
from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import Closure, Outcome, RemedyStatus, StageInstance, Status
from putright.policy import (
    Assessment,
    Stage,
    assess_escalation,
    assess_extension,
    assess_response,
    escalation_deadline,
    format_date,
    response_clock_start,
)


def start_stage(
    action: CaseAction, stage: Stage, *, escalation_requested_on: date | None = None
) -> StageInstance:
    """Open ``stage`` on the case and set its response target from the procedure."""
    complaint = action.complaint
    previous = action.current_stage
    clock_start, _note = response_clock_start(
        action.procedure,
        stage.key,
        received_on=complaint.received_on,
        consent_received_on=complaint.consent_received_on,
        escalation_requested_on=escalation_requested_on,
    )
    target = deadlines.stage_due(action.procedure, stage.key, clock_start, rules.calendar())
    due = target.value if target else None
    instance = StageInstance.objects.create(
        complaint=complaint,
        stage_key=stage.key,
        sequence=(previous.sequence + 1) if previous else 1,
        started_on=action.today,
        clock_started_on=clock_start,
        due_on=due,
        escalation_requested_on=escalation_requested_on,
    )
    complaint.status = Status.OPEN
    complaint.current_stage = stage.key
    complaint.current_due_on = due
    action.__dict__["current_stage"] = instance
    return instance


def closing_refusals(action: CaseAction) -> list[Refusal]:
    """What stops an answer or a closure: no acknowledgement yet, or a remedy left undecided."""
    refusals = []
    if not action.complaint.acknowledged_on:
        refusals.append(Refusal("not-acknowledged", msg.CLOSE_NEEDS_ACKNOWLEDGEMENT))
    if any(r.status == RemedyStatus.PROPOSED for r in action.complaint.remedies.all()):
        refusals.append(Refusal("remedy-undecided", msg.CLOSE_WITH_PROPOSED_REMEDY))
    return refusals


class ResolveAtFrontline(CaseAction):
    """Record that a frontline stage resolved the complaint, and what was done."""

    @dataclass(frozen=True)
    class Input:
        action_taken: str = ""

    key = "resolve-frontline"
    label = _("Record frontline resolution")
    intro = _(
        "Record what was done to resolve the complaint straight away. The complainant can "
        "still ask for the next stage."
    )
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        stage = self.current_stage
        if self.complaint.status != Status.OPEN or stage is None or stage.responded_on:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        if self.procedure.stage(stage.stage_key).kind != "frontline":
            return [Refusal("not-frontline", msg.NOT_FRONTLINE)]
        return closing_refusals(self)

    def validate(self, data: Input) -> list[Refusal]:
        stage = self.current_stage
        assert stage is not None
        return findings.refusals(
            assess_response(self.procedure, stage.stage_key, action_taken=data.action_taken),
            {"frontline-action-missing": "action_taken"},
        )

    def execute(self, data: Input) -> None:
        stage = self.current_stage
        assert stage is not None
        stage.frontline_action = data.action_taken.strip()
        stage.outcome = Outcome.RESOLVED_AT_FRONTLINE
        stage.responded_on = self.today
        if stage.reviewer_id is None and self.staff is not None:
            stage.reviewer = self.staff
        stage.save(update_fields=["frontline_action", "outcome", "responded_on", "reviewer"])
        _after_response(self, stage)
        self.event(
            "resolved-frontline",
            f"Resolved at frontline: {stage.frontline_action}",
            tell=True,
            stage=stage.stage_key,
            action_taken=stage.frontline_action,
        )


def _after_response(action: CaseAction, stage: StageInstance) -> None:
    """After a stage's response: final, or waiting to see whether they ask for the next stage."""
    complaint = action.complaint
    definition = action.procedure.stage(stage.stage_key)
    if definition.is_final:
        complaint.status = Status.CLOSED
        complaint.closure = Closure.FINAL_RESPONSE
        complaint.closed_on = action.today
        complaint.current_due_on = None
        return
    complaint.status = Status.RESPONDED
    complaint.current_due_on = deadlines.current_due(complaint, action.procedure, rules.calendar())
    if definition.kind == "frontline" and stage.outcome == Outcome.RESOLVED_AT_FRONTLINE:
        complaint.closure = Closure.RESOLVED_FRONTLINE


class Respond(CaseAction):
    """Record the stage's response: outcome, conclusions and reasons, and findings where the
    stage has them. The final stage's response closes the case."""

    @dataclass(frozen=True)
    class Input:
        outcome: str = ""
        conclusions: str = ""
        reasons: str = ""
        #: Finding question code to answer ("yes", "partly", "no").
        findings: dict[str, str] = field(default_factory=dict)

    key = "respond"
    label = _("Record the response")
    intro = _(
        "Record the outcome, the conclusions and the reasons. A final stage’s response closes "
        "the case, so any remedy must be decided first."
    )
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        stage = self.current_stage
        if self.complaint.status != Status.OPEN or stage is None or stage.responded_on:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        if self.procedure.stage(stage.stage_key).kind != "review":
            return [Refusal("not-review", msg.NOT_REVIEW_STAGE)]
        if stage.reviewer_id is None:
            return [Refusal("no-reviewer", msg.NO_REVIEWER)]
        if stage.reviewer_id != getattr(self.staff, "pk", None):
            return [Refusal("not-reviewer", msg.NOT_THE_REVIEWER)]
        return closing_refusals(self)

    def validate(self, data: Input) -> list[Refusal]:
        stage = self.current_stage
        assert stage is not None
        questions = {q.code for q in self.procedure.stage(stage.stage_key).findings}
        refusals = [
            Refusal("finding", msg.SELECT_FROM_LIST, f"finding_{code}"[:60])
            for code in data.findings
            if code not in questions
        ]
        return refusals + findings.refusals(
            assess_response(
                self.procedure,
                stage.stage_key,
                outcome=data.outcome,
                conclusions=data.conclusions,
                reasons=data.reasons,
                findings={k: v for k, v in data.findings.items() if k in questions},
            ),
            {
                "response-outcome-unknown": "outcome",
                "response-conclusions-missing": "conclusions",
                "response-reasons-missing": "reasons",
            },
            prefixes={"finding-unanswered-": "finding_"},
        )

    def execute(self, data: Input) -> dict[str, Any]:
        stage = self.current_stage
        assert stage is not None
        definition = self.procedure.stage(stage.stage_key)
        stage.outcome = data.outcome
        stage.conclusions = data.conclusions.strip()
        stage.reasons = data.reasons.strip()
        stage.findings = {q.code: data.findings[q.code] for q in definition.findings}
        stage.responded_on = self.today
        stage.save(update_fields=["outcome", "conclusions", "reasons", "findings", "responded_on"])
        _after_response(self, stage)
        self.event(
            "responded",
            f"{definition.title.en} response recorded: {stage.outcome}.",
            tell=True,
            stage=stage.stage_key,
            outcome=stage.outcome,
            final=definition.is_final,
        )
        return {"stage": stage.stage_key, "outcome": stage.outcome, "findings": stage.findings}


class Escalate(CaseAction):
    """The complainant asks for the next stage: inside the window, or late with a reason.

    From an open frontline stage, a complaint that is not resolved goes on to the next stage.
    Staff record a request that came by phone or letter; a complainant asks online.
    """

    @dataclass(frozen=True)
    class Input:
        requested_on: date | None = None
        reason: str = ""
        late_reason: str = ""

    key = "escalate"
    label = _("Record a request for the next stage")
    intro = _(
        "The next stage starts now, with its own response target. After the last day to ask, "
        "record why the late request is accepted."
    )
    actors = frozenset({"staff", "complainant"})
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        stage = self.current_stage
        if stage is None or self.complaint.status not in {Status.RESPONDED, Status.OPEN}:
            if self.complaint.status == Status.CLOSED and stage is not None:
                return [Refusal("final", msg.NO_FURTHER_STAGE)]
            return [Refusal("not-responded", msg.NOT_RESPONDED)]
        if self.escalation(self.today).get("no-further-stage") is not None:
            return [Refusal("final", msg.NO_FURTHER_STAGE)]
        definition = self.procedure.stage(stage.stage_key)
        if self.complaint.status == Status.OPEN and definition.kind != "frontline":
            return [Refusal("not-responded", msg.NOT_RESPONDED)]
        return []

    def escalation(self, requested_on: date) -> Assessment:
        """The policy engine's view of a request for the next stage made on ``requested_on``.

        A frontline stage that was not resolved has no response: the request follows receipt.
        """
        stage = self.current_stage
        assert stage is not None
        return assess_escalation(
            self.procedure,
            stage.stage_key,
            responded_on=stage.responded_on or self.complaint.received_on,
            requested_on=requested_on,
            today=self.today,
        )

    def validate(self, data: Input) -> list[Refusal]:
        requested = data.requested_on or self.today
        if self.actor_kind == "complainant" and data.requested_on not in (None, self.today):
            return [Refusal("requested-on", msg.ESCALATION_IN_FUTURE, "requested_on")]
        assessment = self.escalation(requested)
        refusals = findings.refusals(
            (
                f
                for f in assessment.findings
                if f.code in {"requested-in-future", "escalation-before-response"}
            ),
            {"requested-in-future": "requested_on", "escalation-before-response": "requested_on"},
        )
        late = assessment.get("escalation-late")
        if late is not None and not data.late_reason.strip():
            limit = late.limit_date
            refusals.append(
                Refusal(
                    "late",
                    msg.ESCALATION_LATE_NEEDS_REASON % {"date": f"{limit:%-d %B %Y}"},
                    "late_reason",
                )
            )
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        stage = self.current_stage
        assert stage is not None
        requested = data.requested_on or self.today
        if stage.responded_on is None:  # frontline not resolved: close it as passed on
            stage.responded_on = self.today
            stage.save(update_fields=["responded_on"])
        next_definition = self.procedure.next_stage(stage.stage_key)
        assert next_definition is not None
        reason = data.reason.strip()
        late_reason = data.late_reason.strip()
        self.complaint.closure = ""
        new_stage = start_stage(self, next_definition, escalation_requested_on=requested)
        new_stage.escalation_reason = "\n".join(x for x in (reason, late_reason) if x)
        new_stage.save(update_fields=["escalation_reason"])
        self.complaint.assigned_to = None
        self.event(
            "escalated",
            f"Asked for {next_definition.title.en} on {requested:%-d %B %Y}.",
            stage=next_definition.key,
            requested_on=requested,
            late_reason=late_reason,
        )
        return {"stage": next_definition.key, "requested_on": requested.isoformat()}


class CloseNotEscalated(CaseAction):
    """Close a responded case once the window to ask for the next stage has passed."""

    key = "close-not-escalated"
    label = _("Close: no request for the next stage")
    intro = _("The window to ask for the next stage has passed without a request. The case closes.")
    actors = frozenset({"staff", "system"})
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.status != Status.RESPONDED:
            return [Refusal("not-responded", msg.NOT_RESPONDED)]
        stage = self.current_stage
        assert stage is not None and stage.responded_on is not None
        asking_today = assess_escalation(
            self.procedure,
            stage.stage_key,
            responded_on=stage.responded_on,
            requested_on=self.today,
            today=self.today,
        ).get("escalation-in-time")
        if asking_today is not None and asking_today.limit_date is not None:
            last = asking_today.limit_date
            return [Refusal("window", msg.NOT_YET_CLOSABLE % {"date": f"{last:%-d %B %Y}"})]
        return closing_refusals(self)

    def execute(self, data: Any) -> None:
        c = self.complaint
        c.status = Status.CLOSED
        c.closure = c.closure or Closure.NOT_ESCALATED
        c.closed_on = self.today
        c.current_due_on = None
        self.event("closed", "Closed: the complainant did not ask for the next stage.")


class Extend(CaseAction):
    """Extend the open stage's target, where the procedure allows it, telling the complainant."""

    @dataclass(frozen=True)
    class Input:
        new_due_on: date | None = None
        reason: str = ""

    key = "extend"
    label = _("Extend the deadline")
    intro = _(
        "Only where extending makes resolution more likely. The new date must be a working day; "
        "the complainant is to be told the new date and the reason."
    )
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        stage = self.current_stage
        if self.complaint.status != Status.OPEN or stage is None or stage.responded_on:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        if not self.procedure.stage(stage.stage_key).extension.allowed:
            return [Refusal("not-allowed", msg.EXTENSION_NOT_ALLOWED)]
        return []

    def validate(self, data: Input) -> list[Refusal]:
        stage = self.current_stage
        assert stage is not None
        refusals = findings.refusals(
            assess_extension(
                self.procedure,
                stage.stage_key,
                extensions_so_far=stage.extensions,
                approved_by_role=getattr(self.staff, "role", ""),
                reason=data.reason,
                new_due_on=data.new_due_on,
                current_due_on=deadlines.stage_instance_due(stage),
            ),
            {"extension-reason-missing": "reason", "extension-date-not-later": "new_due_on"},
        )
        new_date = data.new_due_on
        if new_date is None:
            refusals.append(Refusal("date", msg.EXTENSION_DATE_NEEDED, "new_due_on"))
        elif not rules.calendar().is_working_day(new_date):
            refusals.append(
                Refusal(
                    "not-working-day",
                    msg.EXTENSION_NOT_WORKING_DAY % {"date": format_date(new_date, get_language())},
                    "new_due_on",
                )
            )
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        stage = self.current_stage
        assert stage is not None and data.new_due_on is not None
        stage.extended_due_on = data.new_due_on
        stage.extension_reason = data.reason.strip()
        stage.extensions += 1
        stage.save(update_fields=["extended_due_on", "extension_reason", "extensions"])
        self.complaint.current_due_on = stage.extended_due_on
        self.event(
            "extended",
            f"Deadline extended to {stage.extended_due_on:%-d %B %Y}: {stage.extension_reason}.",
            tell=True,
            new_due_on=stage.extended_due_on,
            reason=stage.extension_reason,
        )
        return {"new_due_on": stage.extended_due_on.isoformat(), "extensions": stage.extensions}


__all__ = [
    "CloseNotEscalated",
    "Escalate",
    "Extend",
    "ResolveAtFrontline",
    "Respond",
    "closing_refusals",
    "escalation_deadline",
    "start_stage",
]
