"""Staff forms: the work queue filters, recording a complaint, and one form per case action.

Forms parse what was typed into Python values and check its shape (a real date, a number, a
choice from the list). The procedure's rules (a reason is needed, the reviewer is independent…)
stay in the actions and the service, which report them against the same field names.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils.functional import Promise, lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from putright.accounts.models import Role, StaffUser
from putright.cases import limits, rules
from putright.cases import messages as msg
from putright.cases.actions import CaseAction
from putright.cases.actions.assignment import eligible_reviewers
from putright.cases.actions.triage import SCOPE_ANSWERS
from putright.cases.models import (
    Adjustment,
    Channel,
    ContactMethod,
    LessonAction,
    Outcome,
    Remedy,
    RemedyStatus,
    Status,
)
from putright.cases.selectors import QUEUE_VIEWS
from putright.cases.services import complaint_fact_errors
from putright.common.dates import DateField, Today
from putright.policy import FINDING_ANSWERS, Procedure

#: Roles that work on cases, and so can be given a case, review a stage or own an action.
CASE_ROLES = (Role.CASEWORKER, Role.REVIEWER, Role.BUSINESS_ASSURANCE, Role.COMPLAINTS_MANAGER)


def lang() -> str:
    return "cy" if (get_language() or "en").startswith("cy") else "en"


def textarea(
    label: str | Promise,
    *,
    required: bool = False,
    hint: str | Promise = "",
    max_length: int = limits.MAX_LONG_TEXT,
) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


#: "Today" as the case lifecycle reads it (``rules.today()``), for dates that cannot be later.
TODAY = Today(lambda: rules.today())


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffUser) -> str:
        team = obj.team.name if obj.team_id else _("no team")
        return f"{obj.display_name} ({team}, {obj.get_role_display()}, grade {obj.grade})"


def case_staff() -> QuerySet[StaffUser]:
    return (
        StaffUser.objects.filter(is_active=True, role__in=CASE_ROLES)
        .select_related("team")
        .order_by("last_name", "first_name", "username")
    )


def staff_field(label: str | Promise, *, hint: str | Promise = "") -> StaffChoiceField:
    return StaffChoiceField(
        queryset=case_staff(),
        label=label,
        help_text=hint,
        required=False,
        empty_label=_("Select a person"),
        error_messages={"invalid_choice": msg.SELECT_FROM_LIST},
    )


# -- the work queue ----------------------------------------------------------------------------
class QueueFilterForm(forms.Form):
    """The filters and search above the work queue (a GET form; everything optional)."""

    view = forms.ChoiceField(
        choices=list(QUEUE_VIEWS.items()), required=False, widget=forms.HiddenInput
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Reference, name, email address or words from the complaint"),
    )
    procedure = forms.ChoiceField(label=_("Procedure"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False)

    def __init__(self, *args: Any, procedures: list[Procedure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = lang()
        anything = [("", _("Any"))]
        self.fields["procedure"].choices = anything + [
            (p.id, p.title.get(language)) for p in procedures
        ]
        stages: dict[str, str] = {}
        categories: dict[str, str] = {}
        for p in procedures:
            for s in p.stages:
                stages.setdefault(s.key, s.title.get(language))
            for c in p.categories:
                categories.setdefault(c.code, c.title.get(language))
        self.fields["stage"].choices = anything + list(stages.items())
        self.fields["category"].choices = anything + list(categories.items())
        self.fields["status"].choices = anything + [
            (value, label) for value, label in Status.choices if value != Status.CLOSED
        ]
        self.fields["channel"].choices = anything + list(Channel.choices)


# -- recording a complaint ---------------------------------------------------------------------
class RecordComplaintForm(forms.Form):
    """A complaint that arrived by phone, letter, email or in person. Field names follow the
    keys of the errors ``services.complaint_create`` reports."""

    procedure_id = forms.ChoiceField(
        label=_("Procedure"),
        widget=forms.RadioSelect,
        error_messages={"required": msg.SELECT_PROCEDURE, "invalid_choice": msg.SELECT_PROCEDURE},
    )
    channel = forms.ChoiceField(
        label=_("How did the complaint arrive?"),
        widget=forms.RadioSelect,
        choices=[(v, label) for v, label in Channel.choices if v != Channel.WEB],
        error_messages={"required": msg.SELECT_CHANNEL, "invalid_choice": msg.SELECT_CHANNEL},
    )
    received_on = DateField(
        label=_("Date we received it"),
        name=_("the date we received it"),
        latest=TODAY,
        help_text=_("For example, 27 3 2026"),
    )
    event_on = DateField(
        label=_("Date it happened (optional)"),
        name=_("the date it happened"),
        required=False,
        latest=TODAY,
        help_text=_("The event or outcome they are complaining about"),
    )
    found_out_on = DateField(
        label=_("Date they found out (optional)"),
        name=_("the date they found out"),
        required=False,
        latest=TODAY,
        help_text=_("Only if they found out after it happened"),
    )
    what_went_wrong = forms.CharField(
        label=_("What went wrong"),
        help_text=_("In the complainant’s words"),
        max_length=limits.MAX_LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": msg.ENTER_WHAT_WENT_WRONG},
    )
    put_right = textarea(_("What would put it right"))
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply, from the procedure chosen above"),
        error_messages={"invalid_choice": msg.UNKNOWN_CATEGORY},
    )
    original_reference = forms.CharField(
        label=_("Original case reference (optional)"), required=False, max_length=60
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=limits.MAX_NAME,
        error_messages={"required": msg.ENTER_FULL_NAME},
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        max_length=254,
        error_messages={"invalid": msg.ENTER_EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(label=_("Phone number (optional)"), required=False, max_length=40)
    address = forms.CharField(
        label=_("Postal address (optional)"),
        required=False,
        max_length=limits.MAX_SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    preferred_contact = forms.ChoiceField(
        label=_("How do they prefer to be contacted?"),
        widget=forms.RadioSelect,
        choices=ContactMethod.choices,
        error_messages={"required": msg.SELECT_CONTACT, "invalid_choice": msg.SELECT_CONTACT},
    )
    language = forms.ChoiceField(
        label=_("Which language should we use?"),
        widget=forms.RadioSelect,
        choices=settings.LANGUAGES,
        initial="en",
        error_messages={"required": msg.SELECT_LANGUAGE, "invalid_choice": msg.SELECT_LANGUAGE},
    )
    adjustments = forms.MultipleChoiceField(
        label=_("Reasonable adjustments"),
        required=False,
        choices=Adjustment.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that they need. We honour them in every letter and contact."),
        error_messages={"invalid_choice": msg.SELECT_FROM_LIST},
    )
    adjustments_detail = textarea(
        _("Details of the adjustments (optional)"),
        hint=_("For example, which language, or the contact method to use"),
        max_length=limits.MAX_SHORT_TEXT,
    )
    rep_full_name = forms.CharField(
        label=_("Representative’s full name"), required=False, max_length=limits.MAX_NAME
    )
    rep_organisation = forms.CharField(
        label=_("Organisation (optional)"), required=False, max_length=limits.MAX_NAME
    )
    rep_relationship = forms.CharField(
        label=_("Relationship to the complainant (optional)"), required=False, max_length=120
    )
    rep_email = forms.EmailField(
        label=_("Representative’s email address (optional)"),
        required=False,
        max_length=254,
        error_messages={"invalid": msg.ENTER_EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    rep_phone = forms.CharField(
        label=_("Representative’s phone number (optional)"), required=False, max_length=40
    )
    document = forms.FileField(
        label=_("Upload a document (optional)"),
        required=False,
        help_text=_("A PDF, JPG, PNG, Word document or plain text file, smaller than 10MB"),
    )

    REPRESENTATIVE_FIELDS: ClassVar[tuple[str, ...]] = (
        "rep_full_name",
        "rep_organisation",
        "rep_relationship",
        "rep_email",
        "rep_phone",
    )

    original_handler = staff_field(
        _("Who handled the matter complained about? (optional)"),
        hint=_("They will not be offered as the reviewer of this complaint"),
    )
    #: Set once when the form is first shown, so a replayed submission records nothing twice.
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, procedures: list[Procedure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = lang()
        self.procedures = {p.id: p for p in procedures}
        if not self.is_bound:
            self.initial.setdefault("submission_key", secrets.token_hex(16))
        several_offered = len(procedures) > 1
        for p in procedures:
            for exclusion in p.exclusions:
                question = msg.SCOPE_QUESTION % {"exclusion": exclusion.title.get(language)}
                self.fields[f"scope__{p.id}__{exclusion.code}"] = forms.ChoiceField(
                    label=f"{question} ({p.title.get(language)})" if several_offered else question,
                    widget=forms.RadioSelect,
                    required=False,
                    choices=SCOPE_CHOICES,
                    error_messages={"invalid_choice": msg.SELECT_FROM_LIST},
                )
        self.fields["procedure_id"].choices = [(p.id, p.title.get(language)) for p in procedures]
        if len(procedures) == 1:
            self.fields["procedure_id"].initial = procedures[0].id
        several = len(procedures) > 1
        self.fields["categories"].choices = [
            (
                f"{p.id}:{c.code}",
                f"{c.title.get(language)} ({p.title.get(language)})"
                if several
                else c.title.get(language),
            )
            for p in procedures
            for c in p.categories
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = data.get("procedure_id")
        picked = data.get("categories") or []
        if chosen and any(value.split(":", 1)[0] != chosen for value in picked):
            self.add_error("categories", msg.CATEGORY_OTHER_PROCEDURE)
        if chosen and data.get("received_on") and not self.has_error("received_on"):
            # The policy engine's judgement of the dates, now, alongside the other errors.
            found = complaint_fact_errors(
                procedure_id=chosen,
                received_on=data["received_on"],
                event_on=data.get("event_on"),
                found_out_on=data.get("found_out_on"),
                what_went_wrong=data.get("what_went_wrong") or "",
                put_right=data.get("put_right") or "",
                today=rules.today(),
            )
            for name, messages in found.items():
                if name in self.fields and not self.has_error(name):
                    for message in messages:
                        self.add_error(name, message)
        if (
            any(data.get(name) for name in self.REPRESENTATIVE_FIELDS)
            and not (data.get("rep_full_name") or "").strip()
        ):
            self.add_error("rep_full_name", msg.REPRESENTATIVE_NEEDS_NAME)
        return data

    def scope_answers(self) -> dict[str, bool | None]:
        """The answers to the chosen procedure's scope questions, as the engine reads them."""
        prefix = f"scope__{self.cleaned_data.get('procedure_id')}__"
        return {
            name.removeprefix(prefix): SCOPE_ANSWERS[value]
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix) and value in SCOPE_ANSWERS
        }

    def scope_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("scope__")]

    def category_codes(self) -> list[str]:
        return [value.split(":", 1)[1] for value in self.cleaned_data.get("categories") or []]

    def has_representative(self) -> bool:
        return bool((self.cleaned_data.get("rep_full_name") or "").strip())


