"""What a letter says, read from the case and its procedure: never written in code.

``letter_context`` gives the values one language's copy of a letter is filled with: names and
dates from the case, titles, signposting, finality and the ombudsman from the pinned procedure,
and due dates with their explanations from ``putright.cases.deadlines``. The words around them
are in the templates, translated by the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from putright.cases import deadlines, rules
from putright.cases import messages as cases_messages
from putright.cases.models import (
    Adjustment,
    Complaint,
    ContactMethod,
    Event,
    RemedyStatus,
    StageInstance,
)
from putright.letters.kinds import SPECS, LetterKind
from putright.policy import (
    DateResult,
    Ombudsman,
    Procedure,
    UnknownCode,
    UnknownStep,
    escalation_deadline,
    format_date,
    response_clock_start,
)

BILINGUAL = "bilingual"


@dataclass(frozen=True)
class Recipient:
    """Who a letter goes to. An empty ``email`` means the letter is posted."""

    name: str
    email: str
    address: str
    representative: bool


def consent_held(complaint: Complaint) -> bool:
    """The person's written consent for their representative is on file and not withdrawn."""
    if complaint.consent_received_on is None:
        return False
    return complaint.consents.filter(revoked_on__isnull=True).exists()


def recipient(complaint: Complaint, kind: str) -> Recipient:
    """The representative for a letter that discloses nothing about the person, or once their
    consent is held; the person otherwise. The person's wish to be written to by post is kept."""
    rep = complaint.representative
    if rep is not None and (not SPECS[kind].discloses or consent_held(complaint)):
        return Recipient(rep.full_name, rep.email, rep.address, representative=True)
    person = complaint.person
    email = "" if person.preferred_contact == ContactMethod.POST else person.email
    return Recipient(person.full_name, email, person.address, representative=False)


def language(complaint: Complaint) -> str:
    """``cy``, ``en``, or ``bilingual`` when the organisation writes every letter in both."""
    if rules.organisation().bilingual_letters:
        return BILINGUAL
    return "cy" if complaint.language == "cy" else "en"


def section_languages(letter_language: str) -> list[str]:
    """The languages a letter is written in, in order: Welsh first in a bilingual letter."""
    return ["cy", "en"] if letter_language == BILINGUAL else [letter_language]


def large_print(complaint: Complaint) -> bool:
    return Adjustment.LARGE_PRINT in (complaint.person.adjustments or [])


#: Stands for the personal tracking link in a stored letter. A link's token is stored only as a
#: hash (ADR 0013), so the stored letter, its PDF and the outbox row never hold one: the email
#: gets a fresh link as it leaves, and the PDF (kept, and posted) gets the page that sends one.
TRACKING_LINK_MARKER = "https://tracking-link.putright.invalid/"


def tracking_link(complaint: Complaint) -> str | None:
    """A new link where the complainant can follow their complaint online, or None.

    The public portal owns tracking: ``PUTRIGHT_TRACKING_LINK_FACTORY`` names its function that
    issues a link for a complaint. Without one, letters go without a link.
    """
    factory_path = getattr(settings, "PUTRIGHT_TRACKING_LINK_FACTORY", "")
    if not factory_path:
        return None
    try:
        factory = import_string(factory_path)
    except ImportError:
        return None
    try:
        return factory(complaint) or None
    except (NoReverseMatch, ImproperlyConfigured):
        return None


def new_link_page() -> str | None:
    """The public page that emails a new tracking link, as an absolute address, or None."""
    base = getattr(settings, "PUTRIGHT_BASE_URL", "")
    if not base:
        return None
    try:
        return base.rstrip("/") + reverse("portal:track-new-link")
    except NoReverseMatch:
        return None


def for_staff(content: str) -> str:
    """``content`` as staff see it: the marker says what the complainant got in its place."""
    return content.replace(TRACKING_LINK_MARKER, str(TRACKING_LINK_FOR_STAFF))


TRACKING_LINK_FOR_STAFF = _("(their own tracking link, made as the email was sent)")


def offers_tracking() -> bool:
    """Whether letters can point to online tracking at all."""
    return bool(getattr(settings, "PUTRIGHT_TRACKING_LINK_FACTORY", "")) and bool(new_link_page())


