"""The GOV.UK date input: ASCII digits only, sensible lengths, a real date, and a range per field,
each refused with the Design System's words."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.utils import translation

from putright.common import dates

FIXED_TODAY = date(2026, 11, 23)


class ExampleForm(forms.Form):
    happened = dates.DateField(
        label="Date it happened",
        name="the date it happened",
        latest=dates.Today(lambda: FIXED_TODAY),
    )
    due = dates.DateField(
        label="Due date",
        name="the due date",
        required=False,
        earliest=dates.Today(lambda: FIXED_TODAY),
        latest=date(2027, 12, 31),
    )
    fixed = dates.DateField(
        label="Fixed",
        name="the fixed date",
        required=False,
        earliest=lambda: date(2020, 1, 1),
        latest=date(2020, 12, 31),
    )
    plain = dates.DateField(label="Plain", name="the plain date", required=False)


def errors(**values: tuple[str, str, str]) -> dict[str, list[str]]:
    data = {"happened_day": "1", "happened_month": "11", "happened_year": "2026"}
    for name, (day, month, year) in values.items():
        data.update({f"{name}_day": day, f"{name}_month": month, f"{name}_year": year})
    form = ExampleForm(data)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("٣", "11", "2026"), "The date it happened must be a real date"),
        (("3", "١١", "2026"), "The date it happened must be a real date"),
        (("3", "11", "２０２６"), "The date it happened must be a real date"),
        (("²", "11", "2026"), "The date it happened must be a real date"),
        (("003", "11", "2026"), "The date it happened must be a real date"),
        (("3", "011", "2026"), "The date it happened must be a real date"),
        (("3", "11", "026"), "Year must include 4 numbers"),
        (("3", "11", "02026"), "Year must include 4 numbers"),
        (("3", "11", "9" * 5000), "Year must include 4 numbers"),
        (("3", "11", "0000"), "The date it happened must be a real date"),
        (("30", "2", "2024"), "The date it happened must be a real date"),
        (("24", "11", "2026"), "The date it happened must be today or in the past"),
        (("1", "1", "1999"), "The date it happened must be the same as or after 1 January 2000"),
    ],
)
def test_what_is_refused_and_how(typed, message):
    assert errors(happened=typed)["happened"] == [message]


@pytest.mark.parametrize("typed", [("23", "11", "2026"), ("01", "01", "2000"), ("1", "1", "2000")])
def test_what_is_accepted(typed):
    assert "happened" not in errors(happened=typed)


def test_an_earliest_of_today_says_today_or_in_the_future():
    assert errors(due=("22", "11", "2026"))["due"] == [
        "The due date must be today or in the future"
    ]
    assert "due" not in errors(due=("23", "11", "2026"))


def test_a_fixed_latest_names_the_date():
    assert errors(due=("1", "1", "2028"))["due"] == [
        "The due date must be the same as or before 31 December 2027"
    ]


def test_limits_may_be_dates_or_functions():
    assert errors(fixed=("31", "12", "2019"))["fixed"] == [
        "The fixed date must be the same as or after 1 January 2020"
    ]
    assert errors(fixed=("1", "1", "2021"))["fixed"] == [
        "The fixed date must be the same as or before 31 December 2020"
    ]
    assert "fixed" not in errors(fixed=("31", "12", "2020"))


def test_the_default_range_comes_from_the_settings(settings):
    settings.PUTRIGHT_EARLIEST_DATE = date(2010, 6, 1)
    settings.PUTRIGHT_DATE_YEARS_AHEAD = 1
    field = ExampleForm.base_fields["plain"]
    assert isinstance(field, dates.DateField)
    assert field.earliest_date() == date(2010, 6, 1)
    assert field.latest_date() == dates.add_years(dates.timezone.localdate(), 1)
    assert errors(plain=("31", "5", "2010"))["plain"] == [
        "The plain date must be the same as or after 1 June 2010"
    ]


def test_add_years():
    assert dates.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert dates.add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert dates.add_years(date(2026, 11, 23), 2) == date(2028, 11, 23)


def test_the_messages_are_in_welsh():
    with translation.override("cy"):
        found = errors(happened=("24", "11", "2026"))["happened"]
        late = errors(due=("1", "1", "2028"))["due"]
    assert found == ["Rhaid i The date it happened fod heddiw neu yn y gorffennol"]
    assert late[0].startswith("Rhaid i The due date fod yr un fath â 31 Rhagfyr 2027")
