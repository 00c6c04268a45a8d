"""Remedies: proposed by a person with a reason, decided by someone else where needed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putright.accounts.models import Role
from putright.cases import findings, limits
from putright.cases import messages as msg
from putright.cases.actions.base import CASE_STAFF, CaseAction, Refusal
from putright.cases.models import Remedy, RemedyStatus, Status
from putright.policy import assess_remedy, assess_remedy_decision

#: Who may approve a remedy that needs approval (never the person who proposed it).
REMEDY_APPROVERS = frozenset({Role.COMPLAINTS_MANAGER, Role.REVIEWER})


class ProposeRemedy(CaseAction):
    """Propose a remedy chosen by a person, with its reason. Never automatic."""

    @dataclass(frozen=True)
    class Input:
        remedy_type: str = ""
        reason: str = ""
        amount: Decimal | None = None
        justification: str = ""

    key = "propose-remedy"
    label = _("Propose a remedy")
    intro = _("A payment needs an amount, a justification, and approval by someone else.")
    roles = CASE_STAFF

    def available(self) -> list[Refusal]:
        if self.complaint.status not in {Status.OPEN, Status.RESPONDED}:
            return [Refusal("no-open-stage", msg.NO_OPEN_STAGE)]
        return []

    def validate(self, data: Input) -> list[Refusal]:
        refusals = findings.refusals(
            assess_remedy(
                self.procedure,
                remedy_type=data.remedy_type,
                reason=data.reason,
                amount=data.amount,
                justification=data.justification,
            ),
            {
                "remedy-unknown": "remedy_type",
                "remedy-reason-missing": "reason",
                "remedy-amount-missing": "amount",
                "remedy-justification-missing": "justification",
            },
        )
        amount = data.amount
        if amount is not None and amount > limits.max_payment():
            refusals.append(Refusal("amount-too-large", limits.payment_too_large(), "amount"))
        elif amount is not None and (amount < 0 or amount != amount.quantize(Decimal("0.01"))):
            refusals.append(Refusal("amount-pence", msg.ENTER_AMOUNT_FORMAT, "amount"))
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        remedy_type = next(r for r in self.procedure.remedies if r.code == data.remedy_type)
        remedy = Remedy.objects.create(
            complaint=self.complaint,
            stage=self.current_stage,
            remedy_type=remedy_type.code,
            reason=data.reason.strip(),
            amount=data.amount if remedy_type.needs_amount else None,
            justification=data.justification.strip(),
            status=RemedyStatus.PROPOSED if remedy_type.needs_approval else RemedyStatus.APPROVED,
            proposed_by=self.staff,
        )
        self.event(
            "remedy-proposed",
            f"Remedy proposed: {remedy_type.title.en}",
            remedy=remedy.pk,
            remedy_type=remedy.remedy_type,
            amount=remedy.amount,
            needs_approval=remedy_type.needs_approval,
        )
        return {"remedy": remedy.pk, "status": remedy.status}


class DecideRemedy(CaseAction):
    """Approve or reject a proposed remedy: an authorised person who did not propose it.

    A proposed remedy is decided even after the case has closed, so none is left hanging.
    """

    @dataclass(frozen=True)
    class Input:
        remedy: int | None = None
        decision: str = ""

    key = "decide-remedy"
    label = _("Approve or reject a remedy")
    roles = REMEDY_APPROVERS
    listed = False

    def proposed(self, pk: int | None) -> Remedy | None:
        if pk is None:
            return None
        return Remedy.objects.filter(pk=pk, complaint=self.complaint).first()

    def validate(self, data: Input) -> list[Refusal]:
        remedy = self.proposed(data.remedy)
        if remedy is None:
            return [Refusal("remedy", msg.REMEDY_UNKNOWN, "remedy")]
        if remedy.status != RemedyStatus.PROPOSED:
            return [Refusal("decided", msg.REMEDY_NOT_PROPOSED, "remedy")]
        refusals = findings.refusals(
            assess_remedy_decision(
                self.procedure,
                remedy_type=remedy.remedy_type,
                proposed_by=remedy.proposed_by_id,
                decided_by=getattr(self.staff, "pk", None),
            )
        )
        if data.decision not in {"approve", "reject"}:
            refusals.append(Refusal("decision", msg.SELECT_DECISION, "decision"))
        return refusals

    def execute(self, data: Input) -> dict[str, Any]:
        remedy = self.proposed(data.remedy)
        assert remedy is not None
        remedy.status = (
            RemedyStatus.APPROVED if data.decision == "approve" else RemedyStatus.REJECTED
        )
        remedy.decided_by = self.staff
        remedy.decided_at = timezone.now()
        remedy.save(update_fields=["status", "decided_by", "decided_at"])
        self.event(
            "remedy-decided",
            f"Remedy {remedy.status}.",
            remedy=remedy.pk,
            remedy_type=remedy.remedy_type,
            status=remedy.status,
        )
        return {"remedy": remedy.pk, "status": remedy.status}
