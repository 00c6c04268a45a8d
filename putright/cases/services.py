"""Writes that are not transitions of an existing case: recording a new complaint, moving
deadlines, changing how we contact the complainant.

Keyword-only, typed, atomic. A view, the API, a command and a background task all call these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from putright.accounts.models import Team
from putright.cases import actors, audit, deadlines, effects, findings, limits, rules
from putright.cases import messages as msg
from putright.cases.actions.records import store_attachment
from putright.cases.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    ContactMethod,
    Event,
    OrganisationSettings,
    Person,
    ReferenceSequence,
    Representative,
    Status,
)
from putright.cases.uploads import UploadRefused, inspect_upload
from putright.policy import ComplaintFacts, assess


@dataclass
class PersonDetails:
    full_name: str
    email: str = ""
    phone: str = ""
    address: str = ""
    preferred_contact: str = "email"
    language: str = "en"
    adjustments: Sequence[str] = ()
    adjustments_detail: str = ""


@dataclass
class RepresentativeDetails:
    full_name: str
    organisation: str = ""
    relationship: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class NewComplaint:
    procedure_id: str
    channel: str
    received_on: date
    what_went_wrong: str
    person: PersonDetails
    put_right: str = ""
    event_on: date | None = None
    found_out_on: date | None = None
    categories: Sequence[str] = ()
    original_reference: str = ""
    original_handler: Any = None
    representative: RepresentativeDetails | None = None
    scope_answers: dict[str, bool | None] = field(default_factory=dict)
    late_reason: str = ""
    language: str = "en"
    team: Team | None = None
    files: Sequence[Any] = ()
    #: What each of ``files`` is, in the same order (a representative's signed consent, say).
    file_descriptions: Sequence[str] = ()
    #: What the channel was told that the case has no field for (the web form's answer on how
    #: consent will come), kept in the data of the "received" event.
    intake: dict[str, str] = field(default_factory=dict)
    #: A key the caller sets once per form (or per API request): a replay records nothing new.
    submission_key: str = ""


def reserve_references(year: int, count: int = 1) -> list[str]:
    """Reserve ``count`` consecutive references for ``year``, e.g. PR-2026-000123."""
    with transaction.atomic():
        seq, _ = ReferenceSequence.objects.select_for_update().get_or_create(year=year)
        first = seq.last + 1
        seq.last += count
        seq.save(update_fields=["last"])
    return [f"PR-{year}-{n:06d}" for n in range(first, first + count)]


#: The policy engine's findings that stop a complaint being recorded, and the field each is on.
STOPPING_FIELDS: dict[str, str] = {
    "received-in-future": "received_on",
    "event-after-receipt": "event_on",
    "found-out-after-receipt": "found_out_on",
    "found-out-before-event": "found_out_on",
    "missing-what-went-wrong": "what_went_wrong",
    "missing-put-right": "put_right",
    "unknown-category": "categories",
}


def complaint_fact_errors(
    *,
    procedure_id: str,
    received_on: date,
    event_on: date | None = None,
    found_out_on: date | None = None,
    what_went_wrong: str = "",
    put_right: str = "",
    categories: Sequence[str] = (),
    today: date,
) -> dict[str, list[str]]:
    """What the policy engine says stops these facts being recorded, as field errors.

    A form calls this as soon as the dates parse, so every problem shows on the first submit.
    """
    facts = ComplaintFacts(
        received_on=received_on,
        event_on=event_on,
        found_out_on=found_out_on,
        what_went_wrong=what_went_wrong,
        put_right=put_right,
        categories=tuple(categories),
    )
    assessment = assess(
        rules.registry().effective_on(procedure_id, received_on),
        facts,
        today=today,
        calendar=rules.calendar(),
    )
    errors: dict[str, list[str]] = {}
    for finding in assessment.findings:
        if finding.code in STOPPING_FIELDS:
            errors.setdefault(STOPPING_FIELDS[finding.code], []).append(
                str(findings.message(finding))
            )
    return errors


def validate_new_complaint(data: NewComplaint, *, today: date) -> dict[str, list[str]]:
    """Every problem with a new complaint at once, by field name.

    The dates and categories are judged by the policy engine; this adds what only recording
    needs (an offered procedure, a channel, a name, acceptable files).
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: Any) -> None:
        errors.setdefault(name, []).append(str(message))

    for name in ("received_on", "event_on", "found_out_on"):
        value = getattr(data, name)
        if value is not None and not limits.date_in_range(value, today=today):
            add(
                name,
                msg.INPUT_DATE_RANGE
                % {
                    "earliest": f"{limits.earliest_date():%-d %B %Y}",
                    "latest": f"{limits.latest_date(today):%-d %B %Y}",
                },
            )
    if errors:
        return errors
    offered = rules.organisation().procedures
    if data.procedure_id not in offered:
        add("procedure_id", msg.UNKNOWN_PROCEDURE)
    if data.channel not in Channel.values:
        add("channel", msg.UNKNOWN_CHANNEL)
    if not data.person.full_name.strip():
        add("full_name", msg.FULL_NAME_MISSING)
    for upload in data.files:
        try:
            inspect_upload(upload)
        except UploadRefused as exc:
            add("files", exc.message)
    if "procedure_id" not in errors:
        for name, messages in complaint_fact_errors(
            procedure_id=data.procedure_id,
            received_on=data.received_on,
            event_on=data.event_on,
            found_out_on=data.found_out_on,
            what_went_wrong=data.what_went_wrong,
            put_right=data.put_right,
            categories=data.categories,
            today=today,
        ).items():
            for message in messages:
                add(name, message)
    return errors


