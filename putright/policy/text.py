"""Bilingual text and the way dates are written in English and Welsh.

Everything a complainant sees exists in English and Welsh. ``Text`` carries both; ``format_date``
writes a date the way GOV.UK does ("Friday 4 December 2026" / "dydd Gwener 4 Rhagfyr 2026").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

__all__ = ["LANGUAGES", "Text", "format_date", "format_day_month", "is_welsh", "join_list"]

#: The languages Putright writes in.
LANGUAGES: tuple[str, ...] = ("en", "cy")


def is_welsh(lang: str | None) -> bool:
    """True for ``'cy'`` (or a regional tag such as ``'cy-GB'``); anything else means English."""
    return bool(lang) and (lang.lower() == "cy" or lang.lower().startswith("cy-"))


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of text in English (``en``) and Welsh (``cy``)."""

    en: str
    cy: str

    def get(self, lang: str | None = "en") -> str:
        """The Welsh text for ``'cy'``; the English text for any other language."""
        return self.cy if is_welsh(lang) else self.en

    def as_dict(self) -> dict[str, str]:
        """Both languages, JSON-able."""
        return {"en": self.en, "cy": self.cy}


_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "cy": (
        "dydd Llun",
        "dydd Mawrth",
        "dydd Mercher",
        "dydd Iau",
        "dydd Gwener",
        "dydd Sadwrn",
        "dydd Sul",
    ),
}
_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "cy": (
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ),
}


def _lang(lang: str | None) -> str:
    return "cy" if is_welsh(lang) else "en"


def format_day_month(d: date, lang: str | None = "en") -> str:
    """``25 December`` / ``25 Rhagfyr``."""
    return f"{d.day} {_MONTHS[_lang(lang)][d.month - 1]}"


def format_date(d: date, lang: str | None = "en") -> str:
    """``Friday 4 December 2026`` / ``dydd Gwener 4 Rhagfyr 2026``."""
    code = _lang(lang)
    return f"{_WEEKDAYS[code][d.weekday()]} {format_day_month(d, code)} {d.year}"


def join_list(items: Sequence[str], lang: str | None = "en") -> str:
    """Join items as a sentence list.

    English uses the serial comma ("A, B, and C"; "A and B"); Welsh does not ("A, B a C"), and
    uses "ac" before a vowel.
    """
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    head, last = ", ".join(items[:-1]), items[-1]
    if is_welsh(lang):
        conj = "ac" if last[:1].lower() in "aeiouwyâêîôûŵŷ" else "a"
        return f"{head} {conj} {last}"
    comma = "," if len(items) > 2 else ""
    return f"{head}{comma} and {last}"
