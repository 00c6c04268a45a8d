"""The shape of a complaints procedure, as loaded from its data file.

These are plain, immutable values. Nothing here decides anything; the deadline and eligibility
modules read them. Every rule carries a ``clause`` string so that a finding or a date can cite the
exact part of the procedure it applied (see ``RuleRef``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from putright.policy.text import Text

__all__ = [
    "ACKNOWLEDGE",
    "CLOCKS",
    "KNOWN_OUTCOMES",
    "STAGE_KINDS",
    "TIME_LIMIT_STARTS",
    "Category",
    "EscalationRule",
    "Exclusion",
    "ExtensionRule",
    "FindingQuestion",
    "Ombudsman",
    "Outcome",
    "Procedure",
    "RemedyType",
    "RequiredField",
    "ReviewerRule",
    "RuleRef",
    "Stage",
    "TimeLimit",
    "UnknownCode",
    "UnknownProcedure",
    "UnknownStep",
]

#: The step name for "acknowledge the complaint", which every procedure has.
ACKNOWLEDGE = "acknowledge"
#: What a stage's response target counts from.
CLOCKS: tuple[str, ...] = ("receipt", "escalation-request")
#: The kinds of stage.
STAGE_KINDS: tuple[str, ...] = ("frontline", "review")
#: What the time limit to complain counts from.
TIME_LIMIT_STARTS: tuple[str, ...] = ("event", "later-of-event-and-awareness")
#: Outcome codes the case lifecycle understands; a procedure offers some or all of them.
KNOWN_OUTCOMES: tuple[str, ...] = ("upheld", "partly-upheld", "not-upheld", "resolved-at-frontline")

Clock = Literal["receipt", "escalation-request"]
StageKind = Literal["frontline", "review"]
TimeLimitStart = Literal["event", "later-of-event-and-awareness"]


class _ListingKeyError(KeyError):
    """A KeyError whose ``str()`` is the plain message (KeyError would quote it)."""

    def __init__(self, message: str, valid: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.valid = valid

    def __str__(self) -> str:
        return self.message


class UnknownProcedure(_ListingKeyError):
    """No procedure (or no such version of it) is loaded; ``valid`` lists what is."""


class UnknownStep(_ListingKeyError):
    """The procedure has no such stage or step; ``valid`` lists the keys it has."""


class UnknownCode(_ListingKeyError):
    """The procedure has no exclusion, category or remedy with that code; ``valid`` lists them."""


@dataclass(frozen=True, slots=True)
class RuleRef:
    """Where a decision comes from: procedure id, version and clause."""

    procedure_id: str
    version: int
    clause: str

    def __str__(self) -> str:
        return f"{self.procedure_id} v{self.version} § {self.clause}"

    def as_dict(self) -> dict[str, object]:
        """JSON-able form."""
        return {"procedure_id": self.procedure_id, "version": self.version, "clause": self.clause}


@dataclass(frozen=True, slots=True)
class TimeLimit:
    """A complaint must reach us within ``months`` calendar months of ``starts_from``."""

    months: int
    starts_from: TimeLimitStart
    clause: str


@dataclass(frozen=True, slots=True)
class ReviewerRule:
    """Who may review a stage.

    ``independent_of_original_handler``: not anyone who handled the matter complained about.
    ``independent_of_earlier_stages``: not anyone who handled an earlier stage of the complaint.
    ``seniority_preferred``: more senior than the original caseworker wherever possible; if not,
    the reason is recorded. ``required_team``: the reviewer must be a member of this team.
    ``required_role``: the reviewer must hold this role (e.g. ``reviewer``, the staff role for
    reviewers and senior managers). ``who``: who that is, in words ("a member of the Business
    Assurance Team"), so no message names a team or role by its code; required with either.
    """

    independent_of_original_handler: bool
    independent_of_earlier_stages: bool
    seniority_preferred: bool
    required_team: str | None
    clause: str
    required_role: str | None = None
    who: Text | None = None


@dataclass(frozen=True, slots=True)
class ExtensionRule:
    """Whether a stage's response target may be extended.

    At most ``max_without_approval`` extensions; another one needs approval by someone with
    ``approver_role``.
    """

    allowed: bool
    max_without_approval: int
    approver_role: str | None
    clause: str


@dataclass(frozen=True, slots=True)
class EscalationRule:
    """After this stage's response, the complainant may ask for the next stage within
    ``window_months`` calendar months (inclusive)."""

    window_months: int
    clause: str


@dataclass(frozen=True, slots=True)
class FindingQuestion:
    """A question a reviewer must answer and record (the stage-2 findings)."""

    code: str
    text: Text


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a procedure, in order."""

    key: str
    title: Text
    description: Text
    kind: StageKind
    target_working_days: int | None
    clock: Clock
    target_clause: str
    reviewer: ReviewerRule
    extension: ExtensionRule
    findings: tuple[FindingQuestion, ...]
    escalation: EscalationRule | None
    is_final: bool
    clause: str


@dataclass(frozen=True, slots=True)
class Exclusion:
    """Something the procedure does not cover, closed with its own signposting."""

    code: str
    title: Text
    signposting: Text
    clause: str


@dataclass(frozen=True, slots=True)
class Category:
    """What a complaint is about; a complaint may have several."""

    code: str
    title: Text


@dataclass(frozen=True, slots=True)
class RemedyType:
    """A kind of remedy a person may choose (never automatic)."""

    code: str
    title: Text
    needs_amount: bool
    needs_approval: bool
    needs_justification: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a stage can end."""

    code: str
    title: Text


@dataclass(frozen=True, slots=True)
class Ombudsman:
    """Who the final response signposts, with their contact details."""

    name: str
    address: tuple[str, ...]
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class RequiredField:
    """Something the complainant must tell us (``what_went_wrong`` or ``put_right``)."""

    name: str
    clause: str


@dataclass(frozen=True, slots=True)
class Procedure:
    """A complaints procedure: one version of one definition file."""

    id: str
    version: int
    effective_from: date
    title: Text
    summary: Text
    acknowledgement_working_days: int
    acknowledgement_clause: str
    time_limit: TimeLimit
    time_limit_note: Text
    consent_required: bool
    consent_clause: str
    required_fields: tuple[RequiredField, ...]
    stages: tuple[Stage, ...]
    exclusions: tuple[Exclusion, ...]
    categories: tuple[Category, ...]
    categories_clause: str
    remedies: tuple[RemedyType, ...]
    outcomes: tuple[Outcome, ...]
    ombudsman: Ombudsman | None
    finality: Text
    finality_clause: str
    source: str

    def stage(self, key: str) -> Stage:
        """The stage with this key; ``UnknownStep`` listing the valid keys otherwise."""
        for stage in self.stages:
            if stage.key == key:
                return stage
        keys = self.stage_keys()
        raise UnknownStep(f"{self.id} has no stage {key!r}; valid stages: {', '.join(keys)}", keys)

    def stage_keys(self) -> tuple[str, ...]:
        """The stage keys, in order."""
        return tuple(stage.key for stage in self.stages)

    def next_stage(self, key: str) -> Stage | None:
        """The stage after ``key``, or None after the last (final) stage."""
        index = self.stages.index(self.stage(key))
        return self.stages[index + 1] if index + 1 < len(self.stages) else None

    @property
    def first_stage(self) -> Stage:
        """Where every complaint starts."""
        return self.stages[0]

    @property
    def final_stage(self) -> Stage:
        """The stage whose response is final."""
        return self.stages[-1]

    def timed_steps(self) -> tuple[str, ...]:
        """Steps that have a working-day target: ``acknowledge`` and the stages with a target."""
        timed = (stage.key for stage in self.stages if stage.target_working_days is not None)
        return (ACKNOWLEDGE, *timed)

    def exclusion(self, code: str) -> Exclusion:
        """The exclusion with this code; KeyError listing the valid codes otherwise."""
        for exclusion in self.exclusions:
            if exclusion.code == code:
                return exclusion
        codes = tuple(e.code for e in self.exclusions)
        raise UnknownCode(
            f"{self.id} has no exclusion {code!r}; valid exclusions: {', '.join(codes)}", codes
        )

    def ref(self, clause: str) -> RuleRef:
        """A reference to a clause of this procedure version."""
        return RuleRef(self.id, self.version, clause)
