"""What the tracking page shows a complainant, in their language: the status in plain words, the
stage, the date that matters next and why, what we sent them, and what they can do now.

Reads only. The dates come from ``putright.cases.deadlines`` and the policy engine, the same as
the staff pages and the letters, so all three say the same date for the same reason.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from django.apps import apps
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, override
from django.utils.translation import gettext_lazy as _

from putright.cases import deadlines, rules
from putright.cases.actions import ACTIONS, ActionRefused
from putright.cases.actions.base import Refusal
from putright.cases.models import Attachment, Closure, Complaint, Event, StageInstance, Status
from putright.policy import (
    DateResult,
    Ombudsman,
    Procedure,
    UnknownStep,
    escalation_deadline,
    format_date,
    response_clock_start,
)
from putright.portal.models import Recipient, TrackingToken

log = logging.getLogger(__name__)


# -- who is looking ----------------------------------------------------------------------------
def consent_held(complaint: Complaint) -> bool:
    """The person's written consent for their representative is on file and not withdrawn."""
    if complaint.consent_received_on is None:
        return False
    return any(c.revoked_on is None for c in complaint.consents.all())


def sees_case(complaint: Complaint, link: TrackingToken) -> bool:
    """Whether this visitor may see the details of the case: the person always; their
    representative only once the person's consent is held (PROCEDURES: who may complain)."""
    return link.recipient != Recipient.REPRESENTATIVE or consent_held(complaint)


# -- status in plain words ---------------------------------------------------------------------
@dataclass(frozen=True)
class StatusWords:
    tag: str
    colour: str  # a GOV.UK tag modifier: "blue", "green", "grey", "yellow"…
    text: str


STATUS_WORDS: dict[str, tuple[Any, str, Any]] = {
    Status.NEW: (
        _("Received"),
        "blue",
        _("We have received your complaint and are checking it."),
    ),
    Status.AWAITING_CONSENT: (
        _("Waiting for consent"),
        "yellow",
        _(
            "We need the written consent of the person the complaint is about before we can "
            "look into it or share anything about it."
        ),
    ),
    Status.OPEN: (_("Being looked into"), "blue", _("We are looking into your complaint.")),
    Status.RESPONDED: (_("Responded"), "green", _("We have sent you our response.")),
}
CLOSED_WORDS: dict[str, tuple[Any, str, Any]] = {
    Closure.FINAL_RESPONSE: (
        _("Final response sent"),
        "green",
        _("We have sent you our final response. Your complaint is closed."),
    ),
    Closure.WITHDRAWN: (
        _("Withdrawn"),
        "grey",
        _("This complaint was withdrawn. It is closed."),
    ),
    Closure.OUT_OF_SCOPE: (
        _("Closed"),
        "grey",
        _(
            "Our complaints procedure does not cover this complaint. We wrote to you to say "
            "why, and where you can go instead."
        ),
    ),
    Closure.NOT_ESCALATED: (
        _("Closed"),
        "grey",
        _("We responded, and the time to ask for the next stage has passed. It is closed."),
    ),
    Closure.RESOLVED_FRONTLINE: (
        _("Closed"),
        "grey",
        _("Your complaint was resolved. It is closed."),
    ),
}
CLOSED_OTHERWISE = (_("Closed"), "grey", _("Your complaint is closed."))
#: A response recorded whose letter staff are still checking (letters are drafts until sent).
RESPONSE_ON_ITS_WAY = (
    _("Response on its way"),
    "green",
    _("We have written our response. It will reach you shortly."),
)


def status_words(complaint: Complaint) -> StatusWords:
    responded = complaint.status == Status.RESPONDED or (
        complaint.status == Status.CLOSED and complaint.closure == Closure.FINAL_RESPONSE
    )
    if responded and letter_to_send(complaint):
        tag, colour, text = RESPONSE_ON_ITS_WAY
    elif complaint.status == Status.CLOSED:
        tag, colour, text = CLOSED_WORDS.get(complaint.closure, CLOSED_OTHERWISE)
    else:
        tag, colour, text = STATUS_WORDS.get(complaint.status, STATUS_WORDS[Status.NEW])
    return StatusWords(str(tag), colour, str(text))


