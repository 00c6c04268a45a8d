"""Not part of the suite (pytest collects test_*.py only): run it on purpose to look at every
letter. It writes each letter's PDF, and a PNG of each page, to var/letters-preview:

    DATABASE_URL=postgres://… .venv/bin/pytest -q tests/letters/preview_letters.py
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from putright.cases import rules
from putright.cases.models import Event, Remedy
from putright.cases.services import PersonDetails, RepresentativeDetails
from putright.letters import outbox
from putright.letters.kinds import LetterKind
from putright.letters.models import Letter
from tests.letters.conftest import TODAY

OUT = Path(__file__).resolve().parents[2] / "var" / "letters-preview"


def save(complaint, tag: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for letter in Letter.objects.filter(complaint=complaint):
        if letter.pdf:
            path = OUT / f"{tag}-{letter.kind}.pdf"
            path.write_bytes(letter.pdf.read())
            if shutil.which("pdftoppm"):
                subprocess.run(["pdftoppm", "-png", "-r", "60", path, path.with_suffix("")])


def test_preview(record, act, smtp, staff, org):
    address = "1 High Street\nCardiff\nCF10 1AA"
    person = PersonDetails(full_name="Ffion Jones", email="f@example.invalid", address=address)
    c = record("two-stage-review", person=person)
    c = act(c, "accept", staff["caseworker"])
    c = act(c, "assign-reviewer", staff["manager"], reviewer=staff["reviewer"])
    c = act(
        c,
        "respond",
        staff["reviewer"],
        outcome="partly-upheld",
        conclusions="We were slow to reply to your letters of 2 and 16 September.",
        reasons="Three letters went unanswered for six weeks because the post was not logged.",
    )
    c = act(c, "escalate", staff["caseworker"], requested_on=TODAY)
    c = act(c, "assign-reviewer", staff["manager"], reviewer=staff["assurance"])
    act(
        c,
        "propose-remedy",
        staff["assurance"],
        remedy_type="consolatory-payment",
        reason="Six weeks without an answer.",
        amount=Decimal("150.00"),
        justification="Distress.",
    )
    payment = Remedy.objects.get(complaint=c).pk
    act(c, "decide-remedy", staff["manager"], remedy=payment, decision="approve")
    act(c, "propose-remedy", staff["assurance"], remedy_type="apology", reason="We are sorry.")
    act(
        c,
        "add-lesson",
        staff["assurance"],
        summary="Post must be logged the day it arrives.",
        action="A post log at the front desk.",
        owner=staff["manager"].pk,
        due_on=TODAY + timedelta(days=30),
    )
    act(
        c,
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
    save(c, "en")

    welsh = PersonDetails(
        full_name="Dafydd ap Siôn",
        email="d@example.invalid",
        language="cy",
        adjustments=["large-print"],
    )
    w = record("service-complaint", language="cy", person=welsh)
    w = act(w, "accept", staff["caseworker"])
    w = act(w, "escalate", staff["caseworker"])
    w = act(w, "assign-reviewer", staff["manager"], reviewer=staff["reviewer"])
    new = w.stages.get(stage_key="senior-manager").due_on + timedelta(days=7)
    while not rules.calendar().is_working_day(new):
        new += timedelta(days=1)
    act(w, "extend", staff["reviewer"], new_due_on=new, reason="Rydyn ni’n aros am gofnodion.")
    act(
        w,
        "respond",
        staff["reviewer"],
        outcome="not-upheld",
        conclusions="Atebwyd y llythyrau.",
        reasons="Mae ein cofnodion yn dangos atebion.",
    )
    save(w, "cy-large")

    # Resolving at frontline is not yet marked "tell the complainant" by its action: make the
    # letter its event would make, to look at it.
    f = record("service-complaint")
    f = act(f, "accept", staff["caseworker"])
    f = act(f, "resolve-frontline", staff["caseworker"], action_taken="We apologised by phone.")
    resolved = Event.objects.get(complaint=f, kind="resolved-frontline")
    letter, _message = outbox.letter_for_event(resolved, LetterKind.FRONTLINE_RESOLUTION)
    outbox.ensure_pdf(letter)
    save(f, "en")

    rep = RepresentativeDetails(full_name="Sam Advocate", email="sam@example.invalid")
    r = record("two-stage-review", representative=rep)
    act(r, "hold-for-consent", staff["caseworker"])
    save(r, "rep")

    org.bilingual_letters = True
    org.save()
    b = record("service-complaint")
    act(b, "close-out-of-scope", staff["caseworker"], code="information-request", reason="x")
    save(b, "bilingual")
    b2 = record("two-stage-review")
    act(b2, "withdraw", staff["caseworker"], confirm=True)
    save(b2, "bilingual")
