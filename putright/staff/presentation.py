"""How the staff workspace shows a case and a queue row: labels in the reader's language, deadlines
with their explanations, and the actions a person can take. Reads come from the selectors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from putright.cases import messages as msg
from putright.cases import rules
from putright.cases.models import Adjustment, Complaint, RemedyStatus, Status
from putright.cases.selectors import (
    DATE_OUT_OF_RANGE,
    Rag,
    assessment,
    countable,
    rag,
    time_limit,
    window_rag,
)
from putright.policy import (
    ACKNOWLEDGE,
    DateResult,
    Procedure,
    UnknownCode,
    UnknownProcedure,
    UnknownStep,
    due_date,
    escalation_deadline,
    get_registry,
)


@dataclass(frozen=True)
class Deadline:
    label: str
    #: None when a stored date is outside what the working-day calendar can count over.
    result: DateResult | None
    rag: Rag
    done_on: date | None = None
    extended_to: date | None = None
    extension_reason: str = ""
    #: A date of this deadline (its start, result, stored target, extension or completion) is
    #: outside the dates the calendar counts over.
    out_of_range: bool = False


def counted(
    compute: Callable[..., DateResult], procedure: Procedure, step: str, start: date, *rest: Any
) -> DateResult | None:
    """``compute(procedure, step, start, *rest)``, or None when ``start``, or counting on from it,
    is outside the dates the working-day calendar covers (1970 to 2100): a stored date never
    breaks the case page."""
    if not countable(start):
        return None
    try:
        return compute(procedure, step, start, *rest)
    except (ValueError, OverflowError):  # counting on ran past the calendar's last date
        return None


def deadlines(complaint: Complaint, *, today: date, lang: str = "en") -> list[Deadline]:
    """Each deadline on the case with its explanation, recomputed from the pinned procedure.

    A deadline whose dates the calendar cannot count (a stored 31 December 9999, say) is still
    listed, tagged "Date out of range", with whatever could be worked out."""
    procedure = rules.procedure_for(complaint)
    cal = rules.calendar()
    items: list[Deadline] = []

    def deadline(
        label: str,
        result: DateResult | None,
        live: date | None,
        tag: Callable[[date | None, date], Rag],
        *,
        done_on: date | None = None,
        extended_to: date | None = None,
        extension_reason: str = "",
        stored: date | None = None,
    ) -> Deadline:
        dates = (result.value if result else None, live, done_on, extended_to, stored)
        out_of_range = result is None or not all(countable(d) for d in dates if d is not None)
        return Deadline(
            label,
            result,
            Rag("grey", str(DATE_OUT_OF_RANGE), None) if out_of_range else tag(live, today),
            done_on=done_on,
            extended_to=extended_to,
            extension_reason=extension_reason,
            out_of_range=out_of_range,
        )

    ack = counted(due_date, procedure, ACKNOWLEDGE, complaint.received_on, cal)
    items.append(
        deadline(
            str(_("Acknowledge")),
            ack,
            None if complaint.acknowledged_on or ack is None else ack.value,
            rag,
            done_on=complaint.acknowledged_on,
        )
    )
    stages = list(complaint.stages.all())
    for stage in stages:
        definition = procedure.stage(stage.stage_key)
        if definition.target_working_days is not None and stage.clock_started_on:
            result = counted(due_date, procedure, stage.stage_key, stage.clock_started_on, cal)
            target = result.value if result else None
            live = None if stage.responded_on else (stage.extended_due_on or target)
            items.append(
                deadline(
                    str(_("Respond: %(stage)s") % {"stage": definition.title.get(lang)}),
                    result,
                    live,
                    rag,
                    done_on=stage.responded_on,
                    extended_to=stage.extended_due_on,
                    extension_reason=stage.extension_reason,
                    stored=stage.due_on,
                )
            )
        if stage.responded_on and definition.escalation is not None:
            window = counted(escalation_deadline, procedure, stage.stage_key, stage.responded_on)
            asked = stages[-1].escalation_requested_on if stages[-1] is not stage else None
            closed = asked or complaint.status == Status.CLOSED
            items.append(
                deadline(
                    str(_("Last day to ask for the next stage")),
                    window,
                    None if closed or window is None else window.value,
                    window_rag,
                    done_on=asked,
                )
            )
    return items


def stage_title(procedure: Procedure | None, key: str, lang: str) -> str:
    """A stage's name in the reader's language (its key when the procedure does not know it)."""
    if procedure is None or not key:
        return key
    try:
        return procedure.stage(key).title.get(lang)
    except UnknownStep:
        return key


@dataclass(frozen=True)
class QueueRow:
    complaint: Complaint
    rag: Rag
    procedure_title: str
    stage_title: str


def queue_rows(page: Page, *, today: date, lang: str) -> list[QueueRow]:
    """The rows of one queue page, tagged in memory with one calendar: no query per row."""
    calendar = rules.calendar()
    registry = get_registry()
    rows = []
    for complaint in page.object_list:
        try:
            procedure: Procedure | None = registry.get(
                complaint.procedure_id, complaint.procedure_version
            )
        except UnknownProcedure:
            procedure = None
        rows.append(
            QueueRow(
                complaint=complaint,
                rag=rag(
                    None if complaint.is_closed else complaint.current_due_on,
                    today,
                    calendar=calendar,
                ),
                procedure_title=procedure.title.get(lang) if procedure else "",
                stage_title=stage_title(procedure, complaint.current_stage, lang),
            )
        )
    return rows


def available_actions(complaint: Complaint, user: Any, *, today: date) -> list[dict[str, Any]]:
    """The actions this person can take on the case now, each a link to its form."""
    from putright.cases.actions import ACTIONS

    return [
        {
            "key": key,
            "label": action_class.label,
            "url": reverse("staff:act", args=[complaint.pk, key]),
        }
        for key, action_class in ACTIONS.items()
        if action_class.listed and not action_class(complaint, user, today=today).check()
    ]


def case_page(complaint: Complaint, user: Any, *, today: date, lang: str) -> dict[str, Any]:
    """Everything the case page shows, in the reader's language. ``complaint`` comes from
    ``case_for``, so its related rows are already loaded."""
    from putright.cases.actions import ACTIONS

    procedure = rules.procedure_for(complaint)
    can_decide = not ACTIONS["decide-remedy"](complaint, user, today=today).check()
    can_complete = not ACTIONS["complete-lesson-action"](complaint, user, today=today).check()
    remedy_titles = {r.code: r.title.get(lang) for r in procedure.remedies}
    categories = {c.code: c.title.get(lang) for c in procedure.categories}
    adjustments = dict(Adjustment.choices)
    stages = []
    for stage in complaint.stages.all():
        definition = procedure.stage(stage.stage_key)
        stages.append(
            {
                "instance": stage,
                "title": definition.title.get(lang),
                "findings": [
                    {
                        "question": q.text.get(lang),
                        "answer": msg.FINDING_LABELS.get(stage.findings.get(q.code, ""), ""),
                    }
                    for q in definition.findings
                    if stage.findings
                ],
            }
        )
    closure_title = ""
    if complaint.closure_code:
        try:
            closure_title = procedure.exclusion(complaint.closure_code).title.get(lang)
        except UnknownCode:
            closure_title = complaint.closure_code
    return {
        "complaint": complaint,
        "procedure": procedure,
        "procedure_title": procedure.title.get(lang),
        "stage_title": stage_title(procedure, complaint.current_stage, lang),
        "categories": [categories.get(c.code, c.code) for c in complaint.categories.all()],
        "adjustments": [str(adjustments.get(a, a)) for a in complaint.person.adjustments or []],
        "deadlines": deadlines(complaint, today=today, lang=lang),
        "time_limit": time_limit(complaint),
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "rule": str(f.rule),
                "explanation": f.explanation.get(lang),
                "limit_date": f.limit_date,
            }
            for f in assessment(complaint, today=today).findings
        ],
        "stages": stages,
        "remedies": [
            {
                "remedy": r,
                "title": remedy_titles.get(r.remedy_type, r.remedy_type),
                "can_decide": can_decide
                and r.status == RemedyStatus.PROPOSED
                and r.proposed_by_id != user.pk,
            }
            for r in complaint.remedies.all()
        ],
        "can_complete": can_complete,
        "consent_held": complaint.consent_received_on is not None,
        "events": list(reversed(complaint.events.all())),
        "actions": available_actions(complaint, user, today=today),
        "closure_title": closure_title,
    }