def letter_to_send(complaint: Complaint) -> bool:
    """Whether a letter about this case is still a draft with staff: then the page does not say
    that we sent our response."""
    if not letters_installed():
        return False
    from putright.letters.models import Letter, LetterStatus

    return Letter.objects.filter(complaint=complaint, status=LetterStatus.DRAFT).exists()


def stage_title(procedure: Procedure, key: str, lang: str) -> str:
    """A stage's name in the reader's language (as stored when the procedure does not know it)."""
    if not key:
        return ""
    try:
        return procedure.stage(key).title.get(lang)
    except UnknownStep:
        return key


# -- the date that matters next ----------------------------------------------------------------
@dataclass(frozen=True)
class NextDate:
    """The one date the complainant is waiting for, with why it is that date."""

    label: str
    day: date
    explanation: str
    #: Set when we moved the date: the reason we gave.
    extension_reason: str = ""


def latest_stage(complaint: Complaint) -> StageInstance | None:
    return max(complaint.stages.all(), key=lambda s: s.sequence, default=None)


def next_date(complaint: Complaint, procedure: Procedure, lang: str) -> NextDate | None:
    """What the case is waiting for, in the words a complainant reads.

    New: the acknowledgement, then our response target counted from receipt (as the
    acknowledgement says). Open: the stage's response target, or the date we extended it to.
    Responded: the last day to ask for the next stage. Otherwise nothing. A stored date the
    calendar cannot count from gives no date rather than an error.
    """
    try:
        return _next_date(complaint, procedure, lang)
    except (ValueError, OverflowError, UnknownStep):
        log.warning("No next date for complaint %s: its stored dates cannot be counted", complaint)
        return None


def _next_date(complaint: Complaint, procedure: Procedure, lang: str) -> NextDate | None:
    calendar = rules.calendar()
    stage = latest_stage(complaint)
    with override(lang):
        if complaint.status == Status.NEW or (complaint.status == Status.OPEN and stage is None):
            if not complaint.acknowledged_on:
                ack = deadlines.acknowledge_due(procedure, complaint.received_on, calendar)
                return _dated(gettext("We will acknowledge your complaint by"), ack, lang)
            return _first_response(complaint, procedure, lang)
        if complaint.status == Status.OPEN and stage is not None:
            if stage.extended_due_on:
                return NextDate(
                    gettext("We aim to respond by"),
                    stage.extended_due_on,
                    gettext("We moved the date we aim to respond by."),
                    extension_reason=stage.extension_reason,
                )
            result = deadlines.stage_due(
                procedure, stage.stage_key, stage.clock_started_on, calendar
            )
            return _dated(gettext("We aim to respond by"), result, lang)
        if complaint.status == Status.RESPONDED and stage is not None and stage.responded_on:
            if procedure.stage(stage.stage_key).escalation is None:
                return None
            window = escalation_deadline(procedure, stage.stage_key, stage.responded_on)
            return _dated(
                gettext("If you are still unhappy, ask for the next stage by"), window, lang
            )
    return None


def _first_response(complaint: Complaint, procedure: Procedure, lang: str) -> NextDate | None:
    """The response target of the first stage that counts from receipt (the acknowledgement's
    date); none while a representative's complaint waits for consent."""
    timed = next(
        (s for s in procedure.stages if s.target_working_days is not None and s.clock == "receipt"),
        None,
    )
    if timed is None:
        return None
    start, note = response_clock_start(
        procedure,
        timed.key,
        received_on=complaint.received_on,
        consent_received_on=complaint.consent_received_on,
    )
    result = deadlines.stage_due(procedure, timed.key, start, rules.calendar())
    dated = _dated(gettext("We aim to respond by"), result, lang)
    if dated is None:
        return None
    extra = note.get(lang).strip()
    if extra:
        return NextDate(dated.label, dated.day, f"{dated.explanation} {extra}")
    return dated


