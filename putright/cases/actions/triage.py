"""Triage: amend the details, accept, accept late, close as not covered, hold for consent,
acknowledge."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.cases import findings, rules
from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.actions.stages import closing_refusals, start_stage
from putright.cases.facts import complaint_facts
from putright.cases.models import Closure, Status
from putright.policy import Assessment, assess

#: Findings about a complaint's own details, and the field of "amend the details" that clears them.
DETAIL_FIELDS = {
    "missing-what-went-wrong": "what_went_wrong",
    "missing-put-right": "put_right",
    "unknown-category": "categories",
}


def still_in_triage(action: CaseAction) -> list[Refusal]:
    """New or awaiting consent: what the complaint says may still change, or it may close."""
    if action.complaint.status not in {Status.NEW, Status.AWAITING_CONSENT}:
        return [Refusal("not-in-triage", msg.NOT_IN_TRIAGE)]
    return []


class _Triage(CaseAction):
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.status != Status.NEW:
            return [Refusal("not-in-triage", msg.NOT_IN_TRIAGE)]
        return []

    def assessment(self) -> Assessment:
        return assess(
            self.procedure,
            complaint_facts(self.complaint),
            today=self.today,
            calendar=rules.calendar(),
        )

    def blocking_refusals(self) -> list[Refusal]:
        """Each blocking finding, in the engine's words, followed by what would clear it."""
        out = []
        for finding in self.assessment().blocking:
            clear = (
                msg.BLOCKED_BY_EXCLUSION
                if finding.code.startswith("excluded-")
                else msg.BLOCKED_BY_DETAILS
            )
            out.append(
                Refusal(
                    finding.code,
                    msg.FINDING_AND_REMEDY
                    % {
                        "finding": findings.message(finding),
                        "clear": clear,
                    },
                )
            )
        return out


class Accept(_Triage):
    """Accept the complaint and start the first stage of the procedure."""

    key = "accept"
    label = _("Accept the complaint")
    intro = _("This starts the first stage of the procedure and its response target.")

    def available(self) -> list[Refusal]:
        refusals = super().available()
        if refusals:
            return refusals
        blocking = self.blocking_refusals()
        if blocking:
            return blocking
        assessment = self.assessment()
        if assessment.needs_consent:
            return [Refusal("consent-needed", msg.CONSENT_NEEDED)]
        if assessment.get("out-of-time") is not None:
            return [Refusal("out-of-time", msg.OUT_OF_TIME_USE_LATE)]
        return []

    def execute(self, data: Any) -> dict[str, Any]:
        stage = start_stage(self, self.procedure.first_stage)
        self.event("accepted", "Accepted; the first stage started.", stage=stage.stage_key)
        return {"stage": stage.stage_key, "due_on": str(stage.due_on or "")}


class AcceptLate(_Triage):
    """Accept a complaint that is out of time, recording why."""

    @dataclass(frozen=True)
    class Input:
        reason: str = ""

    key = "accept-late"
    label = _("Accept a late complaint")
    intro = _(
        "The complaint reached us after the procedure’s time limit. Record why it is being "
        "accepted; the first stage then starts."
    )

    def available(self) -> list[Refusal]:
        refusals = super().available()
        if refusals:
            return refusals
        blocking = self.blocking_refusals()
        if blocking:
            return blocking
        assessment = self.assessment()
        if assessment.needs_consent:
            return [Refusal("consent-needed", msg.CONSENT_NEEDED)]
        if assessment.get("out-of-time") is None:
            return [Refusal("in-time", msg.IN_TIME_NO_LATE)]
        return []

    def validate(self, data: Input) -> list[Refusal]:
        if not data.reason.strip():
            return [Refusal("reason", msg.LATE_NEEDS_REASON, "reason")]
        return []

    def execute(self, data: Input) -> dict[str, Any]:
        self.complaint.accepted_late = True
        self.complaint.late_reason = data.reason.strip()
        stage = start_stage(self, self.procedure.first_stage)
        self.event(
            "accepted-late",
            f"Accepted out of time: {self.complaint.late_reason}",
            stage=stage.stage_key,
            reason=self.complaint.late_reason,
        )
        return {"stage": stage.stage_key}