# -- one form per action -----------------------------------------------------------------------
class ActionForm(forms.Form):
    """The base of every action form: carries the case version the person saw.

    Each subclass names the actions it is the form for (``for_actions``); ``action_data()``
    maps what was entered onto the action's typed ``Input`` (a chosen person, remedy or document
    becomes its id), and the action checks it all again against the case.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    submit_label: ClassVar[str | Promise] = _("Continue")
    for_actions: ClassVar[tuple[str, ...]] = ()
    registry: ClassVar[dict[str, type[ActionForm]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for key in cls.__dict__.get("for_actions", ()):
            ActionForm.registry[key] = cls

    def __init__(self, *args: Any, action: CaseAction, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("version", action.complaint.version)
        super().__init__(*args, **kwargs)
        self.action = action
        self.language = lang()
        self.setup()

    @property
    def procedure(self) -> Procedure:
        return self.action.procedure

    def setup(self) -> None:
        """Add choices that depend on the case and its pinned procedure."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.has_error("version"):  # the hidden field: say so in words the summary shows
            self.add_error(None, msg.CASE_CHANGED)
        return data

    def action_data(self) -> dict[str, Any]:
        """What was entered, as the mapping the action's ``Input`` takes."""
        return {
            name: value.pk if isinstance(value, Model) else value
            for name, value in self.cleaned_data.items()
            if name != "version"
        }


