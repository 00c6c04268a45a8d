"""The forms on the consent pages: the person's full name and "I agree", or why they say no.
They check what was typed; the case's consent actions judge it against the case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from putright.cases import limits
from putright.portal import consent_messages as cm
from putright.portal.forms import _formatted, text

#: The longest reason for saying no.
MAX_REASON = 2_000


class AgreeForm(forms.Form):
    full_name = text(
        _("Your full name"),
        name=_("Your full name"),
        max_length=limits.MAX_NAME,
        required=True,
        required_message=cm.ENTER_FULL_NAME,
        hint=_("Typing your name here is how you sign this declaration"),
        attrs={"autocomplete": "name", "spellcheck": "false"},
    )
    agree = forms.BooleanField(
        label=_("I agree to my representative acting for me on this complaint, as set out above"),
        required=True,
        error_messages={"required": cm.TICK_TO_AGREE},
    )

    def __init__(self, *args: Any, representative: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if representative:
            self.fields["agree"].label = _formatted(cm.AGREE_TO_NAMED, name=representative)

    def clean_full_name(self) -> str:
        # One space between words: a name typed with extra spaces is the same name.
        return " ".join(self.cleaned_data["full_name"].split())


class DeclineForm(forms.Form):
    reason = text(
        _("Why do you not agree? (optional)"),
        name=_("Why you do not agree"),
        max_length=MAX_REASON,
        rows=4,
        hint=_("This helps us decide what to do next with the complaint"),
    )
