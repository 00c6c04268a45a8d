"""The sensible limits on what a case records: the range of dates, the largest payment, the
longest text. Forms check them to give a clear message; actions and services check them again,
so nothing out of range is stored whichever way it arrives.

Dates are limited so every stored date can be counted in working days (the policy calendar
covers 1970 to 2100) and so a mistyped year cannot put a deadline centuries away.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from putright.common import dates
from putright.policy import FIRST_DATE, LAST_DATE

#: The longest name of a person, representative or organisation (the model fields' length).
MAX_NAME = 200
#: The longest short free text: an address, the details of adjustments.
MAX_SHORT_TEXT = 500
#: The longest long free text: what went wrong, reasons, conclusions, notes. The model fields
#: are unlimited TextFields; this keeps one submission to a size a page and a letter can carry.
MAX_LONG_TEXT = 20_000

PAYMENT_TOO_LARGE = _("The amount must be %(max)s or less")


def earliest_date() -> date:
    """The earliest date a case may record: ``PUTRIGHT_EARLIEST_DATE`` (1 January 2000 unless
    configured), and never before the first date the working-day calendar counts from."""
    return max(dates.default_earliest(), FIRST_DATE)


def latest_date(today: date) -> date:
    """The latest date a case may record: ``PUTRIGHT_DATE_YEARS_AHEAD`` years after ``today``
    (2 unless configured), and never after the last date the working-day calendar counts to."""
    return min(dates.default_latest(today), LAST_DATE)


def date_in_range(value: date, *, today: date) -> bool:
    """Whether ``value`` lies from ``earliest_date()`` to ``latest_date(today)``, inclusive."""
    return earliest_date() <= value <= latest_date(today)


def max_payment() -> Decimal:
    """The largest payment a remedy may propose, in pounds: ``PUTRIGHT_MAX_PAYMENT``
    (£100,000.00 unless configured)."""
    return Decimal(settings.PUTRIGHT_MAX_PAYMENT)


def pounds(amount: Decimal) -> str:
    """An amount as GOV.UK writes money: £100,000 for whole pounds, else £1,234.50."""
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


def payment_too_large() -> str:
    """The message for an amount above ``max_payment()``: "The amount must be £100,000 or less"."""
    return str(PAYMENT_TOO_LARGE % {"max": pounds(max_payment())})


#: The largest payment, read from the settings each time (see ``max_payment()``).
MAX_PAYMENT: Decimal


def __getattr__(name: str) -> Any:
    # ``limits.MAX_PAYMENT`` reads the setting when used, so a changed setting is always seen.
    if name == "MAX_PAYMENT":
        return max_payment()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
