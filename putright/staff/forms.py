"""Staff forms: the work queue filters, recording a complaint, and one form per case action.

Forms parse what was typed into Python values and check its shape (a real date, a number, a
choice from the list). The procedure's rules (a reason is needed, the reviewer is independent…)
stay in the actions and the service, which report them against the same field names.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from putright.accounts.models import Role, StaffUser
from putright.cases import messages as msg
from putright.cases import rules
from putright.cases.actions import CaseAction
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
from putright.common.dates import DateField
from putright.policy import FINDING_ANSWERS, Procedure

#: Roles that work on cases, and so can be given a case, review a stage or own an action.
CASE_ROLES = (Role.CASEWORKER, Role.REVIEWER, Role.BUSINESS_ASSURANCE, Role.COMPLAINTS_MANAGER)


def lang() -> str:
    return "cy" if (get_language() or "en").startswith("cy") else "en"


def textarea(label: str | Promise, *, required: bool = False, hint: str | Promise = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


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
        help_text=_("For example, 27 3 2026"),
    )
    event_on = DateField(
        label=_("Date it happened (optional)"),
        name=_("the date it happened"),
        required=False,
        help_text=_("The event or outcome they are complaining about"),
    )
    found_out_on = DateField(
        label=_("Date they found out (optional)"),
        name=_("the date they found out"),
        required=False,
        help_text=_("Only if they found out after it happened"),
    )
    what_went_wrong = forms.CharField(
        label=_("What went wrong"),
        help_text=_("In the complainant’s words"),
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
        label=_("Full name"), max_length=200, error_messages={"required": msg.ENTER_FULL_NAME}
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        error_messages={"invalid": msg.ENTER_EMAIL_FORMAT},
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(label=_("Phone number (optional)"), required=False, max_length=40)
    address = forms.CharField(
        label=_("Postal address (optional)"),
        required=False,
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
    )
    rep_full_name = forms.CharField(
        label=_("Representative’s full name"), required=False, max_length=200
    )
    rep_organisation = forms.CharField(
        label=_("Organisation (optional)"), required=False, max_length=200
    )
    rep_relationship = forms.CharField(
        label=_("Relationship to the complainant (optional)"), required=False, max_length=120
    )
    rep_email = forms.EmailField(
        label=_("Representative’s email address (optional)"),
        required=False,
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

    def __init__(self, *args: Any, procedures: list[Procedure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language = lang()
        self.procedures = {p.id: p for p in procedures}
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

    def category_codes(self) -> list[str]:
        return [value.split(":", 1)[1] for value in self.cleaned_data.get("categories") or []]

    def has_representative(self) -> bool:
        return bool((self.cleaned_data.get("rep_full_name") or "").strip())


# -- one form per action -----------------------------------------------------------------------
class ActionForm(forms.Form):
    """The base of every action form: carries the case version the person saw.

    ``action_data()`` returns the dict an action's ``run()`` takes.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    submit_label: ClassVar[str | Promise] = _("Continue")

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
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ConfirmForm(ActionForm):
    """An action with nothing to enter: the person confirms."""

    submit_label = _("Confirm")


class AcceptLateForm(ActionForm):
    reason = textarea(_("Why is the late complaint being accepted?"))
    submit_label = _("Accept the complaint")


class CloseOutOfScopeForm(ActionForm):
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
        help_text=_("Leave blank for today. The response target runs from this date."),
    )
    submit_label = _("Record consent")

    def setup(self) -> None:
        field = self.fields["attachment"]
        field.queryset = self.action.complaint.attachments.all()  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: a.original_name  # type: ignore[attr-defined]


class RevokeConsentForm(ActionForm):
    reason = textarea(_("How did the person withdraw their consent?"))
    revoked_on = DateField(
        label=_("Date consent was withdrawn (optional)"),
        name=_("the date consent was withdrawn"),
        required=False,
    )
    submit_label = _("Record the withdrawal")


class AcknowledgeForm(ActionForm):
    sent_on = DateField(
        label=_("Date the acknowledgement was sent (optional)"),
        name=_("the date the acknowledgement was sent"),
        required=False,
        help_text=_("Leave blank for today"),
    )
    submit_label = _("Record acknowledgement")


class AssignCaseForm(ActionForm):
    assignee = staff_field(_("Who will work on the case?"))
    submit_label = _("Assign the case")


