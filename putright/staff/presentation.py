"""How the staff workspace shows a case and a queue row: labels in the reader's language, deadlines
with their explanations, and the actions a person can take. Reads come from the selectors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.paginator import Page
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from putright.cases import messages as msg
from putright.cases import rules
from putright.cases.models import (
    Adjustment,
    Channel,
    Complaint,
    ConsentKind,
    Event,
    RemedyStatus,
    Status,
)
from putright.cases.selectors import (
    DATE_OUT_OF_RANGE,
    Rag,
    assessment,
    countable,
    rag,
    time_limit,
    window_rag,
)
from putright.letters.kinds import LetterKind
from putright.letters.selectors import case_letters
from putright.policy import (
    ACKNOWLEDGE,
    DateResult,
    Procedure,
    UnknownCode,
    UnknownProcedure,
    UnknownStep,
    due_date,
    escalation_deadline,
    format_date,
    get_registry,
)

#: Said on the case page when a stored date is too far out to count the time limit from.
TIME_LIMIT_UNKNOWN = _(
    "The last day in time cannot be worked out from the dates recorded on this case. Check them."
)
#: Said on the case page when the procedure version pinned on the case is not installed.
VERSION_NOT_INSTALLED = _(
    "This case was recorded under version %(pinned)s of its procedure, which is not installed. "
    "The page uses version %(latest)s, the latest installed, so its dates and rules may differ."
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
    #: Why the date is what it is, in the reader's language ("" without a result).
    explanation: str = ""


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
            explanation=result.render(lang) if result else "",
        )

    ack = counted(due_date, procedure, ACKNOWLEDGE, complaint.received_on, cal)
    items.append(
        deadline(
            str(_("Acknowledge")),
            ack,
            None if complaint.acknowledged_on or complaint.is_closed or ack is None else ack.value,
            rag,
            done_on=complaint.acknowledged_on,
        )
    )
    stages = list(complaint.stages.all())
    for stage in stages:
        try:
            definition = procedure.stage(stage.stage_key)
        except UnknownStep:  # a stored key the procedure does not know: no rule to count by
            continue
        if definition.target_working_days is not None and stage.clock_started_on:
            result = counted(due_date, procedure, stage.stage_key, stage.clock_started_on, cal)
            target = result.value if result else None
            # A closed case (withdrawn, say) runs no clock: an unanswered stage is not overdue.
            done = stage.responded_on or complaint.is_closed
            live = None if done else (stage.extended_due_on or target)
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


#: RAG colours as GOV.UK tag modifiers. The tag's words always say the same thing as its colour.
RAG_TAG_CLASSES = {
    "red": "govuk-tag--red",
    "amber": "govuk-tag--yellow",
    "green": "govuk-tag--green",
    "grey": "govuk-tag--grey",
}

STATUS_TAG_CLASSES = {
    "new": "govuk-tag--light-blue",
    "awaiting-consent": "govuk-tag--orange",
    "open": "govuk-tag--blue",
    "responded": "govuk-tag--purple",
    "closed": "govuk-tag--grey",
}

SEVERITY_TAG_CLASSES = {
    "blocking": "govuk-tag--red",
    "warning": "govuk-tag--yellow",
    "info": "govuk-tag--grey",
    "ok": "govuk-tag--green",
}


@dataclass(frozen=True)
class QueueRow:
    """One row of the work queue, every cell ready to print.

    The queue is the busiest page: each cell is worked out here once, so the template prints
    plain values (no URL tags, filters or includes per row), which halves its rendering time."""

    complaint: Complaint
    rag: Rag
    procedure_title: str
    stage_title: str
    url: str
    status_label: str
    status_class: str
    assignee: str
    due: str
    rag_class: str


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
        due_on = None if complaint.is_closed else complaint.current_due_on
        row_rag = rag(due_on, today, calendar=calendar)
        rows.append(
            QueueRow(
                complaint=complaint,
                rag=row_rag,
                procedure_title=procedure.title.get(lang) if procedure else "",
                stage_title=stage_title(procedure, complaint.current_stage, lang),
                url=reverse("staff:detail", args=[complaint.pk]),
                status_label=str(complaint.get_status_display()),
                status_class=STATUS_TAG_CLASSES.get(complaint.status, "govuk-tag--grey"),
                assignee=complaint.assigned_to.display_name if complaint.assigned_to else "",
                due=dateformat.format(due_on, "j M Y") if due_on else "",
                rag_class=RAG_TAG_CLASSES.get(row_rag.colour, "govuk-tag--grey"),
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
        if action_class.listed and can_take(action_class(complaint, user, today=today))
    ]


def can_take(action: Any) -> bool:
    """Whether the action can be taken now. An action that needs a stage the case's procedure
    does not know (a stored key it never had) is not offered, rather than breaking the page."""
    try:
        return not action.check()
    except UnknownStep:
        return False


# -- the timeline ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineEntry:
    """One line of the case timeline, in the reader's language."""

    text: str
    #: Who did it: a member of staff's name, "the complainant", "Putright", or "" if not known.
    by: str
    at: datetime
    tell_complainant: bool


