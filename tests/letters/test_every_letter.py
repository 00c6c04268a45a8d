"""Every letter a case can produce, sent through a real SMTP server, its words read from the case
and the procedure, and its PDF's text extracted and checked."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from putright.cases import rules
from putright.cases.models import Event, Remedy
from putright.cases.services import RepresentativeDetails
from putright.letters.kinds import LetterKind, letter_kind_for
from putright.letters.models import Letter
from putright.policy import escalation_deadline, format_date, get_registry
from tests.letters.conftest import TODAY, attachment, body, pdf_text


def words(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces, as a reader sees it."""
    return " ".join(text.split())


def last_letter(complaint) -> Letter:
    return Letter.objects.filter(complaint=complaint).order_by("pk").last()


def test_a_representatives_complaint_held_for_consent_asks_the_representative_for_it(
    record, act, smtp, staff, tmp_path
):
    complaint = record(
        "two-stage-review",
        representative=RepresentativeDetails(
            full_name="Sam Advocate", email="sam@advice.example", organisation="Age Cymru"
        ),
    )
    (acknowledgement,) = smtp.messages
    assert smtp.recipients == [["sam@advice.example"]]  # they wrote to us; it discloses nothing
    assert "written consent" in words(body(acknowledgement))

    act(complaint, "hold-for-consent", staff["caseworker"])

    assert smtp.recipients[-1] == ["sam@advice.example"]
    message = smtp.messages[-1]
    assert "we need the person’s consent" in message["Subject"]
    text = words(body(message))
    assert "Dear Sam Advocate," in text
    assert "signed by the person" in text
    assert "signed by the person" in words(pdf_text(attachment(message)[1], tmp_path))
    assert last_letter(complaint).kind == LetterKind.CONSENT_REQUEST


@pytest.mark.parametrize(
    ("procedure_id", "code"),
    [
        (procedure.id, exclusion.code)
        for procedure in (
            get_registry().get("two-stage-review"),
            get_registry().get("service-complaint"),
        )
        for exclusion in procedure.exclusions
    ],
)
def test_closing_as_not_covered_sends_that_exclusions_signposting(
    record, act, smtp, staff, tmp_path, procedure_id, code
):
    complaint = record(procedure_id)
    act(complaint, "close-out-of-scope", staff["caseworker"], code=code, reason="Not ours.")

    exclusion = rules.procedure_for(complaint).exclusion(code)
    message = smtp.messages[-1]
    assert "not covered by our procedure" in message["Subject"]
    text = words(body(message))
    assert words(exclusion.signposting.en) in text
    assert words(exclusion.title.en) in text
    assert "Not ours." not in text  # the reason recorded is for the case, not the letter
    assert words(exclusion.signposting.en) in words(pdf_text(attachment(message)[1], tmp_path))


def test_an_extension_notice_gives_the_new_date_and_the_reason(
    record, act, send_draft, smtp, staff, tmp_path
):
    complaint = record("service-complaint")
    complaint = act(complaint, "accept", staff["caseworker"])
    complaint = act(complaint, "escalate", staff["caseworker"])
    complaint = act(complaint, "assign-reviewer", staff["manager"], reviewer=staff["reviewer"])
    stage = complaint.stages.get(stage_key="senior-manager")
    new_due = stage.due_on + timedelta(days=7)
    while not rules.calendar().is_working_day(new_due):
        new_due += timedelta(days=1)
    sent_before = len(smtp.messages)

    act(
        complaint,
        "extend",
        staff["reviewer"],
        new_due_on=new_due,
        reason="We are waiting for the records office.",
    )
    assert len(smtp.messages) == sent_before  # a draft, for staff to check
    send_draft(complaint, staff["reviewer"])

    assert len(smtp.messages) == sent_before + 1
    message = smtp.messages[-1]
    assert "we need more time" in message["Subject"]
    text = words(body(message))
    assert format_date(new_due, "en") in text
    assert format_date(stage.due_on, "en") in text
    assert "We are waiting for the records office." in text
    assert "ombudsman" not in text.lower()  # this procedure names none
    assert format_date(new_due, "en") in words(pdf_text(attachment(message)[1], tmp_path))