class ConfirmForm(ActionForm):
    """An action with nothing to enter: the person confirms."""

    for_actions = ("accept", "hold-for-consent", "close-not-escalated")

    submit_label = _("Confirm")


class AcceptLateForm(ActionForm):
    for_actions = ("accept-late",)
    reason = textarea(_("Why is the late complaint being accepted?"))
    submit_label = _("Accept the complaint")


class CloseOutOfScopeForm(ActionForm):
    for_actions = ("close-out-of-scope",)
    code = forms.ChoiceField(
        label=_("Why is the complaint not covered?"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": msg.SCOPE_UNKNOWN_CODE},
    )
    reason = textarea(
        _("Reason for closing"), hint=_("This is recorded on the case and in the audit trail")
    )
    submit_label = _("Close the complaint")

    def setup(self) -> None:
        self.fields["code"].choices = [
            (e.code, e.title.get(self.language)) for e in self.procedure.exclusions
        ]


class RecordConsentForm(ActionForm):
    for_actions = ("record-consent",)
    scope = textarea(_("What has the person agreed the representative can do?"))
    declaration = textarea(
        _("Signed declaration"),
        hint=_("Type the declaration as signed, or select an uploaded document below"),
    )
    attachment = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        label=_("Signed consent document (optional)"),
        required=False,
        empty_label=_("No document"),
        help_text=_("Add the document to the case first if it is not listed"),
        error_messages={"invalid_choice": msg.SELECT_FROM_LIST},
    )
    given_on = DateField(
        label=_("Date consent was given (optional)"),
        name=_("the date consent was given"),
        required=False,
        latest=TODAY,
    )
    expires_on = DateField(
        label=_("Date consent expires (optional)"),
        name=_("the date consent expires"),
        required=False,
    )
    received_on = DateField(
        label=_("Date we received the consent (optional)"),
        name=_("the date we received the consent"),
        required=False,
        latest=TODAY,
        help_text=_("Leave blank for today. The response target runs from this date."),
    )
    submit_label = _("Record consent")

    def setup(self) -> None:
        field = self.fields["attachment"]
        field.queryset = self.action.complaint.attachments.all()  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: a.original_name  # type: ignore[attr-defined]


