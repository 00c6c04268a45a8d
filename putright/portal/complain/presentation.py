"""How the online complaint's own pages read: the start page from the procedures offered, the
answers to check, and the confirmation with its dates and why.

Dates and their explanations come from the core (``cases.deadlines`` over the policy engine), in
the reader's language; nothing here works out a date of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from putright.cases import deadlines, rules
from putright.cases.models import Adjustment, Complaint, ContactMethod
from putright.policy import Procedure, format_date
from putright.portal.complain import journey
from putright.portal.complain.journey import State


def months(n: int, lang: str) -> str:
    if lang == "cy":
        return f"{n} mis"
    return f"{n} month" if n == 1 else f"{n} months"


# -- the start page ------------------------------------------------------------------------------
@dataclass
class ProcedureSummary:
    """What the start page says about one procedure, all from its definition."""

    id: str
    title: str
    summary: str
    time_limit: str
    time_limit_note: str
    acknowledge: str
    #: Each stage's title, and its response target (or, for a stage without one, what it is).
    stages: list[tuple[str, str]]
    finality: str
    ombudsman: list[str] = field(default_factory=list)


def procedure_summary(procedure: Procedure, lang: str) -> ProcedureSummary:
    limit = procedure.time_limit
    if limit.starts_from == "event":
        time_limit = _(
            "Tell us within %(months)s of the event or outcome you are complaining about."
        ) % {"months": months(limit.months, lang)}
    else:
        time_limit = _(
            "Tell us within %(months)s of the event, or of finding out you had reason to "
            "complain, whichever is later."
        ) % {"months": months(limit.months, lang)}
    stages = []
    for stage in procedure.stages:
        if stage.target_working_days is None:
            target = ""
        elif stage.clock == "escalation-request":
            target = _(
                "We aim to respond within %(days)s working days of your asking for this stage."
            ) % {"days": stage.target_working_days}
        else:
            target = _(
                "We aim to respond within %(days)s working days of receiving your complaint."
            ) % {"days": stage.target_working_days}
        stages.append((stage.title.get(lang), target or stage.description.get(lang)))
    ombudsman = []
    if procedure.ombudsman is not None:
        o = procedure.ombudsman
        ombudsman = [o.name, *o.address, o.phone, o.email]
    return ProcedureSummary(
        id=procedure.id,
        title=procedure.title.get(lang),
        summary=procedure.summary.get(lang),
        time_limit=time_limit,
        time_limit_note=procedure.time_limit_note.get(lang),
        acknowledge=_("We acknowledge your complaint within %(days)s working days.")
        % {"days": procedure.acknowledgement_working_days},
        stages=stages,
        finality=procedure.finality.get(lang),
        ombudsman=[line for line in ombudsman if line],
    )


# -- check your answers --------------------------------------------------------------------------
@dataclass
class Row:
    key: str
    value: str | list[str]
    step: str
    change_label: str

    @property
    def change_url(self) -> str:
        return reverse("portal:complain-step", args=[self.step]) + "?change=1"

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


@dataclass
class Section:
    heading: str
    rows: list[Row]


def _row(key: str, value: str | list[str], step: str) -> Row:
    return Row(key=key, value=value, step=step, change_label=key[:1].lower() + key[1:])


def day(value: date | None, lang: str) -> str:
    return format_date(value, lang) if value else ""


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def check_sections(state: State, lang: str) -> list[Section]:
    a = state.answers
    procedure = state.procedure
    assert procedure is not None
    none = _("None")
    rep = journey.is_representative(state)

    who = [
        _row(
            _("Complaint for"),
            _("Someone else") if rep else _("Myself"),
            "who",
        )
    ]
    if rep:
        details = a.get("rep") or {}
        who.append(
            _row(
                _("Your details"),
                [
                    str(details.get(k))
                    for k in ("full_name", "relationship", "organisation", "email", "phone")
                    if details.get(k)
                ]
                + lines(str(details.get("address", ""))),
                "your-details",
            )
        )
    who.append(
        _row(
            _("Their full name") if rep else _("Your full name"),
            str(a.get("name", "")),
            "name",
        )
    )
    if rep:
        if journey.needs_consent_upload(state):
            names = [str(f.get("name")) for f in journey.files_for(state, journey.FOR_CONSENT)]
            consent: str | list[str] = [_("You will upload their signed consent"), *names]
        else:
            consent = _("We will email them a link to sign a consent declaration online")
        who.append(_row(_("Their consent"), consent, "consent"))

    complaint: list[Row] = []
    if journey.offers_choice(state):
        complaint.append(_row(_("Type of complaint"), procedure.title.get(lang), "procedure"))
    complaint.append(_row(_("Reference number"), str(a.get("reference") or none), "reference"))
    scope = journey.scope_answers(state)
    words = {
        journey.SCOPE_YES: _("Yes"),
        journey.SCOPE_NO: _("No"),
        journey.SCOPE_UNSURE: _("I’m not sure"),
    }
    for exclusion in procedure.exclusions:
        answer = words.get(scope.get(exclusion.code, ""), "")
        if scope.get(exclusion.code) == journey.SCOPE_YES:
            answer = _("Yes, and you chose to carry on with your complaint")
        complaint.append(_row(exclusion.title.get(lang), str(answer), f"scope-{exclusion.code}"))
    complaint.append(_row(_("When it happened"), day(state.date("event_on"), lang), "when"))
    complaint.append(
        _row(_("When you found out"), day(state.date("found_out_on"), lang), "found-out")
    )
    if journey.is_late(state):
        complaint.append(
            _row(
                _("Why you did not complain sooner"),
                lines(str(a.get("late_reason", ""))),
                "late",
            )
        )
    complaint.append(
        _row(_("What went wrong"), lines(str(a.get("what_went_wrong", ""))), "what-went-wrong")
    )
    complaint.append(
        _row(
            _("What would put it right"),
            lines(str(a.get("put_right", ""))) or none,
            "put-right",
        )
    )
    if journey.has_categories(state):
        chosen = set(a.get("categories") or [])
        titles = [c.title.get(lang) for c in procedure.categories if c.code in chosen]
        complaint.append(_row(_("What it is about"), titles or none, "about"))
    documents = [str(f.get("name")) for f in journey.files_for(state, journey.FOR_EVIDENCE)]
    complaint.append(_row(_("Documents"), documents or none, "documents"))

    methods = {
        ContactMethod.EMAIL: _("By email"),
        ContactMethod.POST: _("By post"),
        ContactMethod.PHONE: _("By phone"),
    }
    contact = [
        _row(
            _("How to contact them") if rep else _("How to contact you"),
            str(methods.get(a.get("contact_method", ""), "")),
            "contact-method",
        ),
        _row(
            _("Contact details"),
            [str(a[k]) for k in ("email", "phone") if a.get(k)] + lines(str(a.get("address", "")))
            or none,
            "contact-details",
        ),
    ]
    chosen_adjustments = set(a.get("adjustments") or [])
    adjustments = [str(label) for value, label in Adjustment.choices if value in chosen_adjustments]
    adjustments += lines(str(a.get("adjustments_detail", "")))
    contact.append(_row(_("Changes to how we communicate"), adjustments or none, "adjustments"))
    contact.append(
        _row(
            _("Language we write in"),
            "Cymraeg" if a.get("language") == "cy" else "English",
            "language",
        )
    )
    return [
        Section(_("Who is complaining"), who),
        Section(_("Your complaint"), complaint),
        Section(_("How we contact you"), contact),
    ]


# -- the confirmation ----------------------------------------------------------------------------
@dataclass
class Confirmation:
    reference: str
    acknowledge_by: str
    acknowledge_why: str
    respond_by: str
    respond_why: str
    respond_stage: str
    representative: bool
    email: str
    first_stage: str
    first_stage_description: str
    finality: str


def confirmation(complaint: Complaint, lang: str) -> Confirmation:
    """What the confirmation page says: the reference, the acknowledgement and response due
    dates with why, and what happens next."""
    procedure = rules.procedure_for(complaint)
    calendar = rules.calendar()
    ack = deadlines.acknowledge_due(procedure, complaint.received_on, calendar)
    timed = next((s for s in procedure.stages if s.target_working_days is not None), None)
    respond = (
        deadlines.stage_due(procedure, timed.key, complaint.received_on, calendar)
        if timed is not None
        else None
    )
    return Confirmation(
        reference=complaint.reference,
        acknowledge_by=format_date(ack.value, lang),
        acknowledge_why=ack.render(lang),
        respond_by=format_date(respond.value, lang) if respond else "",
        respond_why=respond.render(lang) if respond else "",
        respond_stage=timed.title.get(lang) if timed else "",
        representative=complaint.representative_id is not None,
        email=acknowledgement_email(complaint),
        first_stage=procedure.first_stage.title.get(lang),
        first_stage_description=procedure.first_stage.description.get(lang),
        finality=procedure.finality.get(lang),
    )


def acknowledgement_email(complaint: Complaint) -> str:
    """Where the acknowledgement is emailed: the representative, who made the complaint, or
    the person unless they asked for post; empty when it goes by post."""
    rep = complaint.representative
    if rep is not None:
        return rep.email
    person = complaint.person
    return "" if person.preferred_contact == ContactMethod.POST else person.email