def test_stage_responses_then_the_final_response_with_the_ombudsman(
    record, act, send_draft, smtp, staff, tmp_path
):
    complaint = record("two-stage-review")
    complaint = act(complaint, "accept", staff["caseworker"])
    complaint = act(complaint, "assign-reviewer", staff["manager"], reviewer=staff["reviewer"])
    complaint = act(
        complaint,
        "respond",
        staff["reviewer"],
        outcome="partly-upheld",
        conclusions="We were slow to reply.",
        reasons="Three letters went unanswered for six weeks.",
    )
    send_draft(complaint, staff["reviewer"])
    procedure = rules.procedure_for(complaint)
    stage1 = complaint.stages.get(stage_key="stage-1")
    ask_by = escalation_deadline(procedure, "stage-1", stage1.responded_on)

    message = smtp.messages[-1]
    assert last_letter(complaint).kind == LetterKind.STAGE_RESPONSE
    text = words(body(message))
    for expected in (
        "Partly upheld",
        "We were slow to reply.",
        "Three letters went unanswered for six weeks.",
        procedure.stage("stage-2").title.en,
        format_date(ask_by.value, "en"),
        ask_by.render("en"),
    ):
        assert words(expected) in text
    pdf = words(pdf_text(attachment(message)[1], tmp_path))
    assert "We were slow to reply." in pdf
    assert format_date(ask_by.value, "en") in pdf

    complaint = act(complaint, "escalate", staff["caseworker"], requested_on=TODAY)
    complaint = act(complaint, "assign-reviewer", staff["manager"], reviewer=staff["assurance"])
    act(
        complaint,
        "propose-remedy",
        staff["assurance"],
        remedy_type="consolatory-payment",
        reason="Six weeks without an answer.",
        amount=Decimal("150.00"),
        justification="Distress and time spent chasing us.",
    )
    act(
        complaint,
        "decide-remedy",
        staff["manager"],
        remedy=Remedy.objects.get(complaint=complaint).pk,
        decision="approve",
    )
    act(
        complaint,
        "add-lesson",
        staff["assurance"],
        summary="Post must be logged the day it arrives.",
        action="A post log at the front desk.",
        owner=staff["manager"].pk,
        due_on=TODAY + timedelta(days=30),
    )
    act(
        complaint,
        "respond",
        staff["assurance"],
        outcome="upheld",
        conclusions="Stage 1 was slow but fair.",
        reasons="It addressed the issues but not the delay.",
        findings={
            "addressed-issues": "yes",
            "remedied-shortfalls": "partly",
            "articulated-outcome": "yes",
            "thorough-and-fair": "no",
        },
    )
    send_draft(complaint, staff["assurance"])

    message = smtp.messages[-1]
    assert "our final response" in message["Subject"]
    assert last_letter(complaint).kind == LetterKind.FINAL_RESPONSE
    text = words(body(message))
    ombudsman = procedure.ombudsman
    assert ombudsman is not None
    for expected in (
        "Upheld",
        "Stage 1 was slow but fair.",
        "A consolatory payment: £150.00",
        "Six weeks without an answer.",
        "Post must be logged the day it arrives.",
        "A post log at the front desk.",
        procedure.stage("stage-2").findings[0].text.en,
        words(procedure.finality.en),
        ombudsman.name,
        ombudsman.phone,
        ombudsman.email,
        *ombudsman.address,
    ):
        assert expected in text
    pdf = words(pdf_text(attachment(message)[1], tmp_path))
    assert ombudsman.phone in pdf
    assert "Parliamentary and Health Service Ombudsman" in pdf


def test_a_senior_managers_final_response_says_it_is_final(record, act, send_draft, smtp, staff):
    complaint = record("service-complaint")
    complaint = act(complaint, "accept", staff["caseworker"])
    complaint = act(complaint, "escalate", staff["caseworker"])
    complaint = act(complaint, "assign-reviewer", staff["manager"], reviewer=staff["reviewer"])
    act(
        complaint,
        "respond",
        staff["reviewer"],
        outcome="not-upheld",
        conclusions="The letters were answered.",
        reasons="Our records show replies on each date.",
    )
    send_draft(complaint, staff["reviewer"])
    procedure = rules.procedure_for(complaint)
    text = words(body(smtp.messages[-1]))
    assert words(procedure.finality.en) in text
    assert "Not upheld" in text
    assert "ombudsman" not in text.lower()


def test_a_withdrawal_is_confirmed(record, act, smtp, staff, tmp_path):
    complaint = record("two-stage-review")
    act(complaint, "withdraw", staff["caseworker"], confirm=True, reason="Sorted out by phone.")

    message = smtp.messages[-1]
    assert "withdrawn" in message["Subject"]
    assert format_date(TODAY, "en") in words(body(message)) or "withdrawn on" in body(message)
    assert "has been withdrawn" in words(pdf_text(attachment(message)[1], tmp_path))


def test_events_the_complainant_is_not_told_about_make_no_letter(record, act, smtp, staff):
    complaint = record("two-stage-review")
    sent = len(smtp.messages)
    complaint = act(complaint, "accept", staff["caseworker"])
    act(complaint, "assign-reviewer", staff["manager"], reviewer=staff["reviewer"])
    assert len(smtp.messages) == sent
    assert Letter.objects.filter(complaint=complaint).count() == 1


def test_which_event_makes_which_letter():
    def event(kind: str, tell: bool = True, **data) -> Event:
        return Event(kind=kind, tell_complainant=tell, data=data)

    assert letter_kind_for(event("received", tell=False)) == LetterKind.ACKNOWLEDGEMENT
    assert letter_kind_for(event("held-for-consent")) == LetterKind.CONSENT_REQUEST
    assert letter_kind_for(event("closed-out-of-scope")) == LetterKind.OUT_OF_SCOPE
    assert letter_kind_for(event("extended")) == LetterKind.EXTENSION
    assert letter_kind_for(event("responded", final=False)) == LetterKind.STAGE_RESPONSE
    assert letter_kind_for(event("responded", final=True)) == LetterKind.FINAL_RESPONSE
    assert letter_kind_for(event("resolved-frontline")) == LetterKind.FRONTLINE_RESOLUTION
    assert letter_kind_for(event("withdrawn")) == LetterKind.WITHDRAWAL
    assert letter_kind_for(event("extended", tell=False)) is None
    assert letter_kind_for(event("accepted")) is None


def test_a_frontline_resolution_is_confirmed_in_writing(
    record, act, send_draft, smtp, staff, tmp_path
):
    complaint = record("service-complaint")
    complaint = act(complaint, "accept", staff["caseworker"])
    sent = len(smtp.messages)
    act(complaint, "resolve-frontline", staff["caseworker"], action_taken="We apologised.")
    send_draft(complaint, staff["caseworker"])
    assert len(smtp.messages) == sent + 1
    letter = Letter.objects.filter(complaint=complaint).order_by("-pk").first()
    assert letter is not None and letter.kind == LetterKind.FRONTLINE_RESOLUTION
    assert "We apologised." in words(pdf_text(attachment(smtp.messages[-1])[1], tmp_path))
