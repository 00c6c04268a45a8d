"""The lifecycle actions. Each reads the pinned procedure definition: there is no branch on a
procedure's id anywhere. What a stage allows (frontline resolution, a reviewer, findings, an
extension, escalation, finality) comes from the stage's data.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from putright.accounts.models import Role, Team
from putright.cases import messages as msg
from putright.cases import rules
from putright.cases.actions.base import CaseAction, Refusal
from putright.cases.models import Closure, Complaint, Consent, Outcome, StageInstance, Status
from putright.policy import (
    Assessment,
    ComplaintFacts,
    StaffFacts,
    Stage,
    assess,
    assess_escalation,
    assess_extension,
    assess_response,
    check_reviewer,
    due_date,
    escalation_deadline,
    response_clock_start,
)

MANAGERS = frozenset({Role.COMPLAINTS_MANAGER})
CASE_STAFF = frozenset(
    {Role.CASEWORKER, Role.REVIEWER, Role.BUSINESS_ASSURANCE, Role.COMPLAINTS_MANAGER}
)


def complaint_facts(complaint: Complaint) -> ComplaintFacts:
    return ComplaintFacts(
        received_on=complaint.received_on,
        event_on=complaint.event_on,
        found_out_on=complaint.found_out_on,
        by_representative=complaint.representative_id is not None,
        consent_held=complaint.consent_received_on is not None,
        scope=complaint.scope_answers or {},
        what_went_wrong=complaint.what_went_wrong,
        put_right=complaint.put_right,
        categories=tuple(c.code for c in complaint.categories.all()),
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


class RecordConsent(CaseAction):
    """Record the person's written consent and release the case for triage.

    The response target then runs from the day the consent arrived.
    """

    key = "record-consent"
    label = _("Record consent")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.representative_id is None:
            return [Refusal("no-representative", msg.NO_REPRESENTATIVE)]
        if self.complaint.status not in {Status.NEW, Status.AWAITING_CONSENT}:
            return [Refusal("not-awaiting", msg.NOT_AWAITING_CONSENT)]
        if self.complaint.consent_received_on:
            return [Refusal("consent-held", msg.CONSENT_ALREADY_HELD)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        refusals = []
        if not (data.get("scope") or "").strip():
            refusals.append(Refusal("scope", msg.CONSENT_NEEDS_SCOPE, "scope"))
        if not data.get("attachment") and not (data.get("declaration") or "").strip():
            refusals.append(Refusal("evidence", msg.CONSENT_NEEDS_EVIDENCE, "declaration"))
        given = data.get("given_on")
        if given and given > self.today:
            refusals.append(Refusal("given-on", msg.CONSENT_DATE_FUTURE, "given_on"))
        expires = data.get("expires_on")
        if expires and expires < self.today:
            refusals.append(Refusal("expired", msg.CONSENT_EXPIRED, "expires_on"))
        return refusals

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        from putright.cases.models import Consent, ConsentKind

        attachment = data.get("attachment")
        consent = Consent.objects.create(
            complaint=self.complaint,
            kind=ConsentKind.DOCUMENT if attachment else ConsentKind.DECLARATION,
            attachment=attachment,
            declaration=(data.get("declaration") or "").strip(),
            scope=data["scope"].strip(),
            given_on=data.get("given_on") or self.today,
            expires_on=data.get("expires_on"),
            recorded_by=self.actor,
        )
        received = data.get("received_on") or self.today
        self.complaint.consent_received_on = received
        self.complaint.status = Status.NEW
        self.event(
            "consent-recorded",
            f"Consent recorded (received {received:%d %B %Y}). The response target runs "
            "from that day.",
            consent=consent.pk,
        )
        return {"consent": consent.pk}


class RevokeConsent(CaseAction):
    """Record that the person withdrew their consent: nothing more goes to the representative.

    The case carries on with the person; a case still in triage waits for consent again.
    """

    key = "revoke-consent"
    label = _("Record that consent was withdrawn")
    roles = CASE_STAFF

    def active_consent(self) -> Consent | None:
        in_force = [c for c in self.complaint.consents.all() if c.revoked_on is None]
        return max(in_force, key=lambda c: c.pk, default=None)

    def available(self) -> list[Refusal]:
        if self.active_consent() is None:
            return [Refusal("no-consent", msg.NO_ACTIVE_CONSENT)]
        return self.require_open()

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        refusals = []
        if not (data.get("reason") or "").strip():
            refusals.append(Refusal("reason", msg.CONSENT_REVOKE_NEEDS_REASON, "reason"))
        revoked = data.get("revoked_on")
        if revoked and revoked > self.today:
            refusals.append(Refusal("revoked-on", msg.CONSENT_DATE_FUTURE, "revoked_on"))
        return refusals

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        consent = self.active_consent()
        assert consent is not None
        consent.revoked_on = data.get("revoked_on") or self.today
        consent.save(update_fields=["revoked_on"])
        if self.complaint.status == Status.NEW:
            self.complaint.status = Status.AWAITING_CONSENT
            self.complaint.consent_received_on = None
        self.event(
            "consent-revoked",
            f"Consent withdrawn ({data['reason'].strip()}). Disclose nothing more to the "
            "representative.",
            consent=consent.pk,
        )
        return {"consent": consent.pk, "revoked_on": consent.revoked_on.isoformat()}


class AssignReviewer(CaseAction):
    """Assign the reviewer for the open stage, holding to the stage's reviewer rule."""

    key = "assign-reviewer"
    label = _("Assign a reviewer")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        refusals = self.require_open()
        if refusals:
            return refusals
        stage = self.current_stage
        if stage is None or stage.responded_on or self.complaint.status != Status.OPEN:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        return reviewer_refusals(self, data.get("reviewer"), data.get("seniority_reason") or "")

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        stage = self.current_stage
        assert stage is not None
        reviewer = data["reviewer"]
        stage.reviewer = reviewer
        stage.seniority_reason = (data.get("seniority_reason") or "").strip()
        stage.save(update_fields=["reviewer", "seniority_reason"])
        self.complaint.assigned_to = reviewer
        self.event("reviewer-assigned", f"{reviewer} assigned to review {stage.stage_key}.")
        return {"reviewer": reviewer.pk, "stage": stage.stage_key}


