"""Every date box on every staff form answers hostile input with a GOV.UK error on that field:
never a server error, and nothing is stored.

The date fields are discovered from the forms themselves, so a new form or a new date field is
covered without touching this file. The record form and the actions that take a date are posted
over HTTP from a case where the action is available; every action form's date fields are also
checked through the form class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst

from putright.accounts.models import StaffUser
from putright.cases.actions import ACTIONS
from putright.cases.models import Complaint
from putright.cases.services import RepresentativeDetails
from putright.common import dates
from putright.staff.forms import ActionForm, RecordComplaintForm, form_class_for

from .conftest import TODAY

pytestmark = pytest.mark.django_db

MEGABYTE = 1_000_000


@dataclass(frozen=True)
class Hostile:
    """Day, month and year as typed, and the error code the date field must answer with."""

    day: str
    month: str
    year: str
    code: str


#: What a hostile tester types into the day, month and year boxes.
HOSTILE: dict[str, Hostile] = {
    "Arabic-Indic digits": Hostile("١٢", "١١", "٢٠٢٦", "invalid"),
    "fullwidth digits": Hostile("１２", "１１", "２０２６", "invalid"),
    "a superscript two (isdigit but not int)": Hostile("²", "11", "2026", "invalid"),
    "an overflowing day": Hostile("99999999999999999999", "11", "2026", "invalid"),
    "an overflowing month": Hostile("12", "99999999999999999999", "2026", "invalid"),
    "an overflowing year": Hostile("12", "11", "99999999999999999999", "year"),
    "year 0000": Hostile("1", "1", "0000", "invalid"),
    "year 0001": Hostile("1", "1", "0001", "too_early"),
    "year 1969": Hostile("31", "12", "1969", "too_early"),
    "year 9999": Hostile("31", "12", "9999", "too_late"),
    "year 10000": Hostile("1", "1", "10000", "year"),
    "31 February": Hostile("31", "2", "2026", "invalid"),
    "month 13": Hostile("1", "13", "2026", "invalid"),
    "day 0": Hostile("0", "11", "2026", "invalid"),
    "a three-digit day": Hostile("012", "11", "2026", "invalid"),
    "negative numbers": Hostile("-1", "-1", "-2026", "invalid"),
    "a negative year": Hostile("1", "1", "-999", "invalid"),
    "a 1 MB day of digits": Hostile("1" * MEGABYTE, "11", "2026", "invalid"),
    "a 1 MB year of letters": Hostile("12", "11", "x" * MEGABYTE, "invalid"),
    "NUL bytes": Hostile("1\x00", "1\x00", "2026", "invalid"),
    "emoji": Hostile("😀", "🗓️", "2026", "invalid"),
    "a signed day": Hostile("+1", "11", "2026", "invalid"),
    "spaces inside": Hostile("1 2", "11", "2026", "invalid"),
}


def date_fields(form_class: type[forms.Form]) -> list[str]:
    return [
        name for name, field in form_class.base_fields.items() if isinstance(field, dates.DateField)
    ]


def action_forms() -> Iterator[type[ActionForm]]:
    """Every ActionForm subclass, and every form an action is shown with."""
    seen: set[type[ActionForm]] = set()
    pending = [ActionForm, *(form_class_for(key) for key in ACTIONS)]
    while pending:
        cls = pending.pop()
        if cls not in seen:
            seen.add(cls)
            pending.extend(cls.__subclasses__())
    return iter(sorted(seen, key=lambda c: c.__name__))


#: (form class, date field) for every date field of every action form.
ACTION_DATE_FIELDS = [(cls, name) for cls in action_forms() for name in date_fields(cls)]


def parts(name: str, value: Hostile) -> dict[str, str]:
    return {f"{name}_day": value.day, f"{name}_month": value.month, f"{name}_year": value.year}


def expected_message(field: dates.DateField, code: str) -> str:
    """The GOV.UK message the field gives for ``code``."""
    name = capfirst(str(field.name_text))
    if code == "invalid":
        return str(dates.DATE_REAL % {"name": name})
    if code == "year":
        return str(dates.DATE_YEAR_FOUR)
    if code == "too_early":
        limit = dates.format_limit(field.earliest_date())
        return str(dates.DATE_SAME_OR_AFTER % {"name": name, "date": limit})
    if isinstance(field.latest, dates.Today):
        return str(dates.DATE_TODAY_OR_PAST % {"name": name})
    limit = dates.format_limit(field.latest_date())
    return str(dates.DATE_SAME_OR_BEFORE % {"name": name, "date": limit})


def test_the_forms_have_date_fields_to_test():
    assert date_fields(RecordComplaintForm) == ["received_on", "event_on", "found_out_on"]
    assert len(ACTION_DATE_FIELDS) >= 5


# -- the record form, over HTTP ----------------------------------------------------------------
def record_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "procedure_id": "service-complaint",
        "channel": "phone",
        "received_on_day": "20",
        "received_on_month": "11",
        "received_on_year": "2026",
        "event_on_day": "10",
        "event_on_month": "11",
        "event_on_year": "2026",
        "what_went_wrong": "The bin was not collected for three weeks.",
        "categories": ["service-complaint:communication"],
        "full_name": "Bethan Rees",
        "preferred_contact": "phone",
        "language": "en",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("what", HOSTILE)
@pytest.mark.parametrize("name", date_fields(RecordComplaintForm))
def test_recording_a_complaint_answers_a_hostile_date(org, staff, client_for, name, what):
    hostile = HOSTILE[what]
    response = client_for(staff["caseworker"]).post(
        reverse("staff:record"), record_data(**parts(name, hostile))
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{name}-error"' in page
    assert "govuk-error-summary" in page
    field = RecordComplaintForm.base_fields[name]
    assert isinstance(field, dates.DateField)
    assert escape(expected_message(field, hostile.code)) in page
    assert Complaint.objects.count() == 0


def test_a_sound_record_form_still_records(org, staff, client_for):
    response = client_for(staff["caseworker"]).post(reverse("staff:record"), record_data())
    assert response.status_code == 302
    assert Complaint.objects.count() == 1


# -- every action form's date fields, through the form class ---------------------------------
@pytest.mark.parametrize("what", HOSTILE)
@pytest.mark.parametrize(
    ("form_class", "name"),
    ACTION_DATE_FIELDS,
    ids=[f"{c.__name__}.{n}" for c, n in ACTION_DATE_FIELDS],
)
def test_action_form_date_field_answers_a_hostile_date(
    make_complaint, run_action, staff, form_class, name, what
):
    complaint = run_action(make_complaint(), "accept", staff["caseworker"])
    version = complaint.version
    key = next((k for k in ACTIONS if form_class_for(k) is form_class), "accept")
    action = ACTIONS[key](complaint, staff["caseworker"], today=TODAY)
    hostile = HOSTILE[what]
    form = form_class({"version": complaint.version, **parts(name, hostile)}, action=action)
    assert not form.is_valid()
    errors = form.errors.as_data()[name]
    assert [e.code for e in errors] == [hostile.code]
    field = form.fields[name]
    assert isinstance(field, dates.DateField)
    assert form.errors[name] == [expected_message(field, hostile.code)]
    assert Complaint.objects.get(pk=complaint.pk).version == version


# -- the actions that take a date, over HTTP ---------------------------------------------------
Setup = Callable[[Callable[..., Complaint], Callable[..., Complaint], dict[str, StaffUser]], Any]


def not_yet_acknowledged(make, run, s):
    complaint = make()
    # The service may send the acknowledgement itself: take it back so the action is available.
    Complaint.objects.filter(pk=complaint.pk).update(acknowledged_on=None)
    return complaint


def accepted(make, run, s):
    return run(make(), "accept", s["caseworker"])


def responded(make, run, s):
    complaint = accepted(make, run, s)
    complaint = run(complaint, "assign-reviewer", s["caseworker"], reviewer=s["reviewer"])
    return run(complaint, "respond", s["reviewer"], outcome="upheld", conclusions="C", reasons="R")


def awaiting_consent(make, run, s):
    complaint = make(representative=RepresentativeDetails(full_name="Gareth Advocate"))
    return run(complaint, "hold-for-consent", s["caseworker"])


def consent_held(make, run, s):
    return run(
        awaiting_consent(make, run, s),
        "record-consent",
        s["caseworker"],
        scope="Act for me",
        declaration="I, Ffion Jones, agree.",
    )


def at_senior_manager_stage(make, run, s):
    complaint = run(make("service-complaint"), "accept", s["caseworker"])
    return run(complaint, "escalate", s["caseworker"], reason="Still unhappy")


#: A case on which each action that takes a date is available.
AVAILABLE_ON: dict[str, Setup] = {
    "acknowledge": not_yet_acknowledged,
    "record-consent": awaiting_consent,
    "revoke-consent": consent_held,
    "extend": at_senior_manager_stage,
    "escalate": responded,
    "add-lesson": accepted,
}


def test_every_action_that_takes_a_date_is_posted_over_http():
    takes_a_date = {key for key in ACTIONS if date_fields(form_class_for(key))}
    assert takes_a_date <= set(AVAILABLE_ON)


@pytest.mark.parametrize("key", AVAILABLE_ON)
def test_action_page_answers_hostile_dates(key, make_complaint, run_action, staff, client_for):
    complaint = AVAILABLE_ON[key](make_complaint, run_action, staff)
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert not ACTIONS[key](complaint, staff["caseworker"], today=TODAY).check()
    client = client_for(staff["caseworker"])
    url = reverse("staff:act", args=[complaint.pk, key])
    form_class = form_class_for(key)
    problems = []
    for name in date_fields(form_class):
        field = form_class.base_fields[name]
        assert isinstance(field, dates.DateField)
        for what, hostile in HOSTILE.items():
            response = client.post(url, {"version": complaint.version, **parts(name, hostile)})
            page = response.content.decode()
            message = escape(expected_message(field, hostile.code))
            if response.status_code != 200:
                problems.append((name, what, response.status_code))
            elif f'id="id_{name}-error"' not in page or message not in page:
                problems.append((name, what, "no error on the field"))
            if Complaint.objects.get(pk=complaint.pk).version != complaint.version:
                problems.append((name, what, "the case changed"))
    assert problems == []


def test_a_sound_lesson_date_in_the_future_is_accepted(
    make_complaint, run_action, staff, client_for
):
    complaint = accepted(make_complaint, run_action, staff)
    due = TODAY + timedelta(days=400)
    response = client_for(staff["caseworker"]).post(
        reverse("staff:act", args=[complaint.pk, "add-lesson"]),
        {
            "version": complaint.version,
            "summary": "Post went missing",
            "action": "Check post",
            "owner": staff["caseworker"].pk,
            "due_on_day": str(due.day),
            "due_on_month": str(due.month),
            "due_on_year": str(due.year),
        },
    )
    assert response.status_code == 302
    assert complaint.lessons.get().actions.get().due_on == due
