"""Who works on a case: the assignee, and each stage's reviewer under the stage's rule."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.accounts.models import Team
from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.facts import staff_facts
from putright.cases.models import (
    Status,
)
from putright.policy import (
    check_reviewer,
)


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
