"""The online complaint's questions: one form per page.

Each form reads its starting values from the answers kept so far (``initial_from``) and writes
what was entered back to them (``save``). Forms check the shape of an answer (a real date, an
email address, a choice from the list) in GOV.UK's words, and ask the policy engine about the
dates as soon as both are known, so every problem shows on the page where it was typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from putright.cases import limits, rules
from putright.cases.models import Adjustment, ContactMethod
from putright.cases.services import complaint_fact_errors
from putright.cases.uploads import MAX_UPLOAD_BYTES, UploadRefused, inspect_upload
from putright.common.dates import DateField, Today
from putright.policy import complaint_time_limit
from putright.portal.complain import journey
from putright.portal.complain import messages as msg
from putright.portal.complain.journey import State
from putright.portal.complain.pending import keep

#: "Today" as the case lifecycle reads it, so tests that move time move the forms too.
TODAY = Today(lambda: rules.today())

#: Control characters other than tab and line breaks (NUL is refused by Django's own check).
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A phone number as people write one: digits 0 to 9, spaces, brackets, dashes and a plus.
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,30}$", re.ASCII)
_REFERENCE = re.compile(r"^[A-Za-z0-9 /\-]*$", re.ASCII)

MAX_EMAIL = 254
MAX_PHONE = 40
MAX_REFERENCE = 60
MAX_RELATIONSHIP = 120

OPTIONAL = _("%(label)s (optional)")
#: What the complaint form accepts, said where a file is chosen.
FILE_TYPES = _("a PDF, JPG, PNG, Word document (.docx) or plain text file")


def _formatted(message: Promise, **values: Any) -> Promise:
    """``message % values``, translated when it is shown rather than when the form is defined."""
    return lazy(lambda: str(message) % {k: str(v) for k, v in values.items()}, str)()


def max_upload_size() -> str:
    """The largest file as GOV.UK writes it: 10MB."""
    return f"{MAX_UPLOAD_BYTES // (1024 * 1024)}MB"


def _no_control_characters(name: str | Promise) -> Callable[[str], None]:
    def check(value: str) -> None:
        if _CONTROL.search(value or ""):
            raise ValidationError(
                _formatted(msg.NO_CONTROL_CHARACTERS, name=name), code="control_characters"
            )

    return check


def text(
    label: str | Promise,
    *,
    name: str | Promise,
    max_length: int,
    required: bool = False,
    required_message: str | Promise = "",
    rows: int = 0,
    hint: str | Promise = "",
    attrs: Mapping[str, str] | None = None,
) -> forms.CharField:
    """A text box (or a textarea of ``rows`` rows) with GOV.UK messages for every refusal.
    ``name`` is how the messages name the answer, starting with a capital: "Your full name"."""
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": rows, **(attrs or {})})
        if rows
        else forms.TextInput(attrs=dict(attrs or {}))
    )
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=hint,
        widget=widget,
        validators=[_no_control_characters(name)],
        error_messages={
            "required": required_message,
            "max_length": _formatted(msg.TOO_LONG, name=name, max=f"{max_length:,}"),
            "null_characters_not_allowed": _formatted(msg.NO_CONTROL_CHARACTERS, name=name),
        },
    )


def email_field(label: str | Promise, *, hint: str | Promise = "") -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        max_length=MAX_EMAIL,
        help_text=hint,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": msg.ENTER_EMAIL_FORMAT,
            "max_length": msg.ENTER_EMAIL_FORMAT,
            "null_characters_not_allowed": msg.ENTER_EMAIL_FORMAT,
        },
    )


def phone_field(label: str | Promise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_PHONE,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        validators=[RegexValidator(_PHONE, message=msg.ENTER_PHONE_FORMAT)],
        error_messages={
            "max_length": msg.ENTER_PHONE_FORMAT,
            "null_characters_not_allowed": msg.ENTER_PHONE_FORMAT,
        },
    )


def radios(
    label: str | Promise, choices: list[tuple[str, Any]], message: str | Promise
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class StepForm(forms.Form):
    """One page's question. ``heading`` is the page's h1 when it asks several things at once;
    otherwise the first field's label is the h1. ``state`` is the journey so far."""

    heading: ClassVar[str | Promise | None] = None

    def __init__(self, *args: Any, state: State, lang: str, **kwargs: Any) -> None:
        self.state = state
        self.lang = lang
        kwargs.setdefault("initial", self.initial_from(state.answers))
        super().__init__(*args, **kwargs)
        self.setup()

    def setup(self) -> None:
        """Change labels and choices for this journey (the procedure, who is complaining)."""

    @property
    def representative(self) -> bool:
        return journey.is_representative(self.state)

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        return {name: answers[name] for name in self.base_fields if name in answers}

    def save(self, answers: dict[str, Any]) -> None:
        answers.update(self.cleaned_data)

    def page_heading(self) -> str:
        """The page's own h1, when the form asks several things; empty when the first field's
        label is the h1."""
        return str(self.heading) if self.heading else ""

    def page_title(self) -> str:
        if self.page_heading():
            return self.page_heading()
        first = next(iter(self.fields.values()), None)
        return str(first.label) if first is not None else ""

    def hint_for(self, name: str) -> str:
        """A hint worked out for this journey (a procedure's own words), if any."""
        return ""

    def intro(self) -> list[str]:
        """Paragraphs between the page's own h1 and its questions."""
        return []


