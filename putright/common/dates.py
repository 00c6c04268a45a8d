"""GOV.UK's date input (day, month and year boxes) and its error messages, for every form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

DATE_ENTER = _("Enter %(name)s")
DATE_MUST_INCLUDE = _("%(name)s must include a %(parts)s")
DATE_REAL = _("%(name)s must be a real date")
DATE_YEAR_FOUR = _("Year must include 4 numbers")
DATE_PART_DAY = _("day")
DATE_PART_MONTH = _("month")
DATE_PART_YEAR = _("year")
DATE_PARTS_AND = _("%(first)s and %(second)s")
DATE_TODAY_OR_PAST = _("%(name)s must be today or in the past")
DATE_TODAY_OR_FUTURE = _("%(name)s must be today or in the future")
DATE_SAME_OR_AFTER = _("%(name)s must be the same as or after %(date)s")
DATE_SAME_OR_BEFORE = _("%(name)s must be the same as or before %(date)s")

#: The longest day and month a person types ("05"); a year has exactly 4 digits.
DAY_MONTH_DIGITS = 2
YEAR_DIGITS = 4


def add_years(day: date, years: int) -> date:
    """The same day ``years`` years on; 29 February becomes 28 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def default_earliest() -> date:
    """The earliest date a form accepts unless told otherwise: ``PUTRIGHT_EARLIEST_DATE``."""
    return settings.PUTRIGHT_EARLIEST_DATE


def default_latest(today: date) -> date:
    """The latest date a form accepts unless told otherwise: ``PUTRIGHT_DATE_YEARS_AHEAD``
    years after ``today``."""
    return add_years(today, settings.PUTRIGHT_DATE_YEARS_AHEAD)


@dataclass(frozen=True)
class Today:
    """A limit that is "today", read from ``clock`` each time a form is checked.

    As a limit it gives GOV.UK's "must be today or in the past" (or "in the future") rather than
    naming the date. Pass the clock the rest of the code reads, so tests that move time move it.
    """

    clock: Callable[[], date] = field(default=timezone.localdate)

    def __call__(self) -> date:
        return self.clock()


#: A limit on a date: a date, or a function returning one (``Today()`` among them).
DateLimit = date | Callable[[], date]


def format_limit(day: date) -> str:
    """A limit as GOV.UK writes dates in sentences: 1 January 2000."""
    return formats.date_format(day, "j F Y")


class DateInput(forms.MultiWidget):
    """GOV.UK's date input: three text boxes named ``<name>_day``, ``_month`` and ``_year``."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {"day": forms.TextInput(), "month": forms.TextInput(), "year": forms.TextInput()},
            attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with the GOV.UK Design System's error messages.

    ``name`` is how the messages refer to the date, in lower case: "the date it happened".

    Each part must be ASCII digits: at most 2 for the day and month, exactly 4 for the year. The
    date must be real and lie from ``earliest`` to ``latest`` inclusive. Each limit is a date or
    a function returning one; ``Today()`` says "today" in the message. Left out (or None), they
    are ``default_earliest()`` and ``default_latest(today)``, from the settings.
    """

    widget = DateInput

    def __init__(
        self,
        *,
        name: str | Promise,
        required: bool = True,
        earliest: DateLimit | None = None,
        latest: DateLimit | None = None,
        **kwargs: Any,
    ) -> None:
        self.name_text = name
        self.earliest = earliest
        self.latest = latest
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, required=required, **kwargs)

    def earliest_date(self) -> date:
        limit = self.earliest
        if limit is None:
            return default_earliest()
        return limit() if callable(limit) else limit

    def latest_date(self) -> date:
        limit = self.latest
        if limit is None:
            return default_latest(timezone.localdate())
        return limit() if callable(limit) else limit

    def clean(self, value: Any) -> date | None:
        parts = [str(v if v is not None else "").strip() for v in (value or [])]
        parts += [""] * (3 - len(parts))
        name = str(self.name_text)
        if not any(parts):
            if self.required:
                raise ValidationError(DATE_ENTER % {"name": name}, code="required")
            return None
        labels = (DATE_PART_DAY, DATE_PART_MONTH, DATE_PART_YEAR)
        missing = [str(label) for part, label in zip(parts, labels, strict=True) if not part]
        if missing:
            what = (
                missing[0]
                if len(missing) == 1
                else DATE_PARTS_AND % {"first": missing[0], "second": missing[1]}
            )
            raise ValidationError(
                DATE_MUST_INCLUDE % {"name": capfirst(name), "parts": what}, code="incomplete"
            )
        # str.isdigit() alone accepts "٣" and "１": only 0 to 9 are digits here.
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise ValidationError(DATE_REAL % {"name": capfirst(name)}, code="invalid")
        if len(parts[0]) > DAY_MONTH_DIGITS or len(parts[1]) > DAY_MONTH_DIGITS:
            raise ValidationError(DATE_REAL % {"name": capfirst(name)}, code="invalid")
        if len(parts[2]) != YEAR_DIGITS:
            raise ValidationError(DATE_YEAR_FOUR, code="year")
        day, month, year = (int(part) for part in parts)
        try:
            value = date(year, month, day)
        except ValueError:
            raise ValidationError(DATE_REAL % {"name": capfirst(name)}, code="invalid") from None
        self.check_range(value, capfirst(name))
        return value

    def check_range(self, value: date, name: str) -> None:
        """Refuse a date before ``earliest`` or after ``latest``, in GOV.UK's words."""
        earliest = self.earliest_date()
        if value < earliest:
            if isinstance(self.earliest, Today):
                raise ValidationError(DATE_TODAY_OR_FUTURE % {"name": name}, code="too_early")
            raise ValidationError(
                DATE_SAME_OR_AFTER % {"name": name, "date": format_limit(earliest)},
                code="too_early",
            )
        latest = self.latest_date()
        if value > latest:
            if isinstance(self.latest, Today):
                raise ValidationError(DATE_TODAY_OR_PAST % {"name": name}, code="too_late")
            raise ValidationError(
                DATE_SAME_OR_BEFORE % {"name": name, "date": format_limit(latest)},
                code="too_late",
            )

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean() does it all
        return data_list