@transaction.atomic
def complaint_create(*, data: NewComplaint, actor: Any, today: date | None = None) -> Complaint:
    """Record a complaint that arrived by any channel. Validates first; saves all or nothing."""
    today = today or rules.today()
    if data.submission_key:
        replayed = Complaint.objects.filter(submission_key=data.submission_key).first()
        if replayed is not None:
            return replayed
    errors = validate_new_complaint(data, today=today)
    if errors:
        raise ValidationError(errors)
    # The version of the procedure in force on the day the complaint was received.
    procedure = rules.registry().effective_on(data.procedure_id, data.received_on)
    org = rules.organisation()
    team = data.team or org.default_team or Team.objects.order_by("pk").first()
    if team is None:
        raise ValidationError({"team": ["Create a team before recording complaints."]})
    p = data.person
    person = Person(
        full_name=p.full_name.strip(),
        email=p.email.strip(),
        phone=p.phone.strip(),
        address=p.address.strip(),
        preferred_contact=p.preferred_contact,
        language=p.language,
        adjustments=list(p.adjustments),
        adjustments_detail=p.adjustments_detail.strip(),
    )
    person.full_clean()
    person.save()
    representative = None
    if data.representative is not None:
        r = data.representative
        representative = Representative(
            full_name=r.full_name.strip(),
            organisation=r.organisation.strip(),
            relationship=r.relationship.strip(),
            email=r.email.strip(),
            phone=r.phone.strip(),
            address=r.address.strip(),
        )
        representative.full_clean()
        representative.save()
    (reference,) = reserve_references(data.received_on.year)
    acknowledge = deadlines.acknowledge_due(procedure, data.received_on, rules.calendar()).value
    complaint = Complaint(
        reference=reference,
        procedure_id=procedure.id,
        procedure_version=procedure.version,
        channel=data.channel,
        received_on=data.received_on,
        event_on=data.event_on,
        found_out_on=data.found_out_on,
        what_went_wrong=data.what_went_wrong.strip(),
        put_right=data.put_right.strip(),
        original_reference=data.original_reference.strip(),
        original_handler=data.original_handler,
        person=person,
        representative=representative,
        scope_answers=dict(data.scope_answers),
        late_reason=data.late_reason.strip(),
        language=data.language,
        team=team,
        acknowledge_by=acknowledge,
        current_due_on=acknowledge,
        submission_key=data.submission_key[:64] or None,
    )
    complaint.full_clean()
    complaint.save()
    ComplaintCategory.objects.bulk_create(
        ComplaintCategory(complaint=complaint, code=code) for code in dict.fromkeys(data.categories)
    )
    descriptions = list(data.file_descriptions)
    for index, upload in enumerate(data.files):
        described = descriptions[index] if index < len(descriptions) else ""
        store_attachment(complaint, upload, actor, described)
    received = Event.objects.create(
        complaint=complaint,
        kind="received",
        summary=f"Complaint received by {complaint.get_channel_display().lower()}.",
        data=dict(data.intake),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="create",
        complaint=complaint,
        obj=complaint,
        after=audit.snapshot(complaint),
    )
    effects.publish_after_commit(received)  # the acknowledgement, once the case is saved
    return complaint


