"""GOV.UK's date input (day, month and year boxes) and its error messages, for every form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
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
    """

    widget = DateInput

    def __init__(self, *, name: str | Promise, required: bool = True, **kwargs: Any) -> None:
        self.name_text = name
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=parts, require_all_fields=False, required=required, **kwargs)

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
        if not all(part.isdigit() for part in parts):
            raise ValidationError(DATE_REAL % {"name": capfirst(name)}, code="invalid")
        if len(parts[2]) != 4:
            raise ValidationError(DATE_YEAR_FOUR, code="year")
        day, month, year = (int(part) for part in parts)
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(DATE_REAL % {"name": capfirst(name)}, code="invalid") from None

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean() does it all
        return data_list
