"""The case timeline in plain words, in English and Welsh: every kind of event the actions and
services write is said from its data, with stages, outcomes, remedies and exclusions by their
titles in the procedure and dates written out, never by their internal keys."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

import putright
from putright.accounts.models import StaffUser
from putright.cases import rules, selectors, services
from putright.cases.actions import ACTIONS
from putright.cases.actors import Complainant
from putright.cases.models import Channel, Complaint, Event
from putright.policy import get_registry
from putright.staff.presentation import TimelineEntry, timeline, timeline_entry

from .conftest import TODAY
from .test_views import SCENARIOS

pytestmark = pytest.mark.django_db

SOURCE = Path(putright.__file__).parent / "cases"
#: Where an event's kind is named: ``self.event("kind", ...)`` in an action, ``kind="..."`` in a
#: service.
KIND_NAMED = re.compile(r'(?:self\.event\(\s*|\bkind=)"([a-z-]+)"')
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "uploads"


def kinds_written() -> set[str]:
    """Every event kind the actions and services write."""
    files = [*(SOURCE / "actions").glob("*.py"), SOURCE / "services.py"]
    return {kind for f in files for kind in KIND_NAMED.findall(f.read_text(encoding="utf-8"))}


def internal_keys() -> set[str]:
    """Keys that mean nothing to a reader: stage keys, the procedures' codes, channel values and
    the event kinds. Single words ("apology", "upheld") are left out, as they are also words."""
    keys = set(Channel.values) | kinds_written()
    for procedure in get_registry().all():
        keys |= set(procedure.stage_keys())
        for items in (procedure.outcomes, procedure.remedies, procedure.exclusions):
            keys |= {item.code for item in items}
    return {key for key in keys if "-" in key}


def problems_with(entry: str, event: Event, keys: set[str]) -> list[str]:
    found = [key for key in keys if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", entry)]
    if ISO_DATE.search(entry):
        found.append("an ISO date")
    if "%(" in entry or "None" in entry:
        found.append("a placeholder or None")
    return [f"{event.kind}: {entry!r} shows {what}" for what in found]


def entries(complaint: Complaint, user: StaffUser, lang: str) -> list[tuple[Event, str]]:
    """The timeline as the case page builds it, from the case as the page loads it."""
    case = selectors.case_for(user, complaint.pk)
    assert case is not None
    events = list(case.events.all())
    procedure = rules.procedure_for(case)
    return [(event, timeline_entry(event, procedure, lang)) for event in events]


def cases_through_every_action(
    make_complaint: Callable[..., Complaint],
    run_action: Callable[..., Complaint],
    staff: dict[str, StaffUser],
    client: Client,
) -> list[Complaint]:
    """One case per action, each set up and then taken through that action's own form, as in
    ``test_views``; and one case whose deadline moves when a closure day is added."""
    cases = []
    for key, scenario in SCENARIOS.items():
        complaint = scenario.setup(make_complaint, run_action, staff)
        complaint = Complaint.objects.get(pk=complaint.pk)
        client.force_login(staff[scenario.actor])
        response = client.post(
            reverse("staff:act", args=[complaint.pk, key]),
            {"version": complaint.version, **scenario.valid(complaint, staff)},
        )
        assert response.status_code == 302, (key, response.content.decode()[:2000])
        cases.append(complaint)
    contacted = make_complaint()
    services.contact_preferences_update(
        complaint=contacted,
        actor=Complainant(contacted.pk),
        preferred_contact="phone",
        email="",
        phone="01632 960 001",
        language="cy",
    )
    cases.append(contacted)
    moved = make_complaint(acknowledged=False)
    services.closure_day_set(
        day=TODAY + timedelta(days=1), name="Staff training day", actor=staff["manager"]
    )
    cases.append(moved)
    return cases


# -- every kind of event -----------------------------------------------------------------------
def test_every_kind_of_event_is_said_in_plain_words_in_english_and_welsh(
    make_complaint, run_action, staff, client
):
    cases = cases_through_every_action(make_complaint, run_action, staff, client)
    keys = internal_keys()
    seen: set[str] = set()
    problems: list[str] = []
    for complaint in cases:
        english = entries(complaint, staff["auditor"], "en")
        welsh = entries(complaint, staff["auditor"], "cy")
        for (event, en), (_, cy) in zip(english, welsh, strict=True):
            seen.add(event.kind)
            problems += problems_with(en, event, keys) + problems_with(cy, event, keys)
            if cy in (en, event.summary):  # the stored English summary is only the fallback
                problems.append(f"{event.kind}: no Welsh words ({cy!r})")
    assert problems == []
    assert kinds_written() - seen == set(), "drive these kinds through an action here too"


def test_stages_outcomes_remedies_and_dates_are_said_by_their_titles(
    make_complaint, run_action, staff
):
    complaint = run_action(make_complaint(), "accept", staff["caseworker"])
    complaint = run_action(
        complaint,
        "propose-remedy",
        staff["caseworker"],
        remedy_type="consolatory-payment",
        reason="Worry",
        amount="100",
        justification="Distress",
    )
    remedy = complaint.remedies.get().pk
    complaint = run_action(
        complaint, "decide-remedy", staff["manager"], remedy=remedy, decision="approve"
    )
    complaint = run_action(
        complaint, "assign-reviewer", staff["caseworker"], reviewer=staff["reviewer"]
    )
    run_action(
        complaint,
        "respond",
        staff["reviewer"],
        outcome="partly-upheld",
        conclusions="C",
        reasons="R",
    )
    english = [text for _, text in entries(complaint, staff["auditor"], "en")]
    welsh = [text for _, text in entries(complaint, staff["auditor"], "cy")]
    assert english == [
        "Received by phone.",
        "Acknowledgement sent on Friday 20 November 2026.",
        "Accepted; Stage 1 review started.",
        "Remedy proposed: A consolatory payment, £100.00.",
        "Remedy approved: A consolatory payment.",
        "Reviewer for Stage 1 review: Rhian Evans.",
        "Stage 1 review response recorded: Partly upheld.",
    ]
    assert welsh == [
        "Daeth i law dros y ffôn.",
        "Anfonwyd y gydnabyddiaeth. Dyddiad anfon: dydd Gwener 20 Tachwedd 2026.",
        "Derbyniwyd; mae Adolygiad cam 1 wedi dechrau.",
        "Cynigiwyd unioniad: Taliad cysur, £100.00.",
        "Cymeradwywyd unioniad: Taliad cysur.",
        "Adolygydd ar gyfer Adolygiad cam 1: Rhian Evans.",
        "Cofnodwyd ymateb: Adolygiad cam 1. Canlyniad: Cadarnhawyd yn rhannol.",
    ]


@pytest.mark.parametrize(
    ("channel", "english", "welsh"),
    [
        (Channel.WEB, "Received online.", "Daeth i law ar-lein."),
        (Channel.EMAIL, "Received by email.", "Daeth i law drwy e-bost."),
        (Channel.LETTER, "Received by letter.", "Daeth i law drwy lythyr."),
        (Channel.PHONE, "Received by phone.", "Daeth i law dros y ffôn."),
        (Channel.IN_PERSON, "Received in person.", "Daeth i law wyneb yn wyneb."),
    ],
)
def test_each_channel_is_said_in_words(make_complaint, staff, channel, english, welsh):
    complaint = make_complaint(channel=channel, acknowledged=False)
    assert entries(complaint, staff["auditor"], "en")[0][1] == english
    assert entries(complaint, staff["auditor"], "cy")[0][1] == welsh


def test_who_did_it_is_a_person_the_complainant_or_putright(make_complaint, staff):
    complaint = make_complaint()  # acknowledged by the system
    ACTIONS["add-information"](complaint, Complainant(complaint.pk)).run({"text": "The date"})
    ACTIONS["add-note"](Complaint.objects.get(pk=complaint.pk), staff["caseworker"]).run(
        {"text": "Rang them"}
    )
    case = selectors.case_for(staff["auditor"], complaint.pk)
    assert case is not None
    procedure = rules.procedure_for(case)
    by = {e.text: e.by for e in timeline(case.events.all(), procedure, "en")}
    assert by["Acknowledgement sent on Friday 20 November 2026."] == "Putright"
    assert by["Information added: The date"] == "the complainant"
    assert by["Internal note added."] == "Cai Williams"
    welsh = timeline(case.events.all(), procedure, "cy")
    assert "yr achwynydd" in [e.by for e in welsh]


def test_an_event_the_page_has_no_words_for_shows_its_stored_summary(make_complaint):
    complaint = make_complaint(acknowledged=False)
    procedure = rules.procedure_for(complaint)
    imported = Event(complaint=complaint, kind="imported", summary="Imported from the old system")
    assert timeline_entry(imported, procedure, "cy") == "Imported from the old system"
    broken = Event(complaint=complaint, kind="accepted", summary="Accepted.", data={"by": "staff"})
    assert timeline_entry(broken, procedure, "en") == "Accepted."  # its data has no stage


def test_a_stage_key_the_procedure_does_not_know_is_shown_as_stored(make_complaint):
    complaint = make_complaint(acknowledged=False)
    event = Event(complaint=complaint, kind="accepted", summary="", data={"stage": "stage-9"})
    assert timeline_entry(event, rules.procedure_for(complaint), "en") == (
        "Accepted; stage-9 started."
    )


# -- the pages ---------------------------------------------------------------------------------
def shows(response: Any, text: str) -> bool:
    return escape(text) in response.content.decode()


def test_a_welsh_case_page_shows_the_timeline_in_welsh(
    make_complaint, run_action, staff, client_for
):
    complaint = run_action(make_complaint(), "accept", staff["caseworker"])
    client = client_for(staff["caseworker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    response = client.get(reverse("staff:detail", args=[complaint.pk]))
    assert response.status_code == 200
    assert shows(response, "Daeth i law dros y ffôn.")
    assert shows(response, "Derbyniwyd; mae Adolygiad cam 1 wedi dechrau.")
    assert shows(response, "Putright, ")  # who sent the acknowledgement
    assert not shows(response, "Complaint received by phone.")
    assert not shows(response, "Accepted; the first stage started.")


def test_an_english_case_page_shows_the_timeline_in_words(
    make_complaint, run_action, staff, client_for
):
    complaint = run_action(make_complaint(), "accept", staff["caseworker"])
    response = client_for(staff["caseworker"]).get(reverse("staff:detail", args=[complaint.pk]))
    assert shows(response, "Received by phone.")
    assert shows(response, "Accepted; Stage 1 review started.")
    assert shows(response, "Cai Williams, ")


def test_the_latest_changes_on_a_stale_action_page_are_in_the_readers_language(
    make_complaint, staff, client_for
):
    complaint = make_complaint()
    client = client_for(staff["caseworker"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    response = client.post(
        reverse("staff:act", args=[complaint.pk, "add-note"]),
        {"version": complaint.version - 1, "text": "Rang them back"},
    )
    assert response.status_code == 200
    assert shows(response, "Daeth i law dros y ffôn.")
    assert shows(response, "Anfonwyd y gydnabyddiaeth.")
    assert not shows(response, "Acknowledgement sent.")


def test_timeline_entries_keep_the_events_order_and_flags(make_complaint, staff):
    complaint = make_complaint()
    case = selectors.case_for(staff["auditor"], complaint.pk)
    assert case is not None
    lines = timeline(case.events.all(), rules.procedure_for(case), "en")
    assert all(isinstance(line, TimelineEntry) for line in lines)
    assert [line.at for line in lines] == [e.at for e in case.events.all()]
    assert [line.tell_complainant for line in lines] == [
        e.tell_complainant for e in case.events.all()
    ]