#: How many running cases ``deadlines_recalculate`` locks and moves in one transaction.
RECALCULATE_BATCH = 500


def deadlines_recalculate(
    *, actor: Any, reason: str, closure_day: date | None = None, closure_name: str = ""
) -> int:
    """Move every running deadline to where the calendar now puts it (a closure day added or
    removed, new bank holiday data), writing what moved on each case's timeline and audit trail.

    Works through the running cases in batches, each its own transaction, so a million open
    cases never sit in one lock. Returns how many cases moved. Extended dates are a person's
    decision and stay.
    """
    moved_cases = 0
    calendar = rules.calendar()
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                Complaint.objects.exclude(status=Status.CLOSED)
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .select_for_update()
                .prefetch_related("stages")[:RECALCULATE_BATCH]
            )
            if not batch:
                return moved_cases
            last_pk = batch[-1].pk
            for complaint in batch:
                if _recalculate_one(
                    complaint,
                    calendar,
                    actor=actor,
                    reason=reason,
                    closure_day=closure_day,
                    closure_name=closure_name,
                ):
                    moved_cases += 1


def _recalculate_one(
    complaint: Complaint,
    calendar: Any,
    *,
    actor: Any,
    reason: str,
    closure_day: date | None,
    closure_name: str,
) -> bool:
    before = complaint.current_due_on
    moved = deadlines.recalculate(complaint, calendar)
    if not moved and before == complaint.current_due_on:
        return False
    complaint.version += 1
    complaint.save(update_fields=["acknowledge_by", "current_due_on", "version", "updated_at"])
    for change in moved:
        Event.objects.create(
            complaint=complaint,
            kind="deadline-moved",
            summary=f"{change.what} due date moved from {change.before} to {change.after}: "
            f"{reason}",
            actor=actors.staff_user(actor),
            data={
                "by": actors.kind_of(actor),
                "what": change.what,
                "before": str(change.before or ""),
                "after": str(change.after or ""),
                "reason": reason,
                "closure_day": closure_day.isoformat() if closure_day else "",
                "closure_name": closure_name,
            },
            at=timezone.now(),
        )
    audit.record(
        actor=actor,
        action="deadlines-recalculated",
        complaint=complaint,
        obj=complaint,
        before={"current_due_on": str(before or "")},
        after={
            "current_due_on": str(complaint.current_due_on or ""),
            "moved": [m.what for m in moved],
            "reason": reason,
        },
    )
    return True


def closure_day_set(*, day: date, name: str, actor: Any) -> int:
    """Add (or rename) an organisation closure day, then move the running deadlines it affects."""
    with transaction.atomic():
        org = OrganisationSettings.objects.select_for_update().order_by("pk").first()
        if org is None:
            org = rules.organisation()
        closures = dict(org.closures or {})
        closures[day.isoformat()] = name.strip()[:100] or "Closure day"
        org.closures = closures
        org.save(update_fields=["closures"])
        rules.forget_organisation()
        return deadlines_recalculate(
            actor=actor,
            reason=f"{day:%-d %B %Y} is now a closure day ({closures[day.isoformat()]})",
        )


#: A telephone number as people write it: digits with spaces, brackets, dashes and a leading +.
PHONE_FORMAT = re.compile(r"\+?[0-9 ()-]+")


