"""The stages of a procedure: start, resolve at frontline, respond, extend, escalate, close."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from putright.cases import messages as msg
from putright.cases import rules
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import (
    Closure,
    Outcome,
    StageInstance,
    Status,
)
from putright.policy import (
    Assessment,
    Stage,
    assess_escalation,
    assess_extension,
    assess_response,
    due_date,
    escalation_deadline,
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
    due = (
        due_date(action.procedure, stage.key, clock_start, rules.calendar()).value
        if stage.target_working_days is not None
        else None
    )
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


class ResolveAtFrontline(CaseAction):
    """Record that a frontline stage resolved the complaint, and what was done."""

    key = "resolve-frontline"
    label = _("Record frontline resolution")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        stage = self.current_stage
        if self.complaint.status != Status.OPEN or stage is None or stage.responded_on:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        if self.procedure.stage(stage.stage_key).kind != "frontline":
            return [Refusal("not-frontline", msg.NOT_FRONTLINE)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        stage = self.current_stage
        assert stage is not None
        findings = assess_response(
            self.procedure, stage.stage_key, action_taken=data.get("action_taken") or ""
        )
        return [Refusal("action", msg.FRONTLINE_NEEDS_ACTION, "action_taken") for _ in findings]

    def execute(self, data: dict[str, Any]) -> None:
        stage = self.current_stage
        assert stage is not None
        stage.frontline_action = data["action_taken"].strip()
        stage.outcome = Outcome.RESOLVED_AT_FRONTLINE
        stage.responded_on = self.today
        if stage.reviewer_id is None:
            stage.reviewer = self.actor
        stage.save(update_fields=["frontline_action", "outcome", "responded_on", "reviewer"])
        _after_response(self, stage)
        self.event("resolved-frontline", f"Resolved at frontline: {stage.frontline_action}")


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
    if definition.escalation is not None:
        complaint.current_due_on = escalation_deadline(
            action.procedure, stage.stage_key, stage.responded_on
        ).value
    else:
        complaint.current_due_on = None
    if definition.kind == "frontline" and stage.outcome == Outcome.RESOLVED_AT_FRONTLINE:
        complaint.closure = Closure.RESOLVED_FRONTLINE


class Respond(CaseAction):
    """Send the stage's response: outcome, conclusions and reasons, and findings where the
    stage has them. The final stage's response closes the case."""

    key = "respond"
    label = _("Record the response")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        stage = self.current_stage
        if self.complaint.status != Status.OPEN or stage is None or stage.responded_on:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        if self.procedure.stage(stage.stage_key).kind != "review":
            return [Refusal("not-review", msg.NOT_REVIEW_STAGE)]
        if stage.reviewer_id is None:
            return [Refusal("no-reviewer", msg.NO_REVIEWER)]
        if stage.reviewer_id != self.actor.pk:
            return [Refusal("not-reviewer", msg.NOT_THE_REVIEWER)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        stage = self.current_stage
        assert stage is not None
        questions = {q.code: q for q in self.procedure.stage(stage.stage_key).findings}
        shown = {
            "response-outcome-unknown": ("outcome", msg.RESPONSE_NEEDS_OUTCOME, "outcome"),
            "response-conclusions-missing": (
                "conclusions",
                msg.RESPONSE_NEEDS_CONCLUSIONS,
                "conclusions",
            ),
            "response-reasons-missing": ("reasons", msg.RESPONSE_NEEDS_REASONS, "reasons"),
        }
        refusals = []
        for finding in assess_response(
            self.procedure,
            stage.stage_key,
            outcome=data.get("outcome") or "",
            conclusions=data.get("conclusions") or "",
            reasons=data.get("reasons") or "",
            findings=data.get("findings") or {},
        ):
            if finding.code in shown:
                refusals.append(Refusal(*shown[finding.code]))
                continue
            code = finding.code.removeprefix("finding-unanswered-")
            question = questions[code].text.get(get_language())
            refusals.append(
                Refusal(
                    f"finding-{code}",
                    msg.RESPONSE_NEEDS_FINDING % {"question": question},
                    f"finding_{code}",
                )
            )
        return refusals

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        stage = self.current_stage
        assert stage is not None
        definition = self.procedure.stage(stage.stage_key)
        stage.outcome = data["outcome"]
        stage.conclusions = data["conclusions"].strip()
        stage.reasons = data["reasons"].strip()
        stage.findings = {q.code: (data.get("findings") or {})[q.code] for q in definition.findings}
        stage.responded_on = self.today
        stage.save(update_fields=["outcome", "conclusions", "reasons", "findings", "responded_on"])
        _after_response(self, stage)
        self.event(
            "responded",
            f"{definition.title.en} response sent: {stage.get_outcome_display()}."
            + (" This is the final response." if definition.is_final else ""),
            tell=True,
            stage=stage.stage_key,
            outcome=stage.outcome,
        )
        return {"stage": stage.stage_key, "outcome": stage.outcome, "findings": stage.findings}


class Escalate(CaseAction):
    """The complainant asks for the next stage: inside the window, or late with a reason.

    From an open frontline stage, a complaint that is not resolved goes on to the next stage.
    """

    key = "escalate"
    label = _("Record a request for the next stage")
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

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        requested = data.get("requested_on") or self.today
        assessment = self.escalation(requested)
        shown = {
            "requested-in-future": ("future", msg.ESCALATION_IN_FUTURE, "requested_on"),
            "escalation-before-response": (
                "before",
                msg.ESCALATION_BEFORE_RESPONSE,
                "requested_on",
            ),
        }
        refusals = [Refusal(*shown[f.code]) for f in assessment.findings if f.code in shown]
        late = assessment.get("escalation-late")
        if late is not None and not (data.get("late_reason") or "").strip():
            limit = late.limit_date
            refusals.append(
                Refusal(
                    "late",
                    msg.ESCALATION_LATE_NEEDS_REASON % {"date": f"{limit:%-d %B %Y}"},
                    "late_reason",
                )
            )
        return refusals

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        stage = self.current_stage
        assert stage is not None
        requested = data.get("requested_on") or self.today
        if stage.responded_on is None:  # frontline not resolved: close it as passed on
            stage.responded_on = self.today
            stage.save(update_fields=["responded_on"])
        next_definition = self.procedure.next_stage(stage.stage_key)
        assert next_definition is not None
        reason = (data.get("reason") or "").strip()
        late_reason = (data.get("late_reason") or "").strip()
        self.complaint.closure = ""
        new_stage = start_stage(self, next_definition, escalation_requested_on=requested)
        new_stage.escalation_reason = "\n".join(x for x in (reason, late_reason) if x)
        new_stage.save(update_fields=["escalation_reason"])
        self.complaint.assigned_to = None
        self.event(
            "escalated",
            f"Asked for {next_definition.title.en} on {requested:%-d %B %Y}."
            + (f" Accepted late: {late_reason}" if late_reason else ""),
            stage=next_definition.key,
        )
        return {"stage": next_definition.key, "requested_on": requested.isoformat()}


class CloseNotEscalated(CaseAction):
    """Close a responded case once the window to ask for the next stage has passed."""

    key = "close-not-escalated"
    label = _("Close: no request for the next stage")
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
        return []

    def execute(self, data: dict[str, Any]) -> None:
        c = self.complaint
        c.status = Status.CLOSED
        c.closure = c.closure or Closure.NOT_ESCALATED
        c.closed_on = self.today
        c.current_due_on = None
        self.event("closed", "Closed: the complainant did not ask for the next stage.")


class Extend(CaseAction):
    """Extend the open stage's target, where the procedure allows it, telling the complainant."""

    key = "extend"
    label = _("Extend the deadline")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        stage = self.current_stage
        if self.complaint.status != Status.OPEN or stage is None or stage.responded_on:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        if not self.procedure.stage(stage.stage_key).extension.allowed:
            return [Refusal("not-allowed", msg.EXTENSION_NOT_ALLOWED)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        stage = self.current_stage
        assert stage is not None
        current = stage.effective_due_on
        new_date = data.get("new_due_on")
        findings = assess_extension(
            self.procedure,
            stage.stage_key,
            extensions_so_far=stage.extensions,
            approved_by_role=self.actor.role,
            reason=data.get("reason") or "",
            new_due_on=new_date,
            current_due_on=current,
        )
        when = {"date": f"{current:%-d %B %Y}" if current else ""}
        shown = {
            "extension-not-allowed": ("not-allowed", msg.EXTENSION_NOT_ALLOWED, None),
            "extension-needs-approval": ("needs-approval", msg.EXTENSION_NEEDS_APPROVAL, None),
            "extension-reason-missing": ("reason", msg.EXTENSION_NEEDS_REASON, "reason"),
            "extension-date-not-later": (
                "date",
                msg.EXTENSION_DATE_NOT_LATER % when,
                "new_due_on",
            ),
        }
        refusals = [Refusal(*shown[finding.code]) for finding in findings]
        if new_date is None:
            refusals.append(Refusal("date", msg.EXTENSION_DATE_NEEDED, "new_due_on"))
        return refusals

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        stage = self.current_stage
        assert stage is not None
        stage.extended_due_on = data["new_due_on"]
        stage.extension_reason = data["reason"].strip()
        stage.extensions += 1
        stage.save(update_fields=["extended_due_on", "extension_reason", "extensions"])
        self.complaint.current_due_on = stage.extended_due_on
        self.event(
            "extended",
            f"Deadline extended to {stage.extended_due_on:%-d %B %Y}: {stage.extension_reason}. "
            "Tell the complainant.",
            tell=True,
            new_due_on=stage.extended_due_on,
        )
        return {"new_due_on": stage.extended_due_on.isoformat(), "extensions": stage.extensions}