def timeline(events: Iterable[Event], procedure: Procedure, lang: str) -> list[TimelineEntry]:
    """The events as timeline lines, in the order given."""
    return [
        TimelineEntry(
            text=timeline_entry(event, procedure, lang),
            by=timeline_by(event, lang),
            at=event.at,
            tell_complainant=event.tell_complainant,
        )
        for event in events
    ]


def timeline_by(event: Event, lang: str) -> str:
    """Who did it: the member of staff, the complainant, or Putright itself (the system)."""
    by = event.data.get("by") if isinstance(event.data, dict) else None
    if by == "complainant":
        with override(lang):
            return gettext("the complainant")
    if by == "system":
        return "Putright"
    return event.actor.display_name if event.actor_id and event.actor else ""


#: "Received by ..." for each channel a complaint arrives by.
RECEIVED_BY: dict[str, Any] = {
    Channel.WEB: _("Received online."),
    Channel.EMAIL: _("Received by email."),
    Channel.LETTER: _("Received by letter."),
    Channel.PHONE: _("Received by phone."),
    Channel.IN_PERSON: _("Received in person."),
}


def timeline_entry(event: Event, procedure: Procedure, lang: str) -> str:
    """What happened, in plain words in the reader's language, from the event's kind and data:
    stages, outcomes, remedies and exclusions by their titles in the procedure, dates written
    out. An event this page has no words for, or whose data is not what its kind writes, shows
    the English summary stored with it."""
    data = event.data if isinstance(event.data, dict) else {}
    with override(lang):
        try:
            text = _sentence(event, data, _Words(procedure, lang))
        except (KeyError, TypeError, ValueError):
            text = None
    return event.summary if text is None else text


@dataclass(frozen=True)
class _Words:
    """The procedure's titles and dates, in the reader's language; a stored key or value the
    procedure does not know is shown as it is stored."""

    procedure: Procedure
    lang: str

    def stage(self, key: Any) -> str:
        return stage_title(self.procedure, str(key), self.lang)

    def outcome(self, code: Any) -> str:
        return self._title(self.procedure.outcomes, code)

    def remedy(self, code: Any) -> str:
        return self._title(self.procedure.remedies, code)

    def exclusion(self, code: Any) -> str:
        return self._title(self.procedure.exclusions, code)

    def day(self, value: Any) -> str:
        """An ISO date from the event's data, written out (as stored if it is not one)."""
        try:
            return format_date(date.fromisoformat(str(value)), self.lang)
        except ValueError:
            return str(value)

    def money(self, value: Any) -> str:
        """An amount in pounds from the event's data, with pence (as stored if it is not one)."""
        try:
            return f"{Decimal(str(value)):,.2f}"
        except (InvalidOperation, ValueError):
            return str(value)

    def _title(self, items: Iterable[Any], code: Any) -> str:
        return next((i.title.get(self.lang) for i in items if i.code == code), str(code))


