"""What a stage's response must contain, decided here and nowhere else.

A review stage's response sets out an outcome the procedure offers, the conclusions of the review
and the reasons for the outcome, and answers every finding question the stage has (the four
stage-2 findings). A frontline resolution records what was done. Every gap is reported at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from putright.policy.eligibility import Finding
from putright.policy.model import Procedure
from putright.policy.text import Text

__all__ = ["FINDING_ANSWERS", "assess_response"]

#: How a finding question may be answered.
FINDING_ANSWERS: tuple[str, ...] = ("yes", "partly", "no")


def assess_response(
    procedure: Procedure,
    stage_key: str,
    *,
    outcome: str = "",
    conclusions: str = "",
    reasons: str = "",
    findings: Mapping[str, str] | None = None,
    action_taken: str = "",
) -> tuple[Finding, ...]:
    """Every way this response falls short of the stage's rule; empty means it may be sent.

    Codes: ``frontline-action-missing``; ``response-outcome-unknown``,
    ``response-conclusions-missing``, ``response-reasons-missing`` and, per question,
    ``finding-unanswered-<code>``.
    """
    stage = procedure.stage(stage_key)
    ref = procedure.ref(stage.clause)
    found: list[Finding] = []

    def short(code: str, en: str, cy: str) -> None:
        found.append(Finding(code, "blocking", ref, Text(en, cy)))

    if stage.kind == "frontline":
        if not action_taken.strip():
            short(
                "frontline-action-missing",
                "Enter what was done to resolve the complaint",
                "Rhowch beth a wnaed i ddatrys y gŵyn",
            )
        return tuple(found)
    offered = {o.code for o in procedure.outcomes} - {"resolved-at-frontline"}
    if outcome not in offered:
        short(
            "response-outcome-unknown",
            "Select the outcome",
            "Dewiswch y canlyniad",
        )
    if not conclusions.strip():
        short(
            "response-conclusions-missing",
            "Enter the conclusions of the review",
            "Rhowch gasgliadau’r adolygiad",
        )
    if not reasons.strip():
        short(
            "response-reasons-missing",
            "Enter the reasons for the outcome",
            "Rhowch y rhesymau dros y canlyniad",
        )
    answers = findings or {}
    for question in stage.findings:
        if answers.get(question.code) not in FINDING_ANSWERS:
            short(
                f"finding-unanswered-{question.code}",
                f"Select an answer: {question.text.en}",
                f"Dewiswch ateb: {question.text.cy}",
            )
    return tuple(found)