class RevokeConsentForm(ActionForm):
    for_actions = ("revoke-consent",)
    reason = textarea(_("How did the person withdraw their consent?"))
    revoked_on = DateField(
        label=_("Date consent was withdrawn (optional)"),
        name=_("the date consent was withdrawn"),
        required=False,
        latest=TODAY,
    )
    submit_label = _("Record the withdrawal")


class AcknowledgeForm(ActionForm):
    for_actions = ("acknowledge",)
    sent_on = DateField(
        label=_("Date the acknowledgement was sent (optional)"),
        name=_("the date the acknowledgement was sent"),
        required=False,
        help_text=_("Leave blank for today"),
    )
    submit_label = _("Record acknowledgement")


class AssignCaseForm(ActionForm):
    for_actions = ("assign",)
    assignee = staff_field(_("Who will work on the case?"))
    submit_label = _("Assign the case")


class AssignReviewerForm(ActionForm):
    for_actions = ("assign-reviewer",)
    reviewer = staff_field(
        _("Reviewer"),
        hint=_("Not anyone who handled the original matter or an earlier stage of this complaint"),
    )
    seniority_reason = textarea(
        _("If the reviewer is not more senior than the original caseworker, why?"),
        hint=_("Only needed when no more senior reviewer can take it"),
    )
    submit_label = _("Assign the reviewer")

    def setup(self) -> None:
        # Offer only the people the stage's reviewer rule allows; the action checks again.
        if self.action.current_stage is None:
            return
        field = self.fields["reviewer"]
        allowed = eligible_reviewers(self.action, case_staff())
        field.queryset = case_staff().filter(pk__in=[p.pk for p in allowed])  # type: ignore[attr-defined]


class ResolveAtFrontlineForm(ActionForm):
    for_actions = ("resolve-frontline",)
    action_taken = textarea(
        _("What was done to resolve the complaint?"),
        hint=_("For example, an apology and explanation, or the action taken straight away"),
    )
    submit_label = _("Record frontline resolution")


FINDING_LABELS = msg.FINDING_LABELS


