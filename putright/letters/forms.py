"""Forms for the letters pages: a draft's words, and an organisation's wording of a letter.

Forms check the shape of what was typed (length, control characters) to give a clear message on
the field; the services in ``putright.letters.services`` check again, so nothing else is
stored whichever way it arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Complaint
from putright.letters import content
from putright.letters import messages as msg
from putright.letters.models import Letter, LetterWording, WordingLanguage
from putright.letters.services import NOTE_LENGTH, field_name, part_name
from putright.letters.wording import (
    LANGUAGES,
    ORGANISATION_PARTS,
    Part,
    draft_parts,
    has_control_characters,
    normalise,
)


def _checked(name: str, part: Part) -> Callable[[str], None]:
    """Refuse control characters and text over the part's length, naming the part."""

    def check(value: str) -> None:
        if has_control_characters(value or ""):
            raise ValidationError(
                msg.PART_CONTROL_CHARACTERS % {"name": name}, code="control_characters"
            )
        if len(normalise(value or "")) > part.max_length:
            raise ValidationError(
                msg.PART_TOO_LONG % {"name": name, "max": f"{part.max_length:,}"},
                code="max_length",
            )

    return check


def text_field(part: Part, name: str, *, initial: str = "", rows: int = 6) -> forms.CharField:
    """A textarea for one part: unstripped (line breaks are paragraphs), checked by
    ``_checked`` rather than Django's own messages, so every error names the part."""
    control = msg.PART_CONTROL_CHARACTERS % {"name": name}
    return forms.CharField(
        label=part.label,
        required=False,
        strip=False,
        initial=initial,
        validators=[_checked(name, part)],
        widget=forms.Textarea(attrs={"rows": rows, "spellcheck": "true"})
        if part.paragraphs
        else forms.TextInput(attrs={"spellcheck": "true"}),
        error_messages={"null_characters_not_allowed": control},
    )


class DraftForm(forms.Form):
    """The editable words of a draft letter: for each language it is written in, its opening,
    the handler's words it carries, and its closing. Plain text; a blank line starts a new
    paragraph."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.letter = letter
        self.fields["version"].initial = letter.version
        self.sections: list[dict[str, Any]] = []
        for lang in content.section_languages(letter.language):
            names = []
            for part in draft_parts(letter.kind):
                name = field_name(lang, part)
                words = letter.wording.get(lang) or {}
                rows = 3 if part.key in {"opening", "closing"} else 6
                self.fields[name] = text_field(
                    part,
                    part_name(part, lang, letter.language),
                    initial=words.get(part.key, ""),
                    rows=rows,
                )
                names.append(name)
            self.sections.append({"lang": lang, "names": names})

    def section_fields(self) -> list[dict[str, Any]]:
        """Each language's fields, bound, for the template."""
        return [
            {"lang": s["lang"], "fields": [self[name] for name in s["names"]]}
            for s in self.sections
        ]

    def words(self) -> dict[str, dict[str, str]]:
        """What was typed, as ``{lang: {part: text}}``."""
        typed: dict[str, dict[str, str]] = {}
        for lang in content.section_languages(self.letter.language):
            typed[lang] = {
                part.key: self.cleaned_data.get(field_name(lang, part)) or ""
                for part in draft_parts(self.letter.kind)
            }
        return typed


class SendForm(forms.Form):
    """Sending a draft: the version of the letter the person checked."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class WordingForm(forms.Form):
    """The organisation's wording of one kind of letter, in English and Welsh, with a note, and
    the case to preview it against. Placeholders are checked by the service, on each field."""

    note = forms.CharField(
        label=_("What changed and why (optional)"),
        required=False,
        max_length=NOTE_LENGTH,
        error_messages={
            "max_length": msg.NOTE_TOO_LONG,
            "null_characters_not_allowed": msg.NOTE_TOO_LONG,
        },
    )
    reference = forms.CharField(
        label=_("Case reference"),
        required=False,
        max_length=30,
        help_text=_("For example, PR-2026-000123"),
        error_messages={
            "max_length": msg.PREVIEW_CASE_UNKNOWN,
            "null_characters_not_allowed": msg.PREVIEW_CASE_UNKNOWN,
        },
    )
    recent = forms.TypedChoiceField(
        label=_("Or select a recent case"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": msg.PREVIEW_CASE_UNKNOWN},
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        current: dict[str, LetterWording],
        recent: list[Complaint],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        names = dict(WordingLanguage.choices)
        self.languages: list[dict[str, Any]] = []
        fields: dict[str, forms.Field] = {}
        for lang in LANGUAGES:
            texts = current[lang].texts()
            names_here = []
            for part in ORGANISATION_PARTS:
                name = f"{lang}_{part.key}"
                field = text_field(
                    part,
                    f"{part.label} ({names[lang]})",
                    initial=texts[part.key],
                    rows=6 if part.key == "opening" else 3,
                )
                field.widget.attrs["lang"] = lang
                fields[name] = field
                names_here.append(name)
            version = f"{lang}_version"
            fields[version] = forms.IntegerField(
                widget=forms.HiddenInput, initial=current[lang].number, min_value=1
            )
            self.languages.append({"lang": lang, "name": names[lang], "names": names_here})
        # The wording first, then the note and the preview's case.
        self.fields = {**fields, **self.fields}
        self.fields["recent"].choices = [("", _("Select a case"))] + [
            (c.pk, f"{c.reference}: {c.person.full_name}") for c in recent
        ]
        self.recent_ids = {c.pk for c in recent}

    def language_fields(self) -> list[dict[str, Any]]:
        return [
            {**section, "fields": [self[name] for name in section["names"]]}
            for section in self.languages
        ]

    def texts(self) -> dict[str, dict[str, str]]:
        return {
            lang: {
                part.key: self.cleaned_data.get(f"{lang}_{part.key}") or ""
                for part in ORGANISATION_PARTS
            }
            for lang in LANGUAGES
        }

    def expected(self) -> dict[str, int]:
        return {lang: self.cleaned_data.get(f"{lang}_version") or 0 for lang in LANGUAGES}
