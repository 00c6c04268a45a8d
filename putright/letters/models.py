"""Letters to complainants and the outbox that emails them.

A ``Letter`` is what the complainant is told, kept on the case as HTML, plain text and PDF. Once
sent it never changes: the model refuses, and on PostgreSQL a trigger refuses too. An
``OutboxMessage`` is one email to one address, sent by a task and never twice (ADR 0012).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from putright.cases.models import Complaint, Event
from putright.letters.kinds import LetterKind


class LetterLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")
    BILINGUAL = "bilingual", _("Welsh and English")


def letter_path(instance: Letter, filename: str) -> str:
    return f"letters/{instance.complaint_id}/{filename}"


class SentLetterChanged(PermissionError):
    """A sent letter is a record of what the complainant was told: it never changes."""


class LetterStatus(models.TextChoices):
    #: Made from its event, waiting for staff to check it, perhaps edit it, and send it.
    DRAFT = "draft", _("To check and send")
    #: Its words are final: its email is queued or sent, or its PDF is to post.
    FINAL = "final", _("Final")


#: What never changes once a letter is final, even before its email has gone (ADR 0019).
FINAL_WORDS = frozenset({"kind", "language", "subject", "html", "text", "wording", "status"})


class Letter(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="letters")
    #: The timeline event the letter tells the complainant about.
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=40, choices=LetterKind.choices)
    language = models.CharField(max_length=10, choices=LetterLanguage.choices)
    large_print = models.BooleanField(default=False)
    recipient_name = models.CharField(max_length=200)
    #: Empty when the letter is to be posted (no email address, or the person prefers post).
    recipient_email = models.EmailField(blank=True)
    recipient_address = models.TextField(blank=True)
    subject = models.CharField(max_length=300)
    html = models.TextField()
    text = models.TextField()
    pdf = models.FileField(upload_to=letter_path, max_length=300, blank=True)
    #: SHA-256 of the PDF's bytes, in hex.
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=LetterStatus.choices, default=LetterStatus.FINAL
    )
    #: The letter's words, filled from the case, for each language it is written in:
    #: ``{"en": {"subject": …, "opening": …, "conclusions": …}}``, plain text (ADR 0019).
    wording = models.JSONField(default=dict, blank=True)
    #: The organisation's wording it was made with: ``{"en": 3, "cy": 1}`` (version numbers).
    wording_versions = models.JSONField(default=dict, blank=True)
    #: Goes up with every change to a draft, so two people editing it never overwrite each other.
    version = models.PositiveIntegerField(default=1)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    #: Who checked the draft and sent it, and when (empty for a letter sent as it was made).
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="letter_once_per_event")
        ]
        indexes = [
            models.Index(fields=["complaint", "created_at"], name="letter_complaint_created"),
            models.Index(
                fields=["complaint"],
                condition=models.Q(status="draft"),
                name="letter_drafts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}:{self.kind}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            stored = Letter.objects.filter(pk=self.pk).values_list("sent_at", "status").first()
            if stored is not None and stored[0] is not None:
                raise SentLetterChanged("A sent letter cannot be changed.")
            fields = kwargs.get("update_fields")
            changes_words = fields is None or bool(set(fields) & FINAL_WORDS)  # type: ignore[arg-type]
            if stored is not None and stored[1] == LetterStatus.FINAL and changes_words:
                raise SentLetterChanged("A final letter's words cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object):
        if (
            self.pk is not None
            and Letter.objects.filter(pk=self.pk, sent_at__isnull=False).exists()
        ):
            raise SentLetterChanged("A sent letter cannot be deleted.")
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def is_draft(self) -> bool:
        return self.status == LetterStatus.DRAFT


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxMessage(models.Model):
    """One email, sent by a task. ``status`` moves queued → sending → sent, or back to queued
    with ``next_attempt_at`` after a failure the server may recover from, or to failed."""

    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    #: The case the message is about, for who may see it (None: only those who see every case).
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    #: What the message is for (``letter-<id>``): the same thing is never queued twice.
    idempotency_key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_status_next"),
            models.Index(fields=["complaint", "created_at"], name="outbox_complaint_created"),
        ]

    def __str__(self) -> str:
        return f"{self.idempotency_key} to {self.to} ({self.status})"


class WordingLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    WELSH = "cy", _("Welsh")


class LetterWording(models.Model):
    """One version of the organisation's wording of one kind of letter in one language: plain
    text with placeholders (``putright.letters.wording``). A version never changes: each save
    makes the next, and the newest is the one new letters are made with (ADR 0019). Version 1
    is the wording Putright ships."""

    kind = models.CharField(max_length=40, choices=LetterKind.choices)
    language = models.CharField(max_length=2, choices=WordingLanguage.choices)
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=150)
    heading = models.CharField(max_length=150)
    opening = models.TextField()
    closing = models.TextField(blank=True)
    sign_off = models.TextField()
    #: What changed and why, in the words of whoever saved it.
    note = models.CharField(max_length=200, blank=True)
    #: The version this one brought back into use, if it did.
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    #: Who saved it; empty for the wording Putright ships.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "language", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "number"], name="letter_wording_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.language} v{self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("A version of a letter's wording never changes: save a new one.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object):
        raise PermissionError("Versions of a letter's wording are kept.")

    def texts(self) -> dict[str, str]:
        """Each part of the wording, by name."""
        return {
            "subject": self.subject,
            "heading": self.heading,
            "opening": self.opening,
            "closing": self.closing,
            "sign_off": self.sign_off,
        }
