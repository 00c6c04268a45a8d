"""Remedies are never automatic: each is chosen by a person, with its reason. A payment names its
amount and the hardship or injustice that justifies it, and someone other than the person who
proposed it approves it. Decided here and nowhere else; every gap is reported at once.
"""

from __future__ import annotations

from collections.abc import Hashable
from decimal import Decimal

from putright.policy.eligibility import Finding
from putright.policy.model import Procedure
from putright.policy.text import Text

__all__ = ["assess_remedy", "assess_remedy_decision"]

REMEDIES_CLAUSE = "remedies"


def assess_remedy(
    procedure: Procedure,
    *,
    remedy_type: str,
    reason: str = "",
    amount: Decimal | None = None,
    justification: str = "",
) -> tuple[Finding, ...]:
    """Every way a proposed remedy falls short; empty means it may be proposed.

    Codes: ``remedy-unknown``, ``remedy-reason-missing``, ``remedy-amount-missing``,
    ``remedy-justification-missing``.
    """
    ref = procedure.ref(REMEDIES_CLAUSE)
    kinds = {r.code: r for r in procedure.remedies}
    kind = kinds.get(remedy_type)
    found: list[Finding] = []

    def short(code: str, en: str, cy: str) -> None:
        found.append(Finding(code, "blocking", ref, Text(en, cy)))

    if kind is None:
        short(
            "remedy-unknown",
            "Select a remedy from the list",
            "Dewiswch unioni o’r rhestr",
        )
    if not reason.strip():
        short(
            "remedy-reason-missing",
            "Enter the reason for this remedy",
            "Rhowch y rheswm dros yr unioni hwn",
        )
    if kind is not None and kind.needs_amount and (amount is None or amount <= 0):
        short(
            "remedy-amount-missing",
            f"Enter the amount in pounds, more than £0 ({kind.title.en} needs one)",
            f"Rhowch y swm mewn punnoedd, mwy na £0 (mae ei angen ar gyfer {kind.title.cy})",
        )
    if kind is not None and kind.needs_justification and not justification.strip():
        short(
            "remedy-justification-missing",
            "Enter the hardship or injustice that justifies the payment",
            "Rhowch y caledi neu’r anghyfiawnder sy’n cyfiawnhau’r taliad",
        )
    return tuple(found)


def assess_remedy_decision(
    procedure: Procedure, *, remedy_type: str, proposed_by: Hashable, decided_by: Hashable
) -> tuple[Finding, ...]:
    """A remedy that needs approval is approved by someone who did not propose it."""
    kind = next((r for r in procedure.remedies if r.code == remedy_type), None)
    if kind is not None and kind.needs_approval and proposed_by == decided_by:
        return (
            Finding(
                "remedy-own-proposal",
                "blocking",
                procedure.ref(REMEDIES_CLAUSE),
                Text(
                    "The person who proposed this remedy cannot approve it.",
                    "Ni all y sawl a gynigiodd yr unioni hwn ei gymeradwyo.",
                ),
            ),
        )
    return ()