# -- who is complaining --------------------------------------------------------------------------
class ProcedureForm(StepForm):
    procedure = radios(_("Which best describes your complaint?"), [], msg.SELECT_PROCEDURE)

    def setup(self) -> None:
        self.procedures = self.state_procedures()
        self.fields["procedure"].choices = [(p.id, p.title.get(self.lang)) for p in self.procedures]

    def state_procedures(self) -> list[Any]:
        registry = rules.registry()
        return [registry.effective_on(pid, rules.today()) for pid in self.state.offered]

    def options(self) -> list[dict[str, Any]]:
        """Each procedure in plain words: its title, with its summary as the hint."""
        chosen = self["procedure"].value()
        return [
            {
                "id": f"id_procedure_{index}",
                "value": p.id,
                "label": p.title.get(self.lang),
                "hint": p.summary.get(self.lang),
                "checked": chosen == p.id,
            }
            for index, p in enumerate(self.procedures)
        ]

    def save(self, answers: dict[str, Any]) -> None:
        if answers.get("procedure") != self.cleaned_data["procedure"]:
            # Another procedure asks other scope questions and has other categories.
            for key in ("scope", "carry_on", "categories"):
                answers.pop(key, None)
        answers["procedure"] = self.cleaned_data["procedure"]


class WhoForm(StepForm):
    who = radios(
        _("Who is the complaint for?"),
        [
            (journey.MYSELF, _("Myself")),
            (journey.SOMEONE_ELSE, _("Someone else: I am complaining for them")),
        ],
        msg.SELECT_WHO,
    )

    def hint_for(self, name: str) -> str:
        return str(
            _(
                "You can complain for a relative, a friend or someone you support as an "
                "advocate. We will need their written consent."
            )
        )


