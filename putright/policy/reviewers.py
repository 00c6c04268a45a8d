"""Who may review a stage: the stage's reviewer rule, decided here and nowhere else.

The rule comes from the procedure definition (``Stage.reviewer``): not anyone who handled the
original matter; not anyone who handled an earlier stage; a member of a required team; holding a
required role; more senior than the original caseworker wherever possible, and if not, with the
reason recorded. Every broken part of the rule is reported, not only the first.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from dataclasses import dataclass

from putright.policy.eligibility import Finding
from putright.policy.model import Procedure
from putright.policy.text import Text

__all__ = ["REVIEWER_CODES", "StaffFacts", "check_reviewer"]

#: The finding codes ``check_reviewer`` can return.
REVIEWER_CODES: tuple[str, ...] = (
    "reviewer-inactive",
    "reviewer-handled-original",
    "reviewer-handled-earlier-stage",
    "reviewer-not-in-team",
    "reviewer-wrong-role",
    "reviewer-not-more-senior",
)


@dataclass(frozen=True, slots=True)
class StaffFacts:
    """What the rule needs to know about a member of staff."""

    id: Hashable
    name: str
    grade: int
    team: str | None = None
    role: str = ""
    active: bool = True


def check_reviewer(
    procedure: Procedure,
    stage_key: str,
    *,
    reviewer: StaffFacts,
    original_handler: StaffFacts | None = None,
    earlier_reviewers: Collection[Hashable] = (),
    seniority_reason: str = "",
) -> tuple[Finding, ...]:
    """Every way ``reviewer`` breaks the stage's reviewer rule; empty means they may review."""
    stage = procedure.stage(stage_key)
    rule = stage.reviewer
    ref = procedure.ref(rule.clause)
    name = reviewer.name
    found: list[Finding] = []

    def refuse(code: str, en: str, cy: str) -> None:
        found.append(Finding(code, "blocking", ref, Text(en, cy)))

    if not reviewer.active:
        refuse(
            "reviewer-inactive",
            f"{name}’s account is switched off.",
            f"Mae cyfrif {name} wedi’i ddiffodd.",
        )
    if (
        rule.independent_of_original_handler
        and original_handler is not None
        and original_handler.id == reviewer.id
    ):
        refuse(
            "reviewer-handled-original",
            f"{name} handled the original matter, so cannot review this complaint.",
            f"{name} a ymdriniodd â’r mater gwreiddiol, felly ni all adolygu’r gŵyn hon.",
        )
    if rule.independent_of_earlier_stages and reviewer.id in earlier_reviewers:
        refuse(
            "reviewer-handled-earlier-stage",
            f"{name} handled an earlier stage of this complaint, so cannot review this stage.",
            f"{name} a ymdriniodd â cham cynharach o’r gŵyn hon, felly ni all adolygu’r cam hwn.",
        )
    who = rule.who or Text("", "")
    if rule.required_team and reviewer.team != rule.required_team:
        refuse(
            "reviewer-not-in-team",
            f"The reviewer for {stage.title.en} must be {who.en}.",
            f"Rhaid i’r adolygydd ar gyfer {stage.title.cy} fod yn {who.cy}.",
        )
    if rule.required_role and reviewer.role != rule.required_role:
        refuse(
            "reviewer-wrong-role",
            f"{name} is not {who.en}, who must respond at this stage.",
            f"Nid yw {name} yn {who.cy}, sy’n gorfod ymateb ar y cam hwn.",
        )
    if (
        rule.seniority_preferred
        and original_handler is not None
        and reviewer.grade <= original_handler.grade
        and not seniority_reason.strip()
    ):
        refuse(
            "reviewer-not-more-senior",
            f"{name} is not more senior than the original caseworker. Record why no more "
            "senior reviewer can take it.",
            f"Nid yw {name} yn uwch na’r gweithiwr achos gwreiddiol. Cofnodwch pam na all "
            "adolygydd uwch ei gymryd.",
        )
    return tuple(found)
