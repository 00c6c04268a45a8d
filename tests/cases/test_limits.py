"""The limits on what a case records: the range of dates, the largest payment, the longest text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from putright.cases import limits
from putright.cases.models import Person, Representative
from putright.policy import FIRST_DATE, LAST_DATE

TODAY = date(2026, 11, 23)


def test_the_earliest_date_is_1_january_2000_by_default():
    assert limits.earliest_date() == date(2000, 1, 1)


def test_the_latest_date_is_two_years_ahead_by_default():
    assert limits.latest_date(TODAY) == date(2028, 11, 23)


def test_two_years_after_29_february_is_28_february():
    assert limits.latest_date(date(2028, 2, 29)) == date(2030, 2, 28)


@pytest.mark.parametrize(
    ("value", "in_range"),
    [
        (date(1, 1, 1), False),
        (date(1969, 12, 31), False),
        (date(1999, 12, 31), False),
        (date(2000, 1, 1), True),
        (TODAY, True),
        (date(2028, 11, 23), True),
        (date(2028, 11, 24), False),
        (date(2100, 12, 31), False),
        (date(9999, 12, 31), False),
    ],
    ids=str,
)
def test_date_in_range(value, in_range):
    assert limits.date_in_range(value, today=TODAY) is in_range


def test_the_range_comes_from_the_settings(settings):
    settings.PUTRIGHT_EARLIEST_DATE = date(2015, 4, 1)
    settings.PUTRIGHT_DATE_YEARS_AHEAD = 5
    assert limits.earliest_date() == date(2015, 4, 1)
    assert limits.latest_date(TODAY) == date(2031, 11, 23)
    assert not limits.date_in_range(date(2015, 3, 31), today=TODAY)
    assert limits.date_in_range(date(2031, 11, 23), today=TODAY)


def test_the_range_never_leaves_the_dates_the_calendar_counts(settings):
    settings.PUTRIGHT_EARLIEST_DATE = date(1900, 1, 1)
    settings.PUTRIGHT_DATE_YEARS_AHEAD = 50
    assert limits.earliest_date() == FIRST_DATE
    assert limits.latest_date(date(2090, 1, 1)) == LAST_DATE


def test_the_largest_payment_is_100000_pounds_by_default():
    assert Decimal("100000.00") == limits.MAX_PAYMENT
    assert limits.max_payment() == Decimal("100000.00")
    assert limits.payment_too_large() == "The amount must be £100,000 or less"


def test_the_largest_payment_comes_from_the_settings(settings):
    settings.PUTRIGHT_MAX_PAYMENT = Decimal("2500.50")
    assert Decimal("2500.50") == limits.MAX_PAYMENT
    assert limits.payment_too_large() == "The amount must be £2,500.50 or less"


@pytest.mark.parametrize(
    ("amount", "text"),
    [("100000.00", "£100,000"), ("150", "£150"), ("1234.5", "£1,234.50"), ("0.99", "£0.99")],
)
def test_pounds_are_written_the_govuk_way(amount, text):
    assert limits.pounds(Decimal(amount)) == text


def test_an_unknown_limit_is_an_attribute_error():
    with pytest.raises(AttributeError):
        limits.MAX_NOTHING


def test_text_limits_fit_the_columns():
    assert Person._meta.get_field("full_name").max_length == limits.MAX_NAME
    assert Representative._meta.get_field("organisation").max_length == limits.MAX_NAME
    assert limits.MAX_NAME < limits.MAX_SHORT_TEXT < limits.MAX_LONG_TEXT
