"""The one table inbound email keeps: each message taken from the mailbox, once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Complaint


class Outcome(models.TextChoices):
    PENDING = "pending", _("Being read")
    ADDED_TO_CASE = "added-to-case", _("Added to a case")
    NEW_COMPLAINT = "new-complaint", _("New complaint")
    BOUNCE = "bounce", _("Bounce: not a complaint")
    AUTO_REPLY = "auto-reply", _("Automatic reply: not a complaint")
    OWN_MAIL = "own-mail", _("Sent by this service: not a complaint")
    NO_SENDER = "no-sender", _("No sender address: not taken")
    TOO_LARGE = "too-large", _("Too large to take")
    FAILED = "failed", _("Failed: to be tried again")
    GAVE_UP = "gave-up", _("Failed too many times")


#: Outcomes after which a message is never read again.
FINAL = frozenset(set(Outcome) - {Outcome.PENDING, Outcome.FAILED})
#: Outcomes that are not a complaint or information, recorded as skipped.
SKIPPED = frozenset({Outcome.BOUNCE, Outcome.AUTO_REPLY, Outcome.OWN_MAIL, Outcome.NO_SENDER})


class InboundMessage(models.Model):
    """A message seen in the inbound mailbox, by its Message-ID (or, without one, the hash of
    its bytes): what became of it, and if it failed, why and how often."""

    message_id = models.CharField(max_length=255, unique=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    complaint = models.ForeignKey(
        Complaint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_messages",
    )
    #: The reference the message quoted, whether or not it matched a case.
    quoted_reference = models.CharField(max_length=20, blank=True)
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    #: Files the upload rules refused: ``[{"name": …, "reason": …}]``.
    refused_files = models.JSONField(default=list, blank=True)
    #: Why it was skipped (the sign of a bounce or automatic reply), or the last error.
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    #: When the mailbox received it (the IMAP server's date, the Maildir file's time), or when
    #: it was first fetched if the mailbox did not say.
    received_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["outcome", "received_at"], name="inbound_outcome_received")]

    def __str__(self) -> str:
        return f"{self.message_id[:60]}: {self.outcome}"

    @property
    def is_final(self) -> bool:
        return self.outcome in FINAL
