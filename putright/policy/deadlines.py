"""Deadlines of a procedure: acknowledgement and stage targets, the time limit to complain, and
the window for asking for the next stage. Each returns a ``DateResult`` that explains itself and
cites the procedure clause in ``explanation.rule_params``.

Rules (from the procedure definition files):

* Acknowledge within ``acknowledgement_working_days`` working days of receipt.
* A stage's response target is ``target_working_days`` working days after its clock start: receipt
  (or the escalation request, for a stage whose ``clock`` is ``escalation-request``), or the day a
  representative's consent arrived if the complaint was held awaiting consent and that is later.
* The time limit to complain is ``time_limit.months`` calendar months after the event, or after the
  later of the event and the day they found out, inclusive: that day is the last day in time.
* The window to ask for the next stage is ``escalation.window_months`` calendar months after the
  stage's response, inclusive. A final stage has no next stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from putright.policy.calendar import Calendar, DateResult, add_months
from putright.policy.model import ACKNOWLEDGE, Procedure, UnknownStep
from putright.policy.text import Text, format_date

__all__ = [
    "complaint_time_limit",
    "due_date",
    "escalation_deadline",
    "response_clock_start",
    "response_due_date",
]


def _params(procedure: Procedure, clause: str, **extra: object) -> dict[str, object]:
    return {"procedure": procedure.id, "version": procedure.version, "clause": clause, **extra}


def due_date(
    procedure: Procedure,
    step: str,
    start: date,
    calendar: Calendar,
    *,
    start_kind: str | None = None,
    notes: Sequence[Text] = (),
) -> DateResult:
    """The due date of a step with a working-day target: the Nth working day after ``start``.

    ``step`` is ``'acknowledge'`` (N = ``acknowledgement_working_days``, from receipt) or the key
    of a stage with a ``target_working_days`` (from the stage's clock start; see
    ``response_clock_start``). Any other step raises ``UnknownStep`` listing the valid steps.
    ``start_kind`` names the start in the explanation (default: what the step counts from).
    """
    if step not in procedure.timed_steps():
        valid = procedure.timed_steps()
        raise UnknownStep(
            f"{procedure.id} has no step {step!r} with a working-day target; "
            f"valid steps: {', '.join(valid)}",
            valid,
        )
    if step == ACKNOWLEDGE:
        days, clause, kind = (
            procedure.acknowledgement_working_days,
            procedure.acknowledgement_clause,
            "receipt",
        )
    else:
        stage = procedure.stage(step)
        days, clause, kind = stage.target_working_days or 0, stage.target_clause, stage.clock
    result = calendar.add_working_days(start, days)
    explanation = result.explanation.with_context(
        start_kind=start_kind or kind,
        notes=notes,
        params=_params(procedure, clause, step=step),
    )
    return DateResult(result.value, explanation)


def response_clock_start(
    procedure: Procedure,
    stage_key: str,
    *,
    received_on: date,
    consent_received_on: date | None = None,
    escalation_requested_on: date | None = None,
) -> tuple[date, Text]:
    """The day a stage's response target counts from, and a note saying why.

    The stage's clock is receipt, or the escalation request for a stage that counts from it
    (``escalation_requested_on`` is then required). A representative's complaint held awaiting
    consent counts from the day consent arrived (``consent_received_on``) when that is later.
    Pass ``consent_received_on=None`` when no consent was awaited.
    """
    stage = procedure.stage(stage_key)
    if stage.clock == "escalation-request":
        if escalation_requested_on is None:
            raise ValueError(
                f"{procedure.id} {stage_key}: the target counts from the escalation request, "
                "so escalation_requested_on is needed"
            )
        start = escalation_requested_on
        note = Text(
            "The response target runs from the day the complainant asked for this stage.",
            "Mae’r targed ymateb yn rhedeg o’r diwrnod y gofynnodd yr achwynydd am y cam hwn.",
        )
    else:
        start = received_on
        note = Text(
            "The response target runs from the day the complaint was received.",
            "Mae’r targed ymateb yn rhedeg o’r diwrnod y daeth y gŵyn i law.",
        )
    if consent_received_on is not None and consent_received_on > start:
        note = Text(
            "A representative made this complaint and it was held awaiting the person’s consent, "
            "so the response target runs from the day the consent arrived "
            f"({format_date(consent_received_on, 'en')}), not from "
            f"{format_date(start, 'en')}.",
            "Gwnaed y gŵyn hon gan gynrychiolydd ac fe’i daliwyd nes i ganiatâd y person "
            "gyrraedd, felly mae’r targed ymateb yn rhedeg o’r diwrnod y cyrhaeddodd y caniatâd "
            f"({format_date(consent_received_on, 'cy')}), nid o’r dyddiad arferol "
            f"({format_date(start, 'cy')}).",
        )
        start = consent_received_on
    return start, note


def response_due_date(
    procedure: Procedure,
    stage_key: str,
    *,
    calendar: Calendar,
    received_on: date,
    consent_received_on: date | None = None,
    escalation_requested_on: date | None = None,
) -> DateResult:
    """A stage's response due date from the case facts: ``response_clock_start`` then
    ``due_date``, with the clock note in the explanation."""
    start, note = response_clock_start(
        procedure,
        stage_key,
        received_on=received_on,
        consent_received_on=consent_received_on,
        escalation_requested_on=escalation_requested_on,
    )
    kind = "consent" if start == consent_received_on else None
    return due_date(procedure, stage_key, start, calendar, start_kind=kind, notes=(note,))


def complaint_time_limit(
    procedure: Procedure, event_on: date, found_out_on: date | None = None
) -> DateResult:
    """The last day a complaint is in time (inclusive): ``time_limit.months`` calendar months
    after the event, or after the later of the event and finding out, as the procedure says."""
    limit = procedure.time_limit
    start, kind = event_on, "event"
    notes: list[Text] = []
    if limit.starts_from == "later-of-event-and-awareness" and found_out_on is not None:
        if found_out_on > event_on:
            start, kind = found_out_on, "awareness"
        notes.append(
            Text(
                f"The later of the event ({format_date(event_on, 'en')}) and finding out "
                f"({format_date(found_out_on, 'en')}) counts.",
                f"Y diweddaraf o ddyddiad y digwyddiad ({format_date(event_on, 'cy')}) a’r "
                f"dyddiad dod i wybod ({format_date(found_out_on, 'cy')}) sy’n cyfrif.",
            )
        )
    result = add_months(start, limit.months, start_kind=kind)
    notes.append(
        Text(
            f"Last day in time: {format_date(result.value, 'en')}. "
            "A complaint that reaches us after that is late.",
            f"Y diwrnod olaf mewn pryd: {format_date(result.value, 'cy')}. "
            "Mae cwyn sy’n ein cyrraedd ar ôl hynny yn hwyr.",
        )
    )
    explanation = result.explanation.with_context(
        notes=notes, params=_params(procedure, limit.clause, starts_from=limit.starts_from)
    )
    return DateResult(result.value, explanation)


def escalation_deadline(procedure: Procedure, stage_key: str, responded_on: date) -> DateResult:
    """The last day (inclusive) to ask for the next stage after this stage's response:
    ``escalation.window_months`` calendar months after ``responded_on``.

    ``ValueError`` if the stage is final, or has no time limit for asking.
    """
    stage = procedure.stage(stage_key)
    if stage.escalation is None:
        if stage.is_final:
            raise ValueError(
                f"{stage_key} is the final stage of {procedure.id}: there is no further stage"
            )
        raise ValueError(
            f"{procedure.id} sets no time limit for asking for the stage after {stage_key}"
        )
    next_stage = procedure.next_stage(stage_key)
    assert next_stage is not None  # the loader allows escalation only on a non-final stage
    result = add_months(responded_on, stage.escalation.window_months, start_kind="response")
    note = Text(
        f"Last day to ask for the {next_stage.title.en[0].lower()}{next_stage.title.en[1:]}: "
        f"{format_date(result.value, 'en')}.",
        f"Y diwrnod olaf i ofyn am {next_stage.title.cy[0].lower()}{next_stage.title.cy[1:]}: "
        f"{format_date(result.value, 'cy')}.",
    )
    explanation = result.explanation.with_context(
        notes=(note,),
        params=_params(procedure, stage.escalation.clause, stage=stage_key),
    )
    return DateResult(result.value, explanation)