def _dated(label: str, result: DateResult | None, lang: str) -> NextDate | None:
    if result is None:
        return None
    return NextDate(label, result.value, result.render(lang))


# -- what happened, as the complainant is told it ----------------------------------------------
@dataclass(frozen=True)
class Happened:
    at: datetime
    text: str
    #: The day it happened, written out in the reader's language.
    day: str


def _by_complainant(event: Event) -> bool:
    return isinstance(event.data, dict) and event.data.get("by") == "complainant"


def happened(complaint: Complaint, procedure: Procedure, lang: str) -> list[Happened]:
    """What we told the complainant and what they did, newest first, in their language.

    Internal events (notes, assignments, reviewers, remedies being considered) are never here.
    """
    items = []
    for event in complaint.events.all():
        text = event_words(event, procedure, lang)
        if text:
            items.append(Happened(event.at, text, format_date(happened_on(event), lang)))
    return sorted(items, key=lambda h: h.at, reverse=True)


def happened_on(event: Event) -> date:
    """The day to show for an event: when the complaint arrived or the acknowledgement was
    sent, for those two (staff may record either later); otherwise when it was recorded."""
    data = event.data if isinstance(event.data, dict) else {}
    if event.kind == "received":
        return event.complaint.received_on
    if event.kind == "acknowledged" and data.get("sent_on"):
        try:
            return date.fromisoformat(str(data["sent_on"]))
        except ValueError:
            pass
    return timezone.localdate(event.at)


def event_words(event: Event, procedure: Procedure, lang: str) -> str:
    """The sentence for one event, or "" for an event the complainant is not shown."""
    data = event.data if isinstance(event.data, dict) else {}
    with override(lang):
        try:
            return _event_sentence(event, data, procedure, lang)
        except (KeyError, TypeError, ValueError):
            return gettext("We updated your complaint.") if event.tell_complainant else ""


def _day(value: Any, lang: str) -> str:
    return format_date(date.fromisoformat(str(value)), lang)


def _event_sentence(event: Event, d: dict[str, Any], procedure: Procedure, lang: str) -> str:
    mine = _by_complainant(event)
    match event.kind:
        case "received":
            return gettext("We received your complaint.")
        case "acknowledged":
            return gettext("We acknowledged your complaint.")
        case "accepted" | "accepted-late":
            return gettext("We started looking into your complaint: %(stage)s.") % {
                "stage": stage_title(procedure, d["stage"], lang)
            }
        case "held-for-consent":
            return gettext("We asked for the written consent of the person the complaint is about.")
        case "consent-recorded":
            return gettext("We received the consent we needed.")
        case "resolved-frontline":
            return gettext("We resolved your complaint: %(stage)s.") % {
                "stage": stage_title(procedure, d["stage"], lang)
            }
        case "responded":
            return gettext("We finished our response: %(stage)s.") % {
                "stage": stage_title(procedure, d["stage"], lang)
            }
        case "escalated":
            return gettext("You asked for the next stage on %(date)s: %(stage)s.") % {
                "date": _day(d["requested_on"], lang),
                "stage": stage_title(procedure, d["stage"], lang),
            }
        case "extended":
            return gettext("We moved the date we aim to respond by to %(date)s.") % {
                "date": _day(d["new_due_on"], lang)
            }
        case "deadline-moved" if d.get("what") != "acknowledge" and d.get("after"):
            return gettext("The date we aim to respond by is now %(date)s.") % {
                "date": _day(d["after"], lang)
            }
        case "closed":
            return gettext("We closed your complaint: the time to ask for the next stage passed.")
        case "closed-out-of-scope":
            return gettext("We closed your complaint: our complaints procedure does not cover it.")
        case "withdrawn":
            return gettext("The complaint was withdrawn.")
        case "information-added" if mine:
            count = len(d.get("docs") or [])
            if count:
                return ngettext(
                    "You added information and %(count)s document.",
                    "You added information and %(count)s documents.",
                    count,
                ) % {"count": count}
            return gettext("You added information.")
        case "document" if mine:
            return gettext("You sent us a document: %(name)s") % {"name": d["name"]}
        case "contact-updated" if mine:
            return gettext("You changed how we contact you.")
    return gettext("We updated your complaint.") if event.tell_complainant else ""