def _sentence(event: Event, d: Mapping[str, Any], w: _Words) -> str | None:
    """The words for one event kind (None for a kind without words here)."""
    match event.kind:
        case "received":
            said = RECEIVED_BY.get(event.complaint.channel)
            return str(said) if said else None
        case "acknowledged":
            if d.get("sent_on"):
                return gettext("Acknowledgement sent on %(date)s.") % {"date": w.day(d["sent_on"])}
            return gettext("Acknowledgement sent.")
        case "accepted":
            return gettext("Accepted; %(stage)s started.") % {"stage": w.stage(d["stage"])}
        case "accepted-late":
            return gettext("Accepted out of time; %(stage)s started. Why: %(reason)s") % {
                "stage": w.stage(d["stage"]),
                "reason": d["reason"],
            }
        case "details-amended":
            return gettext("The complaint details were amended.")
        case "closed-out-of-scope":
            return gettext("Closed as not covered: %(exclusion)s.") % {
                "exclusion": w.exclusion(d["code"])
            }
        case "held-for-consent":
            return gettext("Held awaiting the person’s written consent.")
        case "consent-recorded":
            if d.get("consent_kind") == ConsentKind.ONLINE:
                return gettext("Consent signed online by the person on %(date)s.") % {
                    "date": w.day(d["received_on"])
                }
            return gettext("Consent recorded, received on %(date)s.") % {
                "date": w.day(d["received_on"])
            }
        case "consent-declined":
            if d.get("reason"):
                return gettext(
                    "The person refused consent for their representative: %(reason)s"
                ) % {"reason": d["reason"]}
            return gettext("The person refused consent for their representative.")
        case "consent-link-requested":
            return gettext("A link to give consent is to be emailed to the person.")
        case "tracking-links-stopped":
            return gettext("Tracking links stopped: %(count)s.") % {"count": int(d["links"])}
        case "consent-revoked":
            return gettext("Consent withdrawn: %(reason)s") % {"reason": d["reason"]}
        case "assigned":
            return gettext("Assigned to %(name)s.") % {"name": d["to"]}
        case "reviewer-assigned":
            return gettext("Reviewer for %(stage)s: %(name)s.") % {
                "stage": w.stage(d["stage"]),
                "name": d["to"],
            }
        case "resolved-frontline":
            return gettext("%(stage)s: resolved. What was done: %(action)s") % {
                "stage": w.stage(d["stage"]),
                "action": d["action_taken"],
            }
        case "responded":
            if not d.get("outcome"):
                return gettext("%(stage)s response recorded.") % {"stage": w.stage(d["stage"])}
            return gettext("%(stage)s response recorded: %(outcome)s.") % {
                "stage": w.stage(d["stage"]),
                "outcome": w.outcome(d["outcome"]),
            }
        case "escalated":
            words = {"stage": w.stage(d["stage"]), "date": w.day(d["requested_on"])}
            if d.get("late_reason"):
                return gettext(
                    "Asked for %(stage)s on %(date)s, after the time allowed: %(reason)s"
                ) % {**words, "reason": d["late_reason"]}
            return gettext("Asked for %(stage)s on %(date)s.") % words
        case "closed":
            return gettext("Closed: the complainant did not ask for the next stage.")
        case "extended":
            return gettext("Deadline extended to %(date)s: %(reason)s") % {
                "date": w.day(d["new_due_on"]),
                "reason": d["reason"],
            }
        case "deadline-moved":
            return _deadline_moved(d, w)
        case "remedy-proposed":
            remedy = w.remedy(d["remedy_type"])
            if d.get("amount"):
                return gettext("Remedy proposed: %(remedy)s, £%(amount)s.") % {
                    "remedy": remedy,
                    "amount": w.money(d["amount"]),
                }
            return gettext("Remedy proposed: %(remedy)s.") % {"remedy": remedy}
        case "remedy-decided":
            decided = {
                RemedyStatus.APPROVED: gettext("Remedy approved: %(remedy)s."),
                RemedyStatus.REJECTED: gettext("Remedy rejected: %(remedy)s."),
            }.get(d["status"])
            return decided % {"remedy": w.remedy(d["remedy_type"])} if decided else None
        case "lesson":
            summary = _lesson_summary(event, d["lesson"])
            if summary is None:
                return gettext("Lesson recorded.")
            return gettext("Lesson recorded: %(summary)s") % {"summary": summary}
        case "lesson-action-done":
            action = _lesson_action(event, d["item"])
            if action is None:
                return gettext("A lesson action was done.")
            return gettext("Action done: %(action)s") % {"action": action}
        case "note":
            return gettext("Internal note added.")
        case "document":
            return gettext("Document added: %(name)s") % {"name": d["name"]}
        case "information-added":
            if d.get("text"):
                return gettext("Information added: %(text)s") % {"text": d["text"]}
            return gettext("Documents added.")
        case "withdrawn":
            return gettext("The complaint was withdrawn.")
        case "letter-edited":
            return gettext("Letter edited before sending: %(letter)s.") % {
                "letter": _letter_kind(d["letter"])
            }
        case "letter-approved":
            if d.get("posted"):
                return gettext("Letter checked and made ready to post: %(letter)s.") % {
                    "letter": _letter_kind(d["letter"])
                }
            return gettext("Letter checked and sent: %(letter)s.") % {
                "letter": _letter_kind(d["letter"])
            }
        case "contact-updated":
            if d.get("who") == "representative":
                return gettext("The representative’s contact details were changed.")
            return gettext("How we contact the complainant was changed.")
    return None


