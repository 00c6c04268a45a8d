"""Eligibility and triage: every finding about a complaint, each with a stable code, the rule it
comes from, a plain explanation in English and Welsh, and the limit date where there is one.

Severity
--------
``info``      for the record (in time; unsure whether an exclusion applies: check before closing).
``warning``   needs a person's decision or action, but does not stop the case being logged and
              handled (out of time: staff may accept with a recorded reason; consent needed: the
              case is held awaiting consent; a late escalation; a missing event date).
``blocking``  the case cannot go on as a complaint under this procedure until it is resolved (an
              exclusion applies: close with its signposting; impossible dates; something the
              complainant must say is missing; an unknown category; no further stage).

The engine never reads the clock: ``today`` is passed in. Every applicable finding is returned,
not only the first. Codes are listed in ``CODES`` and in procedures/README.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Literal

from putright.policy.calendar import Calendar, add_months
from putright.policy.deadlines import complaint_time_limit
from putright.policy.model import Procedure, RuleRef
from putright.policy.text import Text, format_date

__all__ = [
    "CODES",
    "Assessment",
    "ComplaintFacts",
    "Finding",
    "assess",
    "assess_escalation",
    "assess_extension",
    "check_extension",
]

Severity = Literal["info", "warning", "blocking"]

#: Every fixed finding code (plus ``excluded-<code>`` and ``unsure-<code>`` per exclusion).
CODES: tuple[str, ...] = (
    "in-time",
    "out-of-time",
    "event-date-missing",
    "event-after-receipt",
    "found-out-after-receipt",
    "found-out-before-event",
    "received-in-future",
    "consent-needed",
    "missing-what-went-wrong",
    "missing-put-right",
    "unknown-category",
    "escalation-in-time",
    "escalation-late",
    "escalation-before-response",
    "requested-in-future",
    "no-further-stage",
    "extension-not-allowed",
    "extension-needs-approval",
    "extension-reason-missing",
    "extension-date-not-later",
)

_ROLE_NAMES: Mapping[str, Text] = MappingProxyType(
    {"complaints_manager": Text("a complaints manager", "rheolwr cwynion")}
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the engine found, citing its rule."""

    code: str
    severity: Severity
    rule: RuleRef
    explanation: Text
    limit_date: date | None = None

    def as_dict(self) -> dict[str, object]:
        """JSON-able form."""
        return {
            "code": self.code,
            "severity": self.severity,
            "rule": self.rule.as_dict(),
            "explanation": self.explanation.as_dict(),
            "limit_date": self.limit_date.isoformat() if self.limit_date else None,
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every finding about a complaint (or an escalation request), in a stable order."""

    findings: tuple[Finding, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The finding codes, in order."""
        return tuple(f.code for f in self.findings)

    @property
    def in_time(self) -> bool:
        """True only when the engine found the complaint (or escalation) in time."""
        return any(f.code in ("in-time", "escalation-in-time") for f in self.findings)

    @property
    def exclusions(self) -> tuple[str, ...]:
        """The exclusion codes that apply."""
        return tuple(
            f.code.removeprefix("excluded-")
            for f in self.findings
            if f.code.startswith("excluded-")
        )

    @property
    def needs_consent(self) -> bool:
        """True when a representative's complaint is waiting for the person's consent."""
        return "consent-needed" in self.codes

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The findings that stop the case going on until resolved."""
        return tuple(f for f in self.findings if f.severity == "blocking")

    def get(self, code: str) -> Finding | None:
        """The finding with this code, or None."""
        return next((f for f in self.findings if f.code == code), None)


@dataclass(frozen=True, slots=True)
class ComplaintFacts:
    """What we know about a complaint when triaging it.

    ``scope`` answers the procedure's exclusion questions by exclusion code: True = it applies,
    False = it does not, None = unsure (never blocks; raises an info finding).
    """

    received_on: date
    event_on: date | None
    found_out_on: date | None = None
    by_representative: bool = False
    consent_held: bool = False
    scope: Mapping[str, bool | None] = field(default_factory=lambda: MappingProxyType({}))
    what_went_wrong: str = ""
    put_right: str = ""
    categories: Sequence[str] = ()


# --- complaint rules: one function per rule; the docstring is the rule --------------------------


def received_not_in_future(p: Procedure, facts: ComplaintFacts, today: date) -> list[Finding]:
    """A complaint cannot have been received after today."""
    if facts.received_on <= today:
        return []
    return [
        Finding(
            "received-in-future",
            "blocking",
            p.ref(p.time_limit.clause),
            Text(
                f"The date received ({format_date(facts.received_on, 'en')}) is after today. "
                "Check the date.",
                f"Mae’r dyddiad derbyn ({format_date(facts.received_on, 'cy')}) ar ôl heddiw. "
                "Gwiriwch y dyddiad.",
            ),
        )
    ]


def within_time_limit(p: Procedure, facts: ComplaintFacts) -> list[Finding]:
    """The complaint must reach us within the procedure's time limit, counted in calendar months
    from the event (or the later of the event and finding out), inclusive. A late complaint is
    flagged; staff may still accept it with a recorded reason."""
    ref = p.ref(p.time_limit.clause)
    if facts.event_on is None:
        return [
            Finding(
                "event-date-missing",
                "warning",
                ref,
                Text(
                    "We do not know when the event complained about happened, so we cannot check "
                    "the time limit yet. Ask the complainant for the date.",
                    "Nid ydyn ni’n gwybod pryd y digwyddodd y peth y cwynir amdano, felly ni allwn "
                    "wirio’r terfyn amser eto. Gofynnwch i’r achwynydd am y dyddiad.",
                ),
            )
        ]
    problems = []
    if facts.event_on > facts.received_on:
        problems.append(
            Finding(
                "event-after-receipt",
                "blocking",
                ref,
                Text(
                    f"The event date ({format_date(facts.event_on, 'en')}) is after the complaint "
                    "was received. Check the dates.",
                    f"Mae dyddiad y digwyddiad ({format_date(facts.event_on, 'cy')}) ar ôl i’r "
                    "gŵyn ddod i law. Gwiriwch y dyddiadau.",
                ),
            )
        )
    if facts.found_out_on is not None and facts.found_out_on > facts.received_on:
        problems.append(
            Finding(
                "found-out-after-receipt",
                "blocking",
                ref,
                Text(
                    f"The date they found out ({format_date(facts.found_out_on, 'en')}) is after "
                    "the complaint was received. Check the dates.",
                    "Mae’r dyddiad dod i wybod "
                    f"({format_date(facts.found_out_on, 'cy')}) ar ôl i’r gŵyn ddod i law. "
                    "Gwiriwch y dyddiadau.",
                ),
            )
        )
    if facts.found_out_on is not None and facts.found_out_on < facts.event_on:
        problems.append(
            Finding(
                "found-out-before-event",
                "blocking",
                ref,
                Text(
                    f"The date they found out ({format_date(facts.found_out_on, 'en')}) is before "
                    f"the event ({format_date(facts.event_on, 'en')}). Check the dates.",
                    "Mae’r dyddiad dod i wybod "
                    f"({format_date(facts.found_out_on, 'cy')}) cyn y digwyddiad "
                    f"({format_date(facts.event_on, 'cy')}). Gwiriwch y dyddiadau.",
                ),
            )
        )
    if problems:
        return problems
    limit = complaint_time_limit(p, facts.event_on, facts.found_out_on)
    why = limit.explanation
    if facts.received_on <= limit.value:
        return [
            Finding(
                "in-time",
                "info",
                ref,
                Text(
                    f"In time: received on or before {format_date(limit.value, 'en')}. "
                    + why.render("en"),
                    f"Mewn pryd: daeth i law erbyn {format_date(limit.value, 'cy')}. "
                    + why.render("cy"),
                ),
                limit.value,
            )
        ]
    return [
        Finding(
            "out-of-time",
            "warning",
            ref,
            Text(
                f"Out of time: the last day was {format_date(limit.value, 'en')}. "
                + why.render("en")
                + " "
                + p.time_limit_note.en,
                "Y tu allan i’r terfyn amser: y diwrnod olaf oedd "
                f"{format_date(limit.value, 'cy')}. "
                + why.render("cy")
                + " "
                + p.time_limit_note.cy,
            ),
            limit.value,
        )
    ]


def representative_has_consent(p: Procedure, facts: ComplaintFacts) -> list[Finding]:
    """A representative's complaint needs the person's written consent on file before any of the
    person's information is disclosed to the representative. The case can be logged and
    acknowledged while it waits; its response target runs from the day consent arrives."""
    if not (p.consent_required and facts.by_representative and not facts.consent_held):
        return []
    return [
        Finding(
            "consent-needed",
            "warning",
            p.ref(p.consent_clause),
            Text(
                "A representative made this complaint. We need the written consent of the person "
                "they act for before sharing any of that person’s information with them. The "
                "complaint can be logged and acknowledged while we wait; the response target runs "
                "from the day the consent arrives.",
                "Gwnaed y gŵyn hon gan gynrychiolydd. Mae angen caniatâd ysgrifenedig y person y "
                "mae’n gweithredu ar ei ran cyn rhannu unrhyw wybodaeth am y person hwnnw ag ef. "
                "Gellir cofnodi a chydnabod y gŵyn tra byddwn ni’n aros; mae’r targed ymateb yn "
                "rhedeg o’r diwrnod y mae’r caniatâd yn cyrraedd.",
            ),
        )
    ]


_REQUIRED_TEXT: Mapping[str, Text] = MappingProxyType(
    {
        "what_went_wrong": Text(
            "The complaint must say what the complainant thinks has gone wrong.",
            "Rhaid i’r gŵyn ddweud beth mae’r achwynydd yn meddwl sydd wedi mynd o’i le.",
        ),
        "put_right": Text(
            "The complaint must say what the complainant thinks we should do to put it right.",
            "Rhaid i’r gŵyn ddweud beth mae’r achwynydd yn meddwl y dylen ni ei wneud i’w unioni.",
        ),
    }
)


def says_what_is_required(p: Procedure, facts: ComplaintFacts) -> list[Finding]:
    """The complaint must say what the procedure requires (what went wrong; what would put it
    right), each missing item a separate finding."""
    out = []
    for required in p.required_fields:
        value = getattr(facts, required.name)
        if not value.strip():
            out.append(
                Finding(
                    "missing-" + required.name.replace("_", "-"),
                    "blocking",
                    p.ref(required.clause),
                    _REQUIRED_TEXT[required.name],
                )
            )
    return out


def categories_are_known(p: Procedure, facts: ComplaintFacts) -> list[Finding]:
    """Every category given must be one of the procedure's categories."""
    valid = [c.code for c in p.categories]
    unknown = [c for c in facts.categories if c not in valid]
    if not unknown:
        return []
    return [
        Finding(
            "unknown-category",
            "blocking",
            p.ref(p.categories_clause),
            Text(
                f"Unknown categor{'y' if len(unknown) == 1 else 'ies'}: {', '.join(unknown)}. "
                f"Valid categories: {', '.join(valid)}.",
                f"Categorïau anhysbys: {', '.join(unknown)}. Categorïau dilys: {', '.join(valid)}.",
            ),
        )
    ]


def within_scope(p: Procedure, facts: ComplaintFacts) -> list[Finding]:
    """A complaint that an exclusion applies to is not handled under this procedure: it is closed
    with that exclusion's signposting. "Unsure" never blocks: it asks staff to check."""
    valid = [e.code for e in p.exclusions]
    unknown = sorted(set(facts.scope) - set(valid))
    if unknown:
        raise ValueError(
            f"{p.id} has no exclusion {', '.join(map(repr, unknown))}; "
            f"valid exclusions: {', '.join(valid)}"
        )
    out = []
    for exclusion in p.exclusions:
        answer = facts.scope.get(exclusion.code, False)
        if answer is True:
            out.append(
                Finding(
                    "excluded-" + exclusion.code,
                    "blocking",
                    p.ref(exclusion.clause),
                    Text(
                        f"Not covered: {exclusion.title.en}. {exclusion.signposting.en}",
                        f"Y tu allan i’r drefn: {exclusion.title.cy}. {exclusion.signposting.cy}",
                    ),
                )
            )
        elif answer is None:
            out.append(
                Finding(
                    "unsure-" + exclusion.code,
                    "info",
                    p.ref(exclusion.clause),
                    Text(
                        f"Unsure whether this applies: {exclusion.title.en}. Check before "
                        "deciding whether the complaint is covered.",
                        f"Ansicr a yw hyn yn berthnasol: {exclusion.title.cy}. Gwiriwch cyn "
                        "penderfynu a yw’r gŵyn o fewn y drefn.",
                    ),
                )
            )
    return out


def assess(
    procedure: Procedure, facts: ComplaintFacts, *, today: date, calendar: Calendar
) -> Assessment:
    """Every finding about a new complaint under ``procedure``, as of ``today``.

    ``calendar`` is accepted so that callers pass the organisation's calendar once; the rules
    applied here count calendar months, not working days.
    """
    del calendar  # no working-day rule applies at triage; kept for a stable signature
    findings = [
        *received_not_in_future(procedure, facts, today),
        *within_time_limit(procedure, facts),
        *representative_has_consent(procedure, facts),
        *says_what_is_required(procedure, facts),
        *categories_are_known(procedure, facts),
        *within_scope(procedure, facts),
    ]
    return Assessment(tuple(findings))


# --- escalation -------------------------------------------------------------------------------


def assess_escalation(
    procedure: Procedure, stage_key: str, *, responded_on: date, requested_on: date, today: date
) -> Assessment:
    """May the complainant have the next stage after ``stage_key``?

    There is no further stage after a final response. Otherwise the request must come after the
    response and not after today, and within the stage's escalation window (calendar months after
    the response, inclusive); a late request is flagged and staff may accept it with a reason.
    """
    stage = procedure.stage(stage_key)
    if stage.is_final:
        return Assessment(
            (
                Finding(
                    "no-further-stage",
                    "blocking",
                    procedure.ref(procedure.finality_clause),
                    Text(
                        f"{stage.title.en} is the final stage. {procedure.finality.en}",
                        f"{stage.title.cy} yw’r cam olaf. {procedure.finality.cy}",
                    ),
                ),
            )
        )
    next_stage = procedure.next_stage(stage_key)
    assert next_stage is not None
    rule = stage.escalation
    ref = procedure.ref(rule.clause if rule else next_stage.clause)
    findings = []
    if requested_on > today:
        findings.append(
            Finding(
                "requested-in-future",
                "blocking",
                ref,
                Text(
                    f"The request date ({format_date(requested_on, 'en')}) is after today. "
                    "Check the date.",
                    f"Mae dyddiad y cais ({format_date(requested_on, 'cy')}) ar ôl heddiw. "
                    "Gwiriwch y dyddiad.",
                ),
            )
        )
    if requested_on < responded_on:
        findings.append(
            Finding(
                "escalation-before-response",
                "blocking",
                ref,
                Text(
                    f"The request ({format_date(requested_on, 'en')}) is before the response it "
                    f"follows ({format_date(responded_on, 'en')}). Check the dates.",
                    f"Mae’r cais ({format_date(requested_on, 'cy')}) cyn yr ymateb y mae’n ei "
                    f"ddilyn ({format_date(responded_on, 'cy')}). Gwiriwch y dyddiadau.",
                ),
            )
        )
    if findings:
        return Assessment(tuple(findings))
    if rule is None:
        return Assessment(
            (
                Finding(
                    "escalation-in-time",
                    "info",
                    ref,
                    Text(
                        "There is no time limit for asking for the next stage: "
                        f"{next_stage.title.en}.",
                        "Nid oes terfyn amser ar gyfer gofyn am y cam nesaf: "
                        f"{next_stage.title.cy}.",
                    ),
                ),
            )
        )
    limit = add_months(responded_on, rule.window_months, start_kind="response")
    why = limit.explanation
    if requested_on <= limit.value:
        return Assessment(
            (
                Finding(
                    "escalation-in-time",
                    "info",
                    ref,
                    Text(
                        f"In time: asked on or before {format_date(limit.value, 'en')}. "
                        + why.render("en"),
                        f"Mewn pryd: gofynnwyd erbyn {format_date(limit.value, 'cy')}. "
                        + why.render("cy"),
                    ),
                    limit.value,
                ),
            )
        )
    return Assessment(
        (
            Finding(
                "escalation-late",
                "warning",
                ref,
                Text(
                    f"Late: the last day to ask was {format_date(limit.value, 'en')}. "
                    + why.render("en")
                    + " Staff may still accept the request, recording the reason.",
                    f"Yn hwyr: y diwrnod olaf i ofyn oedd {format_date(limit.value, 'cy')}. "
                    + why.render("cy")
                    + " Gall staff dderbyn y cais o hyd, gan gofnodi’r rheswm.",
                ),
                limit.value,
            ),
        )
    )


# --- extension --------------------------------------------------------------------------------


def check_extension(
    procedure: Procedure,
    stage_key: str,
    *,
    extensions_so_far: int,
    approved_by_role: str | None,
    reason: str | None = None,
    new_due_on: date | None = None,
    current_due_on: date | None = None,
) -> Finding | None:
    """May this stage's response target be extended (again)? None means yes; otherwise the
    first refusal. ``assess_extension`` gives every refusal at once."""
    found = assess_extension(
        procedure,
        stage_key,
        extensions_so_far=extensions_so_far,
        approved_by_role=approved_by_role,
        reason=reason,
        new_due_on=new_due_on,
        current_due_on=current_due_on,
    )
    return found[0] if found else None


def assess_extension(
    procedure: Procedure,
    stage_key: str,
    *,
    extensions_so_far: int,
    approved_by_role: str | None,
    reason: str | None = None,
    new_due_on: date | None = None,
    current_due_on: date | None = None,
) -> tuple[Finding, ...]:
    """Every reason this stage's response target may not be extended now; empty means it may.

    Only where the procedure allows it; at most ``max_without_approval`` times unless someone
    with ``approver_role`` approves another; always with a reason (when ``reason`` is given it
    must not be blank) and a new date later than the current one.
    """
    if extensions_so_far < 0:
        raise ValueError(f"extensions_so_far must be 0 or more, not {extensions_so_far}")
    stage = procedure.stage(stage_key)
    rule = stage.extension
    ref = procedure.ref(rule.clause)
    if not rule.allowed:
        return (
            Finding(
                "extension-not-allowed",
                "blocking",
                ref,
                Text(
                    f"The response target for {stage.title.en} cannot be extended under this "
                    "procedure.",
                    f"Ni ellir ymestyn y targed ymateb ar gyfer {stage.title.cy} o dan y drefn "
                    "hon.",
                ),
            ),
        )
    found: list[Finding] = []
    if extensions_so_far >= rule.max_without_approval and approved_by_role != rule.approver_role:
        role = rule.approver_role or ""
        name = _ROLE_NAMES.get(role, Text(role.replace("_", " "), role.replace("_", " ")))
        found.append(
            Finding(
                "extension-needs-approval",
                "blocking",
                ref,
                Text(
                    f"This target has been extended {extensions_so_far} time(s) already. "
                    f"Another extension needs the approval of {name.en}.",
                    f"Mae’r targed hwn wedi’i ymestyn {extensions_so_far} gwaith yn barod. Mae "
                    f"angen cymeradwyaeth {name.cy} ar gyfer estyniad arall.",
                ),
            )
        )
    if reason is not None and not reason.strip():
        found.append(
            Finding(
                "extension-reason-missing",
                "blocking",
                ref,
                Text(
                    "Enter why the extension makes resolution more likely: it is recorded and "
                    "told to the complainant",
                    "Rhowch pam mae’r estyniad yn gwneud datrysiad yn fwy tebygol: caiff ei "
                    "gofnodi a’i rannu â’r achwynydd",
                ),
            )
        )
    if new_due_on is not None and current_due_on is not None and new_due_on <= current_due_on:
        found.append(
            Finding(
                "extension-date-not-later",
                "blocking",
                ref,
                Text(
                    f"The new date ({format_date(new_due_on, 'en')}) must be after the current "
                    f"due date ({format_date(current_due_on, 'en')}).",
                    f"Rhaid i’r dyddiad newydd ({format_date(new_due_on, 'cy')}) fod ar ôl y "
                    f"dyddiad dyledus presennol ({format_date(current_due_on, 'cy')}).",
                ),
            )
        )
    return tuple(found)
