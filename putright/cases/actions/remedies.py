"""Remedies: proposed by a person with a reason, decided by someone else where needed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putright.accounts.models import Role
from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import (
    Remedy,
    RemedyStatus,
    Status,
)
from putright.policy import (
    assess_remedy,
    assess_remedy_decision,
)

#: Who may approve a remedy that needs approval (never the person who proposed it).
REMEDY_APPROVERS = frozenset({Role.COMPLAINTS_MANAGER, Role.REVIEWER})


class ProposeRemedy(CaseAction):
    """Propose a remedy chosen by a person, with its reason. Never automatic."""

    key = "propose-remedy"
    label = _("Propose a remedy")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.status not in {Status.OPEN, Status.RESPONDED}:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        return []

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        shown = {
            "remedy-unknown": ("type", msg.REMEDY_UNKNOWN, "remedy_type"),
            "remedy-reason-missing": ("reason", msg.REMEDY_NEEDS_REASON, "reason"),
            "remedy-amount-missing": ("amount", msg.REMEDY_NEEDS_AMOUNT, "amount"),
            "remedy-justification-missing": (
                "justification",
                msg.REMEDY_NEEDS_JUSTIFICATION,
                "justification",
            ),
        }
        amount = data.get("amount")
        findings = assess_remedy(
            self.procedure,
            remedy_type=data.get("remedy_type") or "",
            reason=data.get("reason") or "",
            amount=Decimal(amount) if amount is not None else None,
            justification=data.get("justification") or "",
        )
        return [Refusal(*shown[finding.code]) for finding in findings]

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        remedy_type = next(r for r in self.procedure.remedies if r.code == data["remedy_type"])
        remedy = Remedy.objects.create(
            complaint=self.complaint,
            stage=self.current_stage,
            remedy_type=remedy_type.code,
            reason=data["reason"].strip(),
            amount=data.get("amount") if remedy_type.needs_amount else None,
            justification=(data.get("justification") or "").strip(),
            status=RemedyStatus.PROPOSED if remedy_type.needs_approval else RemedyStatus.APPROVED,
            proposed_by=self.actor,
        )
        self.event(
            "remedy-proposed",
            f"Remedy proposed: {remedy_type.title.en}"
            + (f" (£{remedy.amount})" if remedy.amount else "")
            + (". Needs approval." if remedy_type.needs_approval else "."),
            remedy=remedy.pk,
        )
        return {"remedy": remedy.pk, "status": remedy.status}


class DecideRemedy(CaseAction):
    """Approve or reject a proposed remedy: an authorised person who did not propose it."""

    key = "decide-remedy"
    label = _("Approve or reject a remedy")
    roles = REMEDY_APPROVERS
    listed = False

    def validate(self, data: dict[str, Any]) -> list[Refusal]:
        remedy: Remedy | None = data.get("remedy")
        if remedy is None or remedy.complaint_id != self.complaint.pk:
            return [Refusal("remedy", msg.REMEDY_UNKNOWN, "remedy")]
        if remedy.status != RemedyStatus.PROPOSED:
            return [Refusal("decided", msg.REMEDY_NOT_PROPOSED)]
        if assess_remedy_decision(
            self.procedure,
            remedy_type=remedy.remedy_type,
            proposed_by=remedy.proposed_by_id,
            decided_by=self.actor.pk,
        ):
            return [Refusal("own", msg.REMEDY_OWN_PROPOSAL)]
        if data.get("decision") not in {"approve", "reject"}:
            return [Refusal("decision", _("Select approve or reject"), "decision")]
        return []

    def execute(self, data: dict[str, Any]) -> dict[str, Any]:
        remedy: Remedy = data["remedy"]
        remedy.status = (
            RemedyStatus.APPROVED if data["decision"] == "approve" else RemedyStatus.REJECTED
        )
        remedy.decided_by = self.actor
        remedy.decided_at = timezone.now()
        remedy.save(update_fields=["status", "decided_by", "decided_at"])
        self.event("remedy-decided", f"Remedy {remedy.status}.", remedy=remedy.pk)
        return {"remedy": remedy.pk, "status": remedy.status}
