"""What the public portal keeps of its own: tracking links, counters for rate limits, feedback.

The complaint itself is written only by ``putright.cases`` (its services and actions).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Complaint, Event


class Recipient(models.TextChoices):
    """Whom a tracking link was sent to: the person affected, or their representative."""

    PERSON = "person", _("The person affected")
    REPRESENTATIVE = "representative", _("Their representative")


class TrackingToken(models.Model):
    """A link that lets someone follow one complaint without an account (ADR 0013).

    Only the SHA-256 of the token is kept: the token itself is in the email or letter and
    nowhere else. A link stops working when it expires or is revoked.
    """

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="tracking_tokens"
    )
    #: SHA-256 of the token, in hex.
    token_hash = models.CharField(max_length=64, unique=True)
    recipient = models.CharField(max_length=16, choices=Recipient.choices, default=Recipient.PERSON)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["complaint", "created_at"], name="tracking_complaint")]

    def __str__(self) -> str:
        return f"tracking link {self.pk} for complaint {self.complaint_id}"


class RequestCounter(models.Model):
    """How many requests one key made in one window, shared by every web process.

    ``key`` is the SHA-256 of what is counted (an IP address or an email address), so the
    counters hold no personal data.
    """

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="request_counter_once")
        ]
        indexes = [models.Index(fields=["window_start"], name="request_counter_window")]


class Satisfaction(models.TextChoices):
    """The GOV.UK feedback question's five answers."""

    VERY_SATISFIED = "very-satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    NEITHER = "neither", _("Neither satisfied or dissatisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    VERY_DISSATISFIED = "very-dissatisfied", _("Very dissatisfied")


class Feedback(models.Model):
    """How satisfied the complainant was, given after the final response; kept for reporting."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="feedback")
    rating = models.CharField(max_length=20, choices=Satisfaction.choices)
    comment = models.TextField(blank=True)
    language = models.CharField(max_length=2, default="en")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "feedback"
        indexes = [models.Index(fields=["created_at"], name="feedback_created")]

    def __str__(self) -> str:
        return f"feedback on complaint {self.complaint_id}: {self.rating}"


class ConsentAnswer(models.TextChoices):
    """What the person said on the declaration page."""

    AGREED = "agreed", _("Agreed")
    DECLINED = "declined", _("Said no")


class ConsentLink(models.Model):
    """A link emailed to the person a representative complains for, to a page where they agree
    to the representative acting for them, or say no.

    Like a tracking link, only the SHA-256 of its token is kept. It works once: answering uses
    it up. It stops working when it expires, or when a newer link is sent.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="consent_links")
    #: The timeline event that asked for it (the complaint arriving, or staff asking again):
    #: one request never makes two links, however often its task runs.
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="+")
    #: SHA-256 of the token, in hex.
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField()
    language = models.CharField(max_length=2, default="en")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    #: When the mail server took the email; None until then (or if it never did).
    sent_at = models.DateTimeField(null=True, blank=True)
    #: Why the email could not be sent, for staff.
    send_error = models.TextField(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=10, choices=ConsentAnswer.choices, blank=True)
    #: The full name the person typed when they agreed.
    signed_name = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["complaint", "created_at"], name="consent_link_complaint")]

    def __str__(self) -> str:
        return f"consent link {self.pk} for complaint {self.complaint_id}"