class AmendDetails(CaseAction):
    """Correct what the complaint says: what went wrong, what would put it right, its categories
    and the answers to the procedure's scope questions. Only while it is being triaged."""

    @dataclass(frozen=True)
    class Input:
        what_went_wrong: str = ""
        put_right: str = ""
        categories: tuple[str, ...] = ()
        #: Exclusion code to "yes", "no" or "unsure".
        scope_answers: dict[str, str] = field(default_factory=dict)

    key = "amend-details"
    label = _("Amend the complaint details")
    intro = _(
        "Correct what the complaint says before it is accepted. The procedure’s checks run "
        "again on what you enter."
    )
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        return still_in_triage(self)

    def validate(self, data: Input) -> list[Refusal]:
        refusals = []
        known = {e.code for e in self.procedure.exclusions}
        for code, answer in data.scope_answers.items():
            if code not in known or answer not in SCOPE_ANSWERS:
                refusals.append(Refusal("scope", msg.SELECT_FROM_LIST, f"scope_{code}"[:60]))
        amended = dataclasses.replace(
            complaint_facts(self.complaint),
            what_went_wrong=data.what_went_wrong,
            put_right=data.put_right,
            categories=tuple(data.categories),
        )
        assessment = assess(
            self.procedure,
            amended,
            today=self.today,
            calendar=rules.calendar(),
        )
        refusals += findings.refusals(
            (f for f in assessment.findings if f.code in DETAIL_FIELDS), DETAIL_FIELDS
        )
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        from putright.cases.models import ComplaintCategory

        c = self.complaint
        c.what_went_wrong = data.what_went_wrong.strip()
        c.put_right = data.put_right.strip()
        c.scope_answers = {code: SCOPE_ANSWERS[a] for code, a in data.scope_answers.items()}
        c.save(update_fields=["what_went_wrong", "put_right", "scope_answers"])
        c.categories.all().delete()
        ComplaintCategory.objects.bulk_create(
            ComplaintCategory(complaint=c, code=code) for code in dict.fromkeys(data.categories)
        )
        self.event("details-amended", "The complaint details were amended.")
        return {
            "put_right": c.put_right,
            "categories": list(data.categories),
            "scope_answers": c.scope_answers,
        }


#: How a scope question is answered, and what the engine is told.
SCOPE_ANSWERS: dict[str, bool | None] = {"yes": True, "no": False, "unsure": None}


class CloseOutOfScope(CaseAction):
    """Close the complaint as not covered, with the exclusion's code and signposting."""

    @dataclass(frozen=True)
    class Input:
        code: str = ""
        reason: str = ""

    key = "close-out-of-scope"
    label = _("Close as not covered")
    intro = _(
        "The case closes as not covered by this procedure. Record which exclusion applies; the "
        "signposting letter for it is then due."
    )
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        return still_in_triage(self)

    def validate(self, data: Input) -> list[Refusal]:
        refusals = []
        if not data.code:
            refusals.append(Refusal("code", msg.SCOPE_NEEDS_CODE, "code"))
        elif data.code not in {e.code for e in self.procedure.exclusions}:
            refusals.append(Refusal("code", msg.SCOPE_UNKNOWN_CODE, "code"))
        if not data.reason.strip():
            refusals.append(Refusal("reason", msg.SCOPE_NEEDS_REASON, "reason"))
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        exclusion = self.procedure.exclusion(data.code)
        c = self.complaint
        c.status = Status.CLOSED
        c.closure = Closure.OUT_OF_SCOPE
        c.closure_code = exclusion.code
        c.closure_reason = data.reason.strip()
        c.closed_on = self.today
        c.current_due_on = None
        self.event(
            "closed-out-of-scope",
            f"Closed as not covered ({exclusion.title.en}).",
            tell=True,
            code=exclusion.code,
        )
        return {"code": exclusion.code}


class HoldForConsent(_Triage):
    """Log a representative's complaint and hold it until the person's consent arrives."""

    key = "hold-for-consent"
    label = _("Hold awaiting consent")
    intro = _(
        "The case waits until the person’s written consent for their representative arrives. "
        "The request for consent is then due."
    )

    def available(self) -> list[Refusal]:
        refusals = super().available()
        if refusals:
            return refusals
        if self.complaint.representative_id is None:
            return [Refusal("no-representative", msg.NO_REPRESENTATIVE)]
        if self.complaint.consent_received_on:
            return [Refusal("consent-held", msg.CONSENT_ALREADY_HELD)]
        return []

    def execute(self, data: Any) -> None:
        self.complaint.status = Status.AWAITING_CONSENT
        self.complaint.current_due_on = None
        self.event("held-for-consent", "Held awaiting the person’s written consent.", tell=True)


class RecordAcknowledgement(CaseAction):
    """Record that the acknowledgement was sent (by staff, or by the system when it sends it)."""

    @dataclass(frozen=True)
    class Input:
        sent_on: date | None = None

    key = "acknowledge"
    label = _("Record acknowledgement sent")
    actors = frozenset({"staff", "system"})
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.acknowledged_on:
            return [Refusal("done", msg.ALREADY_ACKNOWLEDGED)]
        return self.require_open()

    def validate(self, data: Input) -> list[Refusal]:
        sent = data.sent_on
        if sent is not None and (sent > self.today or sent < self.complaint.received_on):
            return [Refusal("sent-on", msg.ACKNOWLEDGED_OUT_OF_RANGE, "sent_on")]
        return []

    def execute(self, data: Input) -> None:
        self.complaint.acknowledged_on = data.sent_on or self.today
        if self.complaint.status in {Status.NEW, Status.AWAITING_CONSENT}:
            self.complaint.current_due_on = None
        self.event("acknowledged", "Acknowledgement sent.", sent_on=self.complaint.acknowledged_on)


__all__ = [
    "Accept",
    "AcceptLate",
    "AmendDetails",
    "CloseOutOfScope",
    "HoldForConsent",
    "RecordAcknowledgement",
    "closing_refusals",
]
