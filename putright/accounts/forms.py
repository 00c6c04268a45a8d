"""Sign-in form with GOV.UK error wording."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

#: No real password is longer; a longer one is refused before it is hashed or looked up.
MAX_PASSWORD_LENGTH = 4096
USERNAME_TOO_LONG = _("Username must be %(limit_value)d characters or fewer")
PASSWORD_TOO_LONG = _("Password must be %(limit_value)d characters or fewer")


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
        # AuthenticationForm sets the username's max_length after the field is built, which adds
        # no validator: without these, any length reaches authenticate() and the lockout table.
        username_limit = self.fields["username"].max_length or 150
        self.fields["username"].validators.append(
            MaxLengthValidator(username_limit, message=USERNAME_TOO_LONG)
        )
        self.fields["username"].widget.attrs["maxlength"] = username_limit
        self.fields["password"].validators.append(
            MaxLengthValidator(MAX_PASSWORD_LENGTH, message=PASSWORD_TOO_LONG)
        )
