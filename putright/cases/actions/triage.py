"""Triage: accept, accept late, close as not covered, hold for consent, acknowledge."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.cases import messages as msg
from putright.cases import rules
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.actions.stages import start_stage
from putright.cases.facts import complaint_facts
from putright.cases.models import (
    Closure,
    Status,
)
from putright.policy import (
    assess,
)


class _Triage(CaseAction):
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.status != Status.NEW:
            return [Refusal("not-in-triage", msg.NOT_IN_TRIAGE)]
        return []

    def assessment(self):
        return assess(
            self.procedure,
            complaint_facts(self.complaint),
            today=self.today,
            calendar=rules.calendar(),
        )


class Accept(_Triage):
    """Accept the complaint and start the first stage of the procedure."""

    key = "accept"
    label = _("Accept the complaint")

    def available(self) -> list[Refusal]:
        refusals = super().available()
        if refusals:
            return refusals
        assessment = self.assessment()
        if assessment.needs_consent:
            return [Refusal("consent-needed", msg.CONSENT_NEEDED)]
        if assessment.get("out-of-time") is not None:
            return [Refusal("out-of-time", msg.OUT_OF_TIME_USE_LATE)]
        return []

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        stage = start_stage(self, self.procedure.first_stage)
        self.event("accepted", f"Accepted. {stage.stage_key} started.")
        return {"stage": stage.stage_key, "due_on": str(stage.due_on or "")}


class AcceptLate(_Triage):
    """Accept a complaint that is out of time, recording why."""

    key = "accept-late"
    label = _("Accept a late complaint")

    def available(self) -> list[Refusal]:
        refusals = super().available()
        if refusals:
            return refusals
        assessment = self.assessment()
        if assessment.needs_consent:
            return [Refusal("consent-needed", msg.CONSENT_NEEDED)]
        if assessment.get("out-of-time") is None:
            return [Refusal("in-time", msg.IN_TIME_NO_LATE)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        if not (data.get("reason") or "").strip():
            return [Refusal("reason", msg.LATE_NEEDS_REASON, "reason")]
        return []

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        self.complaint.accepted_late = True
        self.complaint.late_reason = data["reason"].strip()
        stage = start_stage(self, self.procedure.first_stage)
        self.event("accepted-late", f"Accepted out of time: {self.complaint.late_reason}")
        return {"stage": stage.stage_key}


class CloseOutOfScope(CaseAction):
    """Close the complaint as not covered, with the exclusion's code and signposting."""

    key = "close-out-of-scope"
    label = _("Close as not covered")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.status not in {Status.NEW, Status.AWAITING_CONSENT}:
            return [Refusal("not-in-triage", msg.NOT_IN_TRIAGE)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        refusals = []
        code = data.get("code") or ""
        if not code:
            refusals.append(Refusal("code", msg.SCOPE_NEEDS_CODE, "code"))
        elif code not in {e.code for e in self.procedure.exclusions}:
            refusals.append(Refusal("code", msg.SCOPE_UNKNOWN_CODE, "code"))
        if not (data.get("reason") or "").strip():
            refusals.append(Refusal("reason", msg.SCOPE_NEEDS_REASON, "reason"))
        return refusals

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        exclusion = self.procedure.exclusion(data["code"])
        c = self.complaint
        c.status = Status.CLOSED
        c.closure = Closure.OUT_OF_SCOPE
        c.closure_code = exclusion.code
        c.closure_reason = data["reason"].strip()
        c.closed_on = self.today
        c.current_due_on = None
        self.event(
            "closed-out-of-scope",
            f"Closed as not covered ({exclusion.title.en}). Signposting letter to send.",
            tell=True,
            code=exclusion.code,
        )
        return {"code": exclusion.code}


class HoldForConsent(_Triage):
    """Log a representative's complaint and hold it until the person's consent arrives."""

    key = "hold-for-consent"
    label = _("Hold awaiting consent")

    def available(self) -> list[Refusal]:
        refusals = super().available()
        if refusals:
            return refusals
        if self.complaint.representative_id is None:
            return [Refusal("no-representative", msg.NO_REPRESENTATIVE)]
        if self.complaint.consent_received_on:
            return [Refusal("consent-held", msg.CONSENT_ALREADY_HELD)]
        return []

    def execute(self, data: dict[str, Any]) -> None:
        self.complaint.status = Status.AWAITING_CONSENT
        self.complaint.current_due_on = None
        self.event(
            "held-for-consent",
            "Held awaiting the person’s written consent. Consent request to send.",
            tell=True,
        )


class RecordAcknowledgement(CaseAction):
    """Record that the acknowledgement was sent."""

    key = "acknowledge"
    label = _("Record acknowledgement sent")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.acknowledged_on:
            return [Refusal("done", _("The acknowledgement has already been recorded."))]
        return self.require_open()

    def execute(self, data: dict[str, Any]) -> None:
        self.complaint.acknowledged_on = data.get("sent_on") or self.today
        self.event("acknowledged", "Acknowledgement sent.", tell=True)
