"""Reads. Selectors own their select_related/prefetch_related so pages do a fixed number of
queries however many cases there are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from putright.cases import messages as msg
from putright.cases import permissions, rules
from putright.cases.models import (
    Adjustment,
    Complaint,
    ComplaintCategory,
    LessonAction,
    Person,
    RemedyStatus,
    Representative,
    StageInstance,
    Status,
)
from putright.policy import (
    ACKNOWLEDGE,
    Calendar,
    DateResult,
    Procedure,
    UnknownCode,
    UnknownProcedure,
    UnknownStep,
    due_date,
    escalation_deadline,
    get_registry,
)

#: Working days left at or below which a deadline shows amber.
AMBER_WITHIN_WORKING_DAYS = 5
QUEUE_PAGE_SIZE = 25
#: The queue counts matching cases up to this many, then says "more than": an exact count of a
#: million rows costs more than the page itself, and nobody pages that far.
QUEUE_COUNT_CAP = 10_000

QUEUE_VIEWS: dict[str, Any] = {
    "mine": _("Assigned to me"),
    "team": _("My team"),
    "unassigned": _("Unassigned"),
    "due-soon": _("Due soon"),
    "overdue": _("Overdue"),
    "all": _("All I can see"),
    "closed": _("Closed"),
}


@dataclass(frozen=True)
class Rag:
    colour: str  # "red" | "amber" | "green" | "grey"
    label: str
    days_left: int | None


def rag(due: date | None, today: date, *, calendar: Calendar | None = None) -> Rag:
    """Red when overdue, amber within AMBER_WITHIN_WORKING_DAYS working days, else green.

    Pass ``calendar`` when tagging many rows, so the organisation's calendar is read once."""
    if due is None:
        return Rag("grey", str(_("No deadline")), None)
    cal = calendar or rules.calendar()
    if due < today:
        late = cal.working_days_between(due, today)
        label = ngettext("Overdue by %(n)d working day", "Overdue by %(n)d working days", late) % {
            "n": late
        }
        return Rag("red", label, -late)
    left = cal.working_days_between(today, due)
    colour = "amber" if left <= AMBER_WITHIN_WORKING_DAYS else "green"
    label = ngettext("%(n)d working day left", "%(n)d working days left", left) % {"n": left}
    return Rag(colour, label, left)


def window_rag(last_day: date | None, today: date) -> Rag:
    """A window the complainant may use (not a deadline on staff): open, or closed since when."""
    if last_day is None or last_day >= today:
        return rag(last_day, today)
    days = rules.calendar().working_days_between(last_day, today)
    label = ngettext("Closed %(n)d working day ago", "Closed %(n)d working days ago", days) % {
        "n": days
    }
    return Rag("grey", label, -days)


@dataclass
class QueueFilters:
    view: str = "team"
    procedure: str = ""
    stage: str = ""
    status: str = ""
    category: str = ""
    channel: str = ""
    q: str = ""
    page: int = 1


def queue(user: Any, filters: QueueFilters, *, today: date) -> Page:
    """One page of the work queue for ``user``: only the cases they may see."""
    qs = permissions.visible(user, Complaint.objects.all())
    view = filters.view if filters.view in QUEUE_VIEWS else "team"
    if view == "closed":
        qs = qs.filter(status=Status.CLOSED)
    else:
        qs = qs.exclude(status=Status.CLOSED)
    if view == "mine":
        qs = qs.filter(assigned_to=user)
    elif view == "team":
        qs = qs.filter(team_id=user.team_id) if user.team_id else qs.filter(assigned_to=user)
    elif view == "unassigned":
        qs = qs.filter(assigned_to__isnull=True)
    elif view == "due-soon":
        horizon = rules.calendar().add_working_days(today, AMBER_WITHIN_WORKING_DAYS).value
        qs = qs.filter(current_due_on__gte=today, current_due_on__lte=horizon)
    elif view == "overdue":
        qs = qs.filter(current_due_on__lt=today)
    if filters.procedure:
        qs = qs.filter(procedure_id=filters.procedure)
    if filters.stage:
        qs = qs.filter(current_stage=filters.stage)
    if filters.status and view != "closed":
        qs = qs.filter(status=filters.status)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.category:
        qs = qs.filter(
            Exists(
                ComplaintCategory.objects.filter(complaint=OuterRef("pk"), code=filters.category)
            )
        )
    matches = search_matches(filters.q) if filters.q.strip() else None
    if matches is not None:
        qs = qs.filter(pk__in=matches.ids)
    order = (
        [F("closed_on").desc(nulls_last=True), "-pk"]
        if view == "closed"
        else [F("current_due_on").asc(nulls_last=True), "pk"]
    )
    qs = qs.select_related("person", "assigned_to", "team").order_by(*order)
    paginator = CappedPaginator(qs, QUEUE_PAGE_SIZE, allow_empty_first_page=True)
    page = paginator.get_page(filters.page)
    page.search_capped = bool(matches and matches.capped)
    return page


class CappedPaginator(Paginator):
    """Counts at most QUEUE_COUNT_CAP rows; ``capped`` says whether there are more."""

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: QUEUE_COUNT_CAP + 1].count()
        self.capped = found > QUEUE_COUNT_CAP
        return min(found, QUEUE_COUNT_CAP)

    capped = False


