"""The complaint record. Only ``putright.cases.services`` and the actions write these."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from putright.accounts.models import Team


class OrganisationSettings(models.Model):
    """One row: what this organisation offers. Branding defaults come from the environment."""

    name = models.CharField(max_length=200)
    name_cy = models.CharField(max_length=200, blank=True)
    division = models.CharField(max_length=32, default="england-and-wales")
    procedures = models.JSONField(
        default=list, help_text=_("Procedure ids offered, in the order the public sees them.")
    )
    default_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    closures = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Extra closure days: {'2026-12-24': 'Office closed'}."),
    )
    bilingual_letters = models.BooleanField(
        default=False, help_text=_("Write every letter in Welsh and English, Welsh first.")
    )

    class Meta:
        verbose_name_plural = "organisation settings"

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in-person", _("In person")


class Adjustment(models.TextChoices):
    LARGE_PRINT = "large-print", _("Large print")
    BRAILLE = "braille", _("Braille")
    EASY_READ = "easy-read", _("Easy read")
    OTHER_LANGUAGE = "other-language", _("Another language")
    BSL = "bsl", _("British Sign Language")
    CONTACT_METHOD = "contact-method", _("A named contact method")
    OTHER = "other", _("Other")


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("Email")
    POST = "post", _("Post")
    PHONE = "phone", _("Phone")


class Person(models.Model):
    """The person the complaint is about: the complainant, or whom a representative acts for."""

    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.EMAIL
    )
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")
    adjustments = models.JSONField(default=list, blank=True)
    adjustments_detail = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(Upper("email"), name="person_email_upper")]

    def __str__(self) -> str:
        return self.full_name


class Representative(models.Model):
    full_name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    relationship = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(Upper("email"), name="representative_email_upper")]

    def __str__(self) -> str:
        return self.full_name


class Status(models.TextChoices):
    NEW = "new", _("New: awaiting triage")
    AWAITING_CONSENT = "awaiting-consent", _("Awaiting consent")
    OPEN = "open", _("Open")
    RESPONDED = "responded", _("Responded")
    CLOSED = "closed", _("Closed")


class Closure(models.TextChoices):
    OUT_OF_SCOPE = "out-of-scope", _("Out of scope")
    RESOLVED_FRONTLINE = "resolved-frontline", _("Resolved at frontline")
    FINAL_RESPONSE = "final-response", _("Final response sent")
    NOT_ESCALATED = "not-escalated", _("Responded, not escalated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReferenceSequence(models.Model):
    """The last reference number used in a year. Numbers are reserved under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