def _letter_kind(code: Any) -> str:
    """A kind of letter by its name in the reader's language (as stored if it is unknown)."""
    try:
        return str(LetterKind(code).label)
    except ValueError:
        return str(code)


def _deadline_moved(d: Mapping[str, Any], w: _Words) -> str | None:
    """A due date moved by the calendar: a closure day added or removed, new bank holidays."""
    if not d.get("after"):
        return None
    reason = d.get("reason", "")
    if d.get("closure_day"):  # said in the reader's language, not as stored
        reason = gettext("%(day)s is now a closure day (%(name)s)") % {
            "day": w.day(d["closure_day"]),
            "name": d.get("closure_name", ""),
        }
    words = {"after": w.day(d["after"]), "reason": reason}
    if d.get("before"):
        words["before"] = w.day(d["before"])
    if d["what"] == ACKNOWLEDGE:
        if "before" in words:
            return (
                gettext("The acknowledgement is now due on %(after)s, not %(before)s: %(reason)s")
                % words
            )
        return gettext("The acknowledgement is now due on %(after)s: %(reason)s") % words
    words["stage"] = w.stage(d["what"])
    if "before" in words:
        return (
            gettext(
                "The response for %(stage)s is now due on %(after)s, not %(before)s: %(reason)s"
            )
            % words
        )
    return gettext("The response for %(stage)s is now due on %(after)s: %(reason)s") % words


def _lesson_summary(event: Event, pk: Any) -> str | None:
    """The lesson's summary, from the case's lessons (already loaded for the page)."""
    lesson = next((x for x in event.complaint.lessons.all() if x.pk == pk), None)
    return lesson.summary if lesson else None


def _lesson_action(event: Event, pk: Any) -> str | None:
    for lesson in event.complaint.lessons.all():
        for item in lesson.actions.all():
            if item.pk == pk:
                return item.description
    return None


def case_page(complaint: Complaint, user: Any, *, today: date, lang: str) -> dict[str, Any]:
    """Everything the case page shows, in the reader's language. ``complaint`` comes from
    ``case_for``, so its related rows are already loaded."""
    from putright.cases.actions import ACTIONS

    procedure = rules.procedure_for(complaint)
    can_decide = can_take(ACTIONS["decide-remedy"](complaint, user, today=today))
    can_complete = can_take(ACTIONS["complete-lesson-action"](complaint, user, today=today))
    remedy_titles = {r.code: r.title.get(lang) for r in procedure.remedies}
    categories = {c.code: c.title.get(lang) for c in procedure.categories}
    adjustments = dict(Adjustment.choices)
    stages = []
    for stage in complaint.stages.all():
        try:
            definition = procedure.stage(stage.stage_key)
        except UnknownStep:  # shown by its stored key, without the procedure's questions
            stages.append({"instance": stage, "title": stage.stage_key, "findings": []})
            continue
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
    limit = time_limit(complaint)
    version_missing = ""
    if not rules.pinned_version_installed(complaint):
        version_missing = str(
            VERSION_NOT_INSTALLED
            % {"pinned": complaint.procedure_version, "latest": procedure.version}
        )
    return {
        "complaint": complaint,
        "procedure": procedure,
        "procedure_title": procedure.title.get(lang),
        "stage_title": stage_title(procedure, complaint.current_stage, lang),
        "categories": [categories.get(c.code, c.code) for c in complaint.categories.all()],
        "adjustments": [str(adjustments.get(a, a)) for a in complaint.person.adjustments or []],
        "version_missing": version_missing,
        "deadlines": deadlines(complaint, today=today, lang=lang),
        "time_limit": limit,
        "time_limit_explanation": limit.render(lang) if limit else "",
        "time_limit_unknown": str(TIME_LIMIT_UNKNOWN) if complaint.event_on and not limit else "",
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
        "events": timeline(reversed(complaint.events.all()), procedure, lang),
        "actions": available_actions(complaint, user, today=today),
        "closure_title": closure_title,
        "letters": case_letters(complaint),
    }
