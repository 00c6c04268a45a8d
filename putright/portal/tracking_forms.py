"""Forms on the tracking pages. They check the shape of what was typed, with GOV.UK error
wording in English and Welsh; the actions and services judge it against the case."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from putright.cases import limits
from putright.cases import messages as msg
from putright.cases.models import ContactMethod
from putright.portal import tracking_messages as tm
from putright.portal.models import Satisfaction

#: How many files one "add information" may carry.
MAX_FILES = 10
#: The longest comment on the feedback question (GOV.UK's feedback pattern uses 1,200).
MAX_COMMENT = 1_200
#: A reference as ``reserve_references`` makes it, once spaces are taken out: PR-2026-000123.
REFERENCE_FORMAT = re.compile(r"PR-\d{4}-\d{6,}", re.IGNORECASE)


def text(
    label: str | Promise,
    *,
    required: Promise | None = None,
    max_length: int = limits.MAX_LONG_TEXT,
    too_long: Promise = msg.INPUT_TEXT_TOO_LONG,
    hint: str | Promise = "",
    rows: int = 5,
) -> forms.CharField:
    """A textarea, optional unless ``required`` gives the message for leaving it empty."""
    errors: dict[str, Any] = {"max_length": percent_lazy(too_long, max=f"{max_length:,}")}
    if required is not None:
        errors["required"] = required
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        help_text=hint,
        error_messages=errors,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def percent_lazy(message: Promise, **values: Any) -> Any:
    """``message % values``, worked out in the language of the request that shows it rather
    than when the form class is defined."""
    return lazy(lambda: str(message) % values, str)()


class NewLinkForm(forms.Form):
    """ "Send me a new link": the email address we have and the complaint's reference."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The email address you gave us when you complained"),
        error_messages={"required": tm.ENTER_EMAIL, "invalid": tm.ENTER_EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    reference = forms.CharField(
        label=_("Complaint reference"),
        max_length=40,
        help_text=_("It is on our letters and emails, for example PR-2026-000123"),
        error_messages={"required": tm.ENTER_REFERENCE, "max_length": tm.REFERENCE_FORMAT},
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
    )

    def clean_reference(self) -> str:
        reference = "".join(self.cleaned_data["reference"].split()).upper()
        if not REFERENCE_FORMAT.fullmatch(reference):
            raise forms.ValidationError(tm.REFERENCE_FORMAT)
        return reference


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is judged by its content in the action."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        files = [super(MultipleFileField, self).clean(item, initial) for item in items if item]
        files = [f for f in files if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(tm.TOO_MANY_FILES % {"max": MAX_FILES})
        return files


class AddInformationForm(forms.Form):
    text = text(
        _("What do you want to tell us?"),
        hint=_("Tell us anything that has happened since you complained, or that we should know."),
        rows=8,
    )
    files = MultipleFileField(
        label=_("Upload documents (optional)"),
        required=False,
        help_text=_(
            "PDF, JPG, PNG, Word (.docx) or plain text files, each smaller than 10MB. You can "
            "select up to 10 files."
        ),
        error_messages={"empty": msg.FILE_EMPTY, "invalid": msg.SELECT_FILE},
    )


def contact_choices() -> list[tuple[str, Any]]:
    return list(ContactMethod.choices)


#: Each language named in itself, as GOV.UK's language switchers do.
LANGUAGE_CHOICES = [("en", "English"), ("cy", "Cymraeg")]


class ContactForm(forms.Form):
    """How we contact the complainant. A representative changes only their own email address
    and phone number, and the language, so the form drops ``preferred_contact`` for them."""

    preferred_contact = forms.ChoiceField(
        label=_("How would you like us to contact you?"),
        choices=contact_choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": msg.CONTACT_SELECT_METHOD,
            "invalid_choice": msg.CONTACT_SELECT_METHOD,
        },
    )
    email = forms.CharField(
        label=_("Email address"),
        required=False,
        max_length=254,
        error_messages={"max_length": msg.ENTER_EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        help_text=_("For international numbers include the country code"),
        error_messages={"max_length": msg.CONTACT_PHONE_FORMAT},
        widget=forms.TextInput(
            attrs={"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"}
        ),
    )
    language = forms.ChoiceField(
        label=_("Which language should we use when we contact you?"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": msg.CONTACT_SELECT_LANGUAGE,
            "invalid_choice": msg.CONTACT_SELECT_LANGUAGE,
        },
    )

    def __init__(self, *args: Any, representative: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if representative:
            del self.fields["preferred_contact"]


class WithdrawForm(forms.Form):
    reason = text(
        _("Why are you withdrawing your complaint? (optional)"),
        max_length=2_000,
        too_long=tm.WITHDRAW_REASON_TOO_LONG,
        hint=_("This helps us improve our services."),
    )


class EscalateForm(forms.Form):
    """ "I'm still unhappy", inside the time allowed: reasons are optional."""

    reason = text(
        _("Why are you still unhappy? (optional)"),
        hint=_("Tell us what we got wrong in our response, or what we did not look at."),
        rows=8,
    )


class LateEscalateForm(forms.Form):
    """ "I'm still unhappy", after the last day to ask: they say why it is late."""

    late_reason = forms.CharField(label="", max_length=limits.MAX_LONG_TEXT)  # set per request
    reason = text(
        _("Why are you still unhappy? (optional)"),
        hint=_("Tell us what we got wrong in our response, or what we did not look at."),
        rows=8,
    )

    def __init__(self, *args: Any, last_day: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["late_reason"] = text(
            _("Why are you asking now?"),
            required=tm.ENTER_LATE_REASON % {"date": last_day},
            hint=_(
                "Tell us why you could not ask by the last day. We will decide whether to look "
                "at your complaint again."
            ),
        )
        self.order_fields(["late_reason", "reason"])


class FeedbackForm(forms.Form):
    """GOV.UK's feedback pattern: one satisfaction question and an optional comment."""

    rating = forms.ChoiceField(
        label=_("Overall, how do you feel about the service you received?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": tm.SELECT_SATISFACTION,
            "invalid_choice": tm.SELECT_SATISFACTION,
        },
    )
    comment = text(
        _("How could we improve this service? (optional)"),
        max_length=MAX_COMMENT,
        too_long=tm.COMMENT_TOO_LONG,
        hint=_(
            "Do not include any personal or financial information, for example your National "
            "Insurance or credit card numbers."
        ),
    )