class RespondForm(ActionForm):
    for_actions = ("respond",)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": msg.RESPONSE_NEEDS_OUTCOME},
    )
    conclusions = textarea(_("Conclusions of the review"))
    reasons = textarea(_("Reasons for the outcome"))
    submit_label = _("Record the response")

    def setup(self) -> None:
        self.fields["outcome"].choices = [
            (o.code, o.title.get(self.language))
            for o in self.procedure.outcomes
            if o.code != Outcome.RESOLVED_AT_FRONTLINE
        ]
        stage = self.action.current_stage
        if stage is None:
            return
        for question in self.procedure.stage(stage.stage_key).findings:
            self.fields[f"finding_{question.code}"] = forms.ChoiceField(
                label=question.text.get(self.language),
                widget=forms.RadioSelect,
                required=False,
                choices=[(answer, FINDING_LABELS[answer]) for answer in FINDING_ANSWERS],
                error_messages={"invalid_choice": msg.SELECT_FROM_LIST},
            )

    def action_data(self) -> dict[str, Any]:
        data = super().action_data()
        findings = {
            name.removeprefix("finding_"): data.pop(name)
            for name in list(data)
            if name.startswith("finding_")
        }
        data["findings"] = {code: answer for code, answer in findings.items() if answer}
        return data


class ExtendForm(ActionForm):
    for_actions = ("extend",)
    new_due_on = DateField(label=_("New due date"), name=_("the new due date"))
    reason = textarea(
        _("Why does the extension make resolution more likely?"),
        hint=_("The complainant is told the new date and the reason"),
    )
    submit_label = _("Extend the deadline")


class EscalateForm(ActionForm):
    for_actions = ("escalate",)
    requested_on = DateField(
        label=_("Date they asked for the next stage (optional)"),
        name=_("the date they asked"),
        required=False,
        help_text=_("Leave blank for today"),
    )
    reason = textarea(_("Why are they unhappy with the response? (optional)"))
    late_reason = textarea(
        _("If the request is late, why should it be accepted?"),
        hint=_("Only needed after the last day to ask"),
    )
    submit_label = _("Record the request")


class ProposeRemedyForm(ActionForm):
    for_actions = ("propose-remedy",)
    remedy_type = forms.ChoiceField(
        label=_("Remedy"),
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": msg.REMEDY_UNKNOWN},
    )
    reason = textarea(_("Reason for this remedy"))
    amount = forms.DecimalField(
        label=_("Amount in pounds (£)"),
        required=False,
        # No max_digits: max_value (below 100,000,000, checked in the settings) keeps the amount
        # within the column's 10 digits, and a second check would give a second message.
        decimal_places=2,
        max_value=limits.max_payment,
        help_text=_("Only for a payment"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "max_value": lazy(limits.payment_too_large, str)(),
            "invalid": msg.ENTER_AMOUNT_FORMAT,
            "max_decimal_places": msg.ENTER_AMOUNT_FORMAT,
        },
    )
    justification = textarea(
        _("Hardship or injustice that justifies a payment"), hint=_("Only for a payment")
    )
    submit_label = _("Propose the remedy")

    def setup(self) -> None:
        self.fields["remedy_type"].choices = [
            (r.code, r.title.get(self.language)) for r in self.procedure.remedies
        ]
        self.fields["amount"].widget.attrs["class"] = "govuk-input--width-10"


class DecideRemedyForm(ActionForm):
    for_actions = ("decide-remedy",)
    remedy = forms.ModelChoiceField(
        queryset=Remedy.objects.none(),
        label=_("Remedy"),
        widget=forms.RadioSelect,
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": msg.REMEDY_UNKNOWN},
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        required=False,
        error_messages={"invalid_choice": msg.SELECT_DECISION},
    )
    submit_label = _("Record the decision")

    def setup(self) -> None:
        field = self.fields["remedy"]
        field.queryset = self.action.complaint.remedies.filter(  # type: ignore[attr-defined]
            status=RemedyStatus.PROPOSED
        )
        titles = {r.code: r.title.get(self.language) for r in self.procedure.remedies}
        field.label_from_instance = lambda r: (  # type: ignore[method-assign]
            f"{titles.get(r.remedy_type, r.remedy_type)}"
            + (f" (£{r.amount})" if r.amount else "")
            + f": {r.reason}"
        )


