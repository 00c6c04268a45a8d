"""Who works on a case: the assignee, and each stage's reviewer under the stage's rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from putright.accounts.models import StaffUser
from putright.cases import findings
from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.facts import staff_facts
from putright.cases.models import Status
from putright.policy import Finding, check_reviewer


def case_staff_member(pk: int | None) -> StaffUser | None:
    """An active member of staff whose role works on cases, or None."""
    if pk is None:
        return None
    return StaffUser.objects.filter(pk=pk, is_active=True, role__in=CASE_STAFF).first()


class AssignCase(CaseAction):
    """Give the case to a member of staff to work on."""

    @dataclass(frozen=True)
    class Input:
        assignee: int | None = None

    key = "assign"
    label = _("Assign the case")
    intro = _("The person you choose sees the case in “Assigned to me”.")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        return self.require_open()

    def validate(self, data: Input) -> list[Refusal]:
        if data.assignee is None:
            return [Refusal("assignee", msg.ASSIGNEE_NEEDED, "assignee")]
        if case_staff_member(data.assignee) is None:
            return [Refusal("assignee", msg.ASSIGNEE_NOT_CASE_STAFF, "assignee")]
        return []

    def execute(self, data: Input) -> dict[str, Any]:
        assignee = case_staff_member(data.assignee)
        assert assignee is not None
        self.complaint.assigned_to = assignee
        self.event("assigned", f"Assigned to {assignee}.", to=str(assignee))
        return {"assignee": assignee.pk}


class AssignReviewer(CaseAction):
    """Assign the reviewer for the open stage, holding to the stage's reviewer rule."""

    @dataclass(frozen=True)
    class Input:
        reviewer: int | None = None
        seniority_reason: str = ""

    key = "assign-reviewer"
    label = _("Assign a reviewer")
    intro = _(
        "The procedure’s reviewer rule is checked: independence, the team the stage needs, "
        "and seniority."
    )
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        refusals = self.require_open()
        if refusals:
            return refusals
        stage = self.current_stage
        if stage is None or stage.responded_on or self.complaint.status != Status.OPEN:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        self.procedure.stage(stage.stage_key)  # a stage its procedure does not know: refused
        return []

    def validate(self, data: Input) -> list[Refusal]:
        if data.reviewer is None:
            return [Refusal("reviewer", msg.REVIEWER_NEEDED, "reviewer")]
        reviewer = case_staff_member(data.reviewer)
        if reviewer is None:
            return [Refusal("reviewer", msg.ASSIGNEE_NOT_CASE_STAFF, "reviewer")]
        return findings.refusals(
            reviewer_findings(self, reviewer, data.seniority_reason),
            {code: "reviewer" for code in REVIEWER_FIELDS}
            | {"reviewer-not-more-senior": "seniority_reason"},
        )

    def execute(self, data: Input) -> dict[str, Any]:
        stage = self.current_stage
        reviewer = case_staff_member(data.reviewer)
        assert stage is not None and reviewer is not None
        stage.reviewer = reviewer
        stage.seniority_reason = data.seniority_reason.strip()
        stage.save(update_fields=["reviewer", "seniority_reason"])
        self.complaint.assigned_to = reviewer
        self.event(
            "reviewer-assigned",
            f"{reviewer} assigned to review {stage.stage_key}.",
            to=str(reviewer),
            stage=stage.stage_key,
        )
        return {"reviewer": reviewer.pk, "stage": stage.stage_key}


#: The reviewer rule's findings that are about who the reviewer is (the rest need a reason).
REVIEWER_FIELDS = (
    "reviewer-inactive",
    "reviewer-handled-original",
    "reviewer-handled-earlier-stage",
    "reviewer-not-in-team",
    "reviewer-wrong-role",
)


def reviewer_findings(action: CaseAction, reviewer: Any, seniority_reason: str) -> list[Finding]:
    """The stage's reviewer rule for ``reviewer`` on this case, decided by the policy engine."""
    stage_instance = action.current_stage
    assert stage_instance is not None
    complaint = action.complaint
    earlier = {
        s.reviewer_id
        for s in complaint.stages.all()
        if s.sequence < stage_instance.sequence and s.reviewer_id
    }
    return list(
        check_reviewer(
            action.procedure,
            stage_instance.stage_key,
            reviewer=staff_facts(reviewer),
            original_handler=(
                staff_facts(complaint.original_handler) if complaint.original_handler else None
            ),
            earlier_reviewers=earlier,
            seniority_reason=seniority_reason,
        )
    )


def eligible_reviewers(action: CaseAction, candidates: Any) -> list[Any]:
    """The candidates the stage's rule allows (a seniority reason may still be asked for)."""
    return [
        person
        for person in candidates
        if not any(f.code in REVIEWER_FIELDS for f in reviewer_findings(action, person, "x"))
    ]