@dataclass(frozen=True)
class SearchMatches:
    ids: list[int]
    capped: bool  # more than QUEUE_COUNT_CAP cases matched: the person should narrow the search


def search_matches(text: str) -> SearchMatches:
    """Cases matching by reference, original reference, name, email or the complaint's text.

    Each kind of match is a small indexed query (people by name or email first, then their
    cases), so the database never reads every case. At most QUEUE_COUNT_CAP + 1 ids come back.
    """
    text = text.strip()
    if not text:
        return SearchMatches([], False)
    limit = QUEUE_COUNT_CAP + 1
    if text.upper().startswith("PR-"):
        ids = list(Complaint.objects.filter(reference=text.upper()).values_list("pk", flat=True))
        return SearchMatches(ids, False)
    by_person = Q(full_name__icontains=text) | Q(email__iexact=text)
    people = list(Person.objects.filter(by_person).values_list("pk", flat=True)[:limit])
    reps = list(Representative.objects.filter(by_person).values_list("pk", flat=True)[:limit])
    complaints = Complaint.objects.order_by().values_list("pk", flat=True)
    found: set[int] = set()
    for arm in (
        complaints.filter(Q(reference=text.upper()) | Q(original_reference=text)),
        complaints.filter(person_id__in=people),
        complaints.filter(representative_id__in=reps),
        complaints.filter(what_went_wrong__icontains=text),
    ):
        found.update(arm[:limit])
    capped = len(found) > QUEUE_COUNT_CAP or len(people) == limit or len(reps) == limit
    return SearchMatches(sorted(found)[:limit], capped)


def complaint_for(user: Any, pk: int) -> Complaint | None:
    """The case alone, or None if ``user`` may not see it."""
    return permissions.visible(user, Complaint.objects.filter(pk=pk)).first()


def case_for(user: Any, pk: int) -> Complaint | None:
    """The case with everything its page shows, or None if ``user`` may not see it."""
    qs = permissions.visible(user, Complaint.objects.filter(pk=pk))
    return (
        qs.select_related("person", "representative", "assigned_to", "team", "original_handler")
        .prefetch_related(
            "categories",
            Prefetch("stages", queryset=StageInstance.objects.select_related("reviewer")),
            "remedies__proposed_by",
            "remedies__decided_by",
            Prefetch(
                "lessons__actions",
                queryset=LessonAction.objects.select_related("owner"),
            ),
            "attachments",
            "notes__author",
            "events__actor",
            "consents",
        )
        .first()
    )


@dataclass(frozen=True)
class Deadline:
    label: str
    result: DateResult
    rag: Rag
    done_on: date | None = None
    extended_to: date | None = None
    extension_reason: str = ""


def deadlines(complaint: Complaint, *, today: date, lang: str = "en") -> list[Deadline]:
    """Each deadline on the case with its explanation, recomputed from the pinned procedure."""
    procedure = rules.procedure_for(complaint)
    cal = rules.calendar()
    items: list[Deadline] = []
    ack = due_date(procedure, ACKNOWLEDGE, complaint.received_on, cal)
    items.append(
        Deadline(
            str(_("Acknowledge")),
            ack,
            rag(None if complaint.acknowledged_on else ack.value, today),
            done_on=complaint.acknowledged_on,
        )
    )
    stages = list(complaint.stages.all())
    for stage in stages:
        definition = procedure.stage(stage.stage_key)
        if definition.target_working_days is not None and stage.clock_started_on:
            result = due_date(procedure, stage.stage_key, stage.clock_started_on, cal)
            live = None if stage.responded_on else (stage.extended_due_on or result.value)
            items.append(
                Deadline(
                    str(_("Respond: %(stage)s") % {"stage": definition.title.get(lang)}),
                    result,
                    rag(live, today),
                    done_on=stage.responded_on,
                    extended_to=stage.extended_due_on,
                    extension_reason=stage.extension_reason,
                )
            )
        if stage.responded_on and definition.escalation is not None:
            window = escalation_deadline(procedure, stage.stage_key, stage.responded_on)
            asked = stages[-1].escalation_requested_on if stages[-1] is not stage else None
            live = None if asked or complaint.status == Status.CLOSED else window.value
            items.append(
                Deadline(
                    str(_("Last day to ask for the next stage")),
                    window,
                    window_rag(live, today),
                    done_on=asked,
                )
            )
    return items


def time_limit(complaint: Complaint) -> DateResult | None:
    """The last day the complaint was in time, with its explanation (None without an event)."""
    from putright.policy import complaint_time_limit

    if complaint.event_on is None:
        return None
    return complaint_time_limit(
        rules.procedure_for(complaint), complaint.event_on, complaint.found_out_on
    )


def assessment(complaint: Complaint, *, today: date):
    from putright.cases.actions.lifecycle import complaint_facts
    from putright.policy import assess

    return assess(
        rules.procedure_for(complaint),
        complaint_facts(complaint),
        today=today,
        calendar=rules.calendar(),
    )


def open_lesson_actions(user: Any) -> QuerySet[LessonAction]:
    return LessonAction.objects.filter(owner=user, done_on__isnull=True).select_related(
        "lesson__complaint"
    )


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
            "url": reverse("cases:act", args=[complaint.pk, key]),
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