def with_link(content: str, link: str | None) -> str:
    """``content`` with the tracking-link marker replaced by ``link`` (or the new-link page)."""
    if TRACKING_LINK_MARKER not in content:
        return content
    return content.replace(TRACKING_LINK_MARKER, link or new_link_page() or "")


def organisation_name(lang: str) -> str:
    org = rules.organisation()
    return (org.name_cy or org.name) if lang == "cy" else org.name


def _ombudsman(ombudsman: Ombudsman | None) -> dict[str, Any] | None:
    if ombudsman is None:
        return None
    return {
        "name": ombudsman.name,
        "address": list(ombudsman.address),
        "phone": ombudsman.phone,
        "email": ombudsman.email,
    }


def _date(result: DateResult | None, lang: str) -> dict[str, str] | None:
    if result is None:
        return None
    return {"date": format_date(result.value, lang), "explanation": result.render(lang)}


def _stage(complaint: Complaint, key: str) -> StageInstance | None:
    """The latest run of stage ``key`` on the case."""
    runs = [s for s in complaint.stages.all() if s.stage_key == key]
    return max(runs, key=lambda s: s.sequence, default=None)


def letter_context(complaint: Complaint, event: Event, kind: str, lang: str) -> dict[str, Any]:
    """Everything one language's copy of a ``kind`` letter about ``event`` is filled with."""
    procedure = rules.procedure_for(complaint)
    to = recipient(complaint, kind)
    written_on = timezone.localdate(event.at)
    context: dict[str, Any] = {
        "lang": lang,
        "kind": kind,
        "organisation": organisation_name(lang),
        "contact_email": settings.PUTRIGHT_CONTACT_EMAIL,
        "reference": complaint.reference,
        "written_on": format_date(written_on, lang),
        "recipient": {
            "name": to.name,
            "address": [line for line in to.address.splitlines() if line.strip()],
        },
        "for_person": complaint.person.full_name if to.representative else "",
        #: Posted, not emailed: the letter does not ask them to reply to an email.
        "by_post": not to.email,
        "procedure_title": procedure.title.get(lang),
        "received_on": format_date(complaint.received_on, lang),
        # A representative sees nothing of the person's case online until consent is held.
        "tracking_link": TRACKING_LINK_MARKER
        if offers_tracking() and (not to.representative or consent_held(complaint))
        else None,
    }
    fill = _FILLERS.get(kind)
    if fill is not None:
        context.update(fill(complaint, event, procedure, lang))
    return context


def _acknowledgement(
    complaint: Complaint, event: Event, procedure: Procedure, lang: str
) -> dict[str, Any]:
    """The response target of the first stage with one that counts from receipt, with why; or,
    for a representative's complaint without the person's consent, that it waits for it."""
    first = procedure.first_stage
    timed = next(
        (s for s in procedure.stages if s.target_working_days is not None and s.clock == "receipt"),
        None,
    )
    awaiting_consent = (
        procedure.consent_required
        and complaint.representative_id is not None
        and complaint.consent_received_on is None
    )
    due = None
    if timed is not None and not awaiting_consent:
        start, note = response_clock_start(
            procedure,
            timed.key,
            received_on=complaint.received_on,
            consent_received_on=complaint.consent_received_on,
        )
        result = deadlines.stage_due(procedure, timed.key, start, rules.calendar())
        if result is not None:
            due = {
                "date": format_date(result.value, lang),
                "explanation": f"{result.render(lang)} {note.get(lang)}",
            }
    return {
        "first_stage_title": first.title.get(lang),
        "first_stage_description": first.description.get(lang),
        "response_stage_title": timed.title.get(lang) if timed else "",
        "response_due": due,
        "awaiting_consent": awaiting_consent,
    }


def _consent_request(
    complaint: Complaint, event: Event, procedure: Procedure, lang: str
) -> dict[str, Any]:
    rep = complaint.representative
    return {
        "person_name": complaint.person.full_name,
        "representative_name": rep.full_name if rep else "",
    }


def _out_of_scope(
    complaint: Complaint, event: Event, procedure: Procedure, lang: str
) -> dict[str, Any]:
    code = (event.data or {}).get("code") or complaint.closure_code
    try:
        exclusion = procedure.exclusion(code)
    except UnknownCode:
        return {"exclusion_title": "", "signposting": ""}
    return {
        "exclusion_title": exclusion.title.get(lang),
        "signposting": exclusion.signposting.get(lang),
    }