# -- letters and documents ---------------------------------------------------------------------
@dataclass(frozen=True)
class Download:
    title: str
    detail: str
    url: str
    #: When it was sent or added.
    at: datetime | None = None


def letters_installed() -> bool:
    """The letters app lands separately; until it does, the page lists no letters."""
    return apps.is_installed("putright.letters")


def sent_letters(complaint: Complaint, *, sees: bool) -> QuerySet[Any] | list[Any]:
    """The letters sent about this case that this visitor may read: every one for the person;
    for a representative without the person's consent, only those that disclose nothing."""
    if not letters_installed():
        return []
    from putright.letters.kinds import SPECS
    from putright.letters.models import Letter

    letters = Letter.objects.filter(complaint=complaint, sent_at__isnull=False).exclude(pdf="")
    if not sees:
        letters = letters.filter(kind__in=[k for k, s in SPECS.items() if not s.discloses])
    return letters.order_by("-sent_at", "-pk")


def letter_downloads(complaint: Complaint, *, sees: bool, lang: str) -> list[Download]:
    out = []
    with override(lang):
        for letter in sent_letters(complaint, sees=sees):
            sent_on = format_date(timezone.localdate(letter.sent_at), lang)
            out.append(
                Download(
                    title=letter.subject,
                    detail=gettext("PDF, sent on %(date)s") % {"date": sent_on},
                    url=reverse("portal:track-letter", args=[letter.pk]),
                    at=letter.sent_at,
                )
            )
    return out


def their_documents(complaint: Complaint, *, sees: bool) -> QuerySet[Attachment]:
    """Documents sent from the complainant's side (the web form, the tracking page): never
    documents staff added. None for a representative without the person's consent."""
    if not sees:
        return Attachment.objects.none()
    return complaint.attachments.filter(uploaded_by__isnull=True).order_by("-created_at", "-pk")


def document_downloads(complaint: Complaint, *, sees: bool) -> list[Download]:
    return [
        Download(
            title=a.original_name,
            detail=a.description,
            url=reverse("portal:track-document", args=[a.pk]),
            at=a.created_at,
        )
        for a in their_documents(complaint, sees=sees)
    ]


# -- what they can do --------------------------------------------------------------------------
def refusals(key: str, complaint: Complaint, actor: Any) -> list[Refusal]:
    """Why ``actor`` cannot take action ``key`` now (empty: they can)."""
    action = ACTIONS[key](complaint, actor)
    try:
        return action.check()
    except (ActionRefused, UnknownStep):
        return [Refusal("unavailable", "")]


@dataclass
class TrackPage:
    complaint: Complaint
    sees: bool
    reference: str
    procedure_title: str
    status: StatusWords
    stage: str
    received_on: str
    next: NextDate | None
    next_day: str
    happened: list[Happened] = field(default_factory=list)
    letters: list[Download] = field(default_factory=list)
    documents: list[Download] = field(default_factory=list)
    can_add: bool = False
    can_withdraw: bool = False
    can_escalate: bool = False
    escalation_page: bool = False
    feedback_due: bool = False
    written_in: str = ""
    #: The date has passed: what that means for a date we aimed for, or a last day to ask.
    passed: str = ""