class RepresentativeForm(StepForm):
    """The representative's own details."""

    heading = _("Your details")

    full_name = text(
        _("Your full name"),
        name=_("Your full name"),
        max_length=limits.MAX_NAME,
        required=True,
        required_message=msg.ENTER_YOUR_NAME,
        attrs={"autocomplete": "name", "spellcheck": "false"},
    )
    relationship = text(
        _("Your relationship to the person"),
        name=_("Your relationship to the person"),
        max_length=MAX_RELATIONSHIP,
        required=True,
        required_message=msg.ENTER_RELATIONSHIP,
        hint=_("For example, their daughter, their friend, or their advocate"),
    )
    organisation = text(
        _("Organisation (optional)"),
        name=_("Organisation"),
        max_length=limits.MAX_NAME,
        hint=_("If you are acting for them through an organisation, such as an advice service"),
        attrs={"autocomplete": "organization"},
    )
    email = email_field(_("Your email address (optional)"))
    email_confirm = email_field(_("Confirm your email address"))
    phone = phone_field(_("Your phone number (optional)"))
    address = text(
        _("Your postal address (optional)"),
        name=_("Your postal address"),
        max_length=limits.MAX_SHORT_TEXT,
        rows=4,
        attrs={"autocomplete": "street-address"},
    )

    KEYS: ClassVar[tuple[str, ...]] = (
        "full_name",
        "relationship",
        "organisation",
        "email",
        "phone",
        "address",
    )

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        stored = answers.get("rep")
        initial = dict(stored) if isinstance(stored, Mapping) else {}
        initial["email_confirm"] = initial.get("email", "")
        return initial

    def hint_for(self, name: str) -> str:
        if name == "email":
            return str(_("Give an email address or a postal address, so we can reply to you"))
        return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_email_twice(self, "email", "email_confirm")
        if not self.has_error("email") and not data.get("email") and not data.get("address"):
            self.add_error("email", msg.ENTER_EMAIL_OR_ADDRESS)
        return data

    def save(self, answers: dict[str, Any]) -> None:
        answers["rep"] = {key: self.cleaned_data.get(key, "") for key in self.KEYS}


def _check_email_twice(form: forms.Form, first: str, second: str) -> None:
    data = form.cleaned_data
    if form.has_error(first) or not data.get(first):
        return
    if form.has_error(second):
        return
    if not data.get(second):
        form.add_error(second, msg.CONFIRM_EMAIL)
    elif data[second].strip().lower() != data[first].strip().lower():
        form.add_error(second, msg.EMAILS_DIFFER)


class NameForm(StepForm):
    name = text(
        _("What is your full name?"),
        name=_("Full name"),
        max_length=limits.MAX_NAME,
        required=True,
        required_message=msg.ENTER_YOUR_NAME,
        attrs={"autocomplete": "name", "spellcheck": "false"},
    )

    def setup(self) -> None:
        if self.representative:
            field = self.fields["name"]
            field.label = _("What is the full name of the person you are complaining for?")
            field.widget.attrs["autocomplete"] = "off"
            field.error_messages["required"] = msg.ENTER_THEIR_NAME


class ConsentForm(StepForm):
    consent = radios(
        _("How will you give us their written consent?"),
        [
            (journey.CONSENT_UPLOAD, _("I have their signed consent and will upload it now")),
            (
                journey.CONSENT_LATER,
                _("We will email them a link to sign a consent declaration online"),
            ),
        ],
        msg.SELECT_CONSENT,
    )

    def hint_for(self, name: str) -> str:
        return str(
            _(
                "We need the person’s written consent before we share any of their information "
                "with you. If you do not have it, we can email them a link to a page where they "
                "agree, so we will need their email address. Until we have their consent we can "
                "only tell you that we have received the complaint."
            )
        )


class _UploadForm(StepForm):
    """A page where files are chosen: each is checked by the core's upload rules and kept for
    the journey, or refused with a message naming it."""

    purpose: ClassVar[str] = journey.FOR_EVIDENCE

    def kept(self) -> list[Mapping[str, Any]]:
        return journey.files_for(self.state, self.purpose)

    def chosen_files(self) -> list[Any]:
        files = self.files.getlist(self.field_name) if self.files else []
        return [f for f in files if getattr(f, "name", "")]

    field_name: ClassVar[str] = "files"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        good = []
        for upload in self.chosen_files():
            try:
                inspect_upload(upload)
            except UploadRefused as exc:
                self.add_error(
                    self.field_name,
                    _formatted(msg.FILE_PROBLEM, name=_display_name(upload), problem=exc.message),
                )
            else:
                good.append(upload)
        data["uploads"] = good
        return data

    def save(self, answers: dict[str, Any]) -> None:
        """The files themselves are kept by ``keep_uploads``; the answer is that the page is
        done with."""
        if self.purpose == journey.FOR_EVIDENCE:
            answers["documents_done"] = True

    def keep_uploads(self, files: list[dict[str, Any]], *, journey_id: str) -> None:
        for upload in self.cleaned_data.get("uploads", []):
            files.append(keep(upload, journey_id=journey_id, purpose=self.purpose))


