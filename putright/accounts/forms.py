"""Sign-in form with GOV.UK error wording."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case sensitive."),
        "inactive": _("This account has been switched off. Ask your administrator."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].label = _("Username")
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].label = _("Password")
        self.fields["password"].error_messages["required"] = _("Enter your password")
        self.fields["username"].widget = forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false", "class": "govuk-input"}
        )
        self.fields["password"].widget = forms.PasswordInput(
            attrs={"autocomplete": "current-password", "class": "govuk-input"}
        )