class Complaint(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    #: Set by the form or request that recorded it, so a replay finds this case instead.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    procedure_id = models.CharField(max_length=60)
    procedure_version = models.PositiveIntegerField()
    channel = models.CharField(max_length=12, choices=Channel.choices)
    received_on = models.DateField()
    event_on = models.DateField(null=True, blank=True)
    found_out_on = models.DateField(null=True, blank=True)
    what_went_wrong = models.TextField()
    put_right = models.TextField(blank=True)
    original_reference = models.CharField(max_length=60, blank=True)
    original_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="original_matters",
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="complaints")
    representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    consent_received_on = models.DateField(null=True, blank=True)
    scope_answers = models.JSONField(default=dict, blank=True)
    late_reason = models.TextField(blank=True)
    accepted_late = models.BooleanField(default=False)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="complaints")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_complaints",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    closure = models.CharField(max_length=24, choices=Closure.choices, blank=True)
    closure_code = models.CharField(max_length=60, blank=True)
    closure_reason = models.TextField(blank=True)
    # Denormalised for the work queue: the stage now running and the date that matters next.
    current_stage = models.CharField(max_length=40, blank=True)
    current_due_on = models.DateField(null=True, blank=True)
    acknowledge_by = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # The work queue reads open cases in due-date order: partial indexes let it stop
            # after one page instead of sorting every open case.
            models.Index(
                fields=["team", "current_due_on", "id"],
                condition=~models.Q(status="closed"),
                name="complaint_open_team_due",
            ),
            models.Index(
                fields=["assigned_to", "current_due_on", "id"],
                condition=~models.Q(status="closed"),
                name="complaint_open_assignee_due",
            ),
            models.Index(
                fields=["current_due_on", "id"],
                condition=~models.Q(status="closed"),
                name="complaint_open_due",
            ),
            # "Unassigned": open cases nobody holds, in due-date order, by team and in all.
            models.Index(
                fields=["team", "current_due_on", "id"],
                condition=~models.Q(status="closed") & models.Q(assigned_to__isnull=True),
                name="complaint_unassigned_team_due",
            ),
            models.Index(
                fields=["current_due_on", "id"],
                condition=~models.Q(status="closed") & models.Q(assigned_to__isnull=True),
                name="complaint_unassigned_due",
            ),
            # "Closed" (latest first) has PostgreSQL-only indexes: see migration 0008.
            models.Index(fields=["team", "closed_on"], name="complaint_team_closed"),
            models.Index(fields=["procedure_id", "current_stage"]),
            models.Index(fields=["received_on"]),
            models.Index(fields=["original_reference"], name="complaint_original_ref"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED


class ComplaintCategory(models.Model):
    """A category of the procedure that applies to a complaint (a complaint can have several)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "code"], name="complaint_category_once")
        ]
        indexes = [models.Index(fields=["code", "complaint"])]


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly-upheld", _("Partly upheld")
    NOT_UPHELD = "not-upheld", _("Not upheld")
    RESOLVED_AT_FRONTLINE = "resolved-at-frontline", _("Resolved at frontline")


class StageInstance(models.Model):
    """One stage of the procedure as it runs for one complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    stage_key = models.CharField(max_length=40)
    sequence = models.PositiveSmallIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stage_reviews",
    )
    seniority_reason = models.TextField(blank=True)
    clock_started_on = models.DateField(null=True, blank=True)
    started_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    extended_due_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    responded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    conclusions = models.TextField(blank=True)
    reasons = models.TextField(blank=True)
    findings = models.JSONField(default=dict, blank=True)
    frontline_action = models.TextField(blank=True)
    escalation_requested_on = models.DateField(null=True, blank=True)
    escalation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "sequence"], name="stage_sequence_once")
        ]
        # Who may see a case: "does this person review a stage of it?" from the index alone.
        indexes = [models.Index(fields=["reviewer", "complaint"], name="stage_reviewer_complaint")]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.stage_key}"

    @property
    def effective_due_on(self):
        return self.extended_due_on or self.due_on


class RemedyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Remedy(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="remedies")
    stage = models.ForeignKey(
        StageInstance, null=True, blank=True, on_delete=models.SET_NULL, related_name="remedies"
    )
    remedy_type = models.CharField(max_length=40)
    reason = models.TextField()
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    justification = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RemedyStatus.choices)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Lesson(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="lessons")
    summary = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class LessonAction(models.Model):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"complaints/{instance.complaint_id}/{filename}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ConsentKind(models.TextChoices):
    DOCUMENT = "document", _("Uploaded signed document")
    DECLARATION = "declaration", _("Signed declaration")
    ONLINE = "online", _("Declaration signed online by the person")


class Consent(models.Model):
    """The person's written consent for a representative to act for them."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=12, choices=ConsentKind.choices)
    attachment = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.PROTECT)
    declaration = models.TextField(blank=True)
    scope = models.TextField()
    given_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    #: The member of staff who recorded it; None when the person gave it themselves online.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Note(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Event(models.Model):
    """The case timeline: what happened, in words staff read. (The audit trail is separate.)"""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    summary = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()
    tell_complainant = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["complaint", "at"])]


class AuditEntry(models.Model):
    """Append-only: who viewed or changed what, when, with before and after.

    Rows are never updated or deleted: the model refuses, and database triggers refuse too.
    """

    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    complaint = models.ForeignKey(
        Complaint,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["complaint", "at"])]
        verbose_name_plural = "audit entries"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit entries are append-only and cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object):
        raise PermissionError("Audit entries are append-only and cannot be deleted.")