def _extension(
    complaint: Complaint, event: Event, procedure: Procedure, lang: str
) -> dict[str, Any]:
    data = event.data or {}
    stage = _stage(complaint, complaint.current_stage)
    new_due = data.get("new_due_on")
    try:
        stage_title = procedure.stage(complaint.current_stage).title.get(lang)
    except UnknownStep:
        stage_title = ""
    return {
        "stage_title": stage_title,
        "new_due": format_date(date.fromisoformat(new_due), lang) if new_due else "",
        "original_due": format_date(stage.due_on, lang) if stage and stage.due_on else "",
        "extension_reason": data.get("reason", ""),
        "ombudsman": _ombudsman(procedure.ombudsman),
    }


def _response(
    complaint: Complaint, event: Event, procedure: Procedure, lang: str
) -> dict[str, Any]:
    """A stage's answer: outcome, conclusions, reasons, findings, remedies and lessons; then the
    next stage and the last day to ask for it, or the procedure's finality and ombudsman."""
    data = event.data or {}
    key = data.get("stage") or complaint.current_stage
    stage = _stage(complaint, key)
    try:
        definition = procedure.stage(key)
    except UnknownStep:
        definition = None
    outcomes = {o.code: o.title.get(lang) for o in procedure.outcomes}
    remedy_titles = {r.code: r.title.get(lang) for r in procedure.remedies}
    remedies = [
        {
            "title": remedy_titles.get(r.remedy_type, r.remedy_type),
            "reason": r.reason,
            "amount": f"£{r.amount:,.2f}" if r.amount is not None else "",
        }
        for r in complaint.remedies.all()
        if r.status == RemedyStatus.APPROVED
        and (r.stage_id is None or r.stage_id == getattr(stage, "pk", None))
    ]
    lessons = [
        {"summary": lesson.summary, "actions": [a.description for a in lesson.actions.all()]}
        for lesson in complaint.lessons.all()
    ]
    findings = []
    if definition is not None and stage is not None and stage.findings:
        findings = [
            {
                "question": q.text.get(lang),
                "answer": str(
                    cases_messages.FINDING_LABELS.get(stage.findings.get(q.code, ""), "")
                ),
            }
            for q in definition.findings
        ]
    context: dict[str, Any] = {
        "stage_title": definition.title.get(lang) if definition else key,
        "outcome_title": outcomes.get(stage.outcome, "") if stage else "",
        "conclusions": stage.conclusions if stage else "",
        "reasons": stage.reasons if stage else "",
        "action_taken": (data.get("action_taken") or (stage.frontline_action if stage else "")),
        "findings": findings,
        "remedies": remedies,
        "lessons": lessons,
        "next_stage_title": "",
        "ask_by": None,
        "finality": "",
        "ombudsman": None,
    }
    if definition is None:
        return context
    if definition.is_final:
        context["finality"] = procedure.finality.get(lang)
        context["ombudsman"] = _ombudsman(procedure.ombudsman)
        return context
    following = procedure.next_stage(definition.key)
    if following is not None:
        context["next_stage_title"] = following.title.get(lang)
        context["next_stage_description"] = following.description.get(lang)
    if definition.escalation is not None and stage is not None and stage.responded_on:
        context["ask_by"] = _date(escalation_deadline(procedure, key, stage.responded_on), lang)
    return context


def _withdrawal(
    complaint: Complaint, event: Event, procedure: Procedure, lang: str
) -> dict[str, Any]:
    return {"withdrawn_on": format_date(timezone.localdate(event.at), lang)}


_FILLERS = {
    LetterKind.ACKNOWLEDGEMENT: _acknowledgement,
    LetterKind.CONSENT_REQUEST: _consent_request,
    LetterKind.OUT_OF_SCOPE: _out_of_scope,
    LetterKind.EXTENSION: _extension,
    LetterKind.STAGE_RESPONSE: _response,
    LetterKind.FINAL_RESPONSE: _response,
    LetterKind.FRONTLINE_RESOLUTION: _response,
    LetterKind.WITHDRAWAL: _withdrawal,
}