class AssignReviewerForm(ActionForm):
    reviewer = staff_field(
        _("Reviewer"),
        hint=_("Not anyone who handled the original matter or an earlier stage of this complaint"),
    )
    seniority_reason = textarea(
        _("If the reviewer is not more senior than the original caseworker, why?"),
        hint=_("Only needed when no more senior reviewer can take it"),
    )
    submit_label = _("Assign the reviewer")


class ResolveAtFrontlineForm(ActionForm):
    action_taken = textarea(
        _("What was done to resolve the complaint?"),
        hint=_("For example, an apology and explanation, or the action taken straight away"),
    )
    submit_label = _("Record frontline resolution")


FINDING_LABELS = msg.FINDING_LABELS


class RespondForm(ActionForm):
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
        data["findings"] = findings
        return data


class ExtendForm(ActionForm):
    new_due_on = DateField(label=_("New due date"), name=_("the new due date"))
    reason = textarea(
        _("Why does the extension make resolution more likely?"),
        hint=_("The complainant is told the new date and the reason"),
    )
    submit_label = _("Extend the deadline")


class EscalateForm(ActionForm):
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
        max_digits=10,
        decimal_places=2,
        help_text=_("Only for a payment"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "invalid": msg.ENTER_AMOUNT_FORMAT,
            "max_digits": msg.ENTER_AMOUNT_FORMAT,
            "max_decimal_places": msg.ENTER_AMOUNT_FORMAT,
            "max_whole_digits": msg.ENTER_AMOUNT_FORMAT,
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
    summary = textarea(_("What was learnt?"))
    action = textarea(_("What will be done so it does not happen again?"))
    owner = staff_field(_("Who owns the action?"))
    due_on = DateField(label=_("Date the action is due"), name=_("the date the action is due"))
    submit_label = _("Record the lesson")


class CompleteLessonActionForm(ActionForm):
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
    text = textarea(_("Note"), hint=_("Internal: the complainant never sees notes"))
    submit_label = _("Add the note")


class AddAttachmentForm(ActionForm):
    file = forms.FileField(
        label=_("Upload a file"),
        required=False,
        help_text=_("A PDF, JPG, PNG, Word document or plain text file, smaller than 10MB"),
    )
    description = forms.CharField(label=_("Description (optional)"), required=False, max_length=200)
    submit_label = _("Add the document")


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "accept": ConfirmForm,
    "accept-late": AcceptLateForm,
    "hold-for-consent": ConfirmForm,
    "record-consent": RecordConsentForm,
    "revoke-consent": RevokeConsentForm,
    "close-out-of-scope": CloseOutOfScopeForm,
    "acknowledge": AcknowledgeForm,
    "assign": AssignCaseForm,
    "assign-reviewer": AssignReviewerForm,
    "resolve-frontline": ResolveAtFrontlineForm,
    "respond": RespondForm,
    "extend": ExtendForm,
    "escalate": EscalateForm,
    "close-not-escalated": ConfirmForm,
    "propose-remedy": ProposeRemedyForm,
    "decide-remedy": DecideRemedyForm,
    "add-lesson": AddLessonForm,
    "complete-lesson-action": CompleteLessonActionForm,
    "add-note": AddNoteForm,
    "add-attachment": AddAttachmentForm,
}


#: A sentence above each form saying what the action does.
ACTION_INTROS: dict[str, str | Promise] = {
    "accept": _("This starts the first stage of the procedure and its response target."),
    "accept-late": _(
        "The complaint reached us after the procedure’s time limit. Record why it is being "
        "accepted; the first stage then starts."
    ),
    "hold-for-consent": _(
        "The case waits until the person’s written consent for their representative arrives. "
        "A consent request is to be sent."
    ),
    "record-consent": _("The response target runs from the day the consent arrived."),
    "close-out-of-scope": _("The complainant is sent the signposting for the reason chosen."),
    "assign-reviewer": _(
        "The procedure’s reviewer rule is checked: independence, the team the stage needs, "
        "and seniority."
    ),
    "respond": _(
        "The response is sent to the complainant. A final stage’s response closes the case."
    ),
    "extend": _("Only where extending makes resolution more likely. The complainant is told."),
    "close-not-escalated": _(
        "The window to ask for the next stage has passed without a request. The case closes."
    ),
    "propose-remedy": _(
        "A payment needs an amount, a justification, and approval by someone else."
    ),
}


def form_class_for(key: str) -> type[ActionForm]:
    return ACTION_FORMS.get(key, ConfirmForm)
