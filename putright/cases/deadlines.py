"""Every due date on a case comes from here: one function per kind of date, over the pinned
procedure and the organisation's calendar. The stored dates (``acknowledge_by``, a stage's
``due_on``, ``current_due_on``) are this module's answers kept for the queue's indexes, and
``recalculate`` keeps them in line when the calendar changes (ADR 0010).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models.functions import Coalesce

from putright.cases import rules
from putright.cases.models import Complaint, StageInstance, Status
from putright.policy import (
    ACKNOWLEDGE,
    Calendar,
    DateResult,
    Procedure,
    due_date,
    escalation_deadline,
)


def acknowledge_due(procedure: Procedure, received_on: date, calendar: Calendar) -> DateResult:
    """The last day to acknowledge a complaint received on ``received_on``."""
    return due_date(procedure, ACKNOWLEDGE, received_on, calendar)


def stage_due(
    procedure: Procedure, stage_key: str, clock_started_on: date | None, calendar: Calendar
) -> DateResult | None:
    """A stage's response target, before any extension; None when the stage has no target."""
    if procedure.stage(stage_key).target_working_days is None or clock_started_on is None:
        return None
    return due_date(procedure, stage_key, clock_started_on, calendar)


def current_due(complaint: Complaint, procedure: Procedure, calendar: Calendar) -> date | None:
    """What the case is waiting for next, as the one date the queue sorts and tags by.

    Triage: the acknowledgement (until it is recorded). An open stage: its extended date, else
    its target. A responded stage: the last day to ask for the next stage. Closed: nothing.
    """
    if complaint.status == Status.CLOSED:
        return None
    stages = sorted(complaint.stages.all(), key=lambda s: s.sequence)
    stage = stages[-1] if stages else None
    if complaint.status in {Status.NEW, Status.AWAITING_CONSENT} or stage is None:
        if complaint.status == Status.AWAITING_CONSENT or complaint.acknowledged_on:
            return None
        return acknowledge_due(procedure, complaint.received_on, calendar).value
    if complaint.status == Status.RESPONDED and stage.responded_on:
        if procedure.stage(stage.stage_key).escalation is None:
            return None
        return escalation_deadline(procedure, stage.stage_key, stage.responded_on).value
    if stage.extended_due_on:
        return stage.extended_due_on
    target = stage_due(procedure, stage.stage_key, stage.clock_started_on, calendar)
    return target.value if target else None


@dataclass(frozen=True)
class Moved:
    """A stored date that the calendar now puts elsewhere."""

    what: str  # "acknowledge" or a stage key
    before: date | None
    after: date | None


def recalculate(complaint: Complaint, calendar: Calendar | None = None) -> list[Moved]:
    """Put the case's stored dates back in line with the rule and the calendar as they are now.

    Saves what moved and returns it; the caller writes the timeline and audit entries. An
    extended date is a person's decision and never moves.
    """
    procedure = rules.procedure_for(complaint)
    calendar = calendar or rules.calendar()
    moved: list[Moved] = []
    if not complaint.acknowledged_on:
        ack = acknowledge_due(procedure, complaint.received_on, calendar).value
        if ack != complaint.acknowledge_by:
            moved.append(Moved("acknowledge", complaint.acknowledge_by, ack))
            complaint.acknowledge_by = ack
    for stage in complaint.stages.all():
        if stage.responded_on:
            continue
        target = stage_due(procedure, stage.stage_key, stage.clock_started_on, calendar)
        value = target.value if target else None
        if value != stage.due_on:
            moved.append(Moved(stage.stage_key, stage.due_on, value))
            stage.due_on = value
            stage.save(update_fields=["due_on"])
    complaint.current_due_on = current_due(complaint, procedure, calendar)
    return moved


def stage_instance_due(stage: StageInstance) -> date | None:
    """The date a stage must be answered by now: its extension if any, else its target."""
    return stage.extended_due_on or stage.due_on


def stage_instance_due_expression() -> Coalesce:
    """``stage_instance_due`` as a database expression over stage rows, for reads that filter,
    sort or group many stages at once (the reminder digests)."""
    return Coalesce("extended_due_on", "due_on")