def _display_name(upload: Any) -> str:
    name = str(getattr(upload, "name", "") or "").replace("\x00", "")
    return name[:80] or str(_("The selected file"))


class FilesInput(forms.FileInput):
    allow_multiple_selected = True


class ChosenFiles(forms.Field):
    """The files chosen in a file input. Each is judged by the upload rules in the form's
    ``clean``, so every refusal names its file; the field itself only collects them."""

    widget = FilesInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def clean(self, value: Any) -> list[Any]:
        files = value if isinstance(value, list | tuple) else [value]
        return [f for f in files if f]


class ConsentUploadForm(_UploadForm):
    purpose = journey.FOR_CONSENT
    field_name = "consent_file"

    consent_file = ChosenFiles(label=_("Upload their signed consent"))

    def hint_for(self, name: str) -> str:
        return str(
            _(
                "A letter or form signed by the person, saying you may complain for them. The "
                "file must be %(types)s, smaller than %(size)s."
            )
            % {"types": FILE_TYPES, "size": max_upload_size()}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.chosen_files() and not self.kept() and not self.has_error(self.field_name):
            self.add_error(self.field_name, msg.SELECT_CONSENT_FILE)
        if len(self.chosen_files()) > 1:
            self.add_error(self.field_name, msg.SELECT_CONSENT_FILE)
        return data


class DocumentsForm(_UploadForm):
    purpose = journey.FOR_EVIDENCE
    field_name = "documents"

    documents = ChosenFiles(label=_("Upload documents (optional)"))

    def hint_for(self, name: str) -> str:
        return str(
            _(
                "For example, letters, emails or photos that show what happened. You can upload "
                "up to %(max)s files. Each file must be %(types)s, smaller than %(size)s."
            )
            % {"max": journey.MAX_DOCUMENTS, "types": FILE_TYPES, "size": max_upload_size()}
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if len(self.kept()) + len(self.chosen_files()) > journey.MAX_DOCUMENTS:
            self.add_error(
                self.field_name, _formatted(msg.TOO_MANY_FILES, max=journey.MAX_DOCUMENTS)
            )
        return data


# -- what the complaint is about -----------------------------------------------------------------
class ReferenceForm(StepForm):
    reference = text(
        _("If you have a reference number from us, enter it (optional)"),
        name=_("Reference number"),
        max_length=MAX_REFERENCE,
        hint=_(
            "For example, from a letter about your case or about an earlier complaint. Leave "
            "this empty if you do not have one."
        ),
        attrs={"spellcheck": "false", "class": "govuk-input--width-20"},
    )

    def clean_reference(self) -> str:
        value = self.cleaned_data.get("reference", "")
        if not _REFERENCE.match(value):
            raise ValidationError(msg.ENTER_REFERENCE_FORMAT, code="format")
        return value


class ScopeForm(StepForm):
    answer = radios(
        _("Is your complaint about this?"),
        [
            (journey.SCOPE_YES, _("Yes")),
            (journey.SCOPE_NO, _("No")),
            (journey.SCOPE_UNSURE, _("I’m not sure")),
        ],
        msg.SELECT_SCOPE,
    )

    def __init__(self, *args: Any, code: str, **kwargs: Any) -> None:
        self.code = code
        super().__init__(*args, **kwargs)

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        stored = journey.scope_answers(State(answers))
        return {"answer": stored[self.code]} if self.code in stored else {}

    def exclusion_title(self) -> str:
        assert self.state.procedure is not None
        return self.state.procedure.exclusion(self.code).title.get(self.lang)

    def page_heading(self) -> str:
        return self.exclusion_title()

    def intro(self) -> list[str]:
        return [
            str(
                _(
                    "Our complaints procedure does not cover some things, which are dealt with "
                    "in other ways. If your complaint is about one of them, we will tell you "
                    "where to go. If you are not sure, choose “I’m not sure” and carry on."
                )
            )
        ]

    def save(self, answers: dict[str, Any]) -> None:
        scope = journey.scope_answers(State(answers))
        scope[self.code] = self.cleaned_data["answer"]
        answers["scope"] = scope
        if self.cleaned_data["answer"] != journey.SCOPE_YES:
            answers["carry_on"] = [c for c in journey.carried_on(State(answers)) if c != self.code]


class CarryOnForm(StepForm):
    """Shown the signposting, they carry on with the complaint all the same."""

    def __init__(self, *args: Any, code: str, **kwargs: Any) -> None:
        self.code = code
        super().__init__(*args, **kwargs)

    def page_title(self) -> str:
        assert self.state.procedure is not None
        return self.state.procedure.exclusion(self.code).title.get(self.lang)

    def save(self, answers: dict[str, Any]) -> None:
        done = journey.carried_on(State(answers))
        answers["carry_on"] = [*done, self.code] if self.code not in done else done


class EventDateForm(StepForm):
    event_on = DateField(
        label=_("When did it happen?"),
        name=_("the date it happened"),
        latest=TODAY,
        earliest=limits.earliest_date,
        help_text=_(
            "If it went on for a while, enter the last date. If you are not sure of the day, "
            "enter your best guess. For example, 27 3 2026"
        ),
    )

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        return _date_initial(answers, "event_on")

    def save(self, answers: dict[str, Any]) -> None:
        answers["event_on"] = self.cleaned_data["event_on"].isoformat()


class FoundOutForm(StepForm):
    found_out_on = DateField(
        label=_("When did you find out about it?"),
        name=_("the date you found out"),
        latest=TODAY,
        earliest=limits.earliest_date,
        help_text=_(
            "If you knew on the day it happened, enter the same date. For example, 27 3 2026"
        ),
    )

    def setup(self) -> None:
        if self.representative:
            self.fields["found_out_on"].label = _("When did you or they find out about it?")

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        return _date_initial(answers, "found_out_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        found_out_on = data.get("found_out_on")
        event_on = self.state.date("event_on")
        if found_out_on and self.state.procedure is not None:
            # The policy engine's judgement of the two dates, on the page where it can be fixed.
            found = complaint_fact_errors(
                procedure_id=self.state.procedure.id,
                received_on=rules.today(),
                event_on=event_on,
                found_out_on=found_out_on,
                what_went_wrong="-",
                put_right="-",
                today=rules.today(),
            )
            for message in found.get("found_out_on", []) + found.get("event_on", []):
                self.add_error("found_out_on", message)
        return data

    def save(self, answers: dict[str, Any]) -> None:
        answers["found_out_on"] = self.cleaned_data["found_out_on"].isoformat()


def _date_initial(answers: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = State(answers).date(key)
    return {key: value} if value else {}


class LateForm(StepForm):
    heading = _("Your complaint is outside our time limit")

    late_reason = text(
        _("Tell us why you did not complain sooner"),
        name=_("Why you did not complain sooner"),
        max_length=limits.MAX_LONG_TEXT,
        required=True,
        required_message=msg.ENTER_LATE_REASON,
        rows=6,
    )

    def last_day(self) -> date | None:
        event_on = self.state.date("event_on")
        if self.state.procedure is None or event_on is None:
            return None
        return complaint_time_limit(
            self.state.procedure, event_on, self.state.date("found_out_on")
        ).value

    def hint_for(self, name: str) -> str:
        return self.state.procedure.time_limit_note.get(self.lang) if self.state.procedure else ""


class WhatWentWrongForm(StepForm):
    what_went_wrong = text(
        _("What went wrong?"),
        name=_("What went wrong"),
        max_length=limits.MAX_LONG_TEXT,
        required=True,
        required_message=msg.ENTER_WHAT_WENT_WRONG,
        rows=8,
        hint=_(
            "Tell us what happened, who was involved and how it affected you. Include any dates "
            "and what you have already done about it."
        ),
    )


class PutRightForm(StepForm):
    put_right = text(
        _("What would put it right?"),
        name=_("What would put it right"),
        max_length=limits.MAX_LONG_TEXT,
        required_message=msg.ENTER_PUT_RIGHT,
        rows=6,
        hint=_("For example, an apology, an explanation, or looking at a decision again."),
    )

    def setup(self) -> None:
        field = self.fields["put_right"]
        field.required = journey.needs_put_right(self.state)
        if not field.required:
            field.label = _("What would put it right? (optional)")


class CategoriesForm(StepForm):
    categories = forms.MultipleChoiceField(
        label=_("What is your complaint about?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply. If you are not sure, leave them all unselected."),
        error_messages={"invalid_choice": msg.SELECT_CATEGORY},
    )

    def setup(self) -> None:
        procedure = self.state.procedure
        self.fields["categories"].choices = (
            [(c.code, c.title.get(self.lang)) for c in procedure.categories] if procedure else []
        )

    def save(self, answers: dict[str, Any]) -> None:
        answers["categories"] = list(self.cleaned_data["categories"])


# -- how to reach them ---------------------------------------------------------------------------
class ContactMethodForm(StepForm):
    contact_method = radios(
        _("How would you like us to contact you?"),
        [
            (ContactMethod.EMAIL, _("By email")),
            (ContactMethod.POST, _("By post")),
            (ContactMethod.PHONE, _("By phone")),
        ],
        msg.SELECT_CONTACT,
    )

    def setup(self) -> None:
        if self.representative:
            self.fields["contact_method"].label = _(
                "How should we contact the person you are complaining for?"
            )

    def hint_for(self, name: str) -> str:
        if self.representative:
            return str(
                _(
                    "We write to you about the complaint. Once we have their consent, we may "
                    "also contact them."
                )
            )
        return ""


class ContactDetailsForm(StepForm):
    email = email_field(_("Email address"))
    email_confirm = email_field(_("Confirm email address"))
    phone = phone_field(_("Phone number"))
    address = text(
        _("Postal address"),
        name=_("Postal address"),
        max_length=limits.MAX_SHORT_TEXT,
        rows=4,
        attrs={"autocomplete": "street-address"},
    )

    NEEDED: ClassVar[dict[str, tuple[str, Promise]]] = {
        ContactMethod.EMAIL: ("email", msg.ENTER_EMAIL),
        ContactMethod.POST: ("address", msg.ENTER_ADDRESS),
        ContactMethod.PHONE: ("phone", msg.ENTER_PHONE),
    }

    def page_heading(self) -> str:
        if self.representative:
            return str(_("Contact details of the person you are complaining for"))
        return str(_("Your contact details"))

    def needed(self) -> str:
        return self.NEEDED.get(self.state.answers.get("contact_method", ""), ("", ""))[0]

    def hint_for(self, name: str) -> str:
        if name == "email" and journey.consent_by_link(self.state):
            return str(_("We will email them a link to give their consent"))
        return ""

    def setup(self) -> None:
        needed = self.needed()
        for name in ("email", "phone", "address"):
            if name == "email" and journey.consent_by_link(self.state):
                continue
            if name != needed:
                self.fields[name].label = _formatted(OPTIONAL, label=self.fields[name].label)
        if self.representative:
            for name in ("email", "email_confirm"):
                self.fields[name].widget.attrs["autocomplete"] = "off"
            self.fields["phone"].widget.attrs["autocomplete"] = "off"
            self.fields["address"].widget.attrs["autocomplete"] = "off"

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        initial = {key: answers[key] for key in ("email", "phone", "address") if key in answers}
        initial["email_confirm"] = initial.get("email", "")
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        needed, message = self.NEEDED.get(self.state.answers.get("contact_method", ""), ("", ""))
        if needed and not self.has_error(needed) and not data.get(needed):
            self.add_error(needed, message)
        if (
            journey.consent_by_link(self.state)
            and needed != "email"
            and not self.has_error("email")
            and not data.get("email")
        ):
            self.add_error("email", msg.ENTER_THEIR_EMAIL_FOR_CONSENT)
        _check_email_twice(self, "email", "email_confirm")
        return data

    def save(self, answers: dict[str, Any]) -> None:
        for key in ("email", "phone", "address"):
            answers[key] = self.cleaned_data.get(key, "")
        answers["contact"] = True


class AdjustmentsForm(StepForm):
    adjustments = forms.MultipleChoiceField(
        label=_("Do you need us to change how we communicate with you?"),
        required=False,
        choices=Adjustment.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For example, letters in large print, Braille or easy read. Select all that apply, "
            "or none if you do not need any changes."
        ),
        error_messages={"invalid_choice": msg.SELECT_ADJUSTMENT},
    )
    adjustments_detail = text(
        _("Tell us more about what you need (optional)"),
        name=_("What you need"),
        max_length=limits.MAX_SHORT_TEXT,
        rows=3,
        hint=_("For example, which language, or the way you want us to contact you"),
    )

    NEED_DETAIL: ClassVar[frozenset[str]] = frozenset(
        {Adjustment.OTHER_LANGUAGE, Adjustment.CONTACT_METHOD, Adjustment.OTHER}
    )

    def setup(self) -> None:
        if self.representative:
            self.fields["adjustments"].label = _(
                "Does the person you are complaining for need us to change how we communicate?"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = set(data.get("adjustments") or [])
        needs_detail = bool(chosen & self.NEED_DETAIL)
        if (
            needs_detail
            and not data.get("adjustments_detail")
            and not self.has_error("adjustments_detail")
        ):
            self.add_error("adjustments_detail", msg.ENTER_ADJUSTMENT_DETAIL)
        return data

    def save(self, answers: dict[str, Any]) -> None:
        answers["adjustments"] = list(self.cleaned_data["adjustments"])
        answers["adjustments_detail"] = self.cleaned_data["adjustments_detail"]


class LanguageForm(StepForm):
    language = radios(
        _("Which language should we write to you in?"),
        [("en", "English"), ("cy", "Cymraeg")],
        msg.SELECT_LANGUAGE,
    )

    def initial_from(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        return {"language": answers.get("language", self.lang)}


class CheckForm(forms.Form):
    """Sending the answers. ``website`` is a trap for robots: hidden from people, and from
    assistive technology, so only a program filling every box fills it."""

    website = forms.CharField(required=False, max_length=200)

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


#: The form for each question page.
FORMS: dict[str, type[StepForm]] = {
    "procedure": ProcedureForm,
    "who": WhoForm,
    "your-details": RepresentativeForm,
    "name": NameForm,
    "consent": ConsentForm,
    "consent-upload": ConsentUploadForm,
    "reference": ReferenceForm,
    "when": EventDateForm,
    "found-out": FoundOutForm,
    "late": LateForm,
    "what-went-wrong": WhatWentWrongForm,
    "put-right": PutRightForm,
    "about": CategoriesForm,
    "documents": DocumentsForm,
    "contact-method": ContactMethodForm,
    "contact-details": ContactDetailsForm,
    "adjustments": AdjustmentsForm,
    "language": LanguageForm,
}
