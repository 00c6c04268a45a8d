"""Oversized text and payments get a clear error on the field; nothing is stored."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.db import models
from django.urls import reverse
from django.utils.html import escape

from putright.cases import limits
from putright.cases.actions import ACTIONS
from putright.cases.models import Attachment, Complaint, Person, Representative
from putright.staff.forms import (
    ActionForm,
    ProposeRemedyForm,
    QueueFilterForm,
    RecordComplaintForm,
    form_class_for,
)

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def staff_forms() -> Iterator[type[forms.Form]]:
    seen: set[type[forms.Form]] = set()
    pending: list[type[forms.Form]] = [QueueFilterForm, RecordComplaintForm, ActionForm]
    pending += [form_class_for(key) for key in ACTIONS]
    while pending:
        cls = pending.pop()
        if cls not in seen:
            seen.add(cls)
            pending.extend(cls.__subclasses__())
    return iter(sorted(seen, key=lambda c: c.__name__))


TEXT_FIELDS = [
    (cls, name)
    for cls in staff_forms()
    for name, field in cls.base_fields.items()
    if isinstance(field, forms.CharField)
]


@pytest.mark.parametrize(
    ("form_class", "name"), TEXT_FIELDS, ids=[f"{c.__name__}.{n}" for c, n in TEXT_FIELDS]
)
def test_every_text_box_has_a_maximum_length(form_class, name):
    limit = form_class.base_fields[name].max_length
    assert limit is not None
    assert limit <= limits.MAX_LONG_TEXT


#: Form fields stored in a model column of limited length: the form is never more generous.
STORED_IN: list[tuple[type[forms.Form], str, type[models.Model], str]] = [
    (RecordComplaintForm, "full_name", Person, "full_name"),
    (RecordComplaintForm, "email", Person, "email"),
    (RecordComplaintForm, "phone", Person, "phone"),
    (RecordComplaintForm, "original_reference", Complaint, "original_reference"),
    (RecordComplaintForm, "rep_full_name", Representative, "full_name"),
    (RecordComplaintForm, "rep_organisation", Representative, "organisation"),
    (RecordComplaintForm, "rep_relationship", Representative, "relationship"),
    (RecordComplaintForm, "rep_email", Representative, "email"),
    (RecordComplaintForm, "rep_phone", Representative, "phone"),
]


@pytest.mark.parametrize(
    ("form_class", "name", "model", "column"),
    STORED_IN,
    ids=[f"{m.__name__}.{c}" for _, _, m, c in STORED_IN],
)
def test_a_form_never_allows_more_than_its_column_holds(form_class, name, model, column):
    stored = model._meta.get_field(column).max_length
    assert form_class.base_fields[name].max_length == stored


def test_an_attachment_description_fits_its_column():
    from putright.staff.forms import AddAttachmentForm

    stored = Attachment._meta.get_field("description").max_length
    assert AddAttachmentForm.base_fields["description"].max_length == stored


def test_names_fit_the_limit_the_actions_use():
    assert Person._meta.get_field("full_name").max_length == limits.MAX_NAME


# -- over HTTP ---------------------------------------------------------------------------------
def record_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "procedure_id": "service-complaint",
        "channel": "phone",
        "received_on_day": "20",
        "received_on_month": "11",
        "received_on_year": "2026",
        "what_went_wrong": "The bin was not collected for three weeks.",
        "categories": ["service-complaint:communication"],
        "full_name": "Bethan Rees",
        "preferred_contact": "phone",
        "language": "en",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("full_name", limits.MAX_NAME),
        ("what_went_wrong", limits.MAX_LONG_TEXT),
        ("put_right", limits.MAX_LONG_TEXT),
        ("address", limits.MAX_SHORT_TEXT),
        ("adjustments_detail", limits.MAX_SHORT_TEXT),
        ("phone", 40),
        ("original_reference", 60),
    ],
)
def test_recording_refuses_text_that_is_too_long(org, staff, client_for, name, limit):
    response = client_for(staff["caseworker"]).post(
        reverse("staff:record"), record_data(**{name: "x" * (limit + 1)})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{name}-error"' in page
    assert f"at most {limit} characters" in page
    assert Complaint.objects.count() == 0


def test_recording_refuses_a_one_megabyte_complaint(org, staff, client_for):
    response = client_for(staff["caseworker"]).post(
        reverse("staff:record"), record_data(what_went_wrong="x" * 1_000_000)
    )
    assert response.status_code == 200
    assert 'id="id_what_went_wrong-error"' in response.content.decode()
    assert Complaint.objects.count() == 0


@pytest.fixture
def accepted_case(make_complaint, run_action, staff) -> Complaint:
    return run_action(make_complaint(), "accept", staff["caseworker"])


def propose(client: Any, complaint: Complaint, amount: str) -> Any:
    return client.post(
        reverse("staff:act", args=[complaint.pk, "propose-remedy"]),
        {
            "version": complaint.version,
            "remedy_type": "consolatory-payment",
            "reason": "Distress",
            "amount": amount,
            "justification": "Four months of worry",
        },
    )


@pytest.mark.parametrize(
    "amount", ["100000.01", "999999.99", "99999999.99", "99999999999999999999", "1e9"]
)
def test_a_payment_above_the_maximum_is_refused_on_the_field(
    accepted_case, staff, client_for, amount
):
    response = propose(client_for(staff["caseworker"]), accepted_case, amount)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_amount-error"' in page
    assert accepted_case.remedies.count() == 0


def test_the_message_names_the_maximum_the_govuk_way(accepted_case, staff, client_for):
    response = propose(client_for(staff["caseworker"]), accepted_case, "100000.01")
    assert escape("The amount must be £100,000 or less") in response.content.decode()


def test_the_maximum_itself_is_a_payment_the_form_accepts(accepted_case, staff):
    action = ACTIONS["propose-remedy"](accepted_case, staff["caseworker"], today=TODAY)
    form = ProposeRemedyForm(
        {
            "version": accepted_case.version,
            "remedy_type": "consolatory-payment",
            "reason": "Distress",
            "amount": "100000.00",
            "justification": "Worry",
        },
        action=action,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("100000.00")


def test_the_maximum_comes_from_the_settings(accepted_case, staff, settings):
    settings.PUTRIGHT_MAX_PAYMENT = Decimal("500")
    action = ACTIONS["propose-remedy"](accepted_case, staff["caseworker"], today=TODAY)
    form = ProposeRemedyForm(
        {"version": accepted_case.version, "amount": "500.01"},
        action=action,
    )
    assert not form.is_valid()
    assert form.errors["amount"] == ["The amount must be £500 or less"]


@pytest.mark.parametrize("amount", ["100000.01", "99999999999999999999", "1e9", "1" * 5000])
def test_a_payment_too_large_gets_one_message_only(accepted_case, staff, amount):
    action = ACTIONS["propose-remedy"](accepted_case, staff["caseworker"], today=TODAY)
    form = ProposeRemedyForm({"version": accepted_case.version, "amount": amount}, action=action)
    assert not form.is_valid()
    assert form.errors["amount"] == ["The amount must be £100,000 or less"]