def contact_preference_errors(
    *, preferred_contact: str, email: str, phone: str, language: str, has_address: bool
) -> dict[str, list[str]]:
    """Every problem with new contact preferences at once, by field name."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: Any) -> None:
        errors.setdefault(name, []).append(str(message))

    if preferred_contact and preferred_contact not in ContactMethod.values:
        add("preferred_contact", msg.CONTACT_SELECT_METHOD)
    if language not in {code for code, _name in settings.LANGUAGES}:
        add("language", msg.CONTACT_SELECT_LANGUAGE)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            add("email", msg.ENTER_EMAIL_FORMAT)
    elif preferred_contact == ContactMethod.EMAIL:
        add("email", msg.CONTACT_EMAIL_NEEDED)
    digits = sum(ch.isdigit() for ch in phone)
    if phone and not (PHONE_FORMAT.fullmatch(phone) and 7 <= digits <= 15 and len(phone) <= 40):
        add("phone", msg.CONTACT_PHONE_FORMAT)
    elif not phone and preferred_contact == ContactMethod.PHONE:
        add("phone", msg.CONTACT_PHONE_NEEDED)
    if preferred_contact == ContactMethod.POST and not has_address:
        add("preferred_contact", msg.CONTACT_NO_ADDRESS)
    return errors


@transaction.atomic
def contact_preferences_update(
    *,
    complaint: Complaint,
    actor: Any,
    preferred_contact: str,
    email: str,
    phone: str,
    language: str,
    representative: bool = False,
) -> Complaint:
    """Change how we contact the complainant: the way they prefer (email, post or phone), their
    email address and phone number, and the language we use, which is kept on the case.

    With ``representative``, the representative's email address and phone number change
    instead, and ``preferred_contact`` (the person's) is left as it is. Every problem is
    reported at once (``ValidationError`` by field); nothing is saved unless all is well.
    A change writes a timeline event and an audit entry; no change writes nothing.
    """
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    email, phone = email.strip(), phone.strip()
    person = Person.objects.select_for_update().get(pk=locked.person_id)
    rep = None
    if representative:
        if locked.representative_id is None:
            raise ValidationError({"email": [str(msg.NO_REPRESENTATIVE)]})
        rep = Representative.objects.select_for_update().get(pk=locked.representative_id)
        preferred_contact = ""
    holder: Person | Representative = rep if rep is not None else person
    errors = contact_preference_errors(
        preferred_contact=preferred_contact,
        email=email,
        phone=phone,
        language=language,
        has_address=bool(holder.address.strip()),
    )
    if errors:
        raise ValidationError(errors)
    fields = ["email", "phone"] if rep is not None else ["preferred_contact", "email", "phone"]
    if rep is None:
        fields.append("language")
    before = audit.snapshot(holder, fields)
    holder.email, holder.phone = email, phone
    if rep is None:
        person.preferred_contact = preferred_contact or person.preferred_contact
        person.language = language
    before_language = locked.language
    locked.language = language
    after = audit.snapshot(holder, fields)
    changed_before, changed_after = audit.changed(before, after)
    if locked.language != before_language:
        changed_before["case_language"] = before_language
        changed_after["case_language"] = locked.language
    if not changed_after:
        return locked
    holder.full_clean()
    holder.save(update_fields=fields)
    locked.version += 1
    locked.save(update_fields=["language", "version", "updated_at"])
    who = "representative" if rep is not None else "person"
    event = Event.objects.create(
        complaint=locked,
        kind="contact-updated",
        summary=f"Contact preferences changed ({who}): {', '.join(sorted(changed_after))}.",
        actor=actors.staff_user(actor),
        data={"by": actors.kind_of(actor), "who": who, "changed": sorted(changed_after)},
        at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="contact-preferences-update",
        complaint=locked,
        obj=holder,
        before=changed_before,
        after=changed_after,
    )
    effects.publish_after_commit(event)
    return locked


def correspondence_record(
    *, complaint: Complaint, kind: str, summary: str, actor: Any, **data: Any
) -> Event:
    """Put a step in the case's correspondence on its timeline (a letter's draft edited, or
    checked and sent), for staff to read. The case itself does not change, so its version stays
    as it is; the letters app that takes the step writes its audit entry."""
    return Event.objects.create(
        complaint=complaint,
        kind=kind,
        summary=summary,
        actor=actors.staff_user(actor),
        data={"by": actors.kind_of(actor), **{k: audit._jsonable(v) for k, v in data.items()}},
        at=timezone.now(),
    )