#: How each finding of the policy engine's reviewer rule is shown, and on which field.
REVIEWER_REFUSALS: dict[str, tuple[str, Any, str]] = {
    "reviewer-inactive": ("inactive", msg.REVIEWER_INACTIVE, "reviewer"),
    "reviewer-handled-original": ("handled-original", msg.REVIEWER_HANDLED_ORIGINAL, "reviewer"),
    "reviewer-handled-earlier-stage": (
        "handled-earlier",
        msg.REVIEWER_HANDLED_EARLIER_STAGE,
        "reviewer",
    ),
    "reviewer-not-in-team": ("team", msg.REVIEWER_NOT_IN_TEAM, "reviewer"),
    "reviewer-wrong-role": ("role", msg.REVIEWER_WRONG_ROLE, "reviewer"),
    "reviewer-not-more-senior": ("seniority", msg.REVIEWER_NOT_SENIOR, "seniority_reason"),
}


def staff_facts(user: Any) -> StaffFacts:
    return StaffFacts(
        id=user.pk,
        name=str(user),
        grade=user.grade,
        team=user.team.code if user.team_id else None,
        role=user.role,
        active=user.is_active,
    )


def reviewer_refusals(action: CaseAction, reviewer: Any, seniority_reason: str) -> list[Refusal]:
    """The stage's reviewer rule, decided by the policy engine, shown in the staff's words."""
    if reviewer is None:
        return [Refusal("reviewer", _("Select a reviewer"), "reviewer")]
    stage_instance = action.current_stage
    assert stage_instance is not None
    complaint = action.complaint
    earlier = complaint.stages.filter(sequence__lt=stage_instance.sequence)
    findings = check_reviewer(
        action.procedure,
        stage_instance.stage_key,
        reviewer=staff_facts(reviewer),
        original_handler=(
            staff_facts(complaint.original_handler) if complaint.original_handler else None
        ),
        earlier_reviewers=set(earlier.exclude(reviewer=None).values_list("reviewer", flat=True)),
        seniority_reason=seniority_reason,
    )
    rule = action.procedure.stage(stage_instance.stage_key).reviewer
    team = Team.objects.filter(code=rule.required_team).first() if rule.required_team else None
    values = {"name": str(reviewer), "team": team.name if team else rule.required_team}
    refusals = []
    for finding in findings:
        code, message, field_name = REVIEWER_REFUSALS[finding.code]
        refusals.append(Refusal(code, message % values, field_name))
    return refusals


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


class AssignCase(CaseAction):
    """Give the case to a member of staff to work on."""

    key = "assign"
    label = _("Assign the case")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        return self.require_open()

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        if data.get("assignee") is None:
            return [Refusal("assignee", _("Select who will work on the case"), "assignee")]
        return []

    def execute(self, data: dict[str, Any]) -> None:
        self.complaint.assigned_to = data["assignee"]
        self.event("assigned", f"Assigned to {data['assignee']}.")


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
