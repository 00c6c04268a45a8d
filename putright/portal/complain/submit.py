"""Sending the answers: they become a ``NewComplaint`` on the "web" channel and go through
``complaint_create``, the same service and policy engine as a complaint staff record.

The journey's id is the submission key, so sending the same answers twice (a double click, a
refresh, two requests at once) records one complaint and returns it both times.
"""

from __future__ import annotations

from contextlib import ExitStack
from datetime import date
from typing import Any

from django.db import IntegrityError

from putright.cases.actors import System
from putright.cases.models import Channel, Complaint
from putright.cases.services import (
    NewComplaint,
    PersonDetails,
    RepresentativeDetails,
    complaint_create,
)
from putright.portal.complain import journey, pending
from putright.portal.complain.answers import Journey
from putright.portal.complain.journey import State

#: Who the audit trail says recorded a complaint made online.
PORTAL = System("portal")
#: What staff read beside the consent a representative uploaded (stored, staff-facing).
CONSENT_DESCRIPTION = "Signed consent from the person, uploaded by their representative"


class FileGone(Exception):
    """A kept file is no longer in storage: the person has to upload it again."""

    def __init__(self, note: dict[str, Any]) -> None:
        super().__init__(str(note.get("name", "")))
        self.note = note


def files_to_attach(state: State) -> list[dict[str, Any]]:
    """The kept files that go with the complaint: the consent only if a representative chose
    to upload it, then the documents."""
    consent = journey.files_for(state, journey.FOR_CONSENT)
    chosen = consent if journey.needs_consent_upload(state) else []
    return [dict(f) for f in [*chosen, *journey.files_for(state, journey.FOR_EVIDENCE)]]


def new_complaint(
    state: State, *, files: list[Any], notes: list[dict[str, Any]], key: str, today: date
) -> NewComplaint:
    """The answers as the service takes them. Answers to questions that no longer apply (a
    representative's details after choosing "myself", a late reason for an in-time complaint)
    are left out."""
    a = state.answers
    assert state.procedure is not None
    representative = None
    intake: dict[str, str] = {}
    if journey.is_representative(state):
        rep = a.get("rep") or {}
        representative = RepresentativeDetails(
            full_name=str(rep.get("full_name", "")),
            organisation=str(rep.get("organisation", "")),
            relationship=str(rep.get("relationship", "")),
            email=str(rep.get("email", "")),
            phone=str(rep.get("phone", "")),
            address=str(rep.get("address", "")),
        )
        intake["consent"] = (
            "uploaded" if journey.needs_consent_upload(state) else "declaration-later"
        )
    language = a.get("language") if a.get("language") in {"en", "cy"} else "en"
    return NewComplaint(
        procedure_id=state.procedure.id,
        channel=Channel.WEB,
        received_on=today,
        event_on=state.date("event_on"),
        found_out_on=state.date("found_out_on"),
        what_went_wrong=str(a.get("what_went_wrong", "")),
        put_right=str(a.get("put_right", "")),
        categories=list(a.get("categories") or []) if journey.has_categories(state) else [],
        original_reference=str(a.get("reference", "")),
        representative=representative,
        scope_answers=journey.engine_scope_answers(state),
        late_reason=str(a.get("late_reason", "")) if journey.is_late(state) else "",
        language=language,
        person=PersonDetails(
            full_name=str(a.get("name", "")),
            email=str(a.get("email", "")),
            phone=str(a.get("phone", "")),
            address=str(a.get("address", "")),
            preferred_contact=str(a.get("contact_method", "email")),
            language=language,
            adjustments=list(a.get("adjustments") or []),
            adjustments_detail=str(a.get("adjustments_detail", "")),
        ),
        files=files,
        file_descriptions=[
            CONSENT_DESCRIPTION if note.get("purpose") == journey.FOR_CONSENT else ""
            for note in notes
        ],
        intake=intake,
        submission_key=key,
    )


def send(current: Journey, state: State, *, today: date) -> Complaint:
    """Record the complaint, once. ``ValidationError`` (by field) if the service refuses it;
    ``FileGone`` if a kept file has disappeared."""
    notes = [n for n in files_to_attach(state) if pending.is_kept_here(n, current.id)]
    with ExitStack() as stack:
        files = []
        for note in notes:
            try:
                files.append(pending.reopen(note, stack))
            except OSError:
                raise FileGone(note) from None
        data = new_complaint(
            state, files=files, notes=notes, key=current.submission_key, today=today
        )
        try:
            complaint = complaint_create(data=data, actor=PORTAL, today=today)
        except IntegrityError:
            # The same answers sent twice at once: the other request has just recorded them.
            complaint = Complaint.objects.get(submission_key=current.submission_key)
    for note in current.files:
        pending.discard(note)
    return complaint