class AddLessonForm(ActionForm):
    for_actions = ("add-lesson",)
    summary = textarea(_("What was learnt?"))
    action = textarea(_("What will be done so it does not happen again?"))
    owner = staff_field(_("Who owns the action?"))
    due_on = DateField(label=_("Date the action is due"), name=_("the date the action is due"))
    submit_label = _("Record the lesson")


class CompleteLessonActionForm(ActionForm):
    for_actions = ("complete-lesson-action",)
    item = forms.ModelChoiceField(
        queryset=LessonAction.objects.none(),
        label=_("Which action is done?"),
        widget=forms.RadioSelect,
        required=False,
        empty_label=None,
        error_messages={"invalid_choice": msg.SELECT_FROM_LIST},
    )
    submit_label = _("Mark as done")

    def setup(self) -> None:
        field = self.fields["item"]
        field.queryset = LessonAction.objects.filter(  # type: ignore[attr-defined]
            lesson__complaint=self.action.complaint, done_on__isnull=True
        ).select_related("lesson")
        field.label_from_instance = lambda a: a.description  # type: ignore[attr-defined]


class AddNoteForm(ActionForm):
    for_actions = ("add-note",)
    text = textarea(_("Note"), hint=_("Internal: the complainant never sees notes"))
    submit_label = _("Add the note")


class AddAttachmentForm(ActionForm):
    for_actions = ("add-attachment",)
    file = forms.FileField(
        label=_("Upload a file"),
        required=False,
        help_text=_("A PDF, JPG, PNG, Word document or plain text file, smaller than 10MB"),
    )
    description = forms.CharField(label=_("Description (optional)"), required=False, max_length=200)
    submit_label = _("Add the document")


class AmendDetailsForm(ActionForm):
    for_actions = ("amend-details",)
    what_went_wrong = textarea(_("What went wrong?"))
    put_right = textarea(_("What would put it right?"))
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": msg.SELECT_FROM_LIST},
    )
    submit_label = _("Save the details")

    def setup(self) -> None:
        complaint = self.action.complaint
        self.fields["categories"].choices = [
            (c.code, c.title.get(self.language)) for c in self.procedure.categories
        ]
        if not self.procedure.categories:
            del self.fields["categories"]
        for exclusion in self.procedure.exclusions:
            self.fields[f"scope_{exclusion.code}"] = forms.ChoiceField(
                label=msg.SCOPE_QUESTION % {"exclusion": exclusion.title.get(self.language)},
                widget=forms.RadioSelect,
                required=False,
                choices=SCOPE_CHOICES,
                error_messages={"invalid_choice": msg.SELECT_FROM_LIST},
            )
        if not self.is_bound:
            answers = {v: k for k, v in SCOPE_ANSWERS.items()}
            self.initial.update(
                {
                    "what_went_wrong": complaint.what_went_wrong,
                    "put_right": complaint.put_right,
                    "categories": [c.code for c in complaint.categories.all()],
                    **{
                        f"scope_{code}": answers.get(value, "unsure")
                        for code, value in (complaint.scope_answers or {}).items()
                    },
                }
            )

    def action_data(self) -> dict[str, Any]:
        data = super().action_data()
        data["scope_answers"] = {
            name.removeprefix("scope_"): data.pop(name)
            for name in list(data)
            if name.startswith("scope_") and data[name]
        }
        for name in [n for n in data if n.startswith("scope_") and n != "scope_answers"]:
            data.pop(name)
        data["categories"] = tuple(data.get("categories") or ())
        return data


#: How staff answer a scope question about an exclusion.
SCOPE_CHOICES = [("no", _("No")), ("yes", _("Yes")), ("unsure", _("Not sure"))]


class WithdrawForm(ActionForm):
    for_actions = ("withdraw",)
    reason = textarea(_("How did the complainant withdraw it? (optional)"))
    confirm = forms.BooleanField(
        label=_("The complainant has asked to withdraw the complaint"), required=False
    )
    submit_label = _("Record the withdrawal")


class AddInformationForm(ActionForm):
    for_actions = ("add-information",)
    text = textarea(_("What did the complainant add?"))
    submit_label = _("Add the information")

    def action_data(self) -> dict[str, Any]:
        return {**super().action_data(), "files": ()}


def form_class_for(key: str) -> type[ActionForm]:
    return ActionForm.registry.get(key, ConfirmForm)