def track_page(complaint: Complaint, link: TrackingToken, actor: Any, *, lang: str) -> TrackPage:
    """Everything the tracking page shows, in ``lang``."""
    procedure = rules.procedure_for(complaint)
    sees = sees_case(complaint, link)
    when = next_date(complaint, procedure, lang) if sees else None
    escalate = not refusals("escalate", complaint, actor)
    final = complaint.closure == Closure.FINAL_RESPONSE
    return TrackPage(
        complaint=complaint,
        sees=sees,
        reference=complaint.reference,
        procedure_title=procedure.title.get(lang),
        status=status_words(complaint),
        stage=stage_title(procedure, complaint.current_stage, lang) if sees else "",
        received_on=format_date(complaint.received_on, lang),
        next=when,
        next_day=format_date(when.day, lang) if when else "",
        happened=happened(complaint, procedure, lang) if sees else [],
        letters=letter_downloads(complaint, sees=sees, lang=lang),
        documents=document_downloads(complaint, sees=sees),
        can_add=not refusals("add-information", complaint, actor),
        can_withdraw=not refusals("withdraw", complaint, actor),
        can_escalate=sees and escalate,
        escalation_page=sees and (escalate or final),
        feedback_due=sees and final and not feedback_given(complaint),
        written_in=complaint.language,
        passed=date_passed(complaint, when, lang),
    )


def date_passed(complaint: Complaint, when: NextDate | None, lang: str) -> str:
    """What it means that the date shown has passed ("" while it has not)."""
    if when is None or when.day >= rules.today():
        return ""
    with override(lang):
        if complaint.status == Status.RESPONDED:
            return gettext(
                "This date has passed. You can still ask for the next stage, but you will need "
                "to tell us why you are asking now."
            )
        return gettext(
            "This date has passed and we have not answered yet. We are sorry. We will tell you "
            "when to expect our response."
        )


def feedback_given(complaint: Complaint) -> bool:
    from putright.portal.models import Feedback

    return Feedback.objects.filter(complaint=complaint).exists()


# -- "I'm still unhappy" -----------------------------------------------------------------------
@dataclass(frozen=True)
class Escalation:
    """Which "I'm still unhappy" page to show, with what it says.

    ``in-time``: they may ask for the next stage, reasons optional. ``late``: the last day has
    passed; they may ask, saying why. ``final``: there is no further stage; what remains (the
    ombudsman, where the procedure names one). ``not-yet``: we have not responded yet.
    ``closed``: closed otherwise (withdrawn, not covered, not asked for in time).
    """

    branch: Literal["in-time", "late", "final", "not-yet", "closed"]
    next_stage: str = ""
    next_stage_description: str = ""
    last_day: str = ""
    last_day_explanation: str = ""
    finality: str = ""
    ombudsman: Ombudsman | None = None


def escalation(complaint: Complaint, actor: Any, *, lang: str) -> Escalation:
    """What the escalation action, and the policy engine behind it, say about asking now."""
    action = ACTIONS["escalate"](complaint, actor)
    procedure = action.procedure
    if refusals("escalate", complaint, actor):
        if complaint.closure == Closure.FINAL_RESPONSE:
            return Escalation(
                "final",
                finality=procedure.finality.get(lang),
                ombudsman=procedure.ombudsman,
            )
        return Escalation("closed" if complaint.status == Status.CLOSED else "not-yet")
    stage = latest_stage(complaint)
    assert stage is not None  # the action is available only on a case with a stage
    following = procedure.next_stage(stage.stage_key)
    assessment = action.escalation(action.today)
    late = assessment.get("escalation-late")
    limit = late.limit_date if late else None
    if late is None:
        in_time = assessment.get("escalation-in-time")
        limit = in_time.limit_date if in_time else None
    explanation = ""
    if limit is not None and stage.responded_on:
        try:
            window = escalation_deadline(procedure, stage.stage_key, stage.responded_on)
            explanation = window.render(lang)
        except (ValueError, OverflowError):
            explanation = ""
    return Escalation(
        "late" if late else "in-time",
        next_stage=following.title.get(lang) if following else "",
        next_stage_description=following.description.get(lang) if following else "",
        last_day=format_date(limit, lang) if limit else "",
        last_day_explanation=explanation,
    )
